// Where DDL cannot be rolled back (MariaDB; `transactional = false` on PostgreSQL), a failure half-way is
// recorded per statement and a re-run after the fix resumes after the statements that ran.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createProject, migrationSource, type TestProject } from '../support/project.js';
import { queryRows, tableNames, versionRows } from '../support/db.js';
import { mysqlTarget, postgresTarget, selectedTargets, type TestDatabase } from '../support/targets.js';

for (const target of selectedTargets(['mysql'])) {
  describe(`a migration killed half-way on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await mysqlTarget.create('halfway');
      project = createProject(db.url, 'mysql');
      project.migration({ revision: 'hw0000000001', down: null, upgrade: `await op.createTable('base_t', { id: t.integer().primaryKey() });`, downgrade: `await op.dropTable('base_t');` });
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('bad second statement: exit 1 says what ran; after the fix a re-run resumes and ends with the right schema and history', async () => {
      const spec = {
        revision: 'hw0000000002',
        down: 'hw0000000001',
        upgrade: [
          `await op.createTable('first_t', { id: t.integer().primaryKey() });`,
          `await op.execute('ALTER TABLE no_such_table ADD COLUMN x int');`,
          `await op.createTable('third_t', { id: t.integer().primaryKey() });`,
        ].join('\n  '),
        downgrade: `await op.dropTable('third_t');\n  await op.dropTable('first_t');`,
      };
      const file = project.migration(spec);
      let r = await project.cli(['upgrade']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /hw0000000002/);
      assert.match(r.stderr, /ALTER TABLE no_such_table/);
      assert.match(r.stderr, /1 statement\(s\) of it ran/);
      assert.deepEqual(await versionRows(db.url), ['hw0000000001']);
      assert.ok((await tableNames(db.url)).includes('first_t'), 'MariaDB committed the first statement');
      const partial = await queryRows<{ direction: string; statements_done: number }>(db.url, `SELECT direction, statements_done FROM athanor_history WHERE revision = 'hw0000000002'`);
      assert.deepEqual(partial.map((p) => [p.direction, Number(p.statements_done)]), [['partial-up', 1]]);

      // the user fixes the bad statement; the first one must not run again (CREATE TABLE first_t would fail)
      writeFileSync(file, migrationSource({ ...spec, upgrade: spec.upgrade.replace('ALTER TABLE no_such_table ADD COLUMN x int', 'ALTER TABLE base_t ADD COLUMN x int') }));
      r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await versionRows(db.url), ['hw0000000002']);
      const tables = await tableNames(db.url);
      assert.ok(tables.includes('first_t') && tables.includes('third_t'));
      const columns = await queryRows<{ name: string }>(db.url, `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'base_t' ORDER BY ordinal_position`);
      assert.deepEqual(columns.map((c) => c.name), ['id', 'x']);
      const history = await queryRows<{ revision: string; direction: string; statements_done: number | null }>(db.url, 'SELECT revision, direction, statements_done FROM athanor_history ORDER BY id');
      assert.deepEqual(
        history.map((h) => [h.revision, h.direction, h.statements_done === null ? null : Number(h.statements_done)]),
        [
          ['hw0000000001', 'up', 1],
          ['hw0000000002', 'up', 3],
        ],
      );
    });

    test('a first statement refused: the error says nothing of it ran or was recorded, and no partial revision is left', async () => {
      project.migration({ revision: 'hw0000000003', down: 'hw0000000002', upgrade: `await op.execute('ALTER TABLE no_such_table ADD COLUMN y int');`, downgrade: '' });
      const r = await project.cli(['upgrade']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /none of its statements ran, so nothing of it was recorded/);
      assert.doesNotMatch(r.stderr, /shows the partial revision/);
      const current = await project.cli(['current']);
      assert.doesNotMatch(current.stdout, /partially applied/);
      assert.deepEqual(await versionRows(db.url), ['hw0000000002']);
    });
  });
}

for (const target of selectedTargets(['postgres'])) {
  describe(`transactional = false on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await postgresTarget.create('nontx');
      project = createProject(db.url, 'postgres');
      project.migration({ revision: 'nt0000000001', down: null, upgrade: `await op.createTable('big', { id: t.integer().primaryKey(), v: t.text() });`, downgrade: `await op.dropTable('big');` });
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('CREATE INDEX CONCURRENTLY runs in a migration that declares transactional = false; without it lint refuses, and so would PostgreSQL', async () => {
      const body = {
        down: 'nt0000000001',
        upgrade: `await op.createIndex('ix_big_v', 'big', ['v'], { concurrently: true });`,
        downgrade: `await op.dropIndex('ix_big_v', 'big', { concurrently: true });`,
      };
      const file = project.migration({ revision: 'nt0000000002', ...body });
      let r = await project.cli(['upgrade']);
      assert.equal(r.code, 2, 'lint refuses it before the database sees it');
      assert.match(r.stderr, /concurrently-in-transaction/);
      r = await project.cli(['upgrade', '--no-lint']);
      assert.equal(r.code, 1, 'PostgreSQL refuses CONCURRENTLY inside a transaction');
      assert.match(r.stderr, /CONCURRENTLY/);
      assert.deepEqual(await versionRows(db.url), ['nt0000000001']);
      writeFileSync(file, migrationSource({ revision: 'nt0000000002', ...body, extra: 'export const transactional = false;' }));
      r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
      const indexes = await queryRows<{ indexname: string }>(db.url, `SELECT indexname FROM pg_indexes WHERE tablename = 'big' AND indexname = 'ix_big_v'`);
      assert.equal(indexes.length, 1);
      r = await project.cli(['downgrade']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await versionRows(db.url), ['nt0000000001']);
    });

    test('the runner sets the lock timeout for a non-transactional migration too (session-level), so lint has nothing to warn about', async () => {
      project.migration({
        revision: 'nt0000000003',
        down: 'nt0000000002',
        extra: 'export const transactional = false;',
        upgrade: "const rows = await op.execute('SHOW lock_timeout');\n  await op.execute(`CREATE TABLE seen_timeout AS SELECT '${String((rows as Array<{ lock_timeout: string }>)[0]?.lock_timeout)}'::text AS v`);",
        downgrade: "await op.execute('DROP TABLE seen_timeout');",
      });
      const lint = await project.cli(['lint', '-r', 'nt0000000003'], { url: null });
      assert.doesNotMatch(lint.stdout, /missing-lock-timeout/);
      const r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
      const seen = await queryRows<{ v: string }>(db.url, 'SELECT v FROM seen_timeout');
      assert.deepEqual(seen.map((row) => row.v), ['5s']);
    });

    test('a CREATE UNIQUE INDEX CONCURRENTLY refused by duplicates: its INVALID index is dropped, so the re-run after the fix resumes', async () => {
      await queryRows(db.url, `INSERT INTO big (id, v) VALUES (1, 'same'), (2, 'same')`);
      const spec = {
        revision: 'nt0000000004',
        down: 'nt0000000003',
        extra: 'export const transactional = false;',
        upgrade: `await op.addColumn('big', 'w', t.integer());\n  await op.createIndex('ux_big_v', 'big', ['v'], { unique: true, concurrently: true });\n  await op.execute("UPDATE big SET w = 1");`,
        downgrade: `await op.dropIndex('ux_big_v', 'big', { concurrently: true });\n  await op.dropColumn('big', 'w');`,
      };
      project.migration(spec);
      let r = await project.cli(['upgrade']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /1 statement\(s\) of it ran and were recorded/);
      assert.match(r.stderr, /PostgreSQL left the index ux_big_v INVALID; athanor dropped it, so the re-run builds it again/);
      const left = await queryRows(db.url, `SELECT 1 FROM pg_class WHERE relname = 'ux_big_v'`);
      assert.equal(left.length, 0, 'no INVALID index left behind');
      await queryRows(db.url, `UPDATE big SET v = 'other' WHERE id = 2`);
      r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
      const valid = await queryRows<{ indisvalid: boolean }>(db.url, `SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'ux_big_v'`);
      assert.deepEqual(valid.map((row) => row.indisvalid), [true]);
      assert.deepEqual((await queryRows<{ w: number }>(db.url, 'SELECT w FROM big ORDER BY id')).map((row) => row.w), [1, 1]);
    });
  });
}
