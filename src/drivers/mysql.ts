// MySQL / MariaDB over mysql2: one connection; multipleStatements for exec().
import type { Connection, QueryResult } from './connection.js';

export async function connectMysql(url: string): Promise<Connection> {
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({ uri: url, multipleStatements: true, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
  conn.on('error', () => undefined);
  return {
    dialect: 'mysql',
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      const [result] = await conn.query(sql, params ? [...params] : undefined);
      if (Array.isArray(result)) return { rows: result as Row[], rowCount: result.length };
      const header = result as { affectedRows?: number };
      return { rows: [], rowCount: header.affectedRows ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await conn.query(sql);
    },
    async close(): Promise<void> {
      await conn.end();
    },
  };
}
