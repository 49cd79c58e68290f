// What a SQLite table has beyond its TableSpec, kept next to the spec so a table rebuild can put it back.
//
// SQLite changes most tables by rebuilding them (create a copy, move the rows, drop, rename), and DROP TABLE
// takes the table's triggers with it. The schema model has no triggers, VIRTUAL columns or DEFERRABLE, so
// introspectSqlite() attaches them to each TableSpec it returns through this WeakMap, keyed by the spec
// object itself; the renderer reads them from RenderContext.currentTable. A spec built any other way (the
// models, or the offline runner tracking operations) has none, and a rebuild then has no triggers to restore.

import type { TableSpec } from '../../schema/types.js';

export interface SqliteTableExtras {
  /** the table's triggers, their CREATE TRIGGER text verbatim from sqlite_master, in creation order */
  triggers: { name: string; sql: string }[];
  /** generated columns that are VIRTUAL (a model's generated column is STORED) */
  virtualColumns: string[];
  /** foreign key (by foreignKeyKey) → its DEFERRABLE clause */
  deferrable: Record<string, string>;
}

const extrasBySpec = new WeakMap<TableSpec, SqliteTableExtras>();

export function attachSqliteTableExtras(table: TableSpec, extras: SqliteTableExtras): void {
  extrasBySpec.set(table, extras);
}

/** The triggers, VIRTUAL columns and DEFERRABLE clauses introspection found for this exact spec object, if any. */
export function sqliteTableExtras(table: TableSpec | undefined): SqliteTableExtras | undefined {
  return table ? extrasBySpec.get(table) : undefined;
}

/** A foreign key's identity within its table, independent of its (optional) name. */
export function foreignKeyKey(fk: { columns: readonly string[]; refTable: string }): string {
  return `${fk.columns.map((c) => c.toLowerCase()).join(',')}>${fk.refTable.toLowerCase()}`;
}
