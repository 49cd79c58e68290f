// An op call athanor refuses whatever the database holds (`athanor lint`: invalid-op-call) stops `upgrade` (and
// `downgrade`, for downgrade bodies) before anything runs: exit 2, the file, line and call named, the database
// unchanged — no earlier migration of the run applied, none of the calls before it run, which on MariaDB (DDL
// commits) and in a `transactional = false` migration would stay. The migration's code does not run to find it
// (it runs once: issue 14.8). A call built at run time is still refused as the run reaches it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { queryRows, tableNames, versionRows } from '../support/db.js';
import { createProject, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const counted = (revision: string) => `(await import('node:fs')).appendFileSync(process.env['ATHANOR_TEST_COUNT'] ?? '', 'up ${revision}\\n');`;

for (const target of selectedTargets(['postgres', 'mysql'])) {
  describe(`refused op calls stop the run before it starts, on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;
    let countFile = '';
    let refusedFile = '';
    const env = () => ({ env: { ATHANOR_TEST_COUNT: countFile } });
    const appTables = async () => (await tableNames(db.url)).filter((t) => !t.startsWith('athanor_')).sort();

    before(async () => {
      db = await target.create('refusedcalls');
      project = createProject(db.url, target.dialect);
      countFile = join(project.dir, 'calls.txt');
      project.migration({ revision: 'rc0000000001', down: null, upgrade: `${counted('rc0000000001')}\n  await op.createTable('first', { id: t.integer().primaryKey() });`, downgrade: `await op.dropTable('first');` });
      refusedFile = project.migration({
        revision: 'rc0000000002',
        down: 'rc0000000001',
        // non-transactional on PostgreSQL; on MariaDB every migration is
        extra: 'export const transactional = false;',
        upgrade: [
          counted('rc0000000002'),
          `await op.createTable('items', { id: t.integer().primaryKey(), name: t.text() });`,
          `await op.alterColumn('items', 'name', { rename: 'title' });`,
        ].join('\n  '),
        downgrade: `await op.dropTable('items');`,
      });
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('upgrade: exit 2 naming the file, line and call; nothing ran, no code ran', async () => {
      const r = await project.cli(['upgrade'], env());
      assert.equal(r.code, 2, r.stderr);
      const line = readFileSync(refusedFile, 'utf8').split('\n').findIndex((l) => l.includes('alterColumn')) + 1;
      assert.match(r.stderr, new RegExp(`_rc0000000002_m\\.ts:${line}:\\d+: upgrade\\(\\) makes a call athanor refuses: op\\.alterColumn\\('name'\\): unknown option 'rename' \\(did you mean newName\\?\\); nothing ran`));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.deepEqual(await tableNames(db.url), [], 'neither the migration before it nor the createTable before the call ran, nor the version tables were made');
      assert.throws(() => readFileSync(countFile, 'utf8'), /ENOENT/, 'no migration code ran');
    });

    test('once the call is fixed the run goes through; a refused call in a downgrade body stops downgrade the same way', async () => {
      const text = readFileSync(refusedFile, 'utf8');
      project.write(refusedFile.slice(project.dir.length + 1), text.replace("{ rename: 'title' }", "{ newName: 'title' }").replace(`await op.dropTable('items');`, `await op.dropColumn('items', 'title');\n  await op.dropIndex('ix_items_title');\n  await op.dropTable('items');`));
      const up = await project.cli(['upgrade'], env());
      assert.equal(up.code, 0, up.stderr);
      assert.deepEqual(await appTables(), ['first', 'items']);
      const down = await project.cli(['downgrade']);
      assert.equal(down.code, 2, down.stderr);
      assert.match(down.stderr, /_rc0000000002_m\.ts:\d+:\d+: downgrade\(\) makes a call athanor refuses: op\.dropIndex\('ix_items_title', table\): the table is missing/);
      assert.deepEqual(await versionRows(db.url), ['rc0000000002']);
      // the dropColumn before the refused call did not run
      const described = target.dialect === 'mysql'
        ? await queryRows<{ Field: string }>(db.url, 'SHOW COLUMNS FROM items')
        : await queryRows<{ Field: string }>(db.url, `SELECT column_name AS "Field" FROM information_schema.columns WHERE table_name = 'items'`);
      assert.ok(described.some((c) => c.Field === 'title'), 'the column the downgrade drops first is still there');
    });
  });
}
