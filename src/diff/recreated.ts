// A column the diff drops and adds back (a generated column whose expression, or VIRTUAL/STORED, changes) takes
// the keys on it along when it is dropped: PostgreSQL and MySQL drop its indexes (MySQL even narrows a
// several-column index to the others), its constraints go too. The ones the models keep unchanged are therefore
// dropped before the column and created again after it, like the keys of a changed definition.
import type { Operation } from '../operations/types.js';
import type { CheckSpec, ForeignKeySpec, IndexSpec, PrimaryKeySpec, TableSpec, UniqueSpec } from '../schema/types.js';
import { deepEqual } from './equal.js';

interface Split<T> {
  drop: T[];
  add: T[];
}

export interface KeySplits {
  indexes: Split<IndexSpec>;
  uniques: Split<UniqueSpec>;
  primaryKey: Split<PrimaryKeySpec>;
  foreignKeys: Split<ForeignKeySpec>;
  checks: Split<CheckSpec>;
}

/** Names of the columns that `ops` (one table's column operations) drop and add back. */
export function recreatedColumns(ops: readonly Operation[]): Set<string> {
  const dropped = new Set(ops.flatMap((op) => (op.kind === 'dropColumn' ? [op.column] : [])));
  return new Set(ops.flatMap((op) => (op.kind === 'addColumn' && dropped.has(op.column.name) ? [op.column.name] : [])));
}

/** Adds to `plan` the unchanged keys of `from` that use one of `columns`, to be dropped and created again. */
export function recreateKeysOn(plan: KeySplits, from: TableSpec, to: TableSpec, columns: ReadonlySet<string>): void {
  if (columns.size === 0) return;
  const named = (list: readonly string[]) => list.some((c) => columns.has(c));
  const mentioned = (sql: string | undefined) => sql !== undefined && [...columns].some((c) => mentions(sql, c));
  const indexUses = (ix: IndexSpec) => mentioned(ix.where) || ix.parts.some((p) => ('column' in p ? columns.has(p.column) : mentioned(p.expression)));
  carry(plan.indexes, from.indexes, to.indexes, (ix) => ix.name, indexUses);
  carry(plan.uniques, from.uniques, to.uniques, (u) => u.name ?? u.columns.join(','), (u) => named(u.columns));
  carry(plan.primaryKey, from.primaryKey ? [from.primaryKey] : [], to.primaryKey ? [to.primaryKey] : [], () => 'pk', (pk) => named(pk.columns));
  carry(plan.foreignKeys, from.foreignKeys, to.foreignKeys, (fk) => fk.name ?? fk.columns.join(','), (fk) => named(fk.columns));
  carry(plan.checks, from.checks, to.checks, (ck) => ck.name, (ck) => mentioned(ck.expression));
}

function carry<T>(split: Split<T>, from: readonly T[], to: readonly T[], key: (x: T) => string, uses: (x: T) => boolean): void {
  const toByKey = new Map(to.map((x) => [key(x), x]));
  for (const item of from) {
    const kept = toByKey.get(key(item));
    if (kept === undefined || !deepEqual(kept, item) || !uses(item)) continue;
    split.drop.push(item);
    split.add.push(kept);
  }
}

/** Whether the SQL text names `column` as a whole identifier (quoted or not). */
function mentions(sql: string, column: string): boolean {
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_$])${escaped}($|[^A-Za-z0-9_$])`, 'i').test(sql);
}
