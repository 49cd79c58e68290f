// upgrade's lint gate as a user meets it (issue 9, items 1, 2, 12): what `migrate` writes passes with no
// flags; with `safe: true` lock hazards are errors, judged against the database as it is before the run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { queryRows, versionRows } from '../support/db.js';
import { createProject, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const CREATE = `await op.createTable('posts', { id: t.serial().primaryKey(), author: t.integer() });`;
const INDEX = `await op.createIndex('ix_posts_author', 'posts', ['author']);`;

for (const target of selectedTargets(['postgres', 'pglite'])) {
  describe(`upgrade's lint gate on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('lintgate');
      project = createProject(db.url, target.dialect);
      project.migration({ revision: 'lg0000000001', down: null, upgrade: CREATE, downgrade: `await op.dropTable('posts');` });
      project.migration({ revision: 'lg0000000002', down: 'lg0000000001', upgrade: INDEX, downgrade: `await op.dropIndex('ix_posts_author', 'posts');` });
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    const safeConfig = (safe: boolean) => project.write('athanor.config.json', JSON.stringify({ dialect: 'postgres', migrations: 'migrations', safe }));

    test('safe: true, a fresh database: the index is on a table created in the same run, so upgrade from base passes', async () => {
      safeConfig(true);
      const r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await versionRows(db.url), ['lg0000000002']);
    });

    test('safe: true, the table exists but has no rows: passes', async () => {
      assert.equal((await project.cli(['downgrade'])).code, 0);
      const r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
    });

    test('safe: true, the table has rows: refused on a server, passes on embedded PGlite (no other session to block)', async () => {
      assert.equal((await project.cli(['downgrade'])).code, 0);
      await queryRows(db.url, 'INSERT INTO posts (author) VALUES (1), (2)');
      const r = await project.cli(['upgrade']);
      if (target.name === 'pglite') {
        assert.equal(r.code, 0, r.stderr);
        return;
      }
      assert.equal(r.code, 2, r.stdout);
      assert.match(r.stderr, /create-index-non-concurrently/);
      // the same pending file was linted as it ran in the test before: its findings are cached by checksum, so
      // this time it is judged before the run (issue 14.8), no code run for it
      assert.match(r.stderr, /lint found 1 error\(s\) in the pending migrations/);
      assert.deepEqual(await versionRows(db.url), ['lg0000000001'], 'nothing ran');
    });

    test('default config (no safe): the same upgrade on a table with rows passes, and lint exits 0 with a warning', async () => {
      safeConfig(false);
      project.write('athanor.config.json', JSON.stringify({ dialect: 'postgres', migrations: 'migrations' }));
      await project.cli(['downgrade', 'lg0000000001']);
      let r = await project.cli(['lint'], { url: null });
      assert.equal(r.code, 0, r.stdout);
      assert.match(r.stdout, /warning {2}create-index-non-concurrently/);
      assert.match(r.stdout, /0 errors, 1 warning in 1 of 2 migration files/);
      r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await versionRows(db.url), ['lg0000000002']);
    });
  });
}

for (const target of selectedTargets(['postgres', 'pglite'])) {
  describe(`upgrade's lint gate on a .sql migration on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;
    let file = '';

    before(async () => {
      db = await target.create('lintgatesql');
      project = createProject(db.url, target.dialect);
      project.write('migrations/0001_items.sql', '-- revision: ls0000000001\n-- down-revision: null\n-- +upgrade\nCREATE TABLE items (id int PRIMARY KEY);\nINSERT INTO items VALUES (1);\n-- +downgrade\nDROP TABLE items;\n');
      file = project.write('migrations/0002_flag.sql', '-- revision: ls0000000002\n-- down-revision: ls0000000001\n-- +upgrade\nALTER TABLE items ADD COLUMN flag boolean NOT NULL;\n-- +downgrade\nALTER TABLE items DROP COLUMN flag;\n');
      assert.equal((await project.cli(['upgrade', 'ls0000000001'])).code, 0);
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('the refusal names the suppression a .sql file takes (`--`), and that comment is accepted', async () => {
      const r = await project.cli(['upgrade']);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      const suggested = /suppress it with `(-- athanor-lint-disable-next-line) <rule>`/.exec(r.stderr)?.[1];
      assert.equal(suggested, '-- athanor-lint-disable-next-line', r.stderr);
      project.write('migrations/0002_flag.sql', readFileSync(file, 'utf8').replace('ALTER TABLE', `${suggested} add-column-not-null-without-default\nALTER TABLE`));
      // suppressed, the statement reaches the database, which refuses it on the row: exit 1, not a lint refusal
      const again = await project.cli(['upgrade']);
      assert.equal(again.code, 1, again.stdout + again.stderr);
      assert.match(again.stderr, /contains null values/);
    });
  });
}

// qa-session9: with `safe: true`, --backfill wrote a plain SET NOT NULL after the backfill, which lint warned about
// (set-not-null-without-check, backfill-in-ddl-transaction): what athanor writes must pass its own lint
for (const target of selectedTargets(['postgres'])) {
  describe(`safe: true with --backfill on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;
    const models = (extra: string) =>
      project.write('models.ts', `import { table, t } from 'athanor';\nexport const todos = table('todos', { id: t.serial().primaryKey(), title: t.text().notNull()${extra} });\n`);

    before(async () => {
      db = await target.create('safebackfill');
      project = createProject(db.url, target.dialect);
      project.write('athanor.config.json', JSON.stringify({ dialect: 'postgres', migrations: 'migrations', models: './models.ts', safe: true }));
      models('');
      assert.equal((await project.cli(['migrate', '-m', 'todos'])).code, 0);
      assert.equal((await project.cli(['upgrade'])).code, 0);
      await queryRows(db.url, "INSERT INTO todos (title) VALUES ('A'), ('B')");
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('migrate writes the lock-safe SET NOT NULL; lint finds nothing; upgrade, verify, check and downgrade pass', async () => {
      models(', priority: t.integer().notNull(), slug: t.text().notNull()');
      const migrate = await project.cli(['migrate', '-m', 'more', '--backfill', 'todos.priority=3', '--backfill-sql', 'todos.slug=lower(title)']);
      assert.equal(migrate.code, 0, migrate.stdout + migrate.stderr);
      const file = /created (migrations\/\S+)/.exec(migrate.stdout)?.[1] ?? '';
      const text = readFileSync(`${project.dir}/${file}`, 'utf8');
      assert.match(text, /export const transactional = false;/);
      assert.match(text, /UPDATE "todos" SET "priority" = 3 WHERE "priority" IS NULL'\);\n.*createCheckConstraint\('todos_priority_not_null', 'todos', '"priority" IS NOT NULL', \{ notValid: true \}\);\n.*validateConstraint\('todos_priority_not_null', 'todos'\);\n.*alterColumn\('todos', 'priority', \{ nullable: false/);
      const lint = await project.cli(['lint']);
      assert.equal(lint.code, 0, lint.stdout + lint.stderr);
      assert.match(lint.stdout, /no findings/, lint.stdout);
      for (const args of [['upgrade'], ['verify'], ['check'], ['downgrade']]) {
        const r = await project.cli(args);
        assert.equal(r.code, 0, `${args[0]}: ${r.stdout}${r.stderr}`);
      }
      assert.equal((await project.cli(['upgrade'])).code, 0);
      const rows = await queryRows<{ priority: number; slug: string }>(db.url, 'SELECT priority, slug FROM todos ORDER BY id');
      assert.deepEqual(rows.map((r) => [Number(r.priority), r.slug]), [[3, 'a'], [3, 'b']]);
    });
  });
}
