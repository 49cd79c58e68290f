// Expressions the database spells differently from the models still compare equal, for every model source:
//  - PostgreSQL prints `lower((email)::text)` for the model's `lower(email)` on a varchar column (and casts in
//    checks and index predicates alike), and `kind = ANY (ARRAY[…])` for `kind IN (…)`: migrate → upgrade →
//    check is in sync, with DSL and Drizzle models; LIKE/ILIKE it stores as `~~`/`~~*`, BETWEEN as `>= AND <=`
//    and a negative bound as `'-5'::integer`;
//  - SQLite keeps the text it was given, and drizzle-kit writes checks and partial indexes qualified with the
//    table's own name (`length("todos"."title") > 0`): `check` against such a database is in sync.
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createProject, REPO_ROOT, type TestProject } from '../support/project.js';
import { queryRows } from '../support/db.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const DSL_VARCHAR_MODELS = `import { table, t, index, check } from 'athanor';
export const users = table('users', {
  id: t.serial().primaryKey(),
  email: t.varchar(100).notNull(),
  code: t.char(3),
  kind: t.varchar(10),
  score: t.integer(),
}, (c) => [
  check('ck_users_kind', "kind IN ('a', 'b')"),
  check('ck_users_score', 'score NOT IN (0, 13)'),
  index('ix_users_lower_email').on('lower(email)'),
  index('ix_users_email_set').on(c.email).where("email <> ''"),
  check('ck_users_email', 'length(email) > 3'),
  check('ck_users_code', 'upper(code) = code'),
  check('ck_users_email_like', "email LIKE '%@%' AND email NOT ILIKE '%@example.com'"),
  check('ck_users_score_range', 'score BETWEEN -5 AND 100 AND score NOT BETWEEN 13 AND 14'),
]);
`;

const DRIZZLE_VARCHAR_MODELS = `import { sql } from 'drizzle-orm';
import { pgTable, serial, varchar, char, integer, index, check } from 'drizzle-orm/pg-core';
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: varchar('email', { length: 100 }).notNull(),
  code: char('code', { length: 3 }),
  kind: varchar('kind', { length: 10 }),
  score: integer('score'),
}, (t) => [
  check('ck_users_kind', sql\`\${t.kind} in ('a', 'b')\`),
  check('ck_users_score', sql\`\${t.score} not in (0, 13)\`),
  index('ix_users_lower_email').on(sql\`lower(\${t.email})\`),
  index('ix_users_email_set').on(t.email).where(sql\`\${t.email} <> ''\`),
  check('ck_users_email', sql\`length(\${t.email}) > 3\`),
  check('ck_users_code', sql\`upper(\${t.code}) = \${t.code}\`),
  check('ck_users_email_like', sql\`\${t.email} like '%@%' and \${t.email} not ilike '%@example.com'\`),
  check('ck_users_score_range', sql\`\${t.score} between -5 and 100 and \${t.score} not between 13 and 14\`),
]);
`;

/** A project whose models are `file` (with the repository's node_modules, where drizzle-orm is). */
function projectWith(db: TestDatabase, dialect: 'postgres' | 'sqlite', file: string, text: string): TestProject {
  const project = createProject(db.url, dialect);
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(project.dir, 'node_modules'));
  project.write('athanor.config.json', JSON.stringify({ dialect, migrations: 'migrations', models: `./${file}` }));
  project.write(file, text);
  return project;
}

for (const target of selectedTargets(['postgres', 'pglite'])) {
  describe(`expressions over varchar columns on ${target.name}`, () => {
    for (const [source, file, models] of [
      ['DSL', 'models.ts', DSL_VARCHAR_MODELS],
      ['Drizzle', 'db/schema.ts', DRIZZLE_VARCHAR_MODELS],
    ] as const) {
      describe(`${source} models`, () => {
        let db: TestDatabase;
        let project: TestProject;
        before(async () => {
          db = await target.create('exprs');
          project = projectWith(db, 'postgres', file, models);
        });
        after(async () => {
          project.remove();
          await db.drop();
        });

        test("lower(email), email <> '', length(email) > 3 and kind IN ('a', 'b') converge with the catalog's spelling", async () => {
          let r = await project.cli(['migrate', '-m', 'users']);
          assert.equal(r.code, 0, r.stderr);
          r = await project.cli(['upgrade']);
          assert.equal(r.code, 0, r.stderr);
          const printed = await queryRows<{ def: string }>(db.url, `SELECT pg_get_indexdef('ix_users_lower_email'::regclass) AS def`);
          assert.match(printed[0]?.def ?? '', /lower\(\(email\)::text\)/, 'the catalog spells the cast');
          r = await project.cli(['check', '--json']);
          assert.equal(r.code, 0, `in sync after upgrade: ${r.stdout}${r.stderr}`);
          r = await project.cli(['migrate', '-m', 'nothing']);
          assert.match(r.stdout + r.stderr, /no changes|nothing/i, 'a second migrate finds nothing');
        });
      });
    }
  });
}

for (const target of selectedTargets(['sqlite'])) {
  describe('SQLite: expressions qualified with their own table (drizzle-kit) compare equal to unqualified ones', () => {
    let db: TestDatabase;
    let project: TestProject;
    before(async () => {
      db = await target.create('exprs');
      project = projectWith(
        db,
        'sqlite',
        'models.ts',
        `import { table, t, index, check } from 'athanor';
export const todos = table('todos', {
  id: t.integer().primaryKey(),
  title: t.text().notNull(),
  cost: t.numeric(10, 2),
}, (c) => [index('ix_todos_cost').on(c.cost).where('cost > 0'), check('ck_todos_title', 'length(title) > 0')]);
`,
      );
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('a database built with drizzle-kit\'s SQL is in sync with the models', async () => {
      // drizzle-kit's spelling of the same table
      await queryRows(
        db.url,
        'CREATE TABLE `todos` (`id` integer PRIMARY KEY NOT NULL, `title` text NOT NULL, `cost` numeric(10, 2), ' +
          'CONSTRAINT "ck_todos_title" CHECK(length("todos"."title") > 0))',
      );
      await queryRows(db.url, 'CREATE INDEX `ix_todos_cost` ON `todos` (`cost`) WHERE "todos"."cost" > 0');
      const r = await project.cli(['check']);
      assert.equal(r.code, 0, `in sync: ${r.stdout}${r.stderr}`);
    });
  });
}
