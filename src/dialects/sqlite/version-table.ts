// The version and history tables (same columns as on PostgreSQL, in SQLite's types).
import { quoteSqliteString } from './literal.js';

export const VERSION_TABLE = 'athanor_version';
export const HISTORY_TABLE = 'athanor_history';

export function sqliteVersionTableDdl(): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (version_num text NOT NULL PRIMARY KEY)`,
    `CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
  id integer PRIMARY KEY AUTOINCREMENT,
  revision text NOT NULL,
  direction text NOT NULL,
  checksum text,
  applied_at text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  duration_ms integer NOT NULL DEFAULT 0,
  statements_done integer,
  message text
)`,
  ];
}

/** One row, column n > 0 when the table exists in the main database. */
export function sqliteTableExistsSql(name: string): string {
  return `SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ${quoteSqliteString(name)}`;
}
