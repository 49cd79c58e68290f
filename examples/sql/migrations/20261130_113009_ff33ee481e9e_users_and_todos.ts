/**
 * users and todos
 *
 * Revision: ff33ee481e9e
 * Revises: (none: a base revision)
 * Created: 2026-11-30T11:30:09.237Z
 */
import { check, enumType, index, t, type Op } from 'athanor';

export const revision = 'ff33ee481e9e';
export const downRevision: string | null = null;
export const message = 'users and todos';

export async function upgrade(op: Op): Promise<void> {
  await op.createEnum('status', ['open', 'done']);
  await op.createTable('users', {
    id: t.serial().primaryKey(),
    email: t.text().notNull().unique(),
    created_at: t.timestamptz().notNull().defaultSql('now()'),
  });
  await op.createTable('todos', {
    id: t.integer().primaryKey().identity('always'),
    user_id: t.integer().notNull().references('users.id', { onDelete: 'cascade' }),
    title: t.text().notNull(),
    status: t.enum(enumType('status', ['open', 'done'])).notNull().default('open'),
  }, (c) => [
    index('ix_todos_user_open').on(c.user_id).where('status = \'open\''),
    check('todos_title_check', 'length(title) > 0'),
  ]);
}

export async function downgrade(op: Op): Promise<void> {
  await op.dropTable('todos');
  await op.dropTable('users');
  await op.dropEnum('status');
}
