// A column the diff drops and adds back (a generated column whose expression, or VIRTUAL/STORED, changes) takes
// the keys on it along when it is dropped: PostgreSQL and MySQL drop its indexes (MySQL even narrows a
// several-column index to the others), its constraints go too. The ones the models keep unchanged are therefore
// dropped before the column and created again after it, like the keys of a changed definition. The column and
// those keys are dropped before the column renames: the old expression names the old columns, so the reversed
// script must add it back after renaming them back.
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

/** The unchanged keys on re-added columns, dropped with them (their creation is added to the plan). */
export interface CarriedKeys {
  indexes: IndexSpec[];
  uniques: UniqueSpec[];
  primaryKey: PrimaryKeySpec[];
  foreignKeys: ForeignKeySpec[];
}

/**
 * The unchanged keys of `from` that use one of `columns`: their re-creation is added to `plan` (checks, which the
 * diff drops before the renames anyway, are dropped there too); the drops are returned, to go with the column's.
 */
export function recreateKeysOn(plan: KeySplits, from: TableSpec, to: TableSpec, columns: ReadonlySet<string>): CarriedKeys {
  const carried: CarriedKeys = { indexes: [], uniques: [], primaryKey: [], foreignKeys: [] };
  if (columns.size === 0) return carried;
  const named = (list: readonly string[]) => list.some((c) => columns.has(c));
  const mentioned = (sql: string | undefined) => sql !== undefined && [...columns].some((c) => mentions(sql, c));
  const indexUses = (ix: IndexSpec) => mentioned(ix.where) || ix.parts.some((p) => ('column' in p ? columns.has(p.column) : mentioned(p.expression)));
  carried.indexes = carry(plan.indexes, from.indexes, to.indexes, (ix) => ix.name, indexUses);
  carried.uniques = carry(plan.uniques, from.uniques, to.uniques, (u) => u.name ?? u.columns.join(','), (u) => named(u.columns));
  carried.primaryKey = carry(plan.primaryKey, from.primaryKey ? [from.primaryKey] : [], to.primaryKey ? [to.primaryKey] : [], () => 'pk', (pk) => named(pk.columns));
  carried.foreignKeys = carry(plan.foreignKeys, from.foreignKeys, to.foreignKeys, (fk) => fk.name ?? fk.columns.join(','), (fk) => named(fk.columns));
  plan.checks.drop.push(...carry(plan.checks, from.checks, to.checks, (ck) => ck.name, (ck) => mentioned(ck.expression)));
  return carried;
}

/** The unchanged items that `uses`: their re-creation goes into `split.add`; they are returned, to be dropped. */
function carry<T>(split: Split<T>, from: readonly T[], to: readonly T[], key: (x: T) => string, uses: (x: T) => boolean): T[] {
  const toByKey = new Map(to.map((x) => [key(x), x]));
  const dropped: T[] = [];
  for (const item of from) {
    const kept = toByKey.get(key(item));
    if (kept === undefined || !deepEqual(kept, item) || !uses(item)) continue;
    dropped.push(item);
    split.add.push(kept);
  }
  return dropped;
}

/** Whether the SQL text names `column` as a whole identifier (quoted or not). */
function mentions(sql: string, column: string): boolean {
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_$])${escaped}($|[^A-Za-z0-9_$])`, 'i').test(sql);
}
