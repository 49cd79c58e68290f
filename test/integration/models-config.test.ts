// How `models` is found the way drizzle-kit users already state it:
//  - Drizzle `casing`: columns declared without a name take their key converted (snake_case / camelCase), read from
//    athanor's config (`drizzle: { casing }`) or from a drizzle.config.ts beside it;
//  - `models` as a list of files or a glob, for Drizzle modules, athanor DSL modules and .sql files.
// Each through the CLI: migrate → upgrade → the database has the names → check in sync.
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createProject, REPO_ROOT, type TestProject } from '../support/project.js';
import { queryRows } from '../support/db.js';
import { selectedTargets, type TestDatabase, type TestTarget } from '../support/targets.js';

const CORE = { postgres: ['drizzle-orm/pg-core', 'pgTable'], sqlite: ['drizzle-orm/sqlite-core', 'sqliteTable'] } as const;

/** A Drizzle schema whose columns have no names: their keys are camelCase (or snake_case with `snake`). */
function keyNamedSchema(dialect: 'postgres' | 'sqlite', snake: boolean): string {
  const [core, table] = CORE[dialect];
  const [userId, createdAt] = snake ? ['user_id', 'created_at'] : ['userId', 'createdAt'];
  return `import { sql } from 'drizzle-orm';
import { ${table}, integer, text, index, check } from '${core}';
export const users = ${table}('users', { id: integer().primaryKey(), ${createdAt}: text().notNull() });
export const todos = ${table}('todos', {
  id: integer().primaryKey(),
  ${userId}: integer().notNull().references(() => users.id),
  title: text('Title'),
}, (t) => [index('ix_todos_user').on(t.${userId}), check('ck_todos_user', sql\`\${t.${userId}} > 0\`)]);
`;
}

async function columnsOf(target: TestTarget, db: TestDatabase, table: string): Promise<string[]> {
  const sql = target.dialect === 'sqlite'
    ? `SELECT name FROM pragma_table_info('${table}') ORDER BY cid`
    : `SELECT column_name AS name FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`;
  return (await queryRows<{ name: string }>(db.url, sql)).map((r) => r.name);
}

function newProject(db: TestDatabase, target: TestTarget, config: Record<string, unknown>): TestProject {
  const project = createProject(db.url, target.dialect);
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(project.dir, 'node_modules'));
  project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', ...config }));
  return project;
}

async function converge(project: TestProject): Promise<void> {
  let r = await project.cli(['migrate', '-m', 'models']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  r = await project.cli(['upgrade']);
  assert.equal(r.code, 0, r.stderr);
  r = await project.cli(['check']);
  assert.equal(r.code, 0, `in sync after upgrade: ${r.stdout}${r.stderr}`);
}

for (const target of selectedTargets(['pglite', 'sqlite'])) {
  const dialect = target.dialect as 'postgres' | 'sqlite';
  describe(`Drizzle casing on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject | undefined;
    beforeEach(async () => {
      db = await target.create('casing');
    });
    afterEach(async () => {
      project?.remove();
      await db.drop();
    });

    test("athanor's config drizzle: { casing: 'snake_case' } names key-named columns user_id, created_at", async () => {
      project = newProject(db, target, { models: './db/schema.ts', drizzle: { casing: 'snake_case' } });
      project.write('db/schema.ts', keyNamedSchema(dialect, false));
      await converge(project);
      assert.deepEqual(await columnsOf(target, db, 'todos'), ['id', 'user_id', 'Title'], 'an explicit name is kept as written');
      assert.deepEqual(await columnsOf(target, db, 'users'), ['id', 'created_at']);
    });

    test("a drizzle.config.ts beside the config with casing: 'camelCase' names user_id userId", async () => {
      project = newProject(db, target, { models: './db/schema.ts' });
      project.write('drizzle.config.ts', `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({\n  dialect: '${dialect === 'postgres' ? 'postgresql' : 'sqlite'}',\n  schema: './db/schema.ts',\n  casing: 'camelCase',\n});\n`);
      project.write('db/schema.ts', keyNamedSchema(dialect, true));
      await converge(project);
      assert.deepEqual(await columnsOf(target, db, 'todos'), ['id', 'userId', 'Title']);
    });

    test('without a casing the key is the name, and a bad casing is one line, exit 2', async () => {
      project = newProject(db, target, { models: './db/schema.ts' });
      project.write('db/schema.ts', keyNamedSchema(dialect, false));
      await converge(project);
      assert.deepEqual(await columnsOf(target, db, 'todos'), ['id', 'userId', 'Title']);
      project.write('athanor.config.json', JSON.stringify({ dialect, models: './db/schema.ts', drizzle: { casing: 'kebab' } }));
      const r = await project.cli(['check']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /drizzle\.casing must be one of snake_case, camelCase/);
    });
  });
}

for (const target of selectedTargets(['sqlite'])) {
  describe('models as a list of files or a glob', () => {
    let db: TestDatabase;
    let project: TestProject | undefined;
    beforeEach(async () => {
      db = await target.create('globs');
    });
    afterEach(async () => {
      project?.remove();
      await db.drop();
    });

    test("Drizzle: models: './db/schema/*.ts', a table per file, references across files", async () => {
      project = newProject(db, target, { models: './db/schema/*.ts' });
      project.write('db/schema/users.ts', `import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';\nexport const users = sqliteTable('users', { id: integer('id').primaryKey(), email: text('email').notNull() });\n`);
      project.write('db/schema/todos.ts', `import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';\nimport { users } from './users';\nexport { users };\nexport const todos = sqliteTable('todos', { id: integer('id').primaryKey(), userId: integer('user_id').references(() => users.id), title: text('title') });\n`);
      project.write('db/other.ts', `export const ignored = 1;\n`);
      await converge(project);
      assert.deepEqual(await columnsOf(target, db, 'todos'), ['id', 'user_id', 'title']);
      assert.deepEqual(await columnsOf(target, db, 'users'), ['id', 'email']);
    });

    test("athanor DSL: models: ['./models/users.ts', './models/todos.ts']", async () => {
      project = newProject(db, target, { models: ['./models/users.ts', './models/todos.ts'] });
      project.write('models/users.ts', `import { table, t } from 'athanor';\nexport const users = table('users', { id: t.integer().primaryKey() });\n`);
      project.write('models/todos.ts', `import { table, t } from 'athanor';\nimport { users } from './users';\nexport { users };\nexport const todos = table('todos', { id: t.integer().primaryKey(), user_id: t.integer().references(() => users.id) });\n`);
      await converge(project);
      assert.deepEqual(await columnsOf(target, db, 'todos'), ['id', 'user_id']);
    });

    test("schema.sql files: models: './sql/**/*.sql', applied in name order", async () => {
      project = newProject(db, target, { models: './sql/**/*.sql' });
      project.write('sql/01_users.sql', 'CREATE TABLE users (id integer PRIMARY KEY);\n');
      project.write('sql/more/02_todos.sql', 'CREATE TABLE todos (id integer PRIMARY KEY, user_id integer REFERENCES users (id));\n');
      await converge(project);
      assert.deepEqual(await columnsOf(target, db, 'todos'), ['id', 'user_id']);
    });

    test('a glob that matches nothing, or mixes .sql and modules, is one line, exit 2', async () => {
      project = newProject(db, target, { models: './db/schema/*.ts' });
      let r = await project.cli(['check']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /models db\/schema\/\*\.ts matches no file/);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      project.write('athanor.config.json', JSON.stringify({ dialect: 'sqlite', models: ['./a.sql', './b.ts'] }));
      project.write('a.sql', 'CREATE TABLE a (id integer);\n');
      project.write('b.ts', `export {};\n`);
      r = await project.cli(['check']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /names both \.sql files and modules/);
    });
  });
}
