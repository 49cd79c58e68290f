// A CREATE INDEX CONCURRENTLY that fails (duplicate keys for a unique index, a deadlock, a cancel) leaves its
// index behind, marked INVALID: a re-run of the statement then fails with "already exists", so the resume the
// failure message promises cannot happen. athanor drops that index right after the failure.
import type { Connection } from '../../drivers/connection.js';
import { quotePgIdent } from './types.js';

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;
/** CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON [ONLY] table: the name and the table as written */
const CONCURRENT_INDEX = new RegExp(String.raw`^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT})\s+ON\s+(?:ONLY\s+)?(${IDENT}(?:\s*\.\s*${IDENT})?)`, 'i');
const UNNAMED_CONCURRENT_INDEX = /^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+ON\b/i;
/** duplicate_table: the index existed before this statement, so it is not this statement's to drop */
const ALREADY_EXISTS = '42P07';

function unquoted(ident: string): string {
  return ident.startsWith('"') ? ident.slice(1, -1).replaceAll('""', '"') : ident.toLowerCase();
}

/**
 * After `sql` failed with `error`: drops the INVALID index a failed CREATE INDEX CONCURRENTLY left, and says so
 * (a sentence for the failure message); undefined when the statement is not one or left nothing.
 */
export async function dropFailedConcurrentIndex(conn: Connection, sql: string, error: unknown): Promise<string | undefined> {
  if ((error as { code?: unknown } | null)?.code === ALREADY_EXISTS) return undefined;
  const match = CONCURRENT_INDEX.exec(sql);
  if (!match) {
    return UNNAMED_CONCURRENT_INDEX.test(sql) ? 'PostgreSQL may have left the unnamed index INVALID: drop it (DROP INDEX CONCURRENTLY) before re-running' : undefined;
  }
  const [, name = '', table = ''] = match;
  const left = await conn.query<{ schema: string; name: string }>(
    `SELECT n.nspname AS schema, c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE NOT i.indisvalid AND c.relname = $1 AND i.indrelid = to_regclass($2)`,
    [unquoted(name), table],
  );
  const index = left.rows[0];
  if (!index) return undefined;
  await conn.exec(`DROP INDEX CONCURRENTLY IF EXISTS ${quotePgIdent(index.schema)}.${quotePgIdent(index.name)}`);
  return `PostgreSQL left the index ${index.name} INVALID; athanor dropped it, so the re-run builds it again`;
}
