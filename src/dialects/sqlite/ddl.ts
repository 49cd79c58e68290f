// CREATE TABLE and CREATE INDEX text for SQLite, shared by createTable and the table rebuild.
// Constraints are written inline and named (CONSTRAINT "name" …): SQLite keeps the text, so the names come
// back through introspection even though SQLite itself never uses them.
import type { Operation } from '../../operations/types.js';
import type {
  CheckSpec,
  ColumnSpec,
  ForeignKeySpec,
  IndexSpec,
  PrimaryKeySpec,
  ReferentialAction,
  TableRef,
  TableSpec,
  UniqueSpec,
} from '../../schema/types.js';
import { UnsupportedOperationError } from '../dialect.js';
import { renderSqliteDefault } from './defaults.js';
import { enumsAsChecks } from './enum-check.js';
import { formatSqliteType, isSerialType, quoteSqliteIdent as q } from './types.js';

type Kind = Operation['kind'];

export function unsupported(kind: Kind, detail: string): UnsupportedOperationError {
  return new UnsupportedOperationError(kind, 'sqlite', detail);
}

/** The table's name, quoted; SQLite's attached databases are not athanor schemas. */
export function tableName(ref: TableRef, kind: Kind): string {
  if (ref.schema !== undefined && ref.schema !== 'main') {
    throw unsupported(kind, `table "${ref.schema}.${ref.name}" is in schema "${ref.schema}"; SQLite has only "main" (attached databases are not supported)`);
  }
  return q(ref.name);
}

export function columnList(columns: readonly string[]): string {
  return `(${columns.map(q).join(', ')})`;
}

function named(name: string | undefined, body: string): string {
  return name ? `CONSTRAINT ${q(name)} ${body}` : body;
}

/** True when the column is the rowid alias with AUTOINCREMENT: a serial (or identity) single-column primary key. */
export function isAutoincrement(column: ColumnSpec, primaryKey: PrimaryKeySpec | undefined): boolean {
  const sole = primaryKey?.columns.length === 1 && primaryKey.columns[0] === column.name;
  return sole && (isSerialType(column.type) || column.identity !== undefined);
}

/** An enum column is text with a CHECK of its values (enum-check.ts); without its values it cannot be written. */
export function checkColumnType(column: ColumnSpec, kind: Kind): void {
  if (column.type.name === 'enum' && column.type.values === undefined) {
    throw unsupported(
      kind,
      `column "${column.name}" uses enum type "${column.type.enumName ?? ''}" whose values are unknown here; SQLite has no enum types ` +
        '(write the column with t.enum(theEnum), which becomes text with a CHECK of the values, or t.text() with a check())',
    );
  }
}

export interface ColumnOptions {
  primaryKey: PrimaryKeySpec | undefined;
  /**
   * Refuse a serial column that is not the single-column primary key (SQLite only auto-numbers the rowid
   * alias). A rebuild passing through such a state (a primary key being replaced) writes it as integer.
   */
  strictSerial: boolean;
  kind: Kind;
}

export function renderColumnDefinition(column: ColumnSpec, options: ColumnOptions): string {
  checkColumnType(column, options.kind);
  const autoincrement = isAutoincrement(column, options.primaryKey);
  if (!autoincrement && options.strictSerial && (isSerialType(column.type) || column.identity !== undefined)) {
    throw unsupported(
      options.kind,
      `column "${column.name}" is ${column.identity ? 'an identity column' : column.type.name}; SQLite only auto-numbers a single-column integer primary key`,
    );
  }
  if (column.onUpdate !== undefined) throw unsupported(options.kind, `column "${column.name}": ON UPDATE is MySQL's (SQLite uses an AFTER UPDATE trigger)`);
  if (column.charset !== undefined || column.statistics !== undefined) {
    throw unsupported(options.kind, `column "${column.name}": ${column.charset !== undefined ? 'CHARACTER SET is MySQL\'s' : 'statistics targets are PostgreSQL\'s'}`);
  }
  const type = formatSqliteType(column.type);
  const parts = [type ? `${q(column.name)} ${type}` : q(column.name)];
  if (autoincrement) parts.push(named(options.primaryKey?.name, 'PRIMARY KEY AUTOINCREMENT'));
  const inPrimaryKey = options.primaryKey?.columns.includes(column.name) ?? false;
  // NOT NULL as the spec says (the models make primary keys NOT NULL; introspection says what the table's text
  // has: SQLite lets a non-integer primary key hold NULL); serial columns are NOT NULL unless they are the rowid
  // alias (INTEGER PRIMARY KEY, AUTOINCREMENT or not), which is never NULL
  const rowidAlias = autoincrement || (type.toLowerCase() === 'integer' && options.primaryKey?.columns.length === 1 && inPrimaryKey);
  if (rowidAlias ? !column.nullable : !column.nullable || isSerialType(column.type)) parts.push('NOT NULL');
  if (column.generated !== undefined) {
    parts.push(`GENERATED ALWAYS AS (${column.generated}) ${column.virtual ? 'VIRTUAL' : 'STORED'}`);
  } else if (column.default !== undefined) {
    parts.push(`DEFAULT ${renderSqliteDefault(column.default)}`);
  }
  if (column.collation !== undefined) parts.push(`COLLATE ${q(column.collation)}`);
  return parts.join(' ');
}

function actionClause(verb: 'DELETE' | 'UPDATE', action: ReferentialAction | undefined): string {
  return action && action !== 'no action' ? ` ON ${verb} ${action.toUpperCase()}` : '';
}

export function primaryKeyClause(pk: PrimaryKeySpec): string {
  return named(pk.name, `PRIMARY KEY ${columnList(pk.columns)}`);
}

export function uniqueClause(unique: UniqueSpec): string {
  return named(unique.name, `UNIQUE ${columnList(unique.columns)}`);
}

export function foreignKeyClause(fk: ForeignKeySpec, kind: Kind): string {
  if (fk.refSchema !== undefined && fk.refSchema !== 'main') {
    throw unsupported(kind, `foreign key ${fk.name ?? ''} references schema "${fk.refSchema}"; SQLite has only "main"`);
  }
  const target = fk.refColumns.length > 0 ? `${q(fk.refTable)} ${columnList(fk.refColumns)}` : q(fk.refTable);
  return named(
    fk.name,
    `FOREIGN KEY ${columnList(fk.columns)} REFERENCES ${target}` +
      actionClause('DELETE', fk.onDelete) +
      actionClause('UPDATE', fk.onUpdate) +
      (fk.deferrable ? ` ${fk.deferrable}` : ''),
  );
}

export function checkClause(check: CheckSpec): string {
  return named(check.name, `CHECK (${check.expression})`);
}

export interface CreateTableOptions {
  kind: Kind;
  strictSerial: boolean;
  /** create under another name (the rebuild's `_athanor_new_<table>`) */
  as?: string;
}

/** ` WITHOUT ROWID, STRICT` after the column list; MySQL's options are refused. */
function tableOptionsClause(table: TableSpec, kind: Kind): string {
  const { withoutRowid, strict, ...others } = table.options ?? {};
  const foreign = Object.keys(others);
  if (foreign.length > 0) throw unsupported(kind, `table "${table.name}": ${foreign.join(', ')} are MySQL table options`);
  const clauses = [...(withoutRowid ? ['WITHOUT ROWID'] : []), ...(strict ? ['STRICT'] : [])];
  return clauses.length > 0 ? ` ${clauses.join(', ')}` : '';
}

/** The CREATE TABLE statement alone; indexes are separate statements (createIndexStatement). */
export function createTableStatement(spec: TableSpec, options: CreateTableOptions): string {
  const table = enumsAsChecks(spec, (type) => type.values);
  const name = options.as !== undefined ? q(options.as) : tableName(table, options.kind);
  if (table.columns.length === 0) throw unsupported(options.kind, `table "${table.name}" would have no columns`);
  if (table.primaryKey?.prefixes) throw unsupported(options.kind, `table "${table.name}": prefix lengths in a primary key are MySQL's`);
  if (table.exclusions && table.exclusions.length > 0) throw unsupported(options.kind, `table "${table.name}": exclusion constraints are PostgreSQL's`);
  if (table.primaryKey?.include || table.uniques.some((u) => u.include)) {
    throw unsupported(options.kind, `table "${table.name}": INCLUDE columns of a key are PostgreSQL's`);
  }
  const columnOptions: ColumnOptions = {
    primaryKey: table.primaryKey,
    strictSerial: options.strictSerial,
    kind: options.kind,
  };
  const lines = table.columns.map((c) => renderColumnDefinition(c, columnOptions));
  const inlinePk = table.columns.some((c) => isAutoincrement(c, table.primaryKey));
  if (table.primaryKey && !inlinePk) lines.push(primaryKeyClause(table.primaryKey));
  for (const unique of table.uniques) lines.push(uniqueClause(unique));
  for (const fk of table.foreignKeys) lines.push(foreignKeyClause(fk, options.kind));
  for (const check of table.checks) lines.push(checkClause(check));
  const tableOptions = tableOptionsClause(table, options.kind);
  return `CREATE TABLE ${name} (\n  ${lines.join(',\n  ')}\n)${tableOptions}`;
}

/** CREATE INDEX; expression parts are written as given (SQLite accepts any expression, ASC/DESC included). */
export function createIndexStatement(table: TableRef, index: IndexSpec, kind: Kind): string {
  const using = index.using?.trim().toLowerCase();
  if (using && using !== 'btree') {
    throw unsupported(kind, `index "${index.name}" uses access method "${index.using}"; SQLite has only b-tree indexes`);
  }
  const parts = index.parts.map((part) => {
    if ('column' in part && part.prefix !== undefined) throw unsupported(kind, `index "${index.name}": prefix lengths are MySQL's`);
    if (part.opclass !== undefined || part.nulls !== undefined) {
      throw unsupported(kind, `index "${index.name}": SQLite has no operator classes or NULLS FIRST/LAST in indexes`);
    }
    const collate = part.collation !== undefined ? ` COLLATE ${q(part.collation)}` : '';
    return 'column' in part ? `${q(part.column)}${collate}${part.desc ? ' DESC' : ''}` : `${part.expression}${collate}${part.desc ? ' DESC' : ''}`;
  });
  if (index.include && index.include.length > 0) throw unsupported(kind, `index "${index.name}": SQLite has no INCLUDE columns`);
  return (
    `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${q(index.name)} ON ${tableName(table, kind)} (${parts.join(', ')})` +
    (index.where ? ` WHERE ${index.where}` : '')
  );
}
