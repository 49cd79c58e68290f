// Reading a live PostgreSQL schema into a SchemaSpec with a fixed number of catalog queries (not one per table).
import type { Connection } from '../../drivers/connection.js';
import type {
  CheckSpec,
  ColumnSpec,
  EnumSpec,
  ForeignKeySpec,
  IndexPart,
  IndexSpec,
  ReferentialAction,
  SchemaSpec,
  TableSpec,
  UniqueSpec,
} from '../../schema/types.js';
import type { IntrospectOptions } from '../dialect.js';
import { deferrableClause } from '../../schema/deferrable.js';
import { parsePgDefault } from './defaults.js';
import { readPostgresObjects } from './objects.js';
import { pgLiteral, quotePgString } from './literal.js';
import { parsePgType, serialTypeFor } from './types.js';
import { isBookkeepingTable, isOtherToolsTable, withoutOtherToolsTables } from '../shared/other-tools-tables.js';
import { scannedSchemas } from './scanned-schemas.js';

// Ordinary and partitioned tables, not the partitions themselves.
const TABLES_IN_SCHEMAS = `c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY($1::text[])`;

interface TableRow {
  id: string;
  schema: string;
  name: string;
  comment: string | null;
}

const TABLES_SQL = `
SELECT c.oid::text AS id, n.nspname AS schema, c.relname AS name, d.description AS comment
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_description d
  ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
WHERE ${TABLES_IN_SCHEMAS}
ORDER BY n.nspname, c.relname`;

interface ColumnRow {
  table_id: string;
  name: string;
  num: number;
  type: string;
  not_null: boolean;
  identity: string;
  generated: string;
  default_expr: string | null;
  typtype: string;
  type_name: string;
  type_schema: string;
  comment: string | null;
  collation: string | null;
  statistics: number | null;
}

const COLUMNS_SQL = `
SELECT a.attrelid::text AS table_id, a.attname AS name, a.attnum AS num,
  pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
  a.attidentity::text AS identity, a.attgenerated::text AS generated,
  pg_catalog.pg_get_expr(ad.adbin, ad.adrelid, true) AS default_expr,
  t.typtype::text AS typtype, t.typname AS type_name, tn.nspname AS type_schema, d.description AS comment,
  CASE WHEN a.attcollation <> t.typcollation THEN
    CASE WHEN con.nspname = 'pg_catalog' THEN co.collname ELSE con.nspname || '.' || co.collname END END AS collation,
  NULLIF(a.attstattarget, -1)::int AS statistics
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_catalog.pg_namespace con ON con.oid = co.collnamespace
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_description d
  ON d.objoid = a.attrelid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = a.attnum
WHERE ${TABLES_IN_SCHEMAS} AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`;

interface OwnedSequenceRow {
  table_id: string;
  num: number;
  sequence: string;
}

// Sequences a column owns (serial columns; identity sequences have deptype 'i').
const OWNED_SEQUENCES_SQL = `
SELECT dep.refobjid::text AS table_id, dep.refobjsubid AS num, s.oid::regclass::text AS sequence
FROM pg_catalog.pg_depend dep
JOIN pg_catalog.pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
JOIN pg_catalog.pg_class c ON c.oid = dep.refobjid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.refclassid = 'pg_catalog.pg_class'::regclass
  AND dep.deptype = 'a' AND ${TABLES_IN_SCHEMAS}`;

interface ConstraintRow {
  table_id: string;
  name: string;
  type: 'p' | 'u' | 'f' | 'c' | 'x';
  columns: string[];
  ref_schema: string | null;
  ref_table: string | null;
  ref_columns: string[];
  on_delete: string;
  on_update: string;
  deferrable: boolean;
  deferred: boolean;
  definition: string | null;
  /** INCLUDE columns of a primary key's or unique constraint's index */
  include: string[];
}

const columnNames = (keys: string, rel: string): string => `
  ARRAY(SELECT a.attname::text FROM unnest(con.${keys}) WITH ORDINALITY k(attnum, ord)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = con.${rel} AND a.attnum = k.attnum ORDER BY k.ord)`;

const CONSTRAINTS_SQL = `
SELECT con.conrelid::text AS table_id, con.conname AS name, con.contype::text AS type,
  ${columnNames('conkey', 'conrelid')} AS columns,
  fn.nspname AS ref_schema, fc.relname AS ref_table,
  ${columnNames('confkey', 'confrelid')} AS ref_columns,
  con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update,
  con.condeferrable AS deferrable, con.condeferred AS deferred,
  CASE WHEN con.contype IN ('c', 'x') THEN pg_catalog.pg_get_constraintdef(con.oid, true) END AS definition,
  ARRAY(SELECT a.attname::text FROM pg_catalog.pg_index i CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE i.indexrelid = con.conindid AND con.contype IN ('p', 'u') AND k.ord > i.indnkeyatts ORDER BY k.ord) AS include
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND ${TABLES_IN_SCHEMAS}
ORDER BY con.conrelid, con.conname`;

interface IndexPartRow {
  column: string | null;
  expression: string | null;
  option: number;
  opclass: string | null;
  collation: string | null;
}

interface IndexRow {
  table_id: string;
  name: string;
  is_unique: boolean;
  method: string;
  predicate: string | null;
  parts: IndexPartRow[] | string;
  include: string[];
}

// Indexes that back a primary key, unique or exclusion constraint are read as those constraints.
const INDEXES_SQL = `
SELECT i.indrelid::text AS table_id, ic.relname AS name, i.indisunique AS is_unique, am.amname AS method,
  pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
  (SELECT json_agg(json_build_object(
      'column', a.attname,
      'expression', CASE WHEN k.attnum = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true) END,
      'option', i.indoption[k.ord - 1],
      'opclass', (SELECT CASE WHEN NOT opc.opcdefault THEN
                    CASE WHEN opcn.nspname = 'pg_catalog' THEN opc.opcname ELSE opcn.nspname || '.' || opc.opcname END END
                  FROM pg_catalog.pg_opclass opc JOIN pg_catalog.pg_namespace opcn ON opcn.oid = opc.opcnamespace
                  WHERE opc.oid = i.indclass[k.ord - 1]),
      'collation', (SELECT CASE WHEN con.nspname = 'pg_catalog' THEN co.collname ELSE con.nspname || '.' || co.collname END
                    FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace con ON con.oid = co.collnamespace
                    WHERE co.oid = i.indcollation[k.ord - 1] AND co.oid <> COALESCE(a.attcollation, 100))) ORDER BY k.ord)
   FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
   LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum <> 0
   WHERE k.ord <= i.indnkeyatts) AS parts,
  ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE k.ord > i.indnkeyatts ORDER BY k.ord) AS include
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE ${TABLES_IN_SCHEMAS}
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                  WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY i.indrelid, ic.relname`;

interface EnumRow {
  schema: string;
  name: string;
  labels: string[];
}

const ENUMS_SQL = `
SELECT n.nspname AS schema, t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
WHERE n.nspname = ANY($1::text[])
GROUP BY n.nspname, t.typname
ORDER BY n.nspname, t.typname`;

const ACTIONS: Record<string, ReferentialAction> = {
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

const schemaOrOmitted = (schema: string | null | undefined): { schema?: string } =>
  schema && schema !== 'public' ? { schema } : {};

function tableSelected(row: TableRow, options: IntrospectOptions): boolean {
  if (isBookkeepingTable(row.name)) return false;
  const names = [row.name, `${row.schema}.${row.name}`];
  if (options.includeTables && !options.includeTables.some((n) => names.includes(n))) return false;
  if (options.excludeTables?.some((n) => names.includes(n))) return false;
  return true;
}

function readColumn(row: ColumnRow, ownedSequences: Map<string, string>): ColumnSpec {
  const enumType = row.typtype === 'e' ? { name: row.type_name, schema: row.type_schema } : undefined;
  const column: ColumnSpec = { name: row.name, type: parsePgType(row.type, enumType), nullable: !row.not_null };
  if (row.identity === 'a') column.identity = 'always';
  if (row.identity === 'd') column.identity = 'byDefault';
  if (row.generated === 's' && row.default_expr !== null) {
    column.generated = row.default_expr;
    return column;
  }
  if (row.default_expr === null) return column;
  const sequence = ownedSequences.get(`${row.table_id}:${row.num}`);
  const serial = serialTypeFor(column.type.name);
  if (serial && sequence && row.default_expr === `nextval(${quotePgString(sequence)}::regclass)`) {
    column.type = { name: serial };
    return column;
  }
  // the value, with the text as written when athanor would write it otherwise (`NULL::character varying`,
  // `'0'::bigint`): normalize compares the value (NULL: no default), a re-created column writes the text back
  const value = parsePgDefault(row.default_expr) ?? { kind: 'value', value: null };
  column.default = value.kind === 'sql' || pgLiteral(value.value) === row.default_expr ? value : { ...value, written: row.default_expr };
  return column;
}

function readCheck(row: ConstraintRow): CheckSpec {
  const definition = row.definition ?? '';
  const m = /^CHECK \((.*)\)(?: NO INHERIT)?(?: NOT VALID)?$/s.exec(definition);
  return { name: row.name, expression: m?.[1] ?? definition };
}

function readForeignKey(row: ConstraintRow): ForeignKeySpec {
  const fk: ForeignKeySpec = {
    name: row.name,
    columns: row.columns,
    ...(row.ref_schema && row.ref_schema !== 'public' ? { refSchema: row.ref_schema } : {}),
    refTable: row.ref_table ?? '',
    refColumns: row.ref_columns,
  };
  const onDelete = ACTIONS[row.on_delete];
  const onUpdate = ACTIONS[row.on_update];
  if (onDelete) fk.onDelete = onDelete;
  if (onUpdate) fk.onUpdate = onUpdate;
  if (row.deferrable) fk.deferrable = deferrableClause(row.deferred ? 'deferred' : 'immediate');
  return fk;
}

function readIndex(row: IndexRow): IndexSpec {
  const partRows: IndexPartRow[] = typeof row.parts === 'string' ? (JSON.parse(row.parts) as IndexPartRow[]) : row.parts;
  const parts: IndexPart[] = partRows.map((p) => {
    const part: IndexPart = p.column === null ? { expression: p.expression ?? '' } : { column: p.column };
    // indoption bit 0 is DESC, bit 1 NULLS FIRST (the default for DESC only)
    const desc = (p.option & 1) !== 0;
    const nullsFirst = (p.option & 2) !== 0;
    if (desc) part.desc = true;
    if (nullsFirst !== desc) part.nulls = nullsFirst ? 'first' : 'last';
    if (p.opclass) part.opclass = p.opclass;
    if (p.collation) part.collation = p.collation;
    return part;
  });
  const index: IndexSpec = { name: row.name, parts };
  if (row.is_unique) index.unique = true;
  if (row.predicate !== null) index.where = row.predicate;
  if (row.method !== 'btree') index.using = row.method;
  if (row.include.length > 0) index.include = row.include;
  return index;
}

export async function introspectPostgres(conn: Connection, options: IntrospectOptions = {}): Promise<SchemaSpec> {
  const schemas = [scannedSchemas(options)];
  const tableRows = (await conn.query<TableRow>(TABLES_SQL, schemas)).rows;
  const tables = new Map<string, TableSpec>();
  const otherTools: string[] = [];
  for (const row of tableRows) {
    if (isOtherToolsTable(row.name)) otherTools.push(row.schema === 'public' ? row.name : `${row.schema}.${row.name}`);
    if (!tableSelected(row, options)) continue;
    tables.set(row.id, {
      ...schemaOrOmitted(row.schema),
      name: row.name,
      columns: [],
      uniques: [],
      indexes: [],
      foreignKeys: [],
      checks: [],
      ...(row.comment !== null ? { comment: row.comment } : {}),
    });
  }

  const ownedSequences = new Map<string, string>();
  for (const row of (await conn.query<OwnedSequenceRow>(OWNED_SEQUENCES_SQL, schemas)).rows) {
    ownedSequences.set(`${row.table_id}:${row.num}`, row.sequence);
  }

  for (const row of (await conn.query<ColumnRow>(COLUMNS_SQL, schemas)).rows) {
    const table = tables.get(row.table_id);
    if (!table) continue;
    const column = readColumn(row, ownedSequences);
    if (row.comment !== null) column.comment = row.comment;
    if (row.collation !== null) column.collation = row.collation;
    if (row.statistics !== null && row.statistics >= 0) column.statistics = row.statistics;
    table.columns.push(column);
  }

  for (const row of (await conn.query<ConstraintRow>(CONSTRAINTS_SQL, schemas)).rows) {
    const table = tables.get(row.table_id);
    if (!table) continue;
    const include = row.include.length > 0 ? { include: row.include } : {};
    if (row.type === 'p') table.primaryKey = { name: row.name, columns: row.columns, ...include };
    else if (row.type === 'u') table.uniques.push({ name: row.name, columns: row.columns, ...include } satisfies UniqueSpec);
    else if (row.type === 'f') table.foreignKeys.push(readForeignKey(row));
    else if (row.type === 'x') (table.exclusions ??= []).push({ name: row.name, definition: (row.definition ?? '').replace(/^EXCLUDE /, '') });
    else table.checks.push(readCheck(row));
  }

  for (const row of (await conn.query<IndexRow>(INDEXES_SQL, schemas)).rows) {
    tables.get(row.table_id)?.indexes.push(readIndex(row));
  }

  const enums: EnumSpec[] = (await conn.query<EnumRow>(ENUMS_SQL, schemas)).rows.map((row) => ({
    ...schemaOrOmitted(row.schema),
    name: row.name,
    values: row.labels,
  }));

  const objects = await readPostgresObjects(conn, options);
  const read = withoutOtherToolsTables([...tables.values()], otherTools);
  return objects.length > 0 ? { ...read, enums, objects } : { ...read, enums };
}
