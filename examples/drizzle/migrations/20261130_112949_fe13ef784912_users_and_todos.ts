/**
 * users and todos
 *
 * Revision: fe13ef784912
 * Revises: (none: a base revision)
 * Created: 2026-11-30T11:29:49.271Z
 */
import { check, enumType, index, t, type Op } from 'athanor';

export const revision = 'fe13ef784912';
export const downRevision: string | null = null;
export const message = 'users and todos';

export async function upgrade(op: Op): Promise<void> {
  await op.createEnum('status', ['open', 'done']);
  await op.createTable('users', {
    id: t.serial().primaryKey(),
    email: t.text().notNull().unique('users_email_unique'),
    created_at: t.timestamptz().notNull().defaultSql('now()'),
  });
  await op.createTable('todos', {
    id: t.integer().primaryKey().identity('always'),
    user_id: t.integer().notNull().references('users.id', { onDelete: 'cascade', name: 'todos_user_id_users_id_fk' }),
    title: t.text().notNull(),
    status: t.enum(enumType('status', ['open', 'done'])).notNull().default('open'),
  }, (c) => [
    index('ix_todos_user_open').on(c.user_id).where('status = \'open\''),
    check('ck_todos_title', 'length(title) > 0'),
  ]);
}

export async function downgrade(op: Op): Promise<void> {
  await op.dropTable('todos');
  await op.dropTable('users');
  await op.dropEnum('status');
}
