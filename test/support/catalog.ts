// A database's catalog as the database itself prints it, for round-trip tests: load a schema natively, let
// athanor drop and re-create it, and compare the two catalogs semantically.
//
// A catalog is sections (columns, indexes, constraints, tables, …) of named definitions, each definition the
// text the database prints for it (pg_get_indexdef, pg_get_constraintdef, a line of SHOW CREATE TABLE, SQLite's
// pragmas). Columns are keyed by `table.column`, so column order does not count; everything else by
// `table.name` (or the object's own name). Other object kinds (views, triggers, functions, sequences) add a
// section reader to CATALOG_SECTIONS.
import type { DialectName } from '../../src/drivers/connection.js';
import { mysqlObjectSections, pgObjectSections, sqliteObjectSections } from './catalog-objects.js';
import { queryRows } from './db.js';

/** section → object key → definition as the database prints it */
export type Catalog = Record<string, Record<string, string>>;

export type SectionReader = (url: string) => Promise<Record<string, string>>;

const ATHANOR_TABLES = /^athanor_(version|history)$/;

function dialectOf(url: string): DialectName {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('mysql:') || url.startsWith('mariadb:')) return 'mysql';
  return 'postgres';
}

// --- PostgreSQL --------------------------------------------------------------------------------------------

const PG_TABLES = `c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
  AND c.relname NOT IN ('athanor_version', 'athanor_history')`;

async function pgColumns(url: string): Promise<Record<string, string>> {
  const rows = await queryRows<{ key: string; def: string }>(
    url,
    `SELECT n.nspname || '.' || c.relname || '.' || a.attname AS key,
       concat_ws(' ', pg_catalog.format_type(a.atttypid, a.atttypmod),
         CASE WHEN a.attcollation <> t.typcollation THEN 'COLLATE ' || quote_ident(co.collname) END,
         CASE WHEN a.attnotnull THEN 'NOT NULL' END,
         CASE WHEN a.attidentity <> '' THEN 'IDENTITY ' || a.attidentity::text END,
         CASE WHEN a.attgenerated <> '' THEN 'GENERATED ' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END,
         CASE WHEN a.attgenerated = '' AND ad.adbin IS NOT NULL THEN 'DEFAULT ' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END,
         CASE WHEN a.attstattarget >= 0 THEN 'STATISTICS ' || a.attstattarget END,
         CASE WHEN d.description IS NOT NULL THEN 'COMMENT ' || quote_literal(d.description) END) AS def
     FROM pg_catalog.pg_attribute a
     JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
     LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
     LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
     LEFT JOIN pg_catalog.pg_description d ON d.objoid = a.attrelid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = a.attnum
     WHERE ${PG_TABLES} AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  return Object.fromEntries(rows.map((r) => [r.key, r.def]));
}

async function pgIndexes(url: string): Promise<Record<string, string>> {
  const rows = await queryRows<{ key: string; def: string }>(
    url,
    `SELECT n.nspname || '.' || ic.relname AS key, pg_catalog.pg_get_indexdef(i.indexrelid) AS def
     FROM pg_catalog.pg_index i
     JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
     JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE ${PG_TABLES}`,
  );
  return Object.fromEntries(rows.map((r) => [r.key, r.def]));
}

async function pgConstraints(url: string): Promise<Record<string, string>> {
  const rows = await queryRows<{ key: string; def: string }>(
    url,
    `SELECT n.nspname || '.' || c.relname || '.' || con.conname AS key, pg_catalog.pg_get_constraintdef(con.oid) AS def
     FROM pg_catalog.pg_constraint con
     JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE ${PG_TABLES}`,
  );
  return Object.fromEntries(rows.map((r) => [r.key, r.def]));
}

async function pgTables(url: string): Promise<Record<string, string>> {
  const rows = await queryRows<{ key: string; def: string }>(
    url,
    `SELECT n.nspname || '.' || c.relname AS key,
       concat_ws(' ', c.relkind::text, c.relpersistence::text, array_to_string(c.reloptions, ','),
         CASE WHEN d.description IS NOT NULL THEN 'COMMENT ' || quote_literal(d.description) END) AS def
     FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
     WHERE ${PG_TABLES}`,
  );
  return Object.fromEntries(rows.map((r) => [r.key, r.def]));
}

// --- MySQL / MariaDB: SHOW CREATE TABLE, line by line ------------------------------------------------------

interface ShownTable {
  name: string;
  columns: Record<string, string>;
  keys: Record<string, string>;
  constraints: Record<string, string>;
  options: string;
}

/** SHOW CREATE TABLE cut into its lines: columns by name, keys by name, constraints by name, the options. */
export function splitShowCreateTable(table: string, text: string): ShownTable {
  const shown: ShownTable = { name: table, columns: {}, keys: {}, constraints: {}, options: '' };
  const lines = text.split('\n');
  for (const raw of lines.slice(1)) {
    const line = raw.trim().replace(/,$/, '');
    let m: RegExpExecArray | null;
    if ((m = /^`((?:[^`]|``)+)` (.*)$/.exec(line))) shown.columns[`${table}.${m[1]}`] = m[2] ?? '';
    else if (line.startsWith('PRIMARY KEY')) shown.keys[`${table}.PRIMARY`] = line;
    else if ((m = /^(?:UNIQUE |FULLTEXT |SPATIAL )?KEY `((?:[^`]|``)+)`/.exec(line))) shown.keys[`${table}.${m[1]}`] = line;
    else if ((m = /^CONSTRAINT `((?:[^`]|``)+)`/.exec(line))) shown.constraints[`${table}.${m[1]}`] = line;
    // the counter moves with the rows, not with the schema
    else if (line.startsWith(')')) shown.options = line.replace(/ AUTO_INCREMENT=\d+/, '');
  }
  return shown;
}

async function mysqlShown(url: string): Promise<ShownTable[]> {
  const names = await queryRows<{ name: string }>(
    url,
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'`,
  );
  const out: ShownTable[] = [];
  for (const { name } of names) {
    if (ATHANOR_TABLES.test(name)) continue;
    const [row] = await queryRows<Record<string, string>>(url, `SHOW CREATE TABLE \`${name.replace(/`/g, '``')}\``);
    out.push(splitShowCreateTable(name, row?.['Create Table'] ?? ''));
  }
  return out;
}

const mysqlSection =
  (pick: (t: ShownTable) => Record<string, string>): SectionReader =>
  async (url) =>
    Object.assign({}, ...(await mysqlShown(url)).map(pick)) as Record<string, string>;

// --- SQLite: the pragmas ------------------------------------------------------------------------------------

const sqliteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

async function sqliteTableNames(url: string): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    url,
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`,
  );
  return rows.map((r) => r.name).filter((n) => !ATHANOR_TABLES.test(n));
}

interface XInfoRow {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}

async function sqliteColumns(url: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of await sqliteTableNames(url)) {
    for (const c of await queryRows<XInfoRow>(url, `PRAGMA table_xinfo(${sqliteIdent(table)})`)) {
      const parts = [c.type, c.notnull ? 'NOT NULL' : '', c.dflt_value !== null ? `DEFAULT ${c.dflt_value}` : '', c.pk ? `PK ${c.pk}` : '', c.hidden ? `HIDDEN ${c.hidden}` : ''];
      out[`${table}.${c.name}`] = parts.filter(Boolean).join(' ');
    }
  }
  return out;
}

interface IndexListRow {
  name: string;
  unique: number;
  origin: string;
  partial: number;
}

interface IndexXInfoRow {
  name: string | null;
  desc: number;
  coll: string;
  key: number;
}

/** Indexes by name; the automatic ones (sqlite_autoindex_t_N) by what they are, since N follows declaration order. */
async function sqliteIndexes(url: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const sql = new Map(
    (await queryRows<{ name: string; sql: string | null }>(url, `SELECT name, sql FROM sqlite_master WHERE type = 'index'`)).map((r) => [r.name, r.sql]),
  );
  for (const table of await sqliteTableNames(url)) {
    for (const ix of await queryRows<IndexListRow>(url, `PRAGMA index_list(${sqliteIdent(table)})`)) {
      const parts = (await queryRows<IndexXInfoRow>(url, `PRAGMA index_xinfo(${sqliteIdent(ix.name)})`))
        .filter((p) => p.key)
        .map((p) => `${p.name ?? '<expr>'}${p.desc ? ' DESC' : ''} ${p.coll}`);
      const where = /\bWHERE\b([\s\S]*)$/i.exec(sql.get(ix.name) ?? '')?.[1]?.trim();
      const def = `${ix.unique ? 'UNIQUE ' : ''}${ix.origin} (${parts.join(', ')})${where ? ` WHERE ${where}` : ''}`;
      const key = ix.origin === 'c' ? ix.name : `${ix.origin}(${parts.join(', ')})`;
      out[`${table}.${key}`] = def;
    }
  }
  return out;
}

interface ForeignKeyListRow {
  id: number;
  table: string;
  from: string;
  to: string | null;
  on_update: string;
  on_delete: string;
}

/** Foreign keys by their columns; a `REFERENCES parent` without columns points at the parent's primary key. */
async function sqliteConstraints(url: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of await sqliteTableNames(url)) {
    const byId = new Map<number, ForeignKeyListRow[]>();
    for (const fk of await queryRows<ForeignKeyListRow>(url, `PRAGMA foreign_key_list(${sqliteIdent(table)})`)) {
      byId.set(fk.id, [...(byId.get(fk.id) ?? []), fk]);
    }
    for (const rows of byId.values()) {
      const first = rows[0] as ForeignKeyListRow;
      let to = rows.map((r) => r.to);
      if (to.some((c) => c === null)) {
        const pk = (await queryRows<XInfoRow>(url, `PRAGMA table_info(${sqliteIdent(first.table)})`)).filter((c) => c.pk).sort((a, b) => a.pk - b.pk);
        to = pk.map((c) => c.name);
      }
      const from = rows.map((r) => r.from).join(', ');
      out[`${table}.fk(${from})`] = `FOREIGN KEY (${from}) REFERENCES ${first.table} (${to.join(', ')}) ON UPDATE ${first.on_update} ON DELETE ${first.on_delete}`;
    }
  }
  return out;
}

async function sqliteTables(url: string): Promise<Record<string, string>> {
  const rows = await queryRows<{ name: string; wr: number; strict: number }>(url, `SELECT name, wr, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table'`);
  return Object.fromEntries(
    rows.filter((r) => !r.name.startsWith('sqlite_') && !ATHANOR_TABLES.test(r.name)).map((r) => [r.name, `${r.wr ? 'WITHOUT ROWID' : 'ROWID'}${r.strict ? ' STRICT' : ''}`]),
  );
}

// --- the sections per dialect ---------------------------------------------------------------------------------

/** What each dialect's catalog holds; add a section here to compare another kind of object. */
export const CATALOG_SECTIONS: Record<DialectName, Record<string, SectionReader>> = {
  postgres: { tables: pgTables, columns: pgColumns, indexes: pgIndexes, constraints: pgConstraints, ...pgObjectSections },
  mysql: {
    tables: mysqlSection((t) => ({ [t.name]: t.options })),
    columns: mysqlSection((t) => t.columns),
    indexes: mysqlSection((t) => t.keys),
    constraints: mysqlSection((t) => t.constraints),
    ...mysqlObjectSections,
  },
  sqlite: { tables: sqliteTables, columns: sqliteColumns, indexes: sqliteIndexes, constraints: sqliteConstraints, ...sqliteObjectSections },
};

export async function readCatalog(url: string): Promise<Catalog> {
  const catalog: Catalog = {};
  for (const [section, read] of Object.entries(CATALOG_SECTIONS[dialectOf(url)])) catalog[section] = await read(url);
  return catalog;
}

/** Every difference between two catalogs, one line each: `indexes t.ix_b: KEY … ≠ KEY …`; [] when equal. */
export function catalogDifferences(before: Catalog, after: Catalog): string[] {
  const out: string[] = [];
  for (const section of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[section] ?? {};
    const b = after[section] ?? {};
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (!(key in b)) out.push(`${section} ${key}: missing after (was ${a[key]})`);
      else if (!(key in a)) out.push(`${section} ${key}: new after (${b[key]})`);
      else if (a[key] !== b[key]) out.push(`${section} ${key}: ${a[key]} ≠ ${b[key]}`);
    }
  }
  return out;
}

/** How many objects a catalog holds per section, for a test to assert the fixture loaded at all. */
export function catalogCounts(catalog: Catalog): Record<string, number> {
  return Object.fromEntries(Object.entries(catalog).map(([section, objects]) => [section, Object.keys(objects).length]));
}
