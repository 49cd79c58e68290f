// Operation → MySQL/MariaDB statements (no trailing semicolons). Identifiers are always backquoted.
//
// Decisions:
// - TableRef.schema is the database: `db`.`table`.
// - No ALGORITHM=INSTANT on ADD COLUMN: the server already picks INSTANT when it can (alter_algorithm=DEFAULT),
//   and an explicit INSTANT fails where it cannot (MyISAM, FULLTEXT indexes, compressed rows, AUTO_INCREMENT or
//   stored generated columns). `concurrently` on createIndex/dropIndex becomes ALGORITHM=INPLACE, LOCK=NONE: the
//   caller asked for no write lock, so failing where the server would need one is the honest answer.
// - Enums are inline column types: createEnum/dropEnum render nothing; addEnumValue is an alterColumn of each
//   column using it, which the diff produces from normalized specs (see normalize.ts).
// - MODIFY COLUMN restates the whole column, so alterColumn and setColumnComment take the column from
//   context.currentTable (or, failing that, from the operation's `existing` state).
// - Dropping a foreign key also drops the index MySQL created for it (same name), if it is still there
//   (`DROP INDEX IF EXISTS`, MariaDB syntax); introspection hides that index (see introspect.ts). Dropping the
//   last index a foreign key can use gives the key its own index back in the same statement (InnoDB refuses
//   otherwise): dropIndex and dropping a unique or primary key read the current table for that.
import type { ColumnChanges, Operation, OperationKind, OperationOf } from '../../operations/types.js';
import { createObjectStatement, dropObjectStatement } from '../shared/objects.js';
import { multiRowInsert } from '../shared/sql-text.js';
import type {
  CheckSpec,
  ColumnSpec,
  ColumnType,
  ConstraintSpec,
  ForeignKeySpec,
  IndexSpec,
  PrimaryKeySpec,
  ReferentialAction,
  TableOptionsSpec,
  TableRef,
  TableSpec,
  UniqueSpec,
} from '../../schema/types.js';
import { UnsupportedOperationError, type RenderContext } from '../dialect.js';
import { isAutoIncrement, renderColumnDefinition } from './column.js';
import { renderMysqlDefault } from './defaults.js';
import { mysqlLiteral, quoteMysqlString } from './literal.js';
import { quoteMysqlIdent as q } from './types.js';

export function qualifiedName(ref: { schema?: string | undefined; name: string }): string {
  return ref.schema ? `${q(ref.schema)}.${q(ref.name)}` : q(ref.name);
}

function columnList(columns: readonly string[]): string {
  return `(${columns.map(q).join(', ')})`;
}

/** `(`a`, `name`(50))`: a primary key's columns with their prefix lengths. */
function primaryKeyColumns(pk: PrimaryKeySpec): string {
  if (pk.include) unsupported('createPrimaryKey', `primary key: INCLUDE columns are PostgreSQL's`);
  return `(${pk.columns.map((c) => `${q(c)}${pk.prefixes?.[c] !== undefined ? `(${pk.prefixes[c]})` : ''}`).join(', ')})`;
}

function unsupported(kind: OperationKind, why: string): never {
  throw new UnsupportedOperationError(kind, 'mysql', why);
}

function alterTable(table: TableRef, clause: string): string {
  return `ALTER TABLE ${qualifiedName(table)} ${clause}`;
}

function actionClause(kind: OperationKind, verb: 'DELETE' | 'UPDATE', action: ReferentialAction | undefined): string {
  if (action === undefined) return '';
  // InnoDB accepts SET DEFAULT and silently keeps RESTRICT instead
  if (action === 'set default') unsupported(kind, `ON ${verb} SET DEFAULT (InnoDB ignores it)`);
  return ` ON ${verb} ${action.toUpperCase()}`;
}

function foreignKeyClause(kind: OperationKind, fk: ForeignKeySpec): string {
  if (fk.deferrable !== undefined) unsupported(kind, `foreign key ${fk.name ?? ''}: MySQL checks every key at once (${fk.deferrable} is PostgreSQL's and SQLite's)`);
  const target = qualifiedName({ schema: fk.refSchema, name: fk.refTable });
  return (
    `${fk.name ? `CONSTRAINT ${q(fk.name)} ` : ''}FOREIGN KEY ${columnList(fk.columns)} REFERENCES ${target} ` +
    columnList(fk.refColumns) +
    actionClause(kind, 'DELETE', fk.onDelete) +
    actionClause(kind, 'UPDATE', fk.onUpdate)
  );
}

function uniqueClause(unique: UniqueSpec): string {
  if (unique.include) unsupported('createUniqueConstraint', `unique ${unique.name ?? ''}: INCLUDE columns are PostgreSQL's`);
  return `${unique.name ? `CONSTRAINT ${q(unique.name)} ` : ''}UNIQUE ${columnList(unique.columns)}`;
}

function checkClause(check: CheckSpec): string {
  return `CONSTRAINT ${q(check.name)} CHECK (${check.expression})`;
}

/** The index's kind keyword (`UNIQUE `, `FULLTEXT `…), column list and trailing USING clause. */
function indexShape(kind: OperationKind, index: IndexSpec): { prefix: string; parts: string; suffix: string } {
  if (index.where !== undefined && index.where.trim() !== '') unsupported(kind, `index ${index.name}: MySQL has no partial indexes`);
  const parts = index.parts.map((part) => {
    if ('expression' in part) {
      return unsupported(kind, `index ${index.name}: MariaDB has no expression indexes (index a generated column instead)`);
    }
    const pgOnly = part.opclass ?? part.collation ?? part.nulls;
    if (pgOnly !== undefined) unsupported(kind, `index ${index.name}: MySQL has no per-key operator class, collation or NULLS order (${pgOnly})`);
    return `${q(part.column)}${part.prefix !== undefined ? `(${part.prefix})` : ''}${part.desc ? ' DESC' : ''}`;
  });
  if (index.include && index.include.length > 0) unsupported(kind, `index ${index.name}: MySQL has no INCLUDE columns`);
  const using = index.using?.trim().toLowerCase();
  let prefix = index.unique ? 'UNIQUE ' : '';
  let suffix = '';
  if (using === 'fulltext' || using === 'spatial') prefix = `${using.toUpperCase()} `;
  else if (using === 'btree' || using === 'hash') suffix = ` USING ${using.toUpperCase()}`;
  else if (using !== undefined && using !== '') unsupported(kind, `index ${index.name}: access method ${using} (MySQL has btree, hash, fulltext, spatial)`);
  return { prefix, parts: `(${parts.join(', ')})`, suffix };
}

const TABLE_OPTION_SQL = {
  engine: (v: string) => `ENGINE=${v}`,
  charset: (v: string) => `DEFAULT CHARSET=${v}`,
  collation: (v: string) => `COLLATE=${v}`,
  rowFormat: (v: string) => `ROW_FORMAT=${v}`,
} as const;

/** What a table option goes back to when it is no longer set. */
const TABLE_OPTION_RESET = { engine: 'ENGINE=InnoDB', charset: 'CHARACTER SET DEFAULT', collation: 'COLLATE DEFAULT', rowFormat: 'ROW_FORMAT=DEFAULT' } as const;

/**
 * `ENGINE=MyISAM DEFAULT CHARSET=latin1 …` for the options that differ from `existing` (all set ones when it is
 * unknown: an unchanged ENGINE= would still copy the table), and resets for those only `existing` has.
 */
function tableOptionClauses(kind: OperationKind, options: TableOptionsSpec, existing?: TableOptionsSpec): string[] {
  if (options.withoutRowid || options.strict) unsupported(kind, 'WITHOUT ROWID and STRICT are SQLite table options');
  const clauses: string[] = [];
  for (const key of Object.keys(TABLE_OPTION_SQL) as (keyof typeof TABLE_OPTION_SQL)[]) {
    const value = options[key];
    if (existing && existing[key] === value) continue;
    if (value !== undefined) clauses.push(TABLE_OPTION_SQL[key](value));
    else if (existing?.[key] !== undefined) clauses.push(TABLE_OPTION_RESET[key]);
  }
  return [...clauses, ...createOptionClauses(kind, options.createOptions ?? {}, existing ? (existing.createOptions ?? {}) : undefined)];
}

/** Options whose "not set" is 0 rather than DEFAULT. */
const RESET_TO_ZERO = new Set(['KEY_BLOCK_SIZE', 'MIN_ROWS', 'MAX_ROWS', 'CHECKSUM', 'DELAY_KEY_WRITE', 'AVG_ROW_LENGTH']);

/** `KEY_BLOCK_SIZE=8` for each other option that differs from `existing`, and resets for those only it has. */
function createOptionClauses(kind: OperationKind, options: Record<string, string>, existing?: Record<string, string>): string[] {
  const clauses: string[] = [];
  for (const [name, value] of Object.entries(options)) {
    if (!/^\w+$/.test(name) || !/^[\w.]+$/.test(value)) unsupported(kind, `table option ${name}=${value}: expected a name and a plain value`);
    if (existing?.[name] !== value) clauses.push(`${name}=${value}`);
  }
  for (const name of Object.keys(existing ?? {})) {
    if (!(name in options)) clauses.push(`${name}=${RESET_TO_ZERO.has(name) ? '0' : 'DEFAULT'}`);
  }
  return clauses;
}

/** MySQL requires an AUTO_INCREMENT column to lead some key of its table. */
function leadsAKey(table: TableSpec, column: string): boolean {
  if (table.primaryKey?.columns[0] === column) return true;
  if (table.uniques.some((u) => u.columns[0] === column)) return true;
  return table.indexes.some((i) => {
    const first = i.parts[0];
    return first !== undefined && 'column' in first && first.column === column;
  });
}

/** The plain column list of each key of a table (primary key, uniques, indexes), by name. */
function keysOf(table: TableSpec): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  if (table.primaryKey) keys.set('PRIMARY', table.primaryKey.columns);
  for (const unique of table.uniques) if (unique.name) keys.set(unique.name, unique.columns);
  for (const index of table.indexes) {
    const columns = index.parts.map((p) => ('column' in p ? p.column : ''));
    keys.set(index.name, columns);
  }
  return keys;
}

const startsWith = (columns: readonly string[], prefix: readonly string[]): boolean =>
  prefix.length > 0 && prefix.every((c, i) => columns[i] === c);

/**
 * InnoDB refuses to drop the last index a foreign key can use (MySQL dropped the key's own index when this one
 * was created). Such keys get their own index back, named after them, in the same statement.
 */
function keepForeignKeyIndexes(table: TableSpec | undefined, dropped: string): string[] {
  if (!table) return [];
  const keys = keysOf(table);
  const droppedColumns = keys.get(dropped);
  if (!droppedColumns) return [];
  keys.delete(dropped);
  const others = [...keys.values()];
  return table.foreignKeys
    .filter((fk) => fk.name && startsWith(droppedColumns, fk.columns) && !others.some((cols) => startsWith(cols, fk.columns)))
    .map((fk) => `ADD INDEX ${q(fk.name ?? '')} ${columnList(fk.columns)}, `);
}

function renderCreateTable({ table }: OperationOf<'createTable'>): string[] {
  if (table.exclusions && table.exclusions.length > 0) unsupported('createTable', `table ${table.name}: exclusion constraints are PostgreSQL's`);
  for (const column of table.columns) {
    if (isAutoIncrement(column) && !leadsAKey(table, column.name)) {
      unsupported('createTable', `${table.name}.${column.name} is AUTO_INCREMENT (serial) and must be the primary key or lead a unique key`);
    }
  }
  const lines = table.columns.map((c) => renderColumnDefinition(c, 'createTable'));
  if (table.primaryKey) lines.push(`PRIMARY KEY ${primaryKeyColumns(table.primaryKey)}`);
  for (const unique of table.uniques) lines.push(uniqueClause(unique));
  for (const index of table.indexes) {
    const shape = indexShape('createTable', index);
    lines.push(`${shape.prefix}INDEX ${q(index.name)} ${shape.parts}${shape.suffix}`);
  }
  for (const fk of table.foreignKeys) lines.push(foreignKeyClause('createTable', fk));
  for (const check of table.checks) lines.push(checkClause(check));
  const options = tableOptionClauses('createTable', table.options ?? {}).map((o) => ` ${o}`).join('');
  const comment = table.comment ? ` COMMENT = ${quoteMysqlString(table.comment)}` : '';
  return [`CREATE TABLE ${qualifiedName(table)} (\n  ${lines.join(',\n  ')}\n)${options}${comment}`];
}

function renderCreateIndex(op: OperationOf<'createIndex'>): string[] {
  const shape = indexShape('createIndex', op.index);
  const online = op.concurrently ? ' ALGORITHM=INPLACE LOCK=NONE' : '';
  return [`CREATE ${shape.prefix}INDEX ${q(op.index.name)} ON ${qualifiedName(op.table)} ${shape.parts}${shape.suffix}${online}`];
}

function renderAddColumn(op: OperationOf<'addColumn'>): string[] {
  if (isAutoIncrement(op.column)) {
    unsupported(
      'addColumn',
      `${op.column.name} would be AUTO_INCREMENT (serial), which MySQL only accepts on a key: ` +
        'add it as an integer, add the key, then alter its type to serial',
    );
  }
  return [alterTable(op.table, `ADD COLUMN ${renderColumnDefinition(op.column, 'addColumn')}`)];
}

/** The column as it stands: from the current table, else from the operation's record of its existing state. */
function currentColumn(
  kind: OperationKind,
  context: RenderContext | undefined,
  name: string,
  existing: { type?: ColumnType; nullable?: boolean; default?: ColumnSpec['default'] | null; comment?: string | null } | undefined,
): ColumnSpec {
  const column = context?.currentTable?.columns.find((c) => c.name === name);
  if (column) return column;
  if (existing?.type !== undefined && existing.nullable !== undefined) {
    return {
      name,
      type: existing.type,
      nullable: existing.nullable,
      ...(existing.default ? { default: existing.default } : {}),
      ...(existing.comment ? { comment: existing.comment } : {}),
    };
  }
  return unsupported(kind, `MODIFY COLUMN restates the whole column and column ${name} is not known (no current table given)`);
}

function applyChanges(column: ColumnSpec, changes: ColumnChanges): ColumnSpec {
  const next: ColumnSpec = { ...column };
  if (changes.type !== undefined) {
    next.type = changes.type;
    // an identity only survives on the integer types
    if (!['smallint', 'integer', 'bigint'].includes(changes.type.name)) delete next.identity;
  }
  if (changes.nullable !== undefined) next.nullable = changes.nullable;
  if (changes.default === null) delete next.default;
  else if (changes.default !== undefined) next.default = changes.default;
  if (changes.comment === null) delete next.comment;
  else if (changes.comment !== undefined) next.comment = changes.comment;
  for (const field of ['collation', 'charset', 'statistics', 'onUpdate'] as const) {
    const value = changes[field];
    if (value === null) delete next[field];
    else if (value !== undefined) (next as unknown as Record<string, unknown>)[field] = value;
  }
  return next;
}

/** Changes only MODIFY (or CHANGE) COLUMN can make: type, nullability, comment, character set, collation. */
function needsModify(changes: ColumnChanges): boolean {
  return [changes.type, changes.nullable, changes.comment, changes.collation, changes.charset, changes.statistics, changes.onUpdate].some(
    (c) => c !== undefined,
  );
}

function renderAlterColumn(op: OperationOf<'alterColumn'>, context: RenderContext | undefined): string[] {
  const { changes } = op;
  const rename = changes.name !== undefined && changes.name !== op.column ? changes.name : undefined;
  if (needsModify(changes)) {
    const next = applyChanges(currentColumn('alterColumn', context, op.column, op.existing), changes);
    if (rename === undefined) return [alterTable(op.table, `MODIFY COLUMN ${renderColumnDefinition(next, 'alterColumn')}`)];
    const renamed = renderColumnDefinition({ ...next, name: rename }, 'alterColumn');
    return [alterTable(op.table, `CHANGE COLUMN ${q(op.column)} ${renamed}`)];
  }
  const statements: string[] = [];
  if (changes.default === null) {
    statements.push(alterTable(op.table, `ALTER COLUMN ${q(op.column)} DROP DEFAULT`));
  } else if (changes.default !== undefined) {
    const type = context?.currentTable?.columns.find((c) => c.name === op.column)?.type ?? op.existing?.type ?? { name: 'custom', raw: '' };
    statements.push(alterTable(op.table, `ALTER COLUMN ${q(op.column)} SET DEFAULT ${renderMysqlDefault(changes.default, type)}`));
  }
  if (rename !== undefined) statements.push(alterTable(op.table, `RENAME COLUMN ${q(op.column)} TO ${q(rename)}`));
  return statements;
}

function renderSetColumnComment(op: OperationOf<'setColumnComment'>, context: RenderContext | undefined): string[] {
  const column = currentColumn('setColumnComment', context, op.column, undefined);
  const next = applyChanges(column, { comment: op.comment });
  return [alterTable(op.table, `MODIFY COLUMN ${renderColumnDefinition(next, 'setColumnComment')}`)];
}

/** The kind of constraint a name refers to: from the operation, else from the current table. */
function constraintType(op: OperationOf<'dropConstraint'>, context: RenderContext | undefined): ConstraintSpec['type'] | undefined {
  const known = op.existing?.type ?? op.constraintType;
  if (known) return known;
  const table = context?.currentTable;
  if (!table) return undefined;
  if (table.foreignKeys.some((fk) => fk.name === op.name)) return 'foreignKey';
  if (table.uniques.some((u) => u.name === op.name)) return 'unique';
  if (table.indexes.some((i) => i.unique && i.name === op.name)) return 'unique';
  if (table.checks.some((c) => c.name === op.name)) return 'check';
  if (table.primaryKey && [table.primaryKey.name, 'PRIMARY', `${table.name}_pkey`].includes(op.name)) return 'primaryKey';
  return undefined;
}

function renderDropConstraint(op: OperationOf<'dropConstraint'>, context: RenderContext | undefined): string[] {
  const current = context?.currentTable;
  switch (constraintType(op, context)) {
    case 'primaryKey':
      return [alterTable(op.table, `${keepForeignKeyIndexes(current, 'PRIMARY').join('')}DROP PRIMARY KEY`)];
    case 'unique':
      return [alterTable(op.table, `${keepForeignKeyIndexes(current, op.name).join('')}DROP INDEX ${q(op.name)}`)];
    case 'foreignKey':
      return [alterTable(op.table, `DROP FOREIGN KEY ${q(op.name)}`), alterTable(op.table, `DROP INDEX IF EXISTS ${q(op.name)}`)];
    case 'check':
    case 'exclusion':
    case undefined:
      // MariaDB 10.2.22+ and MySQL 8.0.19+ drop a constraint of any kind by name
      return [alterTable(op.table, `DROP CONSTRAINT ${q(op.name)}`)];
  }
}

function renderDropIndex(op: OperationOf<'dropIndex'>, context: RenderContext | undefined): string[] {
  const online = op.concurrently ? ', ALGORITHM=INPLACE, LOCK=NONE' : '';
  const keep = keepForeignKeyIndexes(context?.currentTable, op.name).join('');
  return [alterTable(op.table, `${keep}DROP INDEX ${q(op.name)}${online}`)];
}

function renderBulkInsert(op: OperationOf<'bulkInsert'>): string[] {
  return multiRowInsert(qualifiedName(op.table), op.rows, q, mysqlLiteral);
}

/** True when render() needs context.currentTable for this operation (see Dialect.needsCurrentTable). */
export function mysqlNeedsCurrentTable(op: Operation): boolean {
  switch (op.kind) {
    case 'alterColumn':
      // a default alone needs the type only (to spell expressions and CURRENT_TIMESTAMP(p))
      return needsModify(op.changes) || (op.changes.default !== undefined && op.existing?.type === undefined);
    case 'setColumnComment':
      return true;
    case 'dropIndex':
      return true;
    case 'dropConstraint': {
      const type = op.existing?.type ?? op.constraintType;
      return type === undefined || type === 'unique' || type === 'primaryKey';
    }
    default:
      return false;
  }
}

export function renderMysql(op: Operation, context?: RenderContext): string[] {
  switch (op.kind) {
    case 'createTable':
      return renderCreateTable(op);
    case 'dropTable':
      return [`DROP TABLE ${qualifiedName(op.table)}`];
    case 'renameTable':
      // an unqualified new name would move the table into the connection's database
      return [`RENAME TABLE ${qualifiedName(op.table)} TO ${qualifiedName({ schema: op.table.schema, name: op.newName })}`];
    case 'addColumn':
      return renderAddColumn(op);
    case 'dropColumn':
      return [alterTable(op.table, `DROP COLUMN ${q(op.column)}`)];
    case 'alterColumn':
      return renderAlterColumn(op, context);
    case 'createIndex':
      return renderCreateIndex(op);
    case 'dropIndex':
      return renderDropIndex(op, context);
    case 'createPrimaryKey':
      // the primary key is always called PRIMARY in MySQL
      return [alterTable(op.table, `ADD PRIMARY KEY ${primaryKeyColumns(op.constraint)}`)];
    case 'createForeignKey':
      if (op.notValid) unsupported(op.kind, 'MySQL has no NOT VALID constraints');
      return [alterTable(op.table, `ADD ${foreignKeyClause(op.kind, op.constraint)}`)];
    case 'createUniqueConstraint':
      return [alterTable(op.table, `ADD ${uniqueClause(op.constraint)}`)];
    case 'createCheckConstraint':
      if (op.notValid) unsupported(op.kind, 'MySQL has no NOT VALID constraints');
      return [alterTable(op.table, `ADD ${checkClause(op.constraint)}`)];
    case 'createExclusionConstraint':
      return unsupported(op.kind, 'exclusion constraints are PostgreSQL\'s');
    case 'validateConstraint':
      return unsupported(op.kind, 'MySQL constraints are always validated when created');
    case 'dropConstraint':
      return renderDropConstraint(op, context);
    case 'createEnum':
    case 'dropEnum':
      // enums are inline ENUM(…) column types: there is no type to create or drop
      return [];
    case 'addEnumValue':
    case 'dropEnumValue':
      return unsupported(op.kind, 'MySQL enums are inline column types: alter each column using the enum to its new ENUM(…) type');
    case 'setTableComment':
      return [alterTable(op.table, `COMMENT = ${quoteMysqlString(op.comment ?? '')}`)];
    case 'setColumnComment':
      return renderSetColumnComment(op, context);
    case 'setTableOptions':
      return [alterTable(op.table, tableOptionClauses(op.kind, op.options, op.existing).join(', '))];
    case 'execute':
      return [op.sql];
    case 'bulkInsert':
      return renderBulkInsert(op);
    case 'createObject':
      if (op.object.kind === 'materialized view') unsupported(op.kind, `MySQL has no materialized views (${op.object.name})`);
      return [createObjectStatement(op.object, qualifiedName(op.object))];
    case 'dropObject':
      return [dropObjectStatement(op.object, qualifiedName(op.object))];
  }
}
