// Views, materialized views, triggers, functions, procedures and standalone sequences of a PostgreSQL schema,
// each as the database prints its definition (pg_get_viewdef, pg_get_triggerdef, pg_get_functiondef; a
// sequence's CREATE SEQUENCE from pg_sequence), in creation order. An overloaded function name, aggregates and
// objects of extensions are left to unmanaged.ts.
import type { Connection } from '../../drivers/connection.js';
import type { SchemaObjectKind, SchemaObjectSpec } from '../../schema/types.js';
import type { IntrospectOptions } from '../dialect.js';
import { selectUnmanaged } from '../shared/unmanaged.js';
import { quotePgIdent } from './types.js';
import { NOT_FROM_EXTENSION, SINGLE_NAME, USED_BY_UNMANAGED } from './unmanaged.js';
import { scannedSchemas } from './scanned-schemas.js';

export interface PostgresObjectRow {
  kind: SchemaObjectKind;
  schema: string;
  name: string;
  table_name: string | null;
  definition: string;
  uses: string[] | null;
  /** a view's WITH (…) options (check_option, security_barrier, …) */
  options: string[] | null;
  /** false: a materialized view created WITH NO DATA */
  populated: boolean | null;
  /** a function a column default or check calls */
  before_tables: boolean | null;
}

const QUALIFIED = (schema: string, name: string): string =>
  `CASE WHEN ${schema} = 'public' THEN quote_ident(${name}) ELSE quote_ident(${schema}) || '.' || quote_ident(${name}) END`;

export const POSTGRES_OBJECTS_SQL = `
SELECT kind, schema, name, table_name, definition, uses, options, populated, before_tables FROM (
SELECT c.oid AS ord, CASE c.relkind WHEN 'v' THEN 'view' ELSE 'materialized view' END AS kind, n.nspname AS schema,
  c.relname AS name, NULL AS table_name, pg_catalog.pg_get_viewdef(c.oid, true) AS definition,
  ARRAY(
    SELECT DISTINCT u.relname::text FROM pg_catalog.pg_rewrite r
    JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
      AND d.refclassid = 'pg_catalog.pg_class'::regclass
    JOIN pg_catalog.pg_class u ON u.oid = d.refobjid
    WHERE r.ev_class = c.oid AND u.oid <> c.oid
    UNION
    SELECT f.proname::text FROM pg_catalog.pg_rewrite r
    JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
      AND d.refclassid = 'pg_catalog.pg_proc'::regclass
    JOIN pg_catalog.pg_proc f ON f.oid = d.refobjid
    WHERE r.ev_class = c.oid ORDER BY 1) AS uses,
  c.reloptions::text[] AS options, c.relispopulated AS populated, NULL::boolean AS before_tables
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY($1::text[]) AND ${NOT_FROM_EXTENSION('pg_catalog.pg_class', 'c.oid')}
UNION ALL
SELECT t.oid, 'trigger', n.nspname, t.tgname, c.relname, pg_catalog.pg_get_triggerdef(t.oid, true), NULL, NULL, NULL, NULL
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal AND n.nspname = ANY($1::text[])
UNION ALL
SELECT p.oid, CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, n.nspname, p.proname, NULL,
  pg_catalog.pg_get_functiondef(p.oid), NULL, NULL, NULL,
  EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.refclassid = 'pg_catalog.pg_proc'::regclass AND d.refobjid = p.oid
      AND d.classid IN ('pg_catalog.pg_attrdef'::regclass, 'pg_catalog.pg_constraint'::regclass))
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind IN ('f', 'p') AND n.nspname = ANY($1::text[]) AND ${NOT_FROM_EXTENSION('pg_catalog.pg_proc', 'p.oid')}
  AND ${SINGLE_NAME('p')}
  -- an event trigger's function goes with the (database-wide, unmanaged) event trigger
  AND p.prorettype <> 'pg_catalog.event_trigger'::regtype AND NOT ${USED_BY_UNMANAGED('p')}
UNION ALL
SELECT c.oid, 'sequence', n.nspname, c.relname, NULL,
  'CREATE SEQUENCE ' || ${QUALIFIED('n.nspname', 'c.relname')} || ' AS ' || pg_catalog.format_type(s.seqtypid, NULL)
    || ' INCREMENT BY ' || s.seqincrement || ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax
    || ' START WITH ' || s.seqstart || ' CACHE ' || s.seqcache || CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END,
  NULL, NULL, NULL, NULL
FROM pg_catalog.pg_sequence s
JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1::text[]) AND ${NOT_FROM_EXTENSION('pg_catalog.pg_class', 'c.oid')}
  -- a sequence a column owns (serial, identity) comes and goes with its column
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
) o ORDER BY ord`;

/**
 * pg_get_viewdef ends with a semicolon and starts with a space: the query alone — or the whole statement when
 * the view has what its query does not say (WITH (check_option=local), a materialized view WITH NO DATA).
 */
function viewDefinition(row: PostgresObjectRow): string {
  const query = row.definition.trim().replace(/;$/, '');
  const options = row.options ?? [];
  const unpopulated = row.kind === 'materialized view' && row.populated === false;
  if (options.length === 0 && !unpopulated) return query;
  const name = row.schema === 'public' ? quotePgIdent(row.name) : `${quotePgIdent(row.schema)}.${quotePgIdent(row.name)}`;
  const withOptions = options.length > 0 ? ` WITH (${options.join(', ')})` : '';
  return `CREATE ${row.kind === 'view' ? 'VIEW' : 'MATERIALIZED VIEW'} ${name}${withOptions} AS\n${query}${unpopulated ? '\nWITH NO DATA' : ''}`;
}

export function readPostgresObjectRows(rows: readonly PostgresObjectRow[]): SchemaObjectSpec[] {
  return rows.map((row): SchemaObjectSpec => {
    const view = row.kind === 'view' || row.kind === 'materialized view';
    return {
      kind: row.kind,
      ...(row.schema !== 'public' ? { schema: row.schema } : {}),
      name: row.name,
      ...(row.table_name !== null ? { table: row.table_name } : {}),
      definition: view ? viewDefinition(row) : row.definition.trim(),
      ...(row.uses !== null && row.uses.length > 0 ? { uses: row.uses } : {}),
      ...(row.before_tables === true ? { beforeTables: true } : {}),
    };
  });
}

export async function readPostgresObjects(conn: Connection, options: IntrospectOptions = {}): Promise<SchemaObjectSpec[]> {
  const schemas = scannedSchemas(options);
  const rows = (await conn.query<PostgresObjectRow>(POSTGRES_OBJECTS_SQL, [schemas])).rows;
  return selectUnmanaged(readPostgresObjectRows(rows), options);
}
