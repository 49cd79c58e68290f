// The domains of a PostgreSQL schema, written down as the database has them. athanor does not manage domains
// (they stay reported as not managed), but a table that uses one cannot be created without it: a baseline and a
// pulled schema.sql create them first, so a fresh database (CI, a scratch database for `check`) gets them too.
import type { Connection } from '../../drivers/connection.js';
import type { UnmanagedDefinition } from '../../schema/types.js';
import type { IntrospectOptions } from '../dialect.js';
import { NOT_FROM_EXTENSION } from './unmanaged.js';
import { scannedSchemas } from './scanned-schemas.js';

interface DomainRow {
  schema: string;
  name: string;
  /** quoted where it must be, the schema left out where it is public */
  qualified: string;
  base: string;
  collation: string | null;
  default_sql: string | null;
  not_null: boolean;
  checks: string[];
}

// in creation order (a domain over another comes after it); the collation only where it is not the base type's
const DOMAINS_SQL = `
SELECT n.nspname AS schema, t.typname AS name,
  CASE WHEN n.nspname = 'public' THEN quote_ident(t.typname) ELSE quote_ident(n.nspname) || '.' || quote_ident(t.typname) END AS qualified,
  pg_catalog.format_type(t.typbasetype, t.typtypmod) AS base,
  CASE WHEN t.typcollation <> bt.typcollation THEN (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
    FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = t.typcollation) END AS collation,
  t.typdefault AS default_sql, t.typnotnull AS not_null,
  ARRAY(SELECT 'CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_catalog.pg_get_constraintdef(c.oid)
    FROM pg_catalog.pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname) AS checks
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
WHERE t.typtype = 'd' AND n.nspname = ANY($1::text[]) AND ${NOT_FROM_EXTENSION('pg_catalog.pg_type', 't.oid')}
ORDER BY t.oid`;

export async function readPostgresDomains(conn: Connection, options: IntrospectOptions = {}): Promise<UnmanagedDefinition[]> {
  const schemas = scannedSchemas(options);
  const rows = (await conn.query<DomainRow>(DOMAINS_SQL, [schemas])).rows;
  return rows.map((row) => {
    const parts = [`CREATE DOMAIN ${row.qualified} AS ${row.base}`];
    if (row.collation !== null) parts.push(`COLLATE ${row.collation}`);
    if (row.default_sql !== null) parts.push(`DEFAULT ${row.default_sql}`);
    if (row.not_null) parts.push('NOT NULL');
    parts.push(...row.checks);
    return {
      object: { kind: 'domain', ...(row.schema !== 'public' ? { schema: row.schema } : {}), name: row.name },
      create: parts.join(' '),
      drop: `DROP DOMAIN ${row.qualified}`,
    };
  });
}
