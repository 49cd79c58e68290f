// The extensions of a PostgreSQL schema, written down as the database has them. athanor does not manage
// extensions (they stay reported as not managed), but a table may need one to be created: a column of its type
// (citext, hstore), an index with its operator class (gin_trgm_ops), a default calling its function
// (uuid_generate_v4()). A baseline and a pulled schema.sql create them first, so a fresh database gets them too.
import type { Connection } from '../../drivers/connection.js';
import type { UnmanagedDefinition } from '../../schema/types.js';
import type { IntrospectOptions } from '../dialect.js';
import { scannedSchemas } from './scanned-schemas.js';

interface ExtensionRow {
  schema: string;
  name: string;
  quoted: string;
  quoted_schema: string;
}

// in creation order: an extension that requires another was created after it
const EXTENSIONS_SQL = `
SELECT n.nspname AS schema, x.extname AS name, quote_ident(x.extname) AS quoted, quote_ident(n.nspname) AS quoted_schema
FROM pg_catalog.pg_extension x
JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace
WHERE n.nspname = ANY($1::text[])
ORDER BY x.oid`;

export async function readPostgresExtensions(conn: Connection, options: IntrospectOptions = {}): Promise<UnmanagedDefinition[]> {
  const schemas = scannedSchemas(options);
  const rows = (await conn.query<ExtensionRow>(EXTENSIONS_SQL, [schemas])).rows;
  return rows.map((row) => ({
    object: { kind: 'extension', ...(row.schema !== 'public' ? { schema: row.schema } : {}), name: row.name },
    // IF NOT EXISTS: a database made from a template may have it already
    create: `CREATE EXTENSION IF NOT EXISTS ${row.quoted} WITH SCHEMA ${row.quoted_schema}`,
    drop: `DROP EXTENSION IF EXISTS ${row.quoted}`,
  }));
}
