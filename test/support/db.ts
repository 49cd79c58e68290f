// Reading the database state from a test, through athanor's own drivers.
import { openConnection } from '../../src/drivers/open.js';

export async function queryRows<Row = Record<string, unknown>>(url: string, sql: string, params?: unknown[]): Promise<Row[]> {
  const conn = await openConnection(url);
  try {
    return (await conn.query<Row>(sql, params)).rows;
  } finally {
    await conn.close();
  }
}

/** athanor_version rows, sorted; [] when the table does not exist. */
export async function versionRows(url: string): Promise<string[]> {
  try {
    const rows = await queryRows<{ version_num: string }>(url, 'SELECT version_num FROM athanor_version');
    return rows.map((r) => r.version_num).sort();
  } catch (error) {
    if (/does not exist|doesn't exist|no such table/i.test(String(error))) return [];
    throw error;
  }
}

export async function tableNames(url: string): Promise<string[]> {
  const dialect = url.startsWith('sqlite:') ? 'sqlite' : url.startsWith('mysql:') || url.startsWith('mariadb:') ? 'mysql' : 'postgres';
  const sql =
    dialect === 'sqlite'
      ? `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
      : dialect === 'mysql'
        ? `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()`
        : `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`;
  const rows = await queryRows<{ name: string }>(url, sql);
  return rows.map((r) => r.name).sort();
}

export async function historyRows(url: string): Promise<Array<{ revision: string; direction: string; checksum: string | null }>> {
  return queryRows(url, 'SELECT revision, direction, checksum FROM athanor_history ORDER BY id');
}
