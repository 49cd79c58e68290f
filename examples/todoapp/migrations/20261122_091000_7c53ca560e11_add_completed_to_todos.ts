/**
 * add completed to todos
 *
 * Revision: 7c53ca560e11
 * Revises: 5d1e7c2b9a30
 *
 * `completed` is NOT NULL, but todos already has rows: adding it NOT NULL at once would fail on them.
 * So: add it nullable, backfill false, then set NOT NULL (the seeds' fix).
 */
import { t, type Op } from 'athanor';

export const revision = '7c53ca560e11';
export const downRevision = '5d1e7c2b9a30';
export const message = 'add completed to todos';

export async function upgrade(op: Op): Promise<void> {
  await op.addColumn('todos', 'completed', t.boolean().default(false));
  await op.execute('UPDATE todos SET completed = false WHERE completed IS NULL');
  await op.alterColumn('todos', 'completed', { nullable: false, existingNullable: true });
}

export async function downgrade(op: Op): Promise<void> {
  await op.dropColumn('todos', 'completed');
}
