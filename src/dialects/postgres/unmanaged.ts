// The objects of a PostgreSQL schema that introspect() does not read (objects.ts reads views, triggers,
// functions, procedures and standalone sequences), by name: reported by `migrate` and `check` so nothing in
// the database is ignored silently. Objects that belong to an extension are the
// extension's (reported once, as the extension).
import type { Connection } from '../../drivers/connection.js';
import type { UnmanagedObject } from '../../schema/types.js';
import type { IntrospectOptions } from '../dialect.js';
import { selectUnmanaged } from '../shared/unmanaged.js';

interface ObjectRow {
  kind: string;
  schema: string;
  name: string;
  table_name: string | null;
  uses: string[] | null;
}

export const NOT_FROM_EXTENSION = (classTable: string, oid: string): string => `NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend e
    WHERE e.classid = '${classTable}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;

/** A function or procedure whose name is unique in its schema: managed (an overloaded name is reported). */
export const SINGLE_NAME = (p: string): string => `NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_proc o WHERE o.pronamespace = ${p}.pronamespace AND o.proname = ${p}.proname AND o.oid <> ${p}.oid)`;

const OBJECTS_SQL = `
SELECT 'foreign table' AS kind, n.nspname AS schema, c.relname AS name, NULL AS table_name, NULL::text[] AS uses
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'f' AND n.nspname = ANY($1::text[]) AND ${NOT_FROM_EXTENSION('pg_catalog.pg_class', 'c.oid')}
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function'
  ELSE CASE WHEN p.prorettype = 'pg_catalog.trigger'::regtype THEN 'trigger function' ELSE 'function' END END,
  n.nspname, p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', NULL, NULL
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = ANY($1::text[]) AND ${NOT_FROM_EXTENSION('pg_catalog.pg_proc', 'p.oid')}
  AND (p.prokind IN ('a', 'w') OR NOT ${SINGLE_NAME('p')})
UNION ALL
SELECT 'index', n.nspname, ic.relname, c.relname, NULL
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'm' AND n.nspname = ANY($1::text[])
UNION ALL
SELECT 'extension', n.nspname, x.extname, NULL, NULL
FROM pg_catalog.pg_extension x
JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace
WHERE n.nspname = ANY($1::text[])
UNION ALL
SELECT CASE t.typtype WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range type' ELSE 'composite type' END,
  n.nspname, t.typname, NULL, NULL
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_class c ON c.oid = t.typrelid
WHERE n.nspname = ANY($1::text[]) AND ${NOT_FROM_EXTENSION('pg_catalog.pg_type', 't.oid')}
  AND (t.typtype IN ('d', 'r') OR (t.typtype = 'c' AND c.relkind = 'c'))
UNION ALL
SELECT 'rule', n.nspname, r.rulename, c.relname, NULL
FROM pg_catalog.pg_rewrite r
JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE r.rulename <> '_RETURN' AND n.nspname = ANY($1::text[])
UNION ALL
SELECT 'policy', n.nspname, p.polname, c.relname, NULL
FROM pg_catalog.pg_policy p
JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1::text[])
ORDER BY 1, 2, 3`;

export async function listPostgresUnmanaged(conn: Connection, options: IntrospectOptions = {}): Promise<UnmanagedObject[]> {
  const schemas = options.schemas && options.schemas.length > 0 ? options.schemas : ['public'];
  const rows = (await conn.query<ObjectRow>(OBJECTS_SQL, [schemas])).rows;
  const objects = rows.map((row): UnmanagedObject => ({
    kind: row.kind,
    ...(row.schema !== 'public' ? { schema: row.schema } : {}),
    name: row.name,
    ...(row.table_name !== null ? { table: row.table_name } : {}),
    ...(row.uses !== null && row.uses.length > 0 ? { uses: row.uses } : {}),
  }));
  return selectUnmanaged(objects, options);
}
