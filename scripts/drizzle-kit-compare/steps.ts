// The same Drizzle schema in 14 versions (13 model changes) per dialect: what drizzle-kit and athanor both turn
// into migrations. No step renames anything (drizzle-kit would ask on a terminal).

export interface State {
  createdAt: boolean;
  todoIndex: boolean;
  tags: boolean;
  nameLength: 100 | 200;
  archived: boolean;
  titleCheck: boolean;
  nameNotNull: boolean;
  uniqueUserTitle: boolean;
  nameDefault: 'anon' | 'nobody';
  status: boolean;
  cost: boolean;
  setNull: boolean;
}

const START: State = {
  createdAt: false, todoIndex: false, tags: false, nameLength: 100, archived: false, titleCheck: false, nameNotNull: false,
  uniqueUserTitle: false, nameDefault: 'anon', status: true, cost: false, setNull: false,
};

/** Each step: what changes, and the state after it. */
export const CHANGES: Array<[string, Partial<State>]> = [
  ['initial schema', {}],
  ['add column users.created_at NOT NULL DEFAULT now()', { createdAt: true }],
  ['add index todos(user_id)', { todoIndex: true }],
  ['add table tags with a composite primary key and a foreign key', { tags: true }],
  ['widen users.name varchar(100) → varchar(200)', { nameLength: 200 }],
  ['add enum value / enum member archived', { archived: true }],
  ['add check constraint on todos.title', { titleCheck: true }],
  ['users.name becomes NOT NULL', { nameNotNull: true }],
  ['add unique constraint todos(user_id, title)', { uniqueUserTitle: true }],
  ["change default of users.name 'anon' → 'nobody'", { nameDefault: 'nobody' }],
  ['drop column todos.status', { status: false }],
  ['add column todos.cost numeric(10,2) with a partial index', { cost: true }],
  ['todos.user_id nullable, foreign key ON DELETE SET NULL', { setNull: true }],
  ['drop table tags', { tags: false }],
];

export function states(): Array<{ change: string; state: State }> {
  let state = START;
  return CHANGES.map(([change, delta]) => {
    state = { ...state, ...delta };
    return { change, state };
  });
}

export type Dialect = 'postgres' | 'mysql' | 'sqlite';

export function schemaSource(dialect: Dialect, s: State): string {
  if (dialect === 'postgres') return postgres(s);
  if (dialect === 'mysql') return mysql(s);
  return sqlite(s);
}

const when = (flag: boolean, text: string): string => (flag ? text : '');

function postgres(s: State): string {
  const statusValues = s.archived ? "['open', 'done', 'archived']" : "['open', 'done']";
  return `import { sql } from 'drizzle-orm';
import { pgTable, pgEnum, serial, integer, text, varchar, timestamp, numeric, index, check, unique, primaryKey } from 'drizzle-orm/pg-core';
export const status = pgEnum('status', ${statusValues});
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: varchar('name', { length: ${s.nameLength} })${s.nameNotNull ? '.notNull()' : ''}.default('${s.nameDefault}'),
  ${when(s.createdAt, "createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),")}
});
export const todos = pgTable('todos', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  userId: integer('user_id')${s.setNull ? '' : '.notNull()'}.references(() => users.id, { onDelete: '${s.setNull ? 'set null' : 'cascade'}' }),
  title: text('title').notNull(),
  ${when(s.status, "status: status('status').notNull().default('open'),")}
  ${when(s.cost, "cost: numeric('cost', { precision: 10, scale: 2 }),")}
}, (t) => [
  ${when(s.todoIndex, "index('ix_todos_user').on(t.userId),")}
  ${when(s.titleCheck, "check('ck_todos_title', sql`length(${t.title}) > 0`),")}
  ${when(s.uniqueUserTitle, "unique('uq_todos_user_title').on(t.userId, t.title),")}
  ${when(s.cost, "index('ix_todos_cost').on(t.cost).where(sql`${t.cost} > 0`),")}
]);
${when(s.tags, `export const tags = pgTable('tags', {
  todoId: integer('todo_id').notNull().references(() => todos.id, { onDelete: 'cascade' }),
  tag: text('tag').notNull(),
}, (t) => [primaryKey({ columns: [t.todoId, t.tag] })]);`)}
`;
}

function mysql(s: State): string {
  const statusValues = s.archived ? "['open', 'done', 'archived']" : "['open', 'done']";
  return `import { sql } from 'drizzle-orm';
import { mysqlTable, mysqlEnum, int, varchar, timestamp, decimal, index, check, unique, primaryKey } from 'drizzle-orm/mysql-core';
export const users = mysqlTable('users', {
  id: int('id').autoincrement().primaryKey(),
  email: varchar('email', { length: 255 }).notNull().unique(),
  name: varchar('name', { length: ${s.nameLength} })${s.nameNotNull ? '.notNull()' : ''}.default('${s.nameDefault}'),
  ${when(s.createdAt, "createdAt: timestamp('created_at').notNull().defaultNow(),")}
});
export const todos = mysqlTable('todos', {
  id: int('id').autoincrement().primaryKey(),
  userId: int('user_id')${s.setNull ? '' : '.notNull()'}.references(() => users.id, { onDelete: '${s.setNull ? 'set null' : 'cascade'}' }),
  title: varchar('title', { length: 200 }).notNull(),
  ${when(s.status, `status: mysqlEnum('status', ${statusValues}).notNull().default('open'),`)}
  ${when(s.cost, "cost: decimal('cost', { precision: 10, scale: 2 }),")}
}, (t) => [
  ${when(s.todoIndex, "index('ix_todos_user').on(t.userId),")}
  ${when(s.titleCheck, "check('ck_todos_title', sql`char_length(${t.title}) > 0`),")}
  ${when(s.uniqueUserTitle, "unique('uq_todos_user_title').on(t.userId, t.title),")}
  ${when(s.cost, "index('ix_todos_cost').on(t.cost),")}
]);
${when(s.tags, `export const tags = mysqlTable('tags', {
  todoId: int('todo_id').notNull().references(() => todos.id, { onDelete: 'cascade' }),
  tag: varchar('tag', { length: 50 }).notNull(),
}, (t) => [primaryKey({ columns: [t.todoId, t.tag] })]);`)}
`;
}

function sqlite(s: State): string {
  const statusValues = s.archived ? "['open', 'done', 'archived']" : "['open', 'done']";
  return `import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, numeric, index, check, unique, primaryKey } from 'drizzle-orm/sqlite-core';
export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  name: text('name', { length: ${s.nameLength} })${s.nameNotNull ? '.notNull()' : ''}.default('${s.nameDefault}'),
  ${when(s.createdAt, "createdAt: integer('created_at', { mode: 'timestamp' }).notNull().default(sql`(unixepoch())`),")}
});
export const todos = sqliteTable('todos', {
  id: integer('id').primaryKey(),
  userId: integer('user_id')${s.setNull ? '' : '.notNull()'}.references(() => users.id, { onDelete: '${s.setNull ? 'set null' : 'cascade'}' }),
  title: text('title').notNull(),
  ${when(s.status, `status: text('status', { enum: ${statusValues} }).notNull().default('open'),`)}
  ${when(s.cost, "cost: numeric('cost'),")}
}, (t) => [
  ${when(s.todoIndex, "index('ix_todos_user').on(t.userId),")}
  ${when(s.titleCheck, "check('ck_todos_title', sql`length(${t.title}) > 0`),")}
  ${when(s.uniqueUserTitle, "unique('uq_todos_user_title').on(t.userId, t.title),")}
  ${when(s.cost, "index('ix_todos_cost').on(t.cost).where(sql`${t.cost} > 0`),")}
]);
${when(s.tags, `export const tags = sqliteTable('tags', {
  todoId: integer('todo_id').notNull().references(() => todos.id, { onDelete: 'cascade' }),
  tag: text('tag').notNull(),
}, (t) => [primaryKey({ columns: [t.todoId, t.tag] })]);`)}
`;
}
