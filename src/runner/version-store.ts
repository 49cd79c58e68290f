// athanor_version (one row per applied head, like alembic_version) and athanor_history.
import type { Connection } from '../drivers/connection.js';
import type { Dialect } from '../dialects/dialect.js';
import type { VersionChange } from '../revisions/targets.js';

export const VERSION_TABLE = 'athanor_version';
export const HISTORY_TABLE = 'athanor_history';

export async function versionTableExists(conn: Connection, dialect: Dialect): Promise<boolean> {
  const { rows } = await conn.query<{ n: number | string }>(dialect.tableExistsSql(VERSION_TABLE));
  return Number(rows[0]?.n ?? 0) > 0;
}

export async function ensureVersionTables(conn: Connection, dialect: Dialect): Promise<void> {
  if (await versionTableExists(conn, dialect)) return;
  for (const statement of dialect.versionTableDdl()) await conn.exec(statement);
}

export async function readHeads(conn: Connection, dialect: Dialect): Promise<string[]> {
  if (!(await versionTableExists(conn, dialect))) return [];
  const { rows } = await conn.query<{ version_num: string }>(`SELECT version_num FROM ${VERSION_TABLE} ORDER BY version_num`);
  return rows.map((r) => r.version_num);
}

/** The statements that move the version table by one step. */
export function versionChangeSql(dialect: Dialect, change: VersionChange): string[] {
  const lit = (v: string) => dialect.literal(v);
  return [
    ...change.updates.map((u) => `UPDATE ${VERSION_TABLE} SET version_num = ${lit(u.to)} WHERE version_num = ${lit(u.from)}`),
    ...change.deletes.map((d) => `DELETE FROM ${VERSION_TABLE} WHERE version_num = ${lit(d)}`),
    ...change.inserts.map((i) => `INSERT INTO ${VERSION_TABLE} (version_num) VALUES (${lit(i)})`),
  ];
}

export interface HistoryEntry {
  revision: string;
  direction: 'up' | 'down' | 'stamp' | 'accept';
  checksum: string | null;
  durationMs: number;
  message?: string | null;
}

export function historyInsertSql(dialect: Dialect, entry: HistoryEntry): string {
  const lit = (v: unknown) => dialect.literal(v);
  return `INSERT INTO ${HISTORY_TABLE} (revision, direction, checksum, duration_ms, message) VALUES (${lit(entry.revision)}, ${lit(entry.direction)}, ${lit(entry.checksum)}, ${Math.round(entry.durationMs)}, ${lit(entry.message ?? null)})`;
}

export interface HistoryRow {
  revision: string;
  direction: string;
  checksum: string | null;
  applied_at: string | Date;
  duration_ms: number;
}

export async function readHistory(conn: Connection, dialect: Dialect): Promise<HistoryRow[]> {
  if (!(await versionTableExists(conn, dialect))) return [];
  const { rows } = await conn.query<HistoryRow>(
    `SELECT revision, direction, checksum, applied_at, duration_ms FROM ${HISTORY_TABLE} ORDER BY id`,
  );
  return rows;
}
