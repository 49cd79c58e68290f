// The objects of a PostgreSQL schema that introspect() does not read (objects.ts reads views, triggers,
// functions, procedures and standalone sequences), by name: reported by `migrate` and `check` so nothing in
// the database is ignored silently. Objects that belong to an extension are the
// extension's (reported once, as the extension). Settings the schema model has no place for are reported as
// settings of their object (SETTINGS_SQL): "WITH (fillfactor=70) of constraint t_pkey on t".
import type { Connection } from '../../drivers/connection.js';
import type { UnmanagedObject } from '../../schema/types.js';
import type { IntrospectOptions } from '../dialect.js';
import { selectUnmanaged } from '../shared/unmanaged.js';
import { scannedSchemas } from './scanned-schemas.js';

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

/**
 * A function an unmanaged object needs (an aggregate's state function, an operator's, a cast's, a type's I/O):
 * left to that object, since a drop-everything migration could not drop it before it.
 */
export const USED_BY_UNMANAGED = (p: string): string => `EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    LEFT JOIN pg_catalog.pg_proc dp ON d.classid = 'pg_catalog.pg_proc'::regclass AND dp.oid = d.objid
    WHERE d.refclassid = 'pg_catalog.pg_proc'::regclass AND d.refobjid = ${p}.oid AND d.deptype = 'n'
      AND (dp.prokind IN ('a', 'w') OR d.classid IN ('pg_catalog.pg_operator'::regclass, 'pg_catalog.pg_cast'::regclass,
        'pg_catalog.pg_type'::regclass, 'pg_catalog.pg_opclass'::regclass, 'pg_catalog.pg_amproc'::regclass)))`;

const OBJECTS_SQL = `
SELECT 'foreign table' AS kind, n.nspname AS schema, c.relname AS name, NULL AS table_name, NULL::text[] AS uses
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'f' AND n.nspname = ANY($1::text[]) AND ${NOT_FROM_EXTENSION('pg_catalog.pg_class', 'c.oid')}
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function'
  ELSE CASE p.prorettype WHEN 'pg_catalog.trigger'::regtype THEN 'trigger function'
    WHEN 'pg_catalog.event_trigger'::regtype THEN 'event trigger function' ELSE 'function' END END,
  n.nspname, p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', NULL, NULL
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = ANY($1::text[]) AND ${NOT_FROM_EXTENSION('pg_catalog.pg_proc', 'p.oid')}
  AND (p.prokind IN ('a', 'w') OR NOT ${SINGLE_NAME('p')} OR p.prorettype = 'pg_catalog.event_trigger'::regtype
    OR ${USED_BY_UNMANAGED('p')})
UNION ALL
-- database-wide: reported whatever the schemas looked at
SELECT 'event trigger', 'public', et.evtname, NULL, NULL
FROM pg_catalog.pg_event_trigger et
WHERE ${NOT_FROM_EXTENSION('pg_catalog.pg_event_trigger', 'et.oid')}
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
SELECT 'collation', n.nspname, co.collname, NULL, NULL
FROM pg_catalog.pg_collation co
JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace
WHERE n.nspname = ANY($1::text[]) AND ${NOT_FROM_EXTENSION('pg_catalog.pg_collation', 'co.oid')}
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

interface SettingRow {
  kind: string;
  of_what: string | null;
  schema: string;
  name: string;
  table_name: string | null;
}

/**
 * Who other than the owner was granted privileges (GRANT … TO app, PUBLIC), or NULL: athanor does not manage
 * privileges, and a table a migration re-creates comes back without them.
 */
const GRANTEES = (acl: string, owner: string, type: string): string => `(SELECT string_agg(DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC'
    ELSE pg_catalog.pg_get_userbyid(a.grantee) END, ' and ') FROM pg_catalog.aclexplode(${acl}) a
    WHERE a.grantee <> ${owner} AND (a.grantee, a.privilege_type) NOT IN (
      SELECT d.grantee, d.privilege_type FROM pg_catalog.aclexplode(pg_catalog.acldefault(${type}, ${owner})) d))`;
/**
 * The options of a serial's or identity column's sequence that are not CREATE SEQUENCE's defaults ('' when none):
 * the models declare a serial or an identity, not its sequence, so a fresh database would start at 1.
 */
export const SEQUENCE_OPTIONS = (sq: string): string => `concat_ws(' ',
    CASE WHEN ${sq}.seqincrement <> 1 THEN 'INCREMENT BY ' || ${sq}.seqincrement END,
    CASE WHEN ${sq}.seqincrement > 0 AND ${sq}.seqmin <> 1 THEN 'MINVALUE ' || ${sq}.seqmin END,
    CASE WHEN ${sq}.seqincrement > 0 AND ${sq}.seqmax <> CASE ${sq}.seqtypid WHEN 'pg_catalog.int2'::regtype THEN 32767
      WHEN 'pg_catalog.int4'::regtype THEN 2147483647 ELSE 9223372036854775807 END THEN 'MAXVALUE ' || ${sq}.seqmax END,
    CASE WHEN ${sq}.seqincrement > 0 AND ${sq}.seqstart <> ${sq}.seqmin THEN 'START WITH ' || ${sq}.seqstart END,
    CASE WHEN ${sq}.seqcache <> 1 THEN 'CACHE ' || ${sq}.seqcache END,
    CASE WHEN ${sq}.seqcycle THEN 'CYCLE' END)`;
const TABLE_OF = (rel: string): string => `${rel}.relkind IN ('r', 'p') AND NOT ${rel}.relispartition`;
const IN_SCHEMAS = 'n.nspname = ANY($1::text[])';
/** an index's owner: the constraint it implements (PRIMARY KEY, UNIQUE, EXCLUDE), else the index itself */
const INDEX_OWNER = `LEFT JOIN pg_catalog.pg_constraint con
  ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')`;

const SETTINGS_SQL = `
SELECT 'AS ' || pg_catalog.format_type(sq.seqtypid, NULL) AS kind, 'sequence' AS of_what, n.nspname AS schema, s.relname AS name,
  c.relname AS table_name
FROM pg_catalog.pg_depend dep
JOIN pg_catalog.pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
JOIN pg_catalog.pg_sequence sq ON sq.seqrelid = s.oid
JOIN pg_catalog.pg_class c ON c.oid = dep.refobjid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = dep.refobjsubid
WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.refclassid = 'pg_catalog.pg_class'::regclass
  AND dep.deptype = 'a' AND sq.seqtypid <> a.atttypid AND ${TABLE_OF('c')} AND ${IN_SCHEMAS}
UNION ALL
SELECT ${SEQUENCE_OPTIONS('sq')}, 'sequence', n.nspname, s.relname, c.relname
FROM pg_catalog.pg_depend dep
JOIN pg_catalog.pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
JOIN pg_catalog.pg_sequence sq ON sq.seqrelid = s.oid
JOIN pg_catalog.pg_class c ON c.oid = dep.refobjid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.refclassid = 'pg_catalog.pg_class'::regclass
  AND dep.deptype IN ('a', 'i') AND ${SEQUENCE_OPTIONS('sq')} <> '' AND ${TABLE_OF('c')} AND ${IN_SCHEMAS}
UNION ALL
SELECT 'NULLS NOT DISTINCT', CASE WHEN con.oid IS NULL THEN 'index' ELSE 'constraint' END, n.nspname, COALESCE(con.conname, ic.relname), c.relname
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
${INDEX_OWNER}
WHERE (to_jsonb(i) ->> 'indnullsnotdistinct')::boolean AND ${TABLE_OF('c')} AND ${IN_SCHEMAS}
UNION ALL
SELECT CASE WHEN con.condeferred THEN 'DEFERRABLE INITIALLY DEFERRED' ELSE 'DEFERRABLE' END AS kind, 'constraint' AS of_what,
  n.nspname AS schema, con.conname AS name, c.relname AS table_name
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE con.condeferrable AND con.contype IN ('p', 'u') AND ${TABLE_OF('c')} AND ${IN_SCHEMAS}
UNION ALL
SELECT 'WITH (' || array_to_string(ic.reloptions, ', ') || ')', CASE WHEN con.oid IS NULL THEN 'index' ELSE 'constraint' END,
  n.nspname, COALESCE(con.conname, ic.relname), c.relname
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
${INDEX_OWNER}
WHERE ic.reloptions IS NOT NULL AND ${TABLE_OF('c')} AND ${IN_SCHEMAS}
UNION ALL
SELECT 'tablespace ' || quote_ident(ts.spcname), CASE WHEN con.oid IS NULL THEN 'index' ELSE 'constraint' END,
  n.nspname, COALESCE(con.conname, ic.relname), c.relname
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_tablespace ts ON ts.oid = ic.reltablespace
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
${INDEX_OWNER}
WHERE ${TABLE_OF('c')} AND ${IN_SCHEMAS}
UNION ALL
SELECT s.kind, 'table', n.nspname, c.relname, c.relname
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = c.reltablespace
CROSS JOIN LATERAL (VALUES
  (CASE WHEN c.reloptions IS NOT NULL THEN 'WITH (' || array_to_string(c.reloptions, ', ') || ')' END),
  (CASE WHEN c.relpersistence = 'u' THEN 'UNLOGGED' END),
  (CASE WHEN ts.spcname IS NOT NULL THEN 'tablespace ' || quote_ident(ts.spcname) END),
  (CASE WHEN c.relkind = 'p' THEN 'partitioning (' || pg_catalog.pg_get_partkeydef(c.oid) || ')' END),
  (CASE WHEN c.relrowsecurity THEN 'ROW LEVEL SECURITY' END),
  (CASE WHEN c.relforcerowsecurity THEN 'FORCE ROW LEVEL SECURITY' END)) s(kind)
WHERE s.kind IS NOT NULL AND ${TABLE_OF('c')} AND ${IN_SCHEMAS}
UNION ALL
SELECT 'grants to ' || g.grantees, CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' ELSE 'table' END,
  n.nspname, c.relname, CASE WHEN c.relkind IN ('r', 'p') THEN c.relname END
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL (SELECT ${GRANTEES('c.relacl', 'c.relowner', "CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::\"char\"")} AS grantees) g
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND NOT c.relispartition AND g.grantees IS NOT NULL AND ${IN_SCHEMAS}
  AND ${NOT_FROM_EXTENSION('pg_catalog.pg_class', 'c.oid')}
UNION ALL
SELECT 'grants to ' || g.grantees, CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, n.nspname, p.proname, NULL
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
CROSS JOIN LATERAL (SELECT ${GRANTEES('p.proacl', 'p.proowner', "'f'")} AS grantees) g
WHERE g.grantees IS NOT NULL AND ${IN_SCHEMAS} AND ${NOT_FROM_EXTENSION('pg_catalog.pg_proc', 'p.oid')}
UNION ALL
SELECT 'comment', CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' ELSE 'index' END,
  n.nspname, c.relname, CASE WHEN c.relkind = 'i' THEN t.relname END
FROM pg_catalog.pg_description d
JOIN pg_catalog.pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
LEFT JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
WHERE c.relkind IN ('v', 'm', 'S', 'i') AND ${IN_SCHEMAS} AND ${NOT_FROM_EXTENSION('pg_catalog.pg_class', 'c.oid')}
UNION ALL
SELECT 'comment', CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, n.nspname, p.proname, NULL
FROM pg_catalog.pg_description d
JOIN pg_catalog.pg_proc p ON p.oid = d.objoid AND d.classoid = 'pg_catalog.pg_proc'::regclass
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE ${IN_SCHEMAS} AND ${NOT_FROM_EXTENSION('pg_catalog.pg_proc', 'p.oid')}
UNION ALL
SELECT 'comment', 'trigger', n.nspname, tg.tgname, c.relname
FROM pg_catalog.pg_description d
JOIN pg_catalog.pg_trigger tg ON tg.oid = d.objoid AND d.classoid = 'pg_catalog.pg_trigger'::regclass
JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE ${IN_SCHEMAS}
UNION ALL
SELECT 'comment', 'constraint', n.nspname, con.conname, c.relname
FROM pg_catalog.pg_description d
JOIN pg_catalog.pg_constraint con ON con.oid = d.objoid AND d.classoid = 'pg_catalog.pg_constraint'::regclass
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE ${IN_SCHEMAS}
UNION ALL
SELECT 'comment', 'type', n.nspname, t.typname, NULL
FROM pg_catalog.pg_description d
JOIN pg_catalog.pg_type t ON t.oid = d.objoid AND d.classoid = 'pg_catalog.pg_type'::regclass
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e' AND ${IN_SCHEMAS} AND ${NOT_FROM_EXTENSION('pg_catalog.pg_type', 't.oid')}
ORDER BY 2, 4, 1`;

export async function listPostgresUnmanaged(conn: Connection, options: IntrospectOptions = {}): Promise<UnmanagedObject[]> {
  const schemas = scannedSchemas(options);
  const rows = (await conn.query<ObjectRow>(OBJECTS_SQL, [schemas])).rows;
  const objects = rows.map((row): UnmanagedObject => ({
    kind: row.kind,
    ...(row.schema !== 'public' ? { schema: row.schema } : {}),
    name: row.name,
    ...(row.table_name !== null ? { table: row.table_name } : {}),
    ...(row.uses !== null && row.uses.length > 0 ? { uses: row.uses } : {}),
  }));
  for (const row of (await conn.query<SettingRow>(SETTINGS_SQL, [schemas])).rows) {
    objects.push({
      kind: row.kind,
      ...(row.of_what !== null ? { of: row.of_what } : {}),
      ...(row.schema !== 'public' ? { schema: row.schema } : {}),
      name: row.name,
      ...(row.table_name !== null ? { table: row.table_name } : {}),
    });
  }
  return selectUnmanaged(objects, options);
}
