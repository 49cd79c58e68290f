// What the version store (runner/version-store.ts) needs from SQLite beyond rendering the table specs.
import { quoteSqliteString } from './literal.js';

/** applied_at's default: ISO 8601 text with milliseconds, UTC (SQLite has no timestamp type) */
export const SQLITE_CURRENT_TIMESTAMP = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/** One row, column n > 0 when the table exists in the main database. */
export function sqliteTableExistsSql(name: string): string {
  return `SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ${quoteSqliteString(name)}`;
}
