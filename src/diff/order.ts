// Creation order of tables linked by foreign keys: referenced tables first. Iterative (no recursion), so a
// chain of any length is fine. A cycle is broken by creating one of its tables without the foreign keys
// that point at tables not created yet; those are returned as `deferred`, to add once every table exists.
// Reversed, the same plan is a drop order (deferred foreign keys dropped first).
import type { ForeignKeySpec, TableSpec } from '../schema/types.js';
import { fkTargetKey, refKey } from './names.js';

export interface CreationPlan {
  /** every table once, referenced first; a table with deferred FKs appears without them */
  order: TableSpec[];
  deferred: Array<{ table: TableSpec; foreignKey: ForeignKeySpec }>;
}

export function creationOrder(tables: readonly TableSpec[]): CreationPlan {
  const n = tables.length;
  const indexOf = new Map<string, number>();
  tables.forEach((table, i) => indexOf.set(refKey(table), i));

  // deps[i]: distinct tables i references (self-references stay inline); dependents: the reverse edges
  const deps: number[][] = [];
  const dependents: number[][] = tables.map(() => []);
  const pending: number[] = [];
  tables.forEach((table, i) => {
    const own = new Set<number>();
    for (const fk of table.foreignKeys) {
      const j = indexOf.get(fkTargetKey(fk));
      if (j !== undefined && j !== i) own.add(j);
    }
    deps.push([...own]);
    pending.push(own.size);
    for (const j of own) dependents[j]?.push(i);
  });

  const emitted = new Array<boolean>(n).fill(false);
  const order: TableSpec[] = [];
  const deferred: CreationPlan['deferred'] = [];
  const queue: number[] = [];
  let head = 0;
  for (let i = 0; i < n; i++) if (pending[i] === 0) queue.push(i);

  const emit = (i: number, table: TableSpec): void => {
    emitted[i] = true;
    order.push(table);
    for (const d of dependents[i] ?? []) {
      if (emitted[d]) continue;
      pending[d] = (pending[d] ?? 0) - 1;
      if (pending[d] === 0) queue.push(d);
    }
  };
  const firstWaitingDep = (i: number): number => (deps[i] ?? []).find((j) => !emitted[j]) ?? i;

  let cursor = 0;
  while (order.length < n) {
    if (head < queue.length) {
      const i = queue[head++] as number;
      if (!emitted[i]) emit(i, tables[i] as TableSpec);
      continue;
    }
    // Stuck: every waiting table waits on another. Follow waits from the first one until a table repeats;
    // that table is on a cycle.
    while (emitted[cursor]) cursor++;
    const seen = new Set<number>();
    let node = cursor;
    while (!seen.has(node)) {
      seen.add(node);
      node = firstWaitingDep(node);
    }
    const table = tables[node] as TableSpec;
    const selfKey = refKey(table);
    const inline: ForeignKeySpec[] = [];
    for (const fk of table.foreignKeys) {
      const j = indexOf.get(fkTargetKey(fk));
      const waiting = j !== undefined && fkTargetKey(fk) !== selfKey && !emitted[j];
      if (waiting) deferred.push({ table, foreignKey: fk });
      else inline.push(fk);
    }
    emit(node, { ...table, foreignKeys: inline });
  }
  return { order, deferred };
}
