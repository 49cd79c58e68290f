// The version and history tables, in the default schema (public).
import { quotePgString } from './literal.js';

export const VERSION_TABLE = 'athanor_version';
export const HISTORY_TABLE = 'athanor_history';

export function pgVersionTableDdl(): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (version_num varchar(64) NOT NULL PRIMARY KEY)`,
    `CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
  id bigserial PRIMARY KEY,
  revision varchar(64) NOT NULL,
  direction varchar(16) NOT NULL,
  checksum varchar(64),
  applied_at timestamptz NOT NULL DEFAULT now(),
  duration_ms integer NOT NULL DEFAULT 0,
  statements_done integer,
  message text
)`,
  ];
}

/** One row, column n > 0 when the table exists where unqualified names are created (current_schema()). */
export function pgTableExistsSql(name: string): string {
  return `SELECT count(*)::int AS n FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = ${quotePgString(name)}`;
}
