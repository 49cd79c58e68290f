/**
 * seed example todos
 *
 * Revision: 5d1e7c2b9a30
 * Revises: 0647a25940c5
 */
import type { Op } from 'athanor';

export const revision = '5d1e7c2b9a30';
export const downRevision = '0647a25940c5';
export const message = 'seed example todos';

export async function upgrade(op: Op): Promise<void> {
  await op.bulkInsert('todos', [{ description: 'todo1' }, { description: 'todo2' }, { description: 'todo3' }]);
}

export async function downgrade(op: Op): Promise<void> {
  await op.execute(`DELETE FROM todos WHERE description IN ('todo1', 'todo2', 'todo3')`);
}
