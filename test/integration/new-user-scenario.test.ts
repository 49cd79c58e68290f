// A new user's first weeks (issue 9, "Must show"), through the CLI with NO flags, per dialect: init → realistic
// models (users, posts, comments, tags + join table, FKs, an enum, timestamps) → migrate → upgrade → rows →
// eight model changes of the kinds apps make; after each: migrate, upgrade, downgrade (-1), upgrade. Then
// `verify` passes (sample rows in every table), and a fresh database upgrades from base.
// The only flag is the one a non-interactive user needs: `migrate --rename` for the rename.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { queryRows, versionRows } from '../support/db.js';
import { createProject, type CliResult, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

/** The models after `step` changes (0: the first models): one file for every dialect (SQLite: the enum is a CHECK). */
function modelsAt(step: number): string {
  const has = (n: number) => step >= n;
  const statusValues = has(7) ? `['draft', 'published', 'archived']` : `['draft', 'published']`;
  const status = `t.enum(postStatus).notNull().default('draft')`;
  const now = `.defaultSql('CURRENT_TIMESTAMP')`;
  return [
    `import { table, t, index, unique, enumType } from 'athanor';`,
    `export const postStatus = enumType('post_status', ${statusValues});`,
    `export const users = table('users', {`,
    `  id: t.serial().primaryKey(),`,
    `  email: t.varchar(120).notNull().unique(),`,
    `  name: t.varchar(${has(5) ? 160 : 80}).notNull(),`, // 5: widen a varchar
    has(4) ? '' : `  bio: t.text(),`, // 4: drop a middle column
    `  created_at: t.timestamp().notNull()${now},`,
    has(2) ? `  active: t.boolean().notNull().default(true),` : '', // 2: NOT NULL with a default
    `});`,
    `export const posts = table('posts', {`,
    `  id: t.serial().primaryKey(),`,
    `  author_id: t.integer().notNull().references(() => users.id, { onDelete: 'cascade' }),`,
    `  title: t.varchar(200).notNull(),`,
    has(8) ? '' : `  slug: t.varchar(100).notNull(),`, // 8: drop a NOT NULL column
    `  body: t.text().notNull(),`,
    `  status: ${status},`,
    `  created_at: t.timestamp().notNull()${now},`,
    has(1) ? `}, (c) => [index('ix_posts_created').on(c.created_at)]);` : `});`, // 1: an index
    `export const comments = table('comments', {`,
    `  id: t.serial().primaryKey(),`,
    `  post_id: t.integer().notNull().references(() => posts.id, { onDelete: 'cascade' }),`,
    `  author_id: t.integer().references(() => users.id, { onDelete: 'set null' }),`,
    `  ${has(3) ? 'content' : 'body'}: t.text().notNull(),`, // 3: a rename
    `  created_at: t.timestamp().notNull()${now},`,
    `});`,
    `export const tags = table('tags', { id: t.serial().primaryKey(), name: t.varchar(40).notNull().unique() });`,
    `export const postTags = table('post_tags', {`,
    `  post_id: t.integer().notNull().references(() => posts.id, { onDelete: 'cascade' }),`,
    `  tag_id: t.integer().notNull().references(() => tags.id, { onDelete: 'cascade' }),`,
    `}, (c) => [unique('uq_post_tags').on(c.post_id, c.tag_id)]);`,
    has(6) // 6: a new table with a foreign key
      ? `export const likes = table('likes', {\n  id: t.serial().primaryKey(),\n  user_id: t.integer().notNull().references(() => users.id, { onDelete: 'cascade' }),\n  post_id: t.integer().notNull().references(() => posts.id, { onDelete: 'cascade' }),\n  created_at: t.timestamp().notNull()${now},\n});`
      : '',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

const CHANGES: Array<{ step: number; message: string; flags?: string[]; enumValue?: boolean }> = [
  { step: 1, message: 'index posts by date' },
  { step: 2, message: 'users active' },
  { step: 3, message: 'rename comment body', flags: ['--rename', 'comments.body:content'] },
  { step: 4, message: 'drop users bio' },
  { step: 5, message: 'longer names' },
  { step: 6, message: 'likes' },
  { step: 7, message: 'archived status', enumValue: true },
  { step: 8, message: 'drop posts slug' },
];

const ROWS = [
  `INSERT INTO users (email, name, bio) VALUES ('ada@example.com', 'Ada', 'maths'), ('bob@example.com', 'Bob', NULL)`,
  `INSERT INTO posts (author_id, title, slug, body) VALUES (1, 'Hello', 'hello', 'first post'), (2, 'Again', 'again', 'second post')`,
  `INSERT INTO comments (post_id, author_id, body) VALUES (1, 2, 'nice'), (2, NULL, 'anonymous')`,
  `INSERT INTO tags (name) VALUES ('intro'), ('news')`,
  `INSERT INTO post_tags (post_id, tag_id) VALUES (1, 1), (1, 2), (2, 2)`,
];

function ok(r: CliResult, what: string): void {
  assert.equal(r.code, 0, `${what} exits 0:\n${r.stdout}\n${r.stderr}`);
}

for (const target of selectedTargets()) {
  describe(`a new user's first weeks on ${target.name}, no flags`, () => {
    let db: TestDatabase;
    let fresh: TestDatabase;
    let project: TestProject;
    const write = (step: number) => project.write('models.ts', modelsAt(step));
    const migrationFiles = () => readdirSync(join(project.dir, 'migrations')).filter((f) => f.endsWith('.ts')).sort();
    const newestMigration = () => join(project.dir, 'migrations', migrationFiles().at(-1) ?? '');
    const rowCount = async (table: string) => Number((await queryRows<{ n: number | string }>(db.url, `SELECT count(*) AS n FROM ${table}`))[0]?.n);

    before(async () => {
      db = await target.create('newuser');
      fresh = await target.create('newuserfresh');
      project = createProject(db.url, target.dialect);
      // the user starts from an empty folder: `init` writes the config, models.ts and migrations/
      rmSync(join(project.dir, 'athanor.config.json'));
      rmSync(join(project.dir, 'migrations'), { recursive: true });
    });
    after(async () => {
      project.remove();
      await db.drop();
      await fresh.drop();
    });

    test('init → models → migrate → upgrade → rows', async () => {
      ok(await project.cli(['init', ...(target.dialect === 'postgres' ? [] : ['--dialect', target.dialect])], { url: null }), 'init');
      write(0);
      ok(await project.cli(['migrate', '-m', 'first models']), 'migrate');
      ok(await project.cli(['upgrade']), 'upgrade');
      for (const sql of ROWS) await queryRows(db.url, sql);
      assert.equal(await rowCount('post_tags'), 3);
      const check = await project.cli(['check']);
      assert.equal(check.code, 0, `in sync after the first upgrade: ${check.stdout}${check.stderr}`);
    });

    for (const change of CHANGES) {
      test(`change ${change.step}: ${change.message} → migrate, upgrade, downgrade, upgrade; rows kept`, async () => {
        write(change.step);
        const migrate = await project.cli(['migrate', '-m', change.message, ...(change.flags ?? [])]);
        ok(migrate, 'migrate');
        assert.doesNotMatch(migrate.stdout, /No changes detected/, 'the change is seen');
        ok(await project.cli(['upgrade']), 'upgrade');
        assert.equal((await project.cli(['check'])).code, 0, 'in sync after the upgrade');
        if (change.enumValue && target.dialect === 'postgres') {
          // only values are added: one transaction both ways; the downgrade rebuilds the type (issue 9 item 9)
          const file = readFileSync(newestMigration(), 'utf8');
          assert.doesNotMatch(file, /transactional = false/);
          assert.match(file, /\/\/ PostgreSQL cannot remove an enum value: .*[Ww]hile a row still holds 'archived' this statement refuses.*\n\s*await op\.dropEnumValue\('post_status', 'archived'\);/);
        }
        if (change.enumValue) {
          // a row holds the added value: the downgrade refuses cleanly (PostgreSQL names the value), changes nothing
          await queryRows(db.url, `UPDATE posts SET status = 'archived' WHERE id = 2`);
          const refused = await project.cli(['downgrade']);
          assert.equal(refused.code, 1, `the downgrade refuses while a row holds 'archived':\n${refused.stdout}${refused.stderr}`);
          if (target.dialect === 'postgres') assert.match(refused.stderr, /"archived"/);
          assert.equal((await project.cli(['check'])).code, 0, 'still at head, in sync');
          await queryRows(db.url, `UPDATE posts SET status = 'published' WHERE id = 2`);
        }
        ok(await project.cli(['downgrade']), 'downgrade (-1) on tables with rows');
        ok(await project.cli(['upgrade']), 'upgrade again');
        assert.equal((await project.cli(['check'])).code, 0, 'in sync after downgrade + upgrade');
        assert.equal(await rowCount('users'), 2, 'rows are kept');
        assert.equal(await rowCount('comments'), 2);
      });
    }

    test('what migrate wrote passes lint (exit 0), the one-step NOT NULL DEFAULT is used, and verify passes with rows', async () => {
      const files = migrationFiles();
      const active = readFileSync(join(project.dir, 'migrations', files.find((f) => f.includes('users_active')) ?? ''), 'utf8');
      assert.match(active, /addColumn\('users', 'active', t\.boolean\(\)\.notNull\(\)\.default\(true\)\)/);
      assert.doesNotMatch(active, /UPDATE/);
      const dropSlug = readFileSync(join(project.dir, 'migrations', files.find((f) => f.includes('drop_posts_slug')) ?? ''), 'utf8');
      assert.match(dropSlug, /placeholder/, 'the downgrade restores slug with a marked placeholder');
      const lint = await project.cli(['lint']);
      ok(lint, 'lint');
      assert.doesNotMatch(lint.stdout, /:\d+:\d+ {2}error {2}/);
      assert.match(lint.stdout, /^0 errors/m);
      const verify = await project.cli(['verify']);
      ok(verify, 'verify');
      assert.match(verify.stdout, /verified \d+ revision\(s\) with sample rows/);
      assert.doesNotMatch(verify.stdout, /^note:/m, 'every table took sample rows');
    });

    test('a fresh database (a new developer, CI) upgrades from base with no flags', async () => {
      const r = await project.cli(['upgrade'], { url: null, env: { DATABASE_URL: fresh.url } });
      ok(r, 'upgrade from base');
      assert.deepEqual(await versionRows(fresh.url), await versionRows(db.url));
      const check = await project.cli(['check'], { url: null, env: { DATABASE_URL: fresh.url } });
      assert.equal(check.code, 0, `${check.stdout}${check.stderr}`);
    });
  });
}
