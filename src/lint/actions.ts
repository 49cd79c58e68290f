// What a migration does, in the terms lint rules reason about. Typed operations translate exactly
// (from-operation.ts); raw SQL translates by statement shape (from-sql.ts). Rules read only these.
import type { ColumnType } from '../schema/types.js';

/** A table's identity within a run: `schema.name`, with the dialect's default schema (or none) as ''. */
export type TableKey = string;

/** The key of a table as written; `inDefaultSchema` then folds the dialect's default schema into ''. */
export function tableKey(ref: { schema?: string | undefined; name: string }): TableKey {
  return `${ref.schema ?? ''}.${ref.name}`;
}

/**
 * The actions with every table written in `defaultSchema` (the Dialect's: PostgreSQL's public, SQLite's
 * main) keyed as one written without a schema, so `public.t` and `t` are one table.
 */
export function inDefaultSchema(actions: Action[], defaultSchema: string): Action[] {
  if (defaultSchema === '') return actions;
  const prefix = `${defaultSchema}.`;
  const fold = (key: TableKey): TableKey => (key.startsWith(prefix) ? key.slice(defaultSchema.length) : key);
  return actions.map((action) => {
    const folded: Record<string, unknown> = { ...action };
    for (const field of ['table', 'newTable', 'refTable'] as const) {
      const value = folded[field];
      if (typeof value === 'string') folded[field] = fold(value);
    }
    if (action.kind === 'createTable') folded['refTables'] = action.refTables.map(fold);
    return folded as Action;
  });
}

/** How a table is named in messages. */
export function tableLabel(key: TableKey): string {
  return key.startsWith('.') ? key.slice(1) : key;
}

export type ConstraintKind = 'primaryKey' | 'unique' | 'foreignKey' | 'check' | 'exclude';

export type Action =
  /** columns: their names and types (raw SQL: as PostgreSQL reads the type text) */
  | { kind: 'createTable'; table: TableKey; refTables: TableKey[]; columns?: Array<{ name: string; type: ColumnType }> }
  | { kind: 'dropTable'; table: TableKey }
  | { kind: 'renameTable'; table: TableKey; newTable: TableKey }
  | {
      kind: 'addColumn';
      table: TableKey;
      column: string;
      notNull: boolean;
      hasDefault: boolean;
      /** the volatile function the default calls, e.g. 'random()' */
      volatileDefault?: string;
      /** the column fills itself from a sequence (serial types, identity) */
      sequence?: 'serial' | 'identity';
      storedGenerated: boolean;
      type?: ColumnType;
    }
  | { kind: 'dropColumn'; table: TableKey; column: string }
  | { kind: 'renameColumn'; table: TableKey; column: string; newName: string }
  /** from: undefined when the call does not say (raw SQL, no existingType): the run's known type is used */
  | { kind: 'alterType'; table: TableKey; column: string; from?: ColumnType; to: ColumnType; using?: string }
  | { kind: 'setNotNull'; table: TableKey; column: string }
  /** another ALTER COLUMN (default, drop not null…): only its lock matters */
  | { kind: 'alterColumnOther'; table: TableKey; column: string }
  | { kind: 'createIndex'; table: TableKey; name?: string; concurrently: boolean; unique: boolean }
  /** table: undefined when raw SQL does not say (DROP INDEX names only the index) */
  | { kind: 'dropIndex'; table?: TableKey; name: string; concurrently: boolean }
  | {
      kind: 'addConstraint';
      table: TableKey;
      type: ConstraintKind;
      name?: string;
      notValid: boolean;
      /** ADD CONSTRAINT … USING INDEX: attaches an index built beforehand */
      usingIndex: boolean;
      /** for a check `col IS NOT NULL`: the column */
      notNullColumn?: string;
      refTable?: TableKey;
      /** added by op.addColumn (`.references()`, `.unique()`, `.primaryKey()` on the column) */
      viaColumn?: string;
    }
  | { kind: 'validateConstraint'; table: TableKey; name: string }
  | { kind: 'dropConstraint'; table: TableKey; name: string }
  /** any other statement that takes a strong lock on a table (TRUNCATE, LOCK, other ALTER TABLE forms) */
  | { kind: 'tableLock'; table?: TableKey; what: string }
  | { kind: 'dml'; table: TableKey; verb: 'UPDATE' | 'DELETE' }
  | { kind: 'lockTimeout'; local: boolean }
  | { kind: 'transactionControl'; statement: string }
  /** a statement PostgreSQL refuses inside a transaction block (REINDEX CONCURRENTLY, VACUUM…) */
  | { kind: 'noTransaction'; statement: string };

/** Tables on which the action takes a lock that blocks reads or writes (ACCESS EXCLUSIVE / SHARE-level). */
export function strongLockTables(action: Action): Array<TableKey | undefined> {
  switch (action.kind) {
    case 'createTable':
      return action.refTables;
    case 'dropTable':
    case 'renameTable':
    case 'addColumn':
    case 'dropColumn':
    case 'renameColumn':
    case 'alterType':
    case 'setNotNull':
    case 'alterColumnOther':
    case 'dropConstraint':
      return [action.table];
    case 'addConstraint':
      return action.refTable ? [action.table, action.refTable] : [action.table];
    case 'createIndex':
      return action.concurrently ? [] : [action.table];
    case 'dropIndex':
      return action.concurrently ? [] : [action.table];
    case 'tableLock':
      return [action.table];
    default:
      return [];
  }
}
