// The collations of a PostgreSQL schema (CREATE COLLATION), written down as the database has them. athanor does
// not manage collations (they stay reported as not managed), but a column declared COLLATE one cannot be created
// without it: a baseline and a pulled schema.sql create them first, so a fresh database gets them too.
import type { Connection } from '../../drivers/connection.js';
import type { UnmanagedDefinition } from '../../schema/types.js';
import type { IntrospectOptions } from '../dialect.js';
import { NOT_FROM_EXTENSION } from './unmanaged.js';
import { scannedSchemas } from './scanned-schemas.js';

interface CollationRow {
  schema: string;
  name: string;
  /** quoted where it must be, the schema left out where it is public */
  qualified: string;
  /** the options between the parentheses of CREATE COLLATION */
  options: string;
}

// the locale column is colliculocale on PostgreSQL 15 and 16, colllocale from 17: read through to_jsonb
const COLLATIONS_SQL = `
SELECT n.nspname AS schema, co.collname AS name,
  CASE WHEN n.nspname = 'public' THEN quote_ident(co.collname) ELSE quote_ident(n.nspname) || '.' || quote_ident(co.collname) END AS qualified,
  concat_ws(', ',
    'provider = ' || CASE co.collprovider WHEN 'i' THEN 'icu' WHEN 'b' THEN 'builtin' ELSE 'libc' END,
    CASE WHEN co.collprovider = 'c' THEN 'lc_collate = ' || quote_literal(co.collcollate) END,
    CASE WHEN co.collprovider = 'c' THEN 'lc_ctype = ' || quote_literal(co.collctype) END,
    CASE WHEN co.collprovider <> 'c' THEN 'locale = ' || quote_literal(COALESCE(to_jsonb(co) ->> 'colllocale', to_jsonb(co) ->> 'colliculocale')) END,
    CASE WHEN to_jsonb(co) ->> 'collicurules' IS NOT NULL THEN 'rules = ' || quote_literal(to_jsonb(co) ->> 'collicurules') END,
    CASE WHEN NOT co.collisdeterministic THEN 'deterministic = false' END) AS options
FROM pg_catalog.pg_collation co
JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace
WHERE n.nspname = ANY($1::text[]) AND ${NOT_FROM_EXTENSION('pg_catalog.pg_collation', 'co.oid')}
ORDER BY co.oid`;

export async function readPostgresCollations(conn: Connection, options: IntrospectOptions = {}): Promise<UnmanagedDefinition[]> {
  const schemas = scannedSchemas(options);
  const rows = (await conn.query<CollationRow>(COLLATIONS_SQL, [schemas])).rows;
  return rows.map((row) => ({
    object: { kind: 'collation', ...(row.schema !== 'public' ? { schema: row.schema } : {}), name: row.name },
    create: `CREATE COLLATION ${row.qualified} (${row.options})`,
    drop: `DROP COLLATION ${row.qualified}`,
  }));
}
