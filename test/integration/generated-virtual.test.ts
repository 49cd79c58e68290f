// VIRTUAL generated columns (MySQL/MariaDB, SQLite) are models like STORED ones: pulled as
// `.generated(expr, { virtual: true })`, compared, re-created VIRTUAL by a baseline, and a change between VIRTUAL
// and STORED re-adds the column with its index (the database drops an index with its column).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { queryRows } from '../support/db.js';
import { createProject, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const TABLE = `CREATE TABLE people (
  id integer PRIMARY KEY,
  first varchar(50) NOT NULL,
  last varchar(50) NOT NULL,
  full_name varchar(101) GENERATED ALWAYS AS (concat(first, ' ', last)) VIRTUAL,
  initials varchar(2) GENERATED ALWAYS AS (concat(substr(first, 1, 1), substr(last, 1, 1))) STORED
)`;

/** `full_name`'s kind as the database says it: VIRTUAL or STORED. */
async function fullNameKind(url: string, dialect: string): Promise<string> {
  if (dialect === 'mysql') {
    const [row] = await queryRows<{ extra: string }>(url, "SELECT EXTRA AS extra FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'people' AND COLUMN_NAME = 'full_name'");
    return /virtual/i.test(row?.extra ?? '') ? 'VIRTUAL' : 'STORED';
  }
  const [row] = await queryRows<{ hidden: number }>(url, "SELECT hidden FROM pragma_table_xinfo('people') WHERE name = 'full_name'");
  return row?.hidden === 2 ? 'VIRTUAL' : 'STORED';
}

async function indexNames(url: string, dialect: string): Promise<string[]> {
  const sql = dialect === 'mysql'
    ? "SELECT DISTINCT INDEX_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'people' AND INDEX_NAME <> 'PRIMARY' ORDER BY 1"
    : "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people' AND sql IS NOT NULL ORDER BY 1";
  return (await queryRows<{ name: string }>(url, sql)).map((r) => r.name);
}

for (const target of selectedTargets(['mysql', 'sqlite'])) {
  describe(`VIRTUAL generated columns on ${target.name}`, () => {
    let db: TestDatabase;
    let fresh: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('virtual');
      fresh = await target.create('virtualfresh');
      await queryRows(db.url, target.dialect === 'sqlite' ? TABLE.replace(/concat\(first, ' ', last\)/, "first || ' ' || last") : TABLE);
      await queryRows(db.url, 'CREATE INDEX ix_people_full ON people (full_name)');
      await queryRows(db.url, "INSERT INTO people (id, first, last) VALUES (1, 'Ada', 'Lovelace')");
      project = createProject(db.url, target.dialect);
      project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: './models.ts' }));
    });
    after(async () => {
      project.remove();
      await db.drop();
      await fresh.drop();
    });

    test('pull writes { virtual: true } for the VIRTUAL column only; check is in sync', async () => {
      const pulled = await project.cli(['pull', '--force']);
      assert.equal(pulled.code, 0, pulled.stderr);
      const models = readFileSync(join(project.dir, 'models.ts'), 'utf8');
      assert.match(models, /full_name: .*\.generated\('.*', \{ virtual: true \}\)/);
      assert.match(models, /initials: .*\.generated\('[^)]*\)[^{]*$/m);
      const check = await project.cli(['check']);
      assert.equal(check.code, 0, check.stdout + check.stderr);
    });

    test('a baseline re-creates it VIRTUAL on a fresh database', async () => {
      const baseline = await project.cli(['baseline', '-m', 'as deployed']);
      assert.equal(baseline.code, 0, baseline.stderr);
      const up = await project.cli(['upgrade'], { url: fresh.url });
      assert.equal(up.code, 0, up.stderr);
      assert.equal(await fullNameKind(fresh.url, target.dialect), 'VIRTUAL');
      assert.deepEqual(await indexNames(fresh.url, target.dialect), ['ix_people_full']);
    });

    test('VIRTUAL → STORED re-adds the column with its index; the downgrade gives both back', async () => {
      const models = readFileSync(join(project.dir, 'models.ts'), 'utf8');
      project.write('models.ts', models.replace(', { virtual: true })', ')'));
      for (const args of [['migrate', '-m', 'store full name'], ['upgrade']]) {
        const r = await project.cli(args);
        assert.equal(r.code, 0, r.stdout + r.stderr);
      }
      assert.equal(await fullNameKind(db.url, target.dialect), 'STORED');
      assert.deepEqual(await indexNames(db.url, target.dialect), ['ix_people_full']);
      const check = await project.cli(['check']);
      assert.equal(check.code, 0, check.stdout + check.stderr);
      const down = await project.cli(['downgrade']);
      assert.equal(down.code, 0, down.stderr);
      assert.equal(await fullNameKind(db.url, target.dialect), 'VIRTUAL');
      assert.deepEqual(await indexNames(db.url, target.dialect), ['ix_people_full']);
      assert.deepEqual(await queryRows(db.url, 'SELECT full_name FROM people'), [{ full_name: 'Ada Lovelace' }]);
    });
  });
}
