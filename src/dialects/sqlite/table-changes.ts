// One operation applied to a table's current definition: the new definition and where each new column's
// values come from. The rebuild (rebuild.ts) turns the result into statements.
import type { OperationOf } from '../../operations/types.js';
import { defaultForeignKeyName, defaultPrimaryKeyName, defaultUniqueName } from '../../schema/table.js';
import type { ColumnSpec, IndexSpec, SchemaObjectSpec, TableSpec } from '../../schema/types.js';
import { checkColumnType } from './ddl.js';
import { referencesColumn } from './expression.js';
import type { RebuildPlan } from './rebuild.js';
import { quoteSqliteIdent as q } from './types.js';

export type RebuildOperation = OperationOf<
  | 'addColumn'
  | 'dropColumn'
  | 'alterColumn'
  | 'createPrimaryKey'
  | 'createForeignKey'
  | 'createUniqueConstraint'
  | 'setTableOptions'
  | 'createCheckConstraint'
  | 'dropConstraint'
>;

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function findColumn(table: TableSpec, name: string): ColumnSpec {
  const column = table.columns.find((c) => c.name === name) ?? table.columns.find((c) => same(c.name, name));
  if (!column) throw new Error(`column "${name}" does not exist in table "${table.name}"`);
  return column;
}

/** Every stored column copied as itself. */
function copyAll(columns: readonly ColumnSpec[]): Map<string, string> {
  return new Map(columns.filter((c) => c.generated === undefined).map((c) => [c.name, q(c.name)]));
}

function indexUses(index: IndexSpec, column: string): boolean {
  const inParts = index.parts.some((p) => ('column' in p ? same(p.column, column) : referencesColumn(p.expression, column)));
  return inParts || (index.where !== undefined && referencesColumn(index.where, column));
}

/** The table without the column and without every constraint and index that uses it (PostgreSQL's DROP COLUMN). */
function withoutColumn(table: TableSpec, column: string): TableSpec {
  const uses = (columns: readonly string[]): boolean => columns.some((c) => same(c, column));
  const dependent = table.columns.find((c) => c.generated !== undefined && !same(c.name, column) && referencesColumn(c.generated, column));
  if (dependent) throw new Error(`cannot drop column "${column}" of table "${table.name}": generated column "${dependent.name}" uses it`);
  const next: TableSpec = {
    ...table,
    columns: table.columns.filter((c) => !same(c.name, column)),
    uniques: table.uniques.filter((u) => !uses(u.columns)),
    foreignKeys: table.foreignKeys.filter((fk) => !uses(fk.columns)),
    checks: table.checks.filter((ck) => !referencesColumn(ck.expression, column)),
    indexes: table.indexes.filter((ix) => !indexUses(ix, column)),
  };
  if (table.primaryKey && uses(table.primaryKey.columns)) delete next.primaryKey;
  return next;
}

/** True when a plain ALTER TABLE DROP COLUMN can drop it: nothing else in the table uses the column. */
export function canDropInPlace(table: TableSpec, column: string): boolean {
  const spec = findColumn(table, column);
  const next = withoutColumn(table, spec.name);
  return (
    next.primaryKey === table.primaryKey &&
    next.uniques.length === table.uniques.length &&
    next.foreignKeys.length === table.foreignKeys.length &&
    next.checks.length === table.checks.length &&
    next.indexes.length === table.indexes.length
  );
}

function alterColumn(table: TableSpec, op: OperationOf<'alterColumn'>): { next: TableSpec; sources: Map<string, string> } {
  const old = findColumn(table, op.column);
  const column: ColumnSpec = { ...old };
  const { changes } = op;
  if (changes.type) {
    column.type = changes.type;
    checkColumnType(column, op.kind);
  }
  if (changes.nullable !== undefined) column.nullable = changes.nullable;
  if (changes.default === null) delete column.default;
  else if (changes.default !== undefined) column.default = changes.default;
  if (changes.collation === null) delete column.collation;
  else if (changes.collation !== undefined) column.collation = changes.collation;
  // charset and statistics are refused by renderColumnDefinition, naming them
  if (changes.charset) column.charset = changes.charset;
  if (changes.statistics !== undefined && changes.statistics !== null) column.statistics = changes.statistics;
  if (changes.onUpdate) column.onUpdate = changes.onUpdate;
  const sources = copyAll(table.columns);
  if (changes.using !== undefined && column.generated === undefined) sources.set(old.name, changes.using);
  return { next: { ...table, columns: table.columns.map((c) => (c === old ? column : c)) }, sources };
}

/** Removes the named constraint; unnamed constraints answer to the names PostgreSQL would give them. */
function withoutConstraint(table: TableSpec, name: string): TableSpec {
  const matches = (given: string | undefined, fallback: string): boolean => same(given ?? fallback, name);
  if (table.primaryKey && matches(table.primaryKey.name, defaultPrimaryKeyName(table.name))) {
    const next = { ...table };
    delete next.primaryKey;
    return next;
  }
  const unique = table.uniques.find((u) => matches(u.name, defaultUniqueName(table.name, u.columns)));
  if (unique) return { ...table, uniques: table.uniques.filter((u) => u !== unique) };
  const fk = table.foreignKeys.find((f) => matches(f.name, defaultForeignKeyName(table.name, f.columns)));
  if (fk) return { ...table, foreignKeys: table.foreignKeys.filter((f) => f !== fk) };
  const check = table.checks.find((c) => same(c.name, name));
  if (check) return { ...table, checks: table.checks.filter((c) => c !== check) };
  throw new Error(`constraint "${name}" of table "${table.name}" does not exist`);
}

/** The rebuild that performs `op` on `current`. */
export function planRebuild(op: RebuildOperation, current: TableSpec, triggers: readonly SchemaObjectSpec[]): RebuildPlan {
  const plan = (next: TableSpec, sources = copyAll(current.columns)): RebuildPlan => ({ current, next, sources, triggers, kind: op.kind });
  switch (op.kind) {
    case 'addColumn':
      checkColumnType(op.column, op.kind);
      if (current.columns.some((c) => same(c.name, op.column.name))) {
        throw new Error(`column "${op.column.name}" of table "${current.name}" already exists`);
      }
      return plan({ ...current, columns: [...current.columns, op.column] });
    case 'dropColumn': {
      const column = findColumn(current, op.column);
      // the rebuild would recreate a trigger that fails when it fires; SQLite's DROP COLUMN refuses too
      const trigger = triggers.find((t) => referencesColumn(t.definition, column.name));
      if (trigger !== undefined) {
        throw new Error(`cannot drop column "${column.name}" of table "${current.name}": trigger "${trigger.name}" uses it; drop the trigger first`);
      }
      const next = withoutColumn(current, column.name);
      return plan(next, copyAll(next.columns));
    }
    case 'alterColumn': {
      const { next, sources } = alterColumn(current, op);
      return plan(next, sources);
    }
    case 'createPrimaryKey':
      if (current.primaryKey) {
        throw new Error(`table "${current.name}" already has a primary key${current.primaryKey.name ? ` "${current.primaryKey.name}"` : ''}`);
      }
      for (const column of op.constraint.columns) findColumn(current, column);
      return plan({ ...current, primaryKey: op.constraint });
    case 'createUniqueConstraint':
      for (const column of op.constraint.columns) findColumn(current, column);
      return plan({ ...current, uniques: [...current.uniques, op.constraint] });
    case 'createForeignKey':
      for (const column of op.constraint.columns) findColumn(current, column);
      return plan({ ...current, foreignKeys: [...current.foreignKeys, op.constraint] });
    case 'createCheckConstraint':
      return plan({ ...current, checks: [...current.checks, op.constraint] });
    case 'dropConstraint':
      return plan(withoutConstraint(current, op.name));
    case 'setTableOptions': {
      const { options: _old, ...rest } = current;
      return plan(Object.keys(op.options).length > 0 ? { ...rest, options: { ...op.options } } : rest);
    }
  }
}
