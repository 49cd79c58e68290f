// A migration's statements travel together with its COMMIT where the database allows (PostgreSQL: one round trip
// per migration). Whatever the database, a user sees the same thing: a failing statement is named, the migration
// is rolled back (or, where DDL cannot be, what ran is recorded), the steps before it stay applied, and every
// applied step has a measured duration in the history.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { historyRows, queryRows, tableNames, versionRows } from '../support/db.js';
import { createProject, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const SQL_HEADER = (revision: string, down: string) => `-- revision: ${revision}\n-- down-revision: ${down}\n-- message: ${revision}\n-- +upgrade\n`;

for (const target of selectedTargets()) {
  describe(`statements of a step sent together, on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;
    const rollsBack = target.dialect !== 'mysql';

    before(async () => {
      db = await target.create('batching');
      project = createProject(db.url, target.dialect);
      project.migration({
        revision: 'bt0000000001',
        down: null,
        upgrade: [
          `await op.createTable('first', { id: t.integer().primaryKey(), name: t.varchar(40) }, (c) => [index('ix_first_name').on(c.name)]);`,
          `await op.createTable('second', { id: t.integer().primaryKey() });`,
        ].join('\n  '),
        downgrade: `await op.dropTable('second');\n  await op.dropTable('first');`,
      });
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('a step of several statements applies, each with its duration recorded', async () => {
      const r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /applied bt0000000001 .*\(\d+ ms\)/);
      const tables = await tableNames(db.url);
      assert.ok(tables.includes('first') && tables.includes('second'), tables.join(', '));
      const durations = await queryRows<{ duration_ms: number | string }>(db.url, `SELECT duration_ms FROM athanor_history WHERE revision = 'bt0000000001'`);
      assert.equal(durations.length, 1);
      assert.ok(Number.isInteger(Number(durations[0]?.duration_ms)) && Number(durations[0]?.duration_ms) >= 0, JSON.stringify(durations));
    });

    test('a TS step failing at its middle statement names that statement and keeps nothing of the step', async () => {
      const file = project.migration({
        revision: 'bt0000000002',
        down: 'bt0000000001',
        upgrade: [
          `await op.createTable('third', { id: t.integer().primaryKey() });`,
          `await op.createIndex('ix_third_missing', 'third', ['no_such_column']);`,
          `await op.createTable('fourth', { id: t.integer().primaryKey() });`,
        ].join('\n  '),
        downgrade: `await op.dropTable('fourth');\n  await op.dropTable('third');`,
      });
      const r = await project.cli(['upgrade', '--no-lint']);
      assert.notEqual(r.code, 0, r.stdout);
      assert.match(r.stderr, /bt0000000002/);
      assert.match(r.stderr, /at: CREATE INDEX .*ix_third_missing/);
      assert.deepEqual(await versionRows(db.url), ['bt0000000001']);
      const tables = await tableNames(db.url);
      assert.ok(!tables.includes('fourth'), tables.join(', '));
      if (rollsBack) assert.ok(!tables.includes('third'), `rolled back: ${tables.join(', ')}`);
      // out of the way of the next test (MariaDB kept what ran before the failure: drop it too)
      rmSync(file);
      if (!rollsBack) await queryRows(db.url, 'DROP TABLE IF EXISTS third');
      await queryRows(db.url, `DELETE FROM athanor_history WHERE revision = 'bt0000000002'`);
    });

    test('code that throws after issuing a statement: the statement ran first (kept and recorded where DDL cannot roll back)', async () => {
      const file = project.migration({
        revision: 'bt0000000009',
        down: 'bt0000000001',
        upgrade: [`await op.createTable('issued', { id: t.integer().primaryKey() });`, `throw new Error('the code gave up');`].join('\n  '),
        downgrade: `await op.dropTable('issued');`,
      });
      const r = await project.cli(['upgrade', '--no-lint']);
      assert.notEqual(r.code, 0, r.stdout);
      assert.match(r.stderr, /the code gave up/);
      assert.deepEqual(await versionRows(db.url), ['bt0000000001']);
      const tables = await tableNames(db.url);
      if (rollsBack) assert.ok(!tables.includes('issued'), tables.join(', '));
      else {
        assert.ok(tables.includes('issued'), tables.join(', '));
        assert.match(r.stderr, /1 statement\(s\) of it ran and were recorded/);
        const partial = await queryRows<{ statements_done: number | string }>(db.url, `SELECT statements_done FROM athanor_history WHERE revision = 'bt0000000009'`);
        assert.deepEqual(partial.map((row) => Number(row.statements_done)), [1]);
        await queryRows(db.url, 'DROP TABLE issued');
      }
      rmSync(file);
      await queryRows(db.url, `DELETE FROM athanor_history WHERE revision = 'bt0000000009'`);
    });

    test('a .sql step failing at its second statement names it; fixed, a plain re-run applies it', async () => {
      const file = project.write(
        'migrations/20260102_bt0000000003_sql_step.sql',
        `${SQL_HEADER('bt0000000003', 'bt0000000001')}CREATE TABLE fifth (id integer PRIMARY KEY);\nINSERT INTO no_such_table (id) VALUES (1);\nCREATE TABLE sixth (id integer PRIMARY KEY);\n-- +downgrade\nDROP TABLE sixth;\nDROP TABLE fifth;\n`,
      );
      const failed = await project.cli(['upgrade', '--no-lint']);
      assert.notEqual(failed.code, 0, failed.stdout);
      assert.match(failed.stderr, /at: INSERT INTO no_such_table/);
      if (rollsBack) assert.ok(!(await tableNames(db.url)).includes('fifth'));
      else await queryRows(db.url, 'DROP TABLE IF EXISTS fifth');
      await queryRows(db.url, `DELETE FROM athanor_history WHERE revision = 'bt0000000003'`);
      project.write(file.slice(project.dir.length + 1), `${SQL_HEADER('bt0000000003', 'bt0000000001')}CREATE TABLE IF NOT EXISTS fifth (id integer PRIMARY KEY);\nINSERT INTO fifth (id) VALUES (1);\nCREATE TABLE sixth (id integer PRIMARY KEY);\n-- +downgrade\nDROP TABLE sixth;\nDROP TABLE fifth;\n`);
      const fixed = await project.cli(['upgrade']);
      assert.equal(fixed.code, 0, fixed.stderr);
      assert.deepEqual(await versionRows(db.url), ['bt0000000003']);
      assert.deepEqual((await queryRows<{ id: number }>(db.url, 'SELECT id FROM fifth')).map((row) => Number(row.id)), [1]);
      assert.ok((await historyRows(db.url)).some((row) => row.revision === 'bt0000000003' && row.direction === 'up'));
    });

    // qa-session9 (MariaDB) B14: the step's last statement travelled with its record, after the clock had stopped
    const sleep = target.dialect === 'mysql' ? 'SELECT SLEEP(0.3)' : target.dialect === 'postgres' ? 'SELECT pg_sleep(0.3)' : undefined;
    if (sleep !== undefined) {
      test('a step whose last statement is slow: its printed and recorded durations cover it', async () => {
        project.write('migrations/20260103_bt0000000004_slow_last.sql', `${SQL_HEADER('bt0000000004', 'bt0000000003')}CREATE TABLE seventh (id integer PRIMARY KEY);\n${sleep};\n-- +downgrade\nDROP TABLE seventh;\n`);
        const r = await project.cli(['upgrade']);
        assert.equal(r.code, 0, r.stderr);
        const printed = Number(/applied bt0000000004 .*\((\d+) ms\)/.exec(r.stdout)?.[1]);
        assert.ok(printed >= 300, r.stdout);
        const [row] = await queryRows<{ duration_ms: number }>(db.url, `SELECT duration_ms FROM athanor_history WHERE revision = 'bt0000000004' AND direction = 'up'`);
        assert.ok(Number(row?.duration_ms) >= 300, `recorded ${row?.duration_ms} ms`);
      });
    }
    if (target.dialect === 'mysql') {
      test('a resumed step whose last statement is slow: the recorded duration covers it', async () => {
        const body = (middle: string) => `${SQL_HEADER('bt0000000005', 'bt0000000004')}CREATE TABLE eighth (id integer PRIMARY KEY);\n${middle};\nSELECT SLEEP(0.3);\n-- +downgrade\nDROP TABLE eighth;\n`;
        project.write('migrations/20260104_bt0000000005_resumed.sql', body('INSERT INTO no_such_table (id) VALUES (1)'));
        assert.equal((await project.cli(['upgrade', '--no-lint'])).code, 1);
        project.write('migrations/20260104_bt0000000005_resumed.sql', body('INSERT INTO eighth (id) VALUES (1)'));
        const r = await project.cli(['upgrade']);
        assert.equal(r.code, 0, r.stderr);
        const [row] = await queryRows<{ duration_ms: number; statements_done: number }>(db.url, `SELECT duration_ms, statements_done FROM athanor_history WHERE revision = 'bt0000000005' AND direction = 'up'`);
        assert.equal(Number(row?.statements_done), 3);
        assert.ok(Number(row?.duration_ms) >= 300, `recorded ${row?.duration_ms} ms`);
      });
    }
  });
}
