// What a new user sees when something goes wrong (issue 9, items 4 and 7): a typo in the models is one line
// naming the table and column at load (exit 2, nothing written); a migration that stops half-way says why
// what ran stayed, and `current` shows the partial revision; `verify` runs downgrades on tables with rows
// and says which one fails; SQLite's table rebuild names the user's table, not its temporary one; a .sql file
// that ends inside a dollar quote is bad input, refused before anything runs.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { queryRows, tableNames, versionRows } from '../support/db.js';
import { createProject, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

for (const target of selectedTargets(['sqlite'])) {
  describe(`models validated at load (${target.name})`, () => {
    let db: TestDatabase;
    let project: TestProject;
    before(async () => {
      db = await target.create('badmodels');
      project = createProject(db.url, target.dialect);
      project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: './models.ts' }));
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test("onDelete: 'setnull' is one line naming the table and column, exit 2, no migration written", async () => {
      project.write(
        'models.ts',
        `import { table, t } from 'athanor';\nexport const users = table('users', { id: t.serial().primaryKey() });\nexport const posts = table('posts', {\n  id: t.serial().primaryKey(),\n  author_id: t.integer().references(() => users.id, { onDelete: 'setnull' as 'set null' }),\n});\n`,
      );
      const r = await project.cli(['migrate', '-m', 'posts']);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /table "posts", column "author_id": onDelete "setnull" is not a referential action: did you mean 'set null'\?/);
      assert.deepEqual(readdirSync(join(project.dir, 'migrations')), []);
    });

    test('a default the database would refuse, or numeric(3, 5): one line naming the table and column, exit 2', async () => {
      const cases: Array<[string, RegExp]> = [
        [`t.integer().default('abc' as unknown as number)`, /table "posts", column "c": \.default\("abc"\) is not an integer, but the column is integer/],
        [`t.boolean().default('yes' as unknown as boolean)`, /table "posts", column "c": \.default\("yes"\) is not true or false/],
        [`t.varchar(3).default('toolong')`, /table "posts", column "c": \.default\("toolong"\) is longer than the column's 3 characters/],
        [`t.numeric(3, 5)`, /t\.numeric\(3, 5\): the scale .* cannot exceed the precision/],
      ];
      for (const [column, message] of cases) {
        project.write('models.ts', `import { table, t } from 'athanor';\nexport const posts = table('posts', { id: t.serial().primaryKey(), c: ${column} });\n`);
        const r = await project.cli(['migrate', '-m', 'posts']);
        assert.equal(r.code, 2, `${column}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, message);
        assert.deepEqual(readdirSync(join(project.dir, 'migrations')), []);
      }
    });
  });
}

for (const target of selectedTargets(['postgres', 'mysql'])) {
  describe(`a migration that stops half-way on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;
    before(async () => {
      db = await target.create('halfway9');
      project = createProject(db.url, target.dialect);
      project.migration({
        revision: 'hf0000000001',
        down: null,
        // on PostgreSQL only a non-transactional migration keeps what ran; MySQL cannot roll DDL back at all
        extra: target.dialect === 'postgres' ? 'export const transactional = false;' : '',
        upgrade: `await op.createTable('first_t', { id: t.integer().primaryKey() });\n  await op.execute('ALTER TABLE no_such_table ADD COLUMN x int');`,
        downgrade: `await op.dropTable('first_t');`,
      });
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('the failure says why what ran stayed, and `current` shows the partially applied revision', async () => {
      const r = await project.cli(['upgrade']);
      assert.equal(r.code, 1);
      if (target.dialect === 'postgres') {
        assert.match(r.stderr, /the migration is non-transactional \(transactional = false\), so what ran stays: 1 statement\(s\) of it ran/);
        assert.doesNotMatch(r.stderr, /cannot roll DDL back/);
      } else {
        assert.match(r.stderr, /this database cannot roll DDL back: 1 statement\(s\) of it ran/);
      }
      assert.deepEqual(await versionRows(db.url), []);
      const current = await project.cli(['current']);
      assert.equal(current.code, 0, current.stderr);
      assert.match(current.stdout, /hf0000000001 \(partially applied: its upgrade stopped after 1 statement\(s\)/);
      const json = JSON.parse((await project.cli(['current', '--json'])).stdout) as { unfinished: unknown[] };
      assert.deepEqual(json.unfinished, [{ revision: 'hf0000000001', direction: 'up', statementsDone: 1 }]);
    });
  });
}

for (const target of selectedTargets(['postgres', 'pglite', 'sqlite'])) {
  describe(`verify runs downgrades on tables with rows (${target.name})`, () => {
    let db: TestDatabase;
    let project: TestProject;
    before(async () => {
      db = await target.create('verifyrows');
      project = createProject(db.url, target.dialect);
      project.migration({
        revision: 'vr0000000001',
        down: null,
        upgrade: `await op.createTable('posts', { id: t.serial().primaryKey(), title: t.text().notNull(), slug: t.varchar(40).notNull() });`,
        downgrade: `await op.dropTable('posts');`,
      });
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('a hand-written downgrade that re-adds a NOT NULL column without a default fails verify, naming the revision', async () => {
      project.migration({
        revision: 'vr0000000002',
        down: 'vr0000000001',
        upgrade: `await op.dropColumn('posts', 'slug');`,
        downgrade: `await op.addColumn('posts', 'slug', t.varchar(40).notNull());`,
      });
      const r = await project.cli(['verify']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /revision vr0000000002 .*: its downgrade fails on tables holding sample rows/);
      assert.match(r.stdout, /slug/);
      assert.doesNotMatch(r.stdout.replace(/at: .*? —/, ''), /_athanor_new_/, 'the message names the table (the failed statement is shown as it ran)');
    });

    test('a downgrade without a transaction that fails half-way: verify names the failure, not how to resume it on its throw-away database', async () => {
      const { rmSync } = await import('node:fs');
      const hand = readdirSync(join(project.dir, 'migrations')).find((f) => f.includes('vr0000000002'));
      if (hand) rmSync(join(project.dir, 'migrations', hand));
      project.migration({
        revision: 'vr0000000002',
        down: 'vr0000000001',
        extra: 'export const transactional = false;',
        upgrade: `await op.dropColumn('posts', 'slug');`,
        downgrade: `await op.addColumn('posts', 'note', t.text()); await op.addColumn('posts', 'slug', t.varchar(40).notNull());`,
      });
      const r = await project.cli(['verify']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /revision vr0000000002 .*: its downgrade fails on tables holding sample rows/);
      assert.match(r.stdout, /downgrade vr0000000002 .* failed at: .*slug/);
      assert.doesNotMatch(r.stdout, /resume|re-run|athanor current|stamp|recorded/);
    });

    test('a new CHECK the made-up rows break does not fail verify: that step is checked on empty tables, with a note', async () => {
      const { rmSync } = await import('node:fs');
      const hand = readdirSync(join(project.dir, 'migrations')).find((f) => f.includes('vr0000000002'));
      if (hand) rmSync(join(project.dir, 'migrations', hand));
      // the rows made up after this step stay in posts for the next one
      const extra = project.migration({ revision: 'vr0000000003', down: 'vr0000000001', upgrade: `await op.addColumn('posts', 'note', t.text());`, downgrade: `await op.dropColumn('posts', 'note');` });
      const check = project.migration({
        revision: 'vr0000000004',
        down: 'vr0000000003',
        upgrade: `await op.createCheckConstraint('ck_posts_title', 'posts', "title IN ('a', 'b')");`,
        downgrade: `await op.dropConstraint('ck_posts_title', 'posts');`,
      });
      try {
        const r = await project.cli(['verify']);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /note: vr0000000004: its upgrade refuses the sample rows, so it was checked on empty tables/);
      } finally {
        rmSync(extra);
        rmSync(check);
      }
    });

    test('the downgrade autogenerate writes for that drop (placeholder default, then dropped) passes verify', async () => {
      project.write('models.ts', `import { table, t } from 'athanor';\nexport const posts = table('posts', { id: t.serial().primaryKey(), title: t.text().notNull() });\n`);
      project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: './models.ts' }));
      const files = readdirSync(join(project.dir, 'migrations'));
      const hand = files.find((f) => f.includes('vr0000000002'));
      if (hand) (await import('node:fs')).rmSync(join(project.dir, 'migrations', hand));
      assert.equal((await project.cli(['upgrade'])).code, 0);
      await queryRows(db.url, `INSERT INTO posts (title, slug) VALUES ('a', 'a'), ('b', 'b')`);
      assert.equal((await project.cli(['migrate', '-m', 'drop slug'])).code, 0);
      assert.equal((await project.cli(['upgrade'])).code, 0);
      const down = await project.cli(['downgrade']);
      assert.equal(down.code, 0, down.stderr);
      const rows = await queryRows<{ slug: string }>(db.url, 'SELECT slug FROM posts ORDER BY id');
      assert.deepEqual(rows.map((row) => row.slug), ['', ''], 'the placeholder');
      assert.equal((await project.cli(['upgrade'])).code, 0);
      const r = await project.cli(['verify']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
    });
  });
}

for (const target of selectedTargets(['sqlite'])) {
  describe('SQLite table rebuild errors name the table', () => {
    let db: TestDatabase;
    let project: TestProject;
    before(async () => {
      db = await target.create('rebuilderr');
      project = createProject(db.url, target.dialect);
      project.migration({ revision: 'rb0000000001', down: null, upgrade: `await op.createTable('posts', { id: t.integer().primaryKey(), slug: t.text() });`, downgrade: `await op.dropTable('posts');` });
      project.migration({ revision: 'rb0000000002', down: 'rb0000000001', upgrade: `await op.alterColumn('posts', 'slug', { nullable: false });`, downgrade: `await op.alterColumn('posts', 'slug', { nullable: true });` });
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('NOT NULL on a column holding NULLs: the error says posts.slug and that its rows do not fit', async () => {
      assert.equal((await project.cli(['upgrade', 'rb0000000001'])).code, 0);
      await queryRows(db.url, 'INSERT INTO posts (id, slug) VALUES (1, NULL)');
      const r = await project.cli(['upgrade']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /NOT NULL constraint failed: posts\.slug \(while rebuilding table posts: its existing rows do not fit the new definition\)/);
      assert.doesNotMatch(r.stderr.replace(/at: .*? —/, ''), /_athanor_new_/);
    });
  });
}

for (const target of selectedTargets(['postgres', 'sqlite'])) {
  describe(`a .sql migration with an unterminated dollar quote or string (${target.name})`, () => {
    let db: TestDatabase;
    let project: TestProject;
    before(async () => {
      db = await target.create('unterminated');
      project = createProject(db.url, target.dialect);
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('upgrade exits 2 naming the file and line, before anything runs', async () => {
      project.write('migrations/0001_ut0000000001_first.sql', '-- revision: ut0000000001\n-- down-revision: null\n-- +upgrade\nCREATE TABLE first_t (id integer);\n-- +downgrade\nDROP TABLE first_t;\n');
      const body = target.dialect === 'postgres' ? "CREATE FUNCTION f() RETURNS integer AS $body$\n  SELECT 1;\n$$ LANGUAGE sql;" : "INSERT INTO first_t VALUES ('it''s);";
      project.write('migrations/0002_ut0000000002_second.sql', `-- revision: ut0000000002\n-- down-revision: ut0000000001\n-- +upgrade\nCREATE TABLE second_t (id integer);\n${body}\n-- +downgrade\nDROP TABLE second_t;\n`);
      const r = await project.cli(['upgrade']);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /migrations\/0002_ut0000000002_second\.sql:5: unterminated (dollar-quoted string \(`\$body\$`|string)/);
      assert.ok(!(await tableNames(db.url)).includes('first_t'), 'not even the revision before it ran');
      assert.deepEqual(await versionRows(db.url), []);
    });
  });
}
