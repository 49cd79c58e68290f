// Drizzle tables as models, the way a Drizzle user adopts athanor: `models` points at the app's Drizzle schema;
// migrate → upgrade → check in sync; a change → migrate → upgrade → check; downgrade -1 restores the catalog.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createProject, REPO_ROOT, type TestProject } from '../support/project.js';
import { catalogDifferences, readCatalog } from '../support/catalog.js';
import { queryRows } from '../support/db.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';
import type { DialectName } from '../../src/drivers/connection.js';

const SCHEMAS: Record<DialectName, (v2: boolean) => string> = {
  postgres: (v2) => `import { sql } from 'drizzle-orm';
import { pgTable, pgEnum, serial, integer, text, varchar, timestamp, boolean, numeric, index, uniqueIndex, check, primaryKey } from 'drizzle-orm/pg-core';
export const status = pgEnum('status', ['open', 'done']);
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: varchar('name', { length: 100 }).notNull().default('anon'),
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  ${v2 ? "active: boolean('active').notNull().default(true)," : ''}
}, (t) => [uniqueIndex('ux_users_lower_email').on(sql\`lower(\${t.email})\`)]);
export const todos = pgTable('todos', {
  id: integer('id').generatedAlwaysAsIdentity().primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  status: status('status').notNull().default('open'),
  cost: numeric('cost', { precision: 10, scale: 2 }),
}, (t) => [index('ix_todos_user').on(t.userId, t.status.desc()).where(sql\`\${t.status} <> 'done'\`), check('ck_todos_title', sql\`length(\${t.title}) > 0\`)${v2 ? ", index('ix_todos_title').on(t.title)" : ''}]);
export const tags = pgTable('tags', { todoId: integer('todo_id').notNull().references(() => todos.id), tag: text('tag').notNull() },
  (t) => [primaryKey({ columns: [t.todoId, t.tag] })]);
`,
  mysql: (v2) => `import { sql } from 'drizzle-orm';
import { mysqlTable, mysqlEnum, serial, int, bigint, text, varchar, timestamp, datetime, boolean, decimal, index, uniqueIndex, check, primaryKey } from 'drizzle-orm/mysql-core';
export const users = mysqlTable('users', {
  id: serial('id').primaryKey(),
  email: varchar('email', { length: 255 }).notNull().unique(),
  name: varchar('name', { length: 100 }).notNull().default('anon'),
  createdAt: timestamp('created_at').defaultNow().notNull(),
  ${v2 ? "active: boolean('active').notNull().default(true)," : ''}
});
export const todos = mysqlTable('todos', {
  id: int('id').autoincrement().primaryKey(),
  userId: bigint('user_id', { mode: 'number', unsigned: true }).notNull().references(() => users.id, { onDelete: 'cascade' }),
  title: varchar('title', { length: 200 }).notNull(),
  status: mysqlEnum('status', ['open', 'done']).notNull().default('open'),
  cost: decimal('cost', { precision: 10, scale: 2 }),
  due: datetime('due', { fsp: 3 }),
}, (t) => [index('ix_todos_user').on(t.userId, t.status), check('ck_todos_title', sql\`char_length(\${t.title}) > 0\`)${v2 ? ", index('ix_todos_title').on(t.title)" : ''}]);
export const tags = mysqlTable('tags', { todoId: int('todo_id').notNull().references(() => todos.id), tag: varchar('tag', { length: 50 }).notNull() },
  (t) => [primaryKey({ columns: [t.todoId, t.tag] })]);
`,
  sqlite: (v2) => `import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, real, index, uniqueIndex, check, primaryKey } from 'drizzle-orm/sqlite-core';
export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  name: text('name').notNull().default('anon'),
  createdAt: integer('created_at', { mode: 'timestamp' }).notNull().default(sql\`(unixepoch())\`),
  ${v2 ? "active: integer('active', { mode: 'boolean' }).notNull().default(true)," : ''}
}, (t) => [uniqueIndex('ux_users_lower_email').on(sql\`lower(\${t.email})\`)]);
export const todos = sqliteTable('todos', {
  id: integer('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  status: text('status', { enum: ['open', 'done'] }).notNull().default('open'),
  cost: real('cost'),
}, (t) => [index('ix_todos_user').on(t.userId, t.status).where(sql\`\${t.status} <> 'done'\`), check('ck_todos_title', sql\`length(\${t.title}) > 0\`)${v2 ? ", index('ix_todos_title').on(t.title)" : ''}]);
export const tags = sqliteTable('tags', { todoId: integer('todo_id').notNull().references(() => todos.id), tag: text('tag').notNull() },
  (t) => [primaryKey({ columns: [t.todoId, t.tag] })]);
`,
};

/** A project whose models are the app's Drizzle schema at db/schema.ts, with the app's own node_modules (drizzle-orm). */
function drizzleProject(db: TestDatabase, dialect: DialectName): TestProject {
  const project = createProject(db.url, dialect);
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(project.dir, 'node_modules'));
  project.write('athanor.config.json', JSON.stringify({ dialect, migrations: 'migrations', models: './db/schema.ts' }));
  return project;
}

function migrationFiles(project: TestProject): string[] {
  return readdirSync(join(project.dir, 'migrations')).filter((f) => f.endsWith('.ts')).sort();
}

for (const target of selectedTargets()) {
  describe(`Drizzle models on ${target.name}: migrate → upgrade → check → downgrade`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('drizzle');
      project = drizzleProject(db, target.dialect);
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('the Drizzle schema becomes tables; a change is a migration that rolls back', async () => {
      const schema = SCHEMAS[target.dialect];
      project.write('db/schema.ts', schema(false));
      let r = await project.cli(['migrate', '-m', 'initial']);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
      r = await project.cli(['check', '--json']);
      assert.equal(r.code, 0, `in sync after upgrade: ${r.stdout}${r.stderr}`);
      await queryRows(db.url, `INSERT INTO users (email) VALUES ('a@example.com')`);
      await queryRows(db.url, `INSERT INTO todos (user_id, title) VALUES (1, 'write tests')`);
      const v1 = await readCatalog(db.url);

      project.write('db/schema.ts', schema(true));
      r = await project.cli(['check']);
      assert.equal(r.code, 1, 'the change is drift');
      r = await project.cli(['migrate', '-m', 'active users']);
      assert.equal(r.code, 0, r.stderr);
      const files = migrationFiles(project);
      assert.equal(files.length, 2);
      const second = readFileSync(join(project.dir, 'migrations', files[1] as string), 'utf8');
      assert.match(second, /addColumn\('users', 'active'/);
      assert.match(second, /createIndex\('todos', 'ix_todos_title'|ix_todos_title/);
      r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
      r = await project.cli(['check']);
      assert.equal(r.code, 0, `in sync after the change: ${r.stdout}${r.stderr}`);
      const rows = await queryRows<{ active: unknown }>(db.url, 'SELECT active FROM users');
      assert.ok(rows[0]?.active === true || Number(rows[0]?.active) === 1, 'existing rows got the default');

      r = await project.cli(['downgrade', '-1']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(catalogDifferences(v1, await readCatalog(db.url)), [], 'downgrade restores the schema');
      assert.equal((await queryRows(db.url, 'SELECT * FROM todos')).length, 1, 'rows kept');
    });

    test('a models module that cannot be read is one line, exit 2', async () => {
      const bad = target.dialect === 'postgres'
        ? `import { pgTable, integer } from 'drizzle-orm/pg-core';\nexport const t = pgTable('t', { a: integer('a').unique('u_a', { nulls: 'not distinct' }) });\n`
        : target.dialect === 'mysql'
          ? `import { mysqlTable, int } from 'drizzle-orm/mysql-core';\nexport const t = mysqlTable('t', { a: int('a'), b: int('b').generatedAlwaysAs(42 as never) });\n`
          : `import { sqliteTable, integer } from 'drizzle-orm/sqlite-core';\nexport const t = sqliteTable('t', { a: integer('a'), b: integer('b').generatedAlwaysAs(42 as never) });\n`;
      project.write('db/schema.ts', bad);
      const r = await project.cli(['migrate', '-m', 'bad']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /Drizzle models: column t\.(a|b): /);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    });
  });
}

for (const target of selectedTargets(['mysql'])) {
  describe(`Drizzle models on ${target.name}: timestamp().onUpdateNow() is ON UPDATE CURRENT_TIMESTAMP`, () => {
    let db: TestDatabase;
    let project: TestProject;
    const schema = (changedOnUpdate: boolean) => `import { mysqlTable, serial, timestamp, varchar } from 'drizzle-orm/mysql-core';
export const posts = mysqlTable('posts', {
  id: serial('id').primaryKey(),
  title: varchar('title', { length: 100 }).notNull(),
  updatedAt: timestamp('updated_at').defaultNow().onUpdateNow(),
  changedAt: timestamp('changed_at', { fsp: 3 }).notNull().defaultNow()${changedOnUpdate ? '.onUpdateNow()' : ''},
});
`;
    before(async () => {
      db = await target.create('dzonupdate');
      project = drizzleProject(db, target.dialect);
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('migrate → upgrade: the columns update themselves; check in sync; dropping onUpdateNow() is drift', async () => {
      project.write('db/schema.ts', schema(true));
      let r = await project.cli(['migrate', '-m', 'posts']);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
      const [created] = await queryRows<{ 'Create Table': string }>(db.url, 'SHOW CREATE TABLE posts');
      assert.match(created?.['Create Table'] ?? '', /`updated_at` timestamp NULL DEFAULT current_timestamp\(\) ON UPDATE current_timestamp\(\)/i);
      assert.match(created?.['Create Table'] ?? '', /`changed_at` timestamp\(3\) NOT NULL DEFAULT current_timestamp\(3\) ON UPDATE current_timestamp\(3\)/i);
      r = await project.cli(['check']);
      assert.equal(r.code, 0, `in sync after upgrade: ${r.stdout}${r.stderr}`);
      project.write('db/schema.ts', schema(false));
      r = await project.cli(['check']);
      assert.equal(r.code, 1, `removing onUpdateNow() is drift: ${r.stdout}${r.stderr}`);
    });
  });
}
