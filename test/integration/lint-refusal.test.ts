// upgrade's lint gate refusing a call as the run issues it (issue 14.8): the migration's code runs once; at
// the first lint error the refused call never runs, the migration in progress is rolled back (or, when it is
// non-transactional, the history row says what of it ran), earlier migrations stay applied, exit 2 with one
// line naming the file and line and both ways out; a plain re-run after fixing the file completes.
// MariaDB: no lint rule is an error there (its DDL is never transactional), so nothing is refused at run time;
// run-once.test.ts covers the gate's run-once behaviour on it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { historyRows, queryRows, tableNames, versionRows } from '../support/db.js';
import { createProject, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const ADD_PRICE = `await op.addColumn('items', 'price', t.integer().notNull());`;

for (const target of selectedTargets(['postgres', 'pglite', 'sqlite'])) {
  for (const transactional of [true, false]) {
    describe(`lint refuses a call at run time on ${target.name}${transactional ? '' : ', non-transactional migration'}`, () => {
      let db: TestDatabase;
      let project: TestProject;
      let countFile = '';
      let refusedFile = '';
      const calls = () => readFileSync(countFile, 'utf8').trim().split('\n');
      const counted = (revision: string) => `(await import('node:fs')).appendFileSync(process.env['ATHANOR_TEST_COUNT'] ?? '', 'up ${revision}\\n');`;
      const env = () => ({ env: { ATHANOR_TEST_COUNT: countFile } });

      before(async () => {
        db = await target.create('lintrefuse');
        project = createProject(db.url, target.dialect);
        countFile = join(project.dir, 'calls.txt');
        project.migration({ revision: 'lr0000000001', down: null, upgrade: `await op.createTable('items', { id: t.integer().primaryKey(), name: t.text() });`, downgrade: `await op.dropTable('items');` });
        assert.equal((await project.cli(['upgrade'])).code, 0);
        await queryRows(db.url, `INSERT INTO items (id, name) VALUES (1, 'a')`);
        project.migration({ revision: 'lr0000000002', down: 'lr0000000001', upgrade: `${counted('lr0000000002')}\n  await op.createTable('tags', { id: t.integer().primaryKey() });`, downgrade: `await op.dropTable('tags');` });
        const refused = {
          revision: 'lr0000000003',
          down: 'lr0000000002',
          upgrade: `${counted('lr0000000003')}\n  await op.execute('INSERT INTO tags (id) VALUES (7)');\n  ${ADD_PRICE}`,
          downgrade: `await op.dropColumn('items', 'price');`,
          ...(transactional ? {} : { extra: 'export const transactional = false;' }),
        };
        refusedFile = project.migration(refused);
        project.migration({ revision: 'lr0000000004', down: 'lr0000000003', upgrade: `${counted('lr0000000004')}\n  await op.createTable('later', { id: t.integer().primaryKey() });`, downgrade: `await op.dropTable('later');` });
      });
      after(async () => {
        project.remove();
        await db.drop();
      });

      test('exit 2 naming the file and line; the refused call never ran; earlier revisions applied; each upgrade() ran once', async () => {
        const r = await project.cli(['upgrade'], env());
        assert.equal(r.code, 2, r.stderr);
        const line = readFileSync(refusedFile, 'utf8').split('\n').findIndex((l) => l.includes("addColumn('items'")) + 1;
        assert.match(r.stderr, new RegExp(`lr0000000003 .*_lr0000000003_m\\.ts:${line}:\\d+ +error +add-column-not-null-without-default`));
        assert.match(r.stderr, /athanor-lint-disable-next-line <rule>.*--no-lint/);
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
        assert.deepEqual(calls(), ['up lr0000000002', 'up lr0000000003'], 'no offline pass: each upgrade() ran once, the one after the refusal not at all');
        assert.deepEqual(await versionRows(db.url), ['lr0000000002']);
        const columns = await queryRows<Record<string, unknown>>(db.url, 'SELECT * FROM items');
        assert.ok(!('price' in (columns[0] ?? {})), 'the refused ALTER never ran');
        assert.ok(!(await tableNames(db.url)).includes('later'));
        const tags = await queryRows<{ id: number | string }>(db.url, 'SELECT id FROM tags');
        const current = await project.cli(['current']);
        assert.equal(current.code, 0, current.stderr);
        if (transactional) {
          assert.match(r.stderr, /rolled back; the database stays at lr0000000002/);
          assert.deepEqual(tags, [], 'the migration in progress was rolled back');
          assert.doesNotMatch(current.stdout, /partial/i);
        } else {
          assert.match(r.stderr, /1 statement\(s\) of it ran and were recorded/);
          assert.deepEqual(tags.map((row) => Number(row.id)), [7], 'what ran before the refused call stays');
          assert.ok((await historyRows(db.url)).some((h) => h.revision === 'lr0000000003' && h.direction === 'partial-up'));
          assert.match(current.stdout, /lr0000000003.*partial|partial.*lr0000000003/i);
        }
      });

      test('a plain re-run after fixing the file completes (and resumes after what was recorded)', async () => {
        writeFileSync(refusedFile, readFileSync(refusedFile, 'utf8').replace(".notNull());", '.notNull().default(0));'));
        writeFileSync(countFile, '');
        const r = await project.cli(['upgrade'], env());
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(await versionRows(db.url), ['lr0000000004']);
        assert.deepEqual(calls(), ['up lr0000000003', 'up lr0000000004']);
        const tags = await queryRows<{ id: number | string }>(db.url, 'SELECT id FROM tags');
        assert.deepEqual(tags.map((row) => Number(row.id)), [7], 'the INSERT ran once in all');
        const items = await queryRows<{ price: number | string }>(db.url, 'SELECT price FROM items');
        assert.deepEqual(items.map((row) => Number(row.price)), [0]);
      });
    });
  }
}

// qa-session9 B13: with --no-lint, a transactional migration's own COMMIT ends athanor's transaction; a failure
// after it cannot roll back what it committed, and must not say "rolled back"
for (const target of selectedTargets(['postgres', 'pglite', 'sqlite'])) {
  describe(`--no-lint over the migration's own COMMIT on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;
    before(async () => {
      db = await target.create('owncommit');
      project = createProject(db.url, target.dialect);
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('the failure says what the COMMIT kept, names the statement, and gives the fix', async () => {
      project.write(
        'migrations/0001_cc0000000001_own_commit.sql',
        '-- revision: cc0000000001\n-- down-revision: null\n-- +upgrade\nCREATE TABLE a (id integer);\nCOMMIT;\nCREATE TABLE b (id integer, x integer NOT NULL);\nINSERT INTO b VALUES (1, NULL);\n-- +downgrade\nDROP TABLE b;\nDROP TABLE a;\n',
      );
      assert.equal((await project.cli(['upgrade'])).code, 2, 'lint refuses it first');
      const r = await project.cli(['upgrade', '--no-lint']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /at: INSERT INTO b .*not rolled back: the migration ended athanor's transaction itself with its own COMMIT; what ran before it stays committed \(up to `CREATE TABLE a \(id integer\)`\)/);
      assert.match(r.stderr, /the version table was not moved \(still base\)\. Undo by hand what stayed .*`athanor stamp cc0000000001`.*transactional: false/);
      assert.doesNotMatch(r.stderr, /rolled back; the database stays/);
      assert.ok((await tableNames(db.url)).includes('a'), 'what the COMMIT committed stayed, as the message says');
      assert.deepEqual(await versionRows(db.url), []);
    });
  });
}
