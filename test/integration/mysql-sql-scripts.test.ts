// A MySQL `.sql` migration runs what the `mariadb` command-line client runs: the same shipped script (a
// mysqldump with executable comments, upgrade scripts with `--#` notes, DELIMITER blocks for procedures,
// functions and triggers) applied by the client to one database and by `athanor upgrade` to another gives
// the same schema and data, as the server prints them (SHOW CREATE …).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { queryRows } from '../support/db.js';
import { createProject, REPO_ROOT, type TestProject } from '../support/project.js';
import { mysqlTarget, selectedTargets, type TestDatabase } from '../support/targets.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'mysql-scripts');

/** Runs a script with the mariadb (or mysql) client, as its README tells users to. */
function runClient(url: string, script: string): void {
  const { hostname, port, username, password, pathname } = new URL(url);
  const client = ['mariadb', 'mysql'].find((bin) => spawnSync(bin, ['--version']).status === 0);
  assert.ok(client, 'the mariadb or mysql command-line client is installed');
  const args = ['--default-character-set=utf8mb4', '-h', hostname, '-P', port || '3306', '-u', decodeURIComponent(username), pathname.slice(1)];
  const result = spawnSync(client, args, { input: script, encoding: 'utf8', env: { ...process.env, MYSQL_PWD: decodeURIComponent(password) } });
  assert.equal(result.status, 0, `the client ran the script: ${result.stderr}`);
}

interface Snapshot {
  tables: Record<string, string>;
  views: Record<string, string>;
  routines: Record<string, unknown>;
  triggers: Record<string, unknown>;
  rows: Record<string, unknown[]>;
}

/** Everything the script built, as the server prints it; data without columns that default to the clock. */
async function snapshot(url: string): Promise<Snapshot> {
  const objects = await queryRows<{ name: string; type: string }>(
    url,
    `SELECT table_name AS name, table_type AS type FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name NOT LIKE 'athanor\\_%' ORDER BY table_name`,
  );
  const result: Snapshot = { tables: {}, views: {}, routines: {}, triggers: {}, rows: {} };
  for (const { name, type } of objects) {
    if (type === 'VIEW') {
      const [view] = await queryRows<Record<string, string>>(url, `SHOW CREATE VIEW \`${name}\``);
      result.views[name] = view?.['Create View'] ?? '';
      continue;
    }
    const [table] = await queryRows<Record<string, string>>(url, `SHOW CREATE TABLE \`${name}\``);
    result.tables[name] = table?.['Create Table'] ?? '';
    const columns = await queryRows<{ name: string }>(
      url,
      `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? AND COALESCE(column_default, '') NOT LIKE 'current_timestamp%' ORDER BY ordinal_position`,
      [name],
    );
    const list = columns.map((c) => `\`${c.name}\``).join(', ');
    result.rows[name] = await queryRows(url, `SELECT ${list} FROM \`${name}\` ORDER BY 1`);
  }
  const routines = await queryRows<{ name: string; type: string }>(url, `SELECT routine_name AS name, routine_type AS type FROM information_schema.routines WHERE routine_schema = DATABASE()`);
  for (const { name, type } of routines) {
    const [shown] = await queryRows<Record<string, unknown>>(url, `SHOW CREATE ${type} \`${name}\``);
    result.routines[`${type} ${name}`] = shown;
  }
  const triggers = await queryRows<{ name: string }>(url, `SELECT trigger_name AS name FROM information_schema.triggers WHERE trigger_schema = DATABASE()`);
  for (const { name } of triggers) {
    const [shown] = await queryRows<Record<string, unknown>>(url, `SHOW CREATE TRIGGER \`${name}\``);
    // the creation time differs by when each ran
    if (shown) delete shown['Created'];
    result.triggers[name] = shown;
  }
  return result;
}

const SCRIPTS = ['wordpress-dump.sql', 'shop-upgrade.sql', 'forum-upgrade.sql'];

for (const target of selectedTargets(['mysql'])) {
  for (const [index, script] of SCRIPTS.entries()) {
    describe(`${script} as a .sql migration on ${target.name}`, () => {
      let byClient: TestDatabase;
      let byAthanor: TestDatabase;
      let project: TestProject;
      const text = readFileSync(join(FIXTURES, script), 'utf8');

      before(async () => {
        byClient = await mysqlTarget.create('client');
        byAthanor = await mysqlTarget.create('athanor');
        project = createProject(byAthanor.url, 'mysql');
        const revision = `sq${String(index).padStart(10, '0')}`;
        project.write(`migrations/0001_${revision}_shipped.sql`, `-- revision: ${revision}\n-- down-revision:\n-- message: ${script}\n-- +upgrade\n${text}`);
      });
      after(async () => {
        project.remove();
        await byClient.drop();
        await byAthanor.drop();
      });

      test('athanor upgrade builds what the mariadb client builds', async () => {
        runClient(byClient.url, text);
        const run = await project.cli(['upgrade']);
        assert.equal(run.code, 0, run.stderr);
        const expected = await snapshot(byClient.url);
        assert.ok(Object.keys(expected.tables).length >= 2, 'the script built tables');
        assert.deepEqual(await snapshot(byAthanor.url), expected);
      });
    });
  }
}
