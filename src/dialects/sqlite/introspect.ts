// Reading a live SQLite schema into a SchemaSpec with a fixed number of queries (the PRAGMA table-valued
// functions joined over sqlite_master, not one query per table). What the PRAGMAs do not report (constraint
// names, CHECK expressions, generated expressions, AUTOINCREMENT, collations) is read from the CREATE TABLE
// text SQLite keeps. Triggers are schema objects (unmanaged.ts: readSqliteObjects).
import type { Connection } from '../../drivers/connection.js';
import type {
  CheckSpec,
  ColumnSpec,
  ColumnType,
  DefaultValue,
  ForeignKeySpec,
  IndexPart,
  IndexSpec,
  ReferentialAction,
  SchemaSpec,
  TableOptionsSpec,
  TableSpec,
} from '../../schema/types.js';
import type { IntrospectOptions } from '../dialect.js';
import { parseSqliteDefault, renderSqliteDefault } from './defaults.js';
import { parseCreateIndex, parseCreateTable, type ParsedTable } from './parse-ddl.js';
import { isBookkeepingTable, isOtherToolsTable, withoutOtherToolsTables } from '../shared/other-tools-tables.js';
import { REBUILD_PREFIX } from './rebuild.js';
import { readSqliteObjects } from './unmanaged.js';
import { identName, isWord, tokenize } from './tokenize.js';
import { formatSqliteType, parseDeclaredType, typeKey } from './types.js';

interface TableRow {
  name: string;
  sql: string | null;
}

// ordinary tables only: not views, virtual tables or their shadow tables
const TABLES_SQL = `
SELECT t.name AS name, m.sql AS sql
FROM pragma_table_list t
JOIN sqlite_master m ON m.type = 'table' AND m.name = t.name
WHERE t.schema = 'main' AND t.type = 'table'
ORDER BY t.name`;

interface ColumnRow {
  table_name: string;
  name: string;
  type: string;
  not_null: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}

const COLUMNS_SQL = `
SELECT m.name AS table_name, c.name AS name, c.type AS type, c."notnull" AS not_null, c.dflt_value AS dflt_value,
  c.pk AS pk, c.hidden AS hidden
FROM sqlite_master m
JOIN pragma_table_xinfo(m.name, 'main') c
WHERE m.type = 'table' AND m.name IN (SELECT value FROM json_each(?))
ORDER BY m.name, c.cid`;

interface IndexRow {
  table_name: string;
  index_name: string;
  is_unique: number;
  origin: 'c' | 'u' | 'pk';
  cid: number;
  column_name: string | null;
  is_desc: number;
  sql: string | null;
}

const INDEXES_SQL = `
SELECT m.name AS table_name, il.name AS index_name, il."unique" AS is_unique, il.origin AS origin,
  ii.cid AS cid, ii.name AS column_name, ii."desc" AS is_desc, s.sql AS sql
FROM sqlite_master m
JOIN pragma_index_list(m.name, 'main') il
JOIN pragma_index_xinfo(il.name, 'main') ii
LEFT JOIN sqlite_master s ON s.type = 'index' AND s.name = il.name
WHERE m.type = 'table' AND m.name IN (SELECT value FROM json_each(?)) AND ii.key = 1
ORDER BY m.name, il.name, ii.seqno`;

interface ForeignKeyRow {
  table_name: string;
  id: number;
  ref_table: string;
  column_name: string;
  ref_column: string | null;
  on_update: string;
  on_delete: string;
}

const FOREIGN_KEYS_SQL = `
SELECT m.name AS table_name, f.id AS id, f."table" AS ref_table, f."from" AS column_name, f."to" AS ref_column,
  f.on_update AS on_update, f.on_delete AS on_delete
FROM sqlite_master m
JOIN pragma_foreign_key_list(m.name, 'main') f
WHERE m.type = 'table' AND m.name IN (SELECT value FROM json_each(?))
ORDER BY m.name, f.id, f.seq`;

const PRIMARY_KEY_SQL = `SELECT name FROM pragma_table_info(?, 'main') WHERE pk > 0 ORDER BY pk`;

const ACTIONS: Record<string, ReferentialAction> = {
  'SET NULL': 'set null',
  'SET DEFAULT': 'set default',
  CASCADE: 'cascade',
  RESTRICT: 'restrict',
};

const lower = (name: string): string => name.toLowerCase();
const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => lower(x) === lower(b[i] ?? ''));

/** SQLite's own tables, athanor's (version, history, lock), other migration tools' and a rebuild's leftover are never the user's schema. */
function isInternal(name: string): boolean {
  const n = lower(name);
  return n.startsWith('sqlite_') || n.startsWith('athanor_') || n.startsWith(REBUILD_PREFIX) || isBookkeepingTable(n);
}

function tableSelected(name: string, options: IntrospectOptions): boolean {
  if (isInternal(name)) return false;
  const names = [lower(name), `main.${lower(name)}`];
  if (options.includeTables && !options.includeTables.some((n) => names.includes(lower(n)))) return false;
  if (options.excludeTables?.some((n) => names.includes(lower(n)))) return false;
  return true;
}

function groupBy<Row extends { table_name: string }>(rows: Row[]): Map<string, Row[]> {
  const map = new Map<string, Row[]>();
  for (const row of rows) {
    const list = map.get(row.table_name) ?? [];
    list.push(row);
    map.set(row.table_name, list);
  }
  return map;
}

/** The declared type: the model type when athanor writes it the same way, else its text (`INT`, `VARCHAR(100)`). */
function writtenType(declared: string): ColumnType {
  const parsed = parseDeclaredType(declared);
  return parsed.name === 'custom' || formatSqliteType(parsed) === declared ? parsed : { name: 'custom', raw: declared };
}

/**
 * The default, with its text as written when athanor would write it otherwise (`0.0`, `NULL`, or `0` on a
 * boolean column, whose model value is false).
 */
function writtenDefault(text: string | null, type: ColumnType): DefaultValue | undefined {
  if (text === null) return undefined;
  const value = parseSqliteDefault(text) ?? { kind: 'value', value: null };
  if (value.kind === 'sql') return value;
  const same = renderSqliteDefault(value) === text.trim() && (type.name !== 'boolean' || typeof value.value === 'boolean');
  return same ? value : { ...value, written: text.trim() };
}

function readColumns(rows: ColumnRow[], parsed: ParsedTable): ColumnSpec[] {
  const columns: ColumnSpec[] = [];
  const pkCount = rows.filter((r) => r.pk > 0).length;
  for (const row of rows) {
    // hidden 1: a virtual table's hidden column
    if (row.hidden === 1) continue;
    const source = parsed.columns.find((c) => lower(c.name) === lower(row.name));
    const rowidAlias = pkCount === 1 && row.pk === 1 && typeKey(row.type) === 'integer';
    // as written: the declared type's text, and the rowid alias nullable unless NOT NULL is written (normalize
    // makes it NOT NULL, which it is; a re-created table then reads as this one did)
    const column: ColumnSpec = { name: row.name, type: writtenType(row.type), nullable: row.not_null === 0 };
    if (rowidAlias && source?.primaryKey?.autoincrement) column.type = { name: 'serial' };
    if (row.hidden === 2 || row.hidden === 3) {
      column.generated = source?.generated?.expression ?? '';
      if (row.hidden === 2) column.virtual = true;
    } else {
      const value = writtenDefault(row.dflt_value, parseDeclaredType(row.type));
      if (value) column.default = value;
    }
    if (source?.collate) column.collation = source.collate;
    columns.push(column);
  }
  return columns;
}

/** `col COLLATE name [ASC|DESC]` as written in CREATE INDEX: the collation's name, else undefined. */
function keyCollation(text: string | undefined): string | undefined {
  const tokens = tokenize(text ?? '');
  const at = tokens.findIndex((t) => isWord(t, 'collate'));
  if (at !== 1) return undefined;
  const rest = tokens.slice(at + 2);
  if (rest.length > 1 || (rest.length === 1 && !isWord(rest[0], 'asc') && !isWord(rest[0], 'desc'))) return undefined;
  const name = tokens[at + 1];
  return name ? identName(name) : undefined;
}

/** An index's parts: columns by name (with their COLLATE), other expressions as their text. */
function readIndexParts(rows: IndexRow[], sql: string | null): IndexPart[] {
  const texts = sql ? parseCreateIndex(sql).parts : [];
  return rows.map((row, i) => {
    const text = texts[i];
    const collated = text !== undefined && tokenize(text).some((t) => isWord(t, 'collate'));
    const collation = collated ? keyCollation(text) : undefined;
    if (row.cid >= 0 && row.column_name !== null && (!collated || collation !== undefined)) {
      const part: IndexPart = { column: row.column_name };
      if (row.is_desc) part.desc = true;
      if (collation !== undefined) part.collation = collation;
      return part;
    }
    // cid -1 is the rowid
    return { expression: text ?? row.column_name ?? 'rowid' };
  });
}

/** `WITHOUT ROWID`, `STRICT` (in either order, comma separated) after the column list. */
function tableOptionsOf(text: string): TableOptionsSpec | undefined {
  const words = tokenize(text);
  const options: TableOptionsSpec = {};
  if (words.some((t) => isWord(t, 'rowid'))) options.withoutRowid = true;
  if (words.some((t) => isWord(t, 'strict'))) options.strict = true;
  return Object.keys(options).length > 0 ? options : undefined;
}

function readIndexes(rows: IndexRow[], table: TableSpec, parsed: ParsedTable): void {
  const byIndex = new Map<string, IndexRow[]>();
  for (const row of rows) byIndex.set(row.index_name, [...(byIndex.get(row.index_name) ?? []), row]);
  const unnamedUniques = [...parsed.uniques];
  for (const [name, parts] of byIndex) {
    const first = parts[0];
    if (!first || first.origin === 'pk') continue;
    if (first.origin === 'u') {
      const columns = parts.map((p) => p.column_name ?? '');
      const at = unnamedUniques.findIndex((u) => sameList(u.columns, columns));
      const source = at === -1 ? undefined : unnamedUniques.splice(at, 1)[0];
      table.uniques.push(source?.name !== undefined ? { name: source.name, columns } : { columns });
      continue;
    }
    const index: IndexSpec = { name, parts: readIndexParts(parts, first.sql) };
    if (first.is_unique) index.unique = true;
    const where = first.sql ? parseCreateIndex(first.sql).where : undefined;
    if (where !== undefined) index.where = where;
    table.indexes.push(index);
  }
}

function readForeignKeys(rows: ForeignKeyRow[], parsed: ParsedTable, primaryKeys: Map<string, string[]>): ForeignKeySpec[] {
  const byId = new Map<number, ForeignKeyRow[]>();
  for (const row of rows) byId.set(row.id, [...(byId.get(row.id) ?? []), row]);
  const sources = [...parsed.foreignKeys];
  const result: ForeignKeySpec[] = [];
  // PRAGMA foreign_key_list numbers them last-declared first
  for (const id of [...byId.keys()].sort((a, b) => b - a)) {
    const parts = byId.get(id) ?? [];
    const first = parts[0];
    if (!first) continue;
    const columns = parts.map((p) => p.column_name);
    const refColumns = parts.every((p) => p.ref_column !== null)
      ? parts.map((p) => p.ref_column ?? '')
      : (primaryKeys.get(lower(first.ref_table)) ?? []);
    const at = sources.findIndex((s) => sameList(s.columns, columns) && lower(s.refTable) === lower(first.ref_table));
    const source = at === -1 ? undefined : sources.splice(at, 1)[0];
    const fk: ForeignKeySpec = {
      ...(source?.name !== undefined ? { name: source.name } : {}),
      columns,
      refTable: source?.refTable ?? first.ref_table,
      refColumns,
    };
    const onDelete = ACTIONS[first.on_delete];
    const onUpdate = ACTIONS[first.on_update];
    if (onDelete) fk.onDelete = onDelete;
    if (onUpdate) fk.onUpdate = onUpdate;
    if (source?.deferrable) fk.deferrable = source.deferrable;
    result.push(fk);
  }
  return result;
}

/** CHECKs keep their names; an unnamed one gets PostgreSQL's (`<table>_<column>_check`, `<table>_check`). */
function readChecks(table: string, parsed: ParsedTable): CheckSpec[] {
  const used = new Set(parsed.checks.flatMap((c) => (c.name !== undefined ? [lower(c.name)] : [])));
  return parsed.checks.map((check) => {
    if (check.name !== undefined) return { name: check.name, expression: check.expression };
    const base = check.column !== undefined ? `${table}_${check.column}_check` : `${table}_check`;
    let name = base;
    for (let n = 1; used.has(lower(name)); n++) name = `${base}${n}`;
    used.add(lower(name));
    return { name, expression: check.expression };
  });
}

export async function introspectSqlite(conn: Connection, options: IntrospectOptions = {}): Promise<SchemaSpec> {
  const objects = await readSqliteObjects(conn, options);
  const withObjects = (schema: SchemaSpec): SchemaSpec => (objects.length > 0 ? { ...schema, objects } : schema);
  const allRows = (await conn.query<TableRow>(TABLES_SQL)).rows;
  const otherTools = allRows.map((row) => row.name).filter(isOtherToolsTable);
  const tableRows = allRows.filter((row) => tableSelected(row.name, options));
  if (tableRows.length === 0) return withObjects({ ...withoutOtherToolsTables([], otherTools), enums: [] });
  // the selected tables' names as one JSON parameter: a fixed number of queries whatever their count
  const selected = [JSON.stringify(tableRows.map((row) => row.name))];
  const columns = groupBy((await conn.query<ColumnRow>(COLUMNS_SQL, selected)).rows);
  const indexes = groupBy((await conn.query<IndexRow>(INDEXES_SQL, selected)).rows);
  const foreignKeys = groupBy((await conn.query<ForeignKeyRow>(FOREIGN_KEYS_SQL, selected)).rows);

  // primary keys, for foreign keys that name no parent columns (REFERENCES parent)
  const primaryKeys = new Map<string, string[]>();
  for (const [name, rows] of columns) {
    const pk = rows.filter((r) => r.pk > 0).sort((a, b) => a.pk - b.pk);
    if (pk.length > 0) primaryKeys.set(lower(name), pk.map((r) => r.name));
  }
  for (const row of [...foreignKeys.values()].flat()) {
    if (row.ref_column !== null || primaryKeys.has(lower(row.ref_table))) continue;
    const pk = (await conn.query<{ name: string }>(PRIMARY_KEY_SQL, [row.ref_table])).rows;
    primaryKeys.set(lower(row.ref_table), pk.map((r) => r.name));
  }

  const tables: TableSpec[] = [];
  for (const row of tableRows) {
    const parsed = parseCreateTable(row.sql ?? '');
    const columnRows = columns.get(row.name) ?? [];
    const table: TableSpec = {
      name: row.name,
      columns: readColumns(columnRows, parsed),
      uniques: [],
      indexes: [],
      foreignKeys: readForeignKeys(foreignKeys.get(row.name) ?? [], parsed, primaryKeys),
      checks: readChecks(row.name, parsed),
    };
    const pkColumns = primaryKeys.get(lower(row.name));
    if (pkColumns && pkColumns.length > 0) {
      const name = parsed.primaryKey?.name;
      table.primaryKey = name !== undefined ? { name, columns: pkColumns } : { columns: pkColumns };
    }
    const options = tableOptionsOf(parsed.options);
    if (options) table.options = options;
    readIndexes(indexes.get(row.name) ?? [], table, parsed);
    tables.push(table);
  }
  return withObjects({ ...withoutOtherToolsTables(tables, otherTools), enums: [] });
}
