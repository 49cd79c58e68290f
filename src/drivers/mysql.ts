// MySQL / MariaDB over mysql2: one connection; multipleStatements for exec().
import type { Connection, QueryResult } from './connection.js';

export async function connectMysql(url: string): Promise<Connection> {
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({
    uri: url,
    multipleStatements: true,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    // a session like the mariadb client's: IGNORE_SPACE (mysql2's default) would change how SQL parses and be
    // stored in every routine and trigger's sql_mode
    flags: ['-IGNORE_SPACE'],
  });
  conn.on('error', () => undefined);
  // the server's default collation for utf8mb4, as the client's SET NAMES gives it
  await conn.query('SET NAMES utf8mb4');
  return {
    dialect: 'mysql',
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      const [result, fields] = await conn.query(sql, params ? [...params] : undefined);
      // several statements give one result (and one field list, or none) per statement: the last one counts
      const several = Array.isArray(result) && Array.isArray(fields) && fields.every((f: unknown) => f === undefined || Array.isArray(f));
      return resultOf<Row>(several ? (result as unknown[])[result.length - 1] : result);
    },
    async exec(sql: string): Promise<void> {
      await conn.query(sql);
    },
    async close(): Promise<void> {
      await conn.end();
    },
  };
}

function resultOf<Row>(result: unknown): QueryResult<Row> {
  if (Array.isArray(result)) return { rows: result as Row[], rowCount: result.length };
  const header = result as { affectedRows?: number } | undefined;
  return { rows: [], rowCount: header?.affectedRows ?? 0 };
}
