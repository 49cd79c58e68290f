/**
 * create todos
 *
 * Revision: 0647a25940c5
 * Revises: (none: a base revision)
 */
import { t, type Op } from 'athanor';

export const revision = '0647a25940c5';
export const downRevision: string | null = null;
export const message = 'create todos';

export async function upgrade(op: Op): Promise<void> {
  await op.createTable('todos', {
    id: t.serial().primaryKey(),
    description: t.text().notNull(),
  });
}

export async function downgrade(op: Op): Promise<void> {
  await op.dropTable('todos');
}
