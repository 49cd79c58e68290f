// Reading a live MySQL/MariaDB database into a SchemaSpec from information_schema, with a fixed number of
// queries for the whole database (not one per table).
//
// What MySQL stores differently from the model, read back into the model's terms:
// - AUTO_INCREMENT smallint/int/bigint → smallserial/serial/bigserial (other integer types: identity).
// - MariaDB's JSON is LONGTEXT with a column-level CHECK (json_valid(`col`)): read as json, the check hidden.
// - Every unique key is an index; one over plain ascending columns is a unique constraint (TableSpec.uniques),
//   any other (DESC parts) a unique index.
// - MySQL creates an index for a foreign key that has none, named after the constraint: hidden, since it comes
//   and goes with the foreign key (the renderer drops it with the key).
// - The primary key is always called PRIMARY: no name.
// - Tables in the connection's database have no schema; tables of other databases (options.schemas) have it.
// - Index prefix lengths (`b`(10)) are IndexPart.prefix; a unique key with a prefix is a unique index.
// - Character sets and collations (columns, tables), ENGINE and ROW_FORMAT: only where they differ from the
//   level above (charsets.ts), so a plain table reads as plain.
// - ON UPDATE CURRENT_TIMESTAMP(p) is ColumnSpec.onUpdate.
import type { Connection } from '../../drivers/connection.js';
import { UsageError } from '../../errors.js';
import type {
  ColumnSpec,
  ForeignKeySpec,
  IndexPart,
  IndexSpec,
  PrimaryKeySpec,
  ReferentialAction,
  SchemaSpec,
  TableSpec,
} from '../../schema/types.js';
import type { IntrospectOptions } from '../dialect.js';
import { parseMysqlDefault, withoutDatabaseQualifier } from './defaults.js';
import { readMysqlObjects } from './objects.js';
import { explicitCharset, readCharsetDefaults, serverFacts, tableOptionsOf } from './charsets.js';
import { canonicalMysqlExpression } from './expression.js';
import { parseMysqlType, serialTypeFor } from './types.js';
import { isBookkeepingTable, isOtherToolsTable, withoutOtherToolsTables } from '../shared/other-tools-tables.js';

interface ServerRow {
  db: string | null;
  version: string;
}

interface TableRow {
  schema_name: string;
  name: string;
  comment: string | null;
  engine: string | null;
  collation: string | null;
  create_options: string | null;
}

const TABLES_SQL = `
SELECT TABLE_SCHEMA AS schema_name, TABLE_NAME AS name, TABLE_COMMENT AS comment, ENGINE AS engine,
  TABLE_COLLATION AS collation, CREATE_OPTIONS AS create_options
FROM information_schema.TABLES
WHERE TABLE_SCHEMA IN (?) AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
ORDER BY TABLE_SCHEMA, TABLE_NAME`;

interface ColumnRow {
  schema_name: string;
  table_name: string;
  name: string;
  default_value: string | null;
  nullable: string;
  column_type: string;
  extra: string;
  generation: string | null;
  comment: string | null;
  collation: string | null;
}

const COLUMNS_SQL = `
SELECT TABLE_SCHEMA AS schema_name, TABLE_NAME AS table_name, COLUMN_NAME AS name, COLUMN_DEFAULT AS default_value,
  IS_NULLABLE AS nullable, COLUMN_TYPE AS column_type, EXTRA AS extra, GENERATION_EXPRESSION AS generation,
  COLUMN_COMMENT AS comment, COLLATION_NAME AS collation
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA IN (?)
ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`;

interface IndexRow {
  schema_name: string;
  table_name: string;
  name: string;
  non_unique: number | string;
  column_name: string | null;
  collation: string | null;
  sub_part: number | string | null;
  index_type: string;
}

const INDEXES_SQL = `
SELECT TABLE_SCHEMA AS schema_name, TABLE_NAME AS table_name, INDEX_NAME AS name, NON_UNIQUE AS non_unique,
  COLUMN_NAME AS column_name, COLLATION AS collation, SUB_PART AS sub_part, INDEX_TYPE AS index_type
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA IN (?)
ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`;

interface ForeignKeyRow {
  schema_name: string;
  table_name: string;
  name: string;
  column_name: string;
  ref_schema: string;
  ref_table: string;
  ref_column: string;
  on_update: string;
  on_delete: string;
}

const FOREIGN_KEYS_SQL = `
SELECT k.TABLE_SCHEMA AS schema_name, k.TABLE_NAME AS table_name, k.CONSTRAINT_NAME AS name,
  k.COLUMN_NAME AS column_name, k.REFERENCED_TABLE_SCHEMA AS ref_schema, k.REFERENCED_TABLE_NAME AS ref_table,
  k.REFERENCED_COLUMN_NAME AS ref_column, r.UPDATE_RULE AS on_update, r.DELETE_RULE AS on_delete
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.REFERENTIAL_CONSTRAINTS r
  ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
WHERE k.TABLE_SCHEMA IN (?) AND k.REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`;

interface CheckRow {
  schema_name: string;
  table_name: string;
  name: string;
  level: string | null;
  clause: string;
}

// MariaDB's CHECK_CONSTRAINTS has TABLE_NAME and LEVEL (check names are per table there).
const MARIADB_CHECKS_SQL = `
SELECT CONSTRAINT_SCHEMA AS schema_name, TABLE_NAME AS table_name, CONSTRAINT_NAME AS name, LEVEL AS level,
  CHECK_CLAUSE AS clause
FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA IN (?)
ORDER BY CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME`;

const MYSQL_CHECKS_SQL = `
SELECT c.CONSTRAINT_SCHEMA AS schema_name, t.TABLE_NAME AS table_name, c.CONSTRAINT_NAME AS name, NULL AS level,
  c.CHECK_CLAUSE AS clause
FROM information_schema.CHECK_CONSTRAINTS c
JOIN information_schema.TABLE_CONSTRAINTS t
  ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME AND t.CONSTRAINT_TYPE = 'CHECK'
WHERE c.CONSTRAINT_SCHEMA IN (?)
ORDER BY c.CONSTRAINT_SCHEMA, t.TABLE_NAME, c.CONSTRAINT_NAME`;

const ACTIONS: Record<string, ReferentialAction> = {
  restrict: 'restrict',
  cascade: 'cascade',
  'set null': 'set null',
  'no action': 'no action',
  'set default': 'set default',
};

const tableKey = (schema: string, name: string): string => `${schema}\u0000${name}`;

function tableSelected(row: TableRow, options: IntrospectOptions): boolean {
  if (isBookkeepingTable(row.name)) return false;
  const names = [row.name, `${row.schema_name}.${row.name}`];
  if (options.includeTables && !options.includeTables.some((n) => names.includes(n))) return false;
  if (options.excludeTables?.some((n) => names.includes(n))) return false;
  return true;
}

/** `database`: the connection's; its name is dropped from the defaults of its own tables (nextval(`db`.`seq`)). */
function readColumn(row: ColumnRow, mariadb: boolean, database: string): ColumnSpec {
  const extra = row.extra.toLowerCase();
  const column: ColumnSpec = { name: row.name, type: parseMysqlType(row.column_type), nullable: row.nullable === 'YES' };
  if (row.comment) column.comment = row.comment;
  if (extra.includes('generated') && !extra.includes('default_generated') && row.generation !== null) {
    column.generated = row.generation;
    // EXTRA says VIRTUAL GENERATED or STORED GENERATED (MariaDB's PERSISTENT reads as STORED)
    if (extra.includes('virtual')) column.virtual = true;
    return column;
  }
  if (extra.includes('auto_increment')) {
    const serial = serialTypeFor(column.type.name);
    if (serial) column.type = { name: serial };
    else column.identity = 'byDefault';
    return column;
  }
  // MariaDB: `on update current_timestamp()`; MySQL: `DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)`
  const onUpdate = /\bon update (.+)$/i.exec(row.extra)?.[1];
  if (onUpdate !== undefined) column.onUpdate = onUpdate.trim();
  const value = parseMysqlDefault(row.default_value, { mariadb, expression: extra.includes('default_generated') });
  const own = row.schema_name === database;
  if (value) column.default = value.kind === 'sql' && own ? { kind: 'sql', sql: withoutDatabaseQualifier(value.sql, database) } : value;
  return column;
}

/** Index rows of one table grouped by index, in key order. */
function groupIndexes(rows: IndexRow[]): Map<string, IndexRow[]> {
  const groups = new Map<string, IndexRow[]>();
  for (const row of rows) {
    const key = tableKey(tableKey(row.schema_name, row.table_name), row.name);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

function readIndex(rows: IndexRow[]): IndexSpec {
  const first = rows[0];
  // MariaDB lists a SPATIAL key's part with SUB_PART 32, which is no prefix anyone wrote (nor may write)
  const spatial = first?.index_type.toLowerCase() === 'spatial';
  const parts: IndexPart[] = rows.map((r) => {
    // a functional key part (MySQL 8) has no column; its expression is not in STATISTICS on MariaDB's shape
    if (r.column_name === null) return { expression: '' };
    const part: IndexPart = { column: r.column_name };
    if (r.sub_part !== null && !spatial) part.prefix = Number(r.sub_part);
    if (r.collation === 'D') part.desc = true;
    return part;
  });
  const index: IndexSpec = { name: first?.name ?? '', parts };
  if (Number(first?.non_unique) === 0) index.unique = true;
  const type = first?.index_type.toLowerCase();
  if (type === 'fulltext' || type === 'spatial') index.using = type;
  return index;
}

/** PRIMARY: its columns, and the prefix lengths of those indexed by their first n characters. */
function primaryKeyOf(rows: IndexRow[]): PrimaryKeySpec {
  const prefixes: Record<string, number> = {};
  for (const r of rows) if (r.sub_part !== null && r.column_name !== null) prefixes[r.column_name] = Number(r.sub_part);
  const columns = rows.map((r) => r.column_name ?? '');
  return Object.keys(prefixes).length > 0 ? { columns, prefixes } : { columns };
}

/** Plain ascending column parts only (a unique index of this shape is a unique constraint). */
function plainColumns(index: IndexSpec): string[] | undefined {
  const columns: string[] = [];
  for (const part of index.parts) {
    if (!('column' in part) || part.desc || part.prefix !== undefined) return undefined;
    columns.push(part.column);
  }
  return index.using === undefined ? columns : undefined;
}

const sameColumns = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((c, i) => c === b[i]);

/** The index MySQL made for a foreign key: named after the key (or its first column when the key was unnamed). */
function isForeignKeyIndex(index: IndexSpec, foreignKeys: readonly ForeignKeySpec[]): boolean {
  const columns = plainColumns(index);
  if (index.unique || !columns) return false;
  return foreignKeys.some(
    (fk) => sameColumns(fk.columns, columns) && (fk.name === index.name || (/_ibfk_\d+$/.test(fk.name ?? '') && index.name === fk.columns[0])),
  );
}

function readForeignKeys(rows: ForeignKeyRow[], defaultSchema: string): Map<string, ForeignKeySpec[]> {
  const byTable = new Map<string, ForeignKeySpec[]>();
  const byName = new Map<string, ForeignKeySpec>();
  for (const row of rows) {
    const table = tableKey(row.schema_name, row.table_name);
    const key = tableKey(table, row.name);
    let fk = byName.get(key);
    if (!fk) {
      fk = {
        name: row.name,
        columns: [],
        ...(row.ref_schema !== defaultSchema ? { refSchema: row.ref_schema } : {}),
        refTable: row.ref_table,
        refColumns: [],
      };
      const onDelete = ACTIONS[row.on_delete.toLowerCase()];
      const onUpdate = ACTIONS[row.on_update.toLowerCase()];
      if (onDelete) fk.onDelete = onDelete;
      if (onUpdate) fk.onUpdate = onUpdate;
      byName.set(key, fk);
      const list = byTable.get(table);
      if (list) list.push(fk);
      else byTable.set(table, [fk]);
    }
    fk.columns.push(row.column_name);
    fk.refColumns.push(row.ref_column);
  }
  return byTable;
}

/** MariaDB's JSON: a LONGTEXT column with the column-level check `json_valid(`col`)` named after it. */
function isJsonCheck(row: CheckRow, table: TableSpec): ColumnSpec | undefined {
  if (row.level !== 'Column') return undefined;
  const column = table.columns.find((c) => c.name === row.name);
  if (!column || column.type.name !== 'custom' || column.type.raw !== 'longtext') return undefined;
  const expected = canonicalMysqlExpression(`json_valid(\`${row.name.replace(/`/g, '``')}\`)`);
  return canonicalMysqlExpression(row.clause) === expected ? column : undefined;
}

export async function introspectMysql(conn: Connection, options: IntrospectOptions = {}): Promise<SchemaSpec> {
  const server = (await conn.query<ServerRow>('SELECT DATABASE() AS db, VERSION() AS version')).rows[0];
  const database = server?.db;
  if (!database) throw new UsageError('the MySQL URL names no database (mysql://user@host:3306/DATABASE)');
  const mariadb = /mariadb/i.test(server.version);
  const schemas = options.schemas && options.schemas.length > 0 ? options.schemas : [database];
  const params = [schemas];

  const defaults = await readCharsetDefaults(conn, schemas);
  const tables = new Map<string, TableSpec>();
  // each table's own collation, which its columns inherit
  const tableCollations = new Map<string, string | undefined>();
  const otherTools: string[] = [];
  for (const row of (await conn.query<TableRow>(TABLES_SQL, params)).rows) {
    if (isOtherToolsTable(row.name)) otherTools.push(row.name);
    if (!tableSelected(row, options)) continue;
    const tableOptions = tableOptionsOf(row, row.schema_name, defaults);
    tableCollations.set(tableKey(row.schema_name, row.name), row.collation?.toLowerCase());
    tables.set(tableKey(row.schema_name, row.name), {
      ...(row.schema_name !== database ? { schema: row.schema_name } : {}),
      name: row.name,
      columns: [],
      uniques: [],
      indexes: [],
      foreignKeys: [],
      checks: [],
      ...(row.comment ? { comment: row.comment } : {}),
      ...(tableOptions ? { options: tableOptions } : {}),
    });
  }

  for (const row of (await conn.query<ColumnRow>(COLUMNS_SQL, params)).rows) {
    const key = tableKey(row.schema_name, row.table_name);
    const column = readColumn(row, mariadb, database);
    Object.assign(column, explicitCharset(row.collation, tableCollations.get(key), defaults));
    tables.get(key)?.columns.push(column);
  }

  const foreignKeys = readForeignKeys((await conn.query<ForeignKeyRow>(FOREIGN_KEYS_SQL, params)).rows, database);
  for (const [key, fks] of foreignKeys) {
    const table = tables.get(key);
    if (table) table.foreignKeys.push(...fks);
  }

  const indexRows = (await conn.query<IndexRow>(INDEXES_SQL, params)).rows;
  for (const rows of groupIndexes(indexRows).values()) {
    const first = rows[0];
    const table = first && tables.get(tableKey(first.schema_name, first.table_name));
    if (!table) continue;
    if (first.name === 'PRIMARY') {
      table.primaryKey = primaryKeyOf(rows);
      continue;
    }
    const index = readIndex(rows);
    const columns = index.unique ? plainColumns(index) : undefined;
    if (columns) table.uniques.push({ name: index.name, columns });
    else if (!isForeignKeyIndex(index, table.foreignKeys)) table.indexes.push(index);
  }

  const checkRows = (await conn.query<CheckRow>(mariadb ? MARIADB_CHECKS_SQL : MYSQL_CHECKS_SQL, params)).rows;
  for (const row of checkRows) {
    const table = tables.get(tableKey(row.schema_name, row.table_name));
    if (!table) continue;
    const jsonColumn = isJsonCheck(row, table);
    if (jsonColumn) {
      // MariaDB's JSON is utf8mb4_bin text: that collation comes with the type
      jsonColumn.type = { name: 'json' };
      delete jsonColumn.charset;
      delete jsonColumn.collation;
    }
    else table.checks.push({ name: row.name, expression: row.clause });
  }

  const objects = await readMysqlObjects(conn, options);
  const schema: SchemaSpec = { ...withoutOtherToolsTables([...tables.values()], otherTools), enums: [], server: serverFacts(defaults, database) };
  return objects.length > 0 ? { ...schema, objects } : schema;
}
