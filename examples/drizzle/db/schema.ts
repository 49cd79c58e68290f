// The app's Drizzle schema: the queries use it (query.ts), and athanor's migrations are generated from it.
import { sql } from 'drizzle-orm';
import { pgTable, pgEnum, serial, integer, text, timestamp, index, check } from 'drizzle-orm/pg-core';

export const status = pgEnum('status', ['open', 'done']);

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const todos = pgTable(
  'todos',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    status: status('status').notNull().default('open'),
  },
  (t) => [index('ix_todos_user_open').on(t.userId).where(sql`${t.status} = 'open'`), check('ck_todos_title', sql`length(${t.title}) > 0`)],
);
