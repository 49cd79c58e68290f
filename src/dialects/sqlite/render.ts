// Operation → SQLite statements (no trailing semicolons). Identifiers are always quoted.
//
// SQLite's ALTER TABLE only renames tables and columns, adds plain columns and drops unconstrained ones;
// everything else (column type, nullability or default, constraints) rebuilds the table (rebuild.ts) from
// RenderContext.currentTable. Decisions:
// - enums: SQLite has none. An enum column with its values is text with a named CHECK (enum-check.ts);
//   createEnum/dropEnum render nothing (as on MySQL); addEnumValue and enum columns without values throw
//   UnsupportedOperationError.
// - comments: SQLite stores none; comment operations render nothing (capabilities.comments is false).
// - NOT VALID is ignored (constraints are checked at once); validateConstraint renders nothing.
// - index access methods (`using`) other than btree are refused; CONCURRENTLY is dropped (nothing to wait for).
// - tables outside schema "main" (attached databases) are refused.
import type { Operation, OperationOf } from '../../operations/types.js';
import { UnsupportedOperationError, type RenderContext } from '../dialect.js';
import { isConstantDefault, isNullDefault } from './defaults.js';
import type { ColumnSpec } from '../../schema/types.js';
import { enumCheckExpression, enumCheckName } from './enum-check.js';
import {
  checkClause,
  checkColumnType,
  createIndexStatement,
  createTableStatement,
  renderColumnDefinition,
  tableName,
  unsupported,
} from './ddl.js';
import { createObjectStatement, dropObjectStatement } from '../shared/objects.js';
import { sqliteLiteral } from './literal.js';
import { rebuildStatements } from './rebuild.js';
import { canDropInPlace, findColumn, planRebuild, type RebuildOperation } from './table-changes.js';
import { isSerialType, quoteSqliteIdent as q } from './types.js';

/** True when ALTER TABLE ADD COLUMN can add the column; otherwise the table is rebuilt. */
export function canAddInPlace(op: OperationOf<'addColumn'>): boolean {
  const { column } = op;
  if (isSerialType(column.type) || column.identity !== undefined) return false;
  // SQLite can add VIRTUAL generated columns only; the model's are STORED
  if (column.generated !== undefined) return false;
  if (!isConstantDefault(column.default)) return false;
  // existing rows would hold NULL
  if (!column.nullable && isNullDefault(column.default)) return false;
  return true;
}

/** alterColumn changes that need a rebuild (a rename alone is ALTER TABLE RENAME COLUMN; comments are nothing). */
function alterNeedsRebuild(op: OperationOf<'alterColumn'>): boolean {
  const { changes } = op;
  return [changes.type, changes.nullable, changes.default, changes.collation, changes.charset, changes.statistics, changes.onUpdate].some((c) => c !== undefined);
}

export function sqliteNeedsCurrentTable(op: Operation): boolean {
  switch (op.kind) {
    case 'addColumn':
      return !canAddInPlace(op);
    case 'alterColumn':
      return alterNeedsRebuild(op);
    case 'dropColumn':
    case 'createPrimaryKey':
    case 'createForeignKey':
    case 'createUniqueConstraint':
    case 'createCheckConstraint':
    case 'dropConstraint':
    case 'setTableOptions':
      return true;
    default:
      return false;
  }
}

function rebuild(op: RebuildOperation, context: RenderContext | undefined): string[] {
  tableName(op.table, op.kind);
  const current = context?.currentTable;
  if (!current) {
    throw unsupported(
      op.kind,
      `SQLite cannot do this with ALTER TABLE, so athanor rebuilds table "${op.table.name}", which needs its current ` +
        'definition: the table does not exist, or (offline --sql) was not created earlier in the same run',
    );
  }
  return rebuildStatements(planRebuild(op, current, context?.currentTriggers ?? []));
}

function renderAddColumn(op: OperationOf<'addColumn'>, context: RenderContext | undefined): string[] {
  checkColumnType(op.column, op.kind);
  if (!canAddInPlace(op)) return rebuild(op, context);
  // an enum column is text with a CHECK of its values (SQLite checks the existing rows against it)
  const values = op.column.type.name === 'enum' ? op.column.type.values : undefined;
  const column: ColumnSpec = values ? { ...op.column, type: { name: 'text' } } : op.column;
  const definition = renderColumnDefinition(column, {
    primaryKey: undefined,
    strictSerial: true,
    kind: op.kind,
  });
  const name = enumCheckName(op.table.name, op.column.name);
  const check = values ? ` ${checkClause({ name, expression: enumCheckExpression(op.column.name, values) })}` : '';
  return [`ALTER TABLE ${tableName(op.table, op.kind)} ADD COLUMN ${definition}${check}`];
}

function renderDropColumn(op: OperationOf<'dropColumn'>, context: RenderContext | undefined): string[] {
  const table = tableName(op.table, op.kind);
  const current = context?.currentTable;
  // without the definition, let SQLite's own check refuse a column something else uses
  if (current && !canDropInPlace(current, op.column)) return rebuild(op, context);
  const column = current ? findColumn(current, op.column).name : op.column;
  return [`ALTER TABLE ${table} DROP COLUMN ${q(column)}`];
}

function renderAlterColumn(op: OperationOf<'alterColumn'>, context: RenderContext | undefined): string[] {
  const table = tableName(op.table, op.kind);
  // refused before anything else, with or without the table's definition
  if (op.changes.type) checkColumnType({ name: op.column, type: op.changes.type, nullable: true }, op.kind);
  const statements = alterNeedsRebuild(op) ? rebuild(op, context) : [];
  const newName = op.changes.name;
  // after the rebuild, so SQLite rewrites the recreated indexes and triggers, and views, to the new name
  if (newName !== undefined && newName !== op.column) {
    statements.push(`ALTER TABLE ${table} RENAME COLUMN ${q(op.column)} TO ${q(newName)}`);
  }
  return statements;
}

/** One INSERT per run of rows with the same keys: SQLite has no DEFAULT keyword inside VALUES. */
function renderBulkInsert(op: OperationOf<'bulkInsert'>): string[] {
  const table = tableName(op.table, op.kind);
  const statements: string[] = [];
  let run: { key: string; columns: string[]; values: string[] } | undefined;
  const flush = (): void => {
    if (!run) return;
    statements.push(
      run.columns.length === 0
        ? `INSERT INTO ${table} DEFAULT VALUES`
        : `INSERT INTO ${table} (${run.columns.map(q).join(', ')}) VALUES\n  ${run.values.join(',\n  ')}`,
    );
    run = undefined;
  };
  for (const row of op.rows) {
    const columns = Object.keys(row);
    const key = JSON.stringify(columns);
    // DEFAULT VALUES inserts one row: never merge rows without columns
    if (run && (run.key !== key || columns.length === 0)) flush();
    run ??= { key, columns, values: [] };
    run.values.push(`(${columns.map((c) => sqliteLiteral(row[c])).join(', ')})`);
  }
  flush();
  return statements;
}

export function renderSqlite(op: Operation, context?: RenderContext): string[] {
  switch (op.kind) {
    case 'createTable': {
      const statements = [createTableStatement(op.table, { kind: op.kind, strictSerial: true })];
      for (const index of op.table.indexes) statements.push(createIndexStatement(op.table, index, op.kind));
      return statements;
    }
    case 'dropTable':
      return [`DROP TABLE ${tableName(op.table, op.kind)}`];
    case 'renameTable':
      return [`ALTER TABLE ${tableName(op.table, op.kind)} RENAME TO ${q(op.newName)}`];
    case 'addColumn':
      return renderAddColumn(op, context);
    case 'dropColumn':
      return renderDropColumn(op, context);
    case 'alterColumn':
      return renderAlterColumn(op, context);
    case 'createIndex':
      return [createIndexStatement(op.table, op.index, op.kind)];
    case 'dropIndex':
      tableName(op.table, op.kind);
      return [`DROP INDEX ${q(op.name)}`];
    case 'createPrimaryKey':
    case 'createForeignKey':
    case 'createUniqueConstraint':
    case 'createCheckConstraint':
    case 'dropConstraint':
    case 'setTableOptions':
      return rebuild(op, context);
    case 'createExclusionConstraint':
      throw new UnsupportedOperationError(op.kind, 'sqlite', "exclusion constraints are PostgreSQL's");
    case 'validateConstraint':
      return [];
    case 'createEnum':
    case 'dropEnum':
      // enum columns are text with a CHECK of their values: there is no type to create or drop
      return [];
    case 'addEnumValue':
    case 'dropEnumValue':
      throw unsupported(op.kind, `SQLite has no enum types (enum "${op.enum.name}"): a column using it is text with a CHECK of the values; change that check (op.dropConstraint, op.createCheckConstraint) instead`);
    case 'setTableComment':
    case 'setColumnComment':
      return [];
    case 'execute':
      return [op.sql];
    case 'bulkInsert':
      return renderBulkInsert(op);
    case 'createObject':
    case 'dropObject': {
      const { object } = op;
      if (object.kind !== 'view' && object.kind !== 'trigger') {
        throw unsupported(op.kind, `SQLite has no ${object.kind}s (${object.name}); views and triggers only`);
      }
      const name = tableName(object, op.kind);
      return [op.kind === 'createObject' ? createObjectStatement(op.object, name) : dropObjectStatement(object, name)];
    }
  }
}
