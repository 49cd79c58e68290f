// MySQL / MariaDB over mysql2: one connection; multipleStatements for exec() and batches.
import { connectWithin, DEFAULT_CONNECT_TIMEOUT_MS } from './connect-timeout.js';
import type { BatchStatement, Connection, QueryResult } from './connection.js';
import { importDriver } from './import-driver.js';
import { isTlsUnsupported, mysql2Ssl, type MysqlTls } from './mysql-tls.js';

/** mysql2/promise, or the copy at `file` (the project's, when athanor is installed elsewhere). */
function importMysql2(file?: string): Promise<typeof import('mysql2/promise')> {
  return file === undefined ? import('mysql2/promise') : import(file);
}

/** `connectTimeoutMs`: 0 waits as long as the OS does. */
export async function connectMysql(url: string, connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS, tls?: MysqlTls): Promise<Connection> {
  const mysql = await importDriver('mysql2', importMysql2);
  const connect = (ssl: Record<string, unknown> | undefined) =>
    connectWithin(connectTimeoutMs, () =>
      mysql.createConnection({
        uri: url,
        ...(ssl ? { ssl } : {}),
      connectTimeout: connectTimeoutMs,
        multipleStatements: true,
        dateStrings: true,
        supportBigNumbers: true,
        bigNumberStrings: true,
        // a session like the mariadb client's: IGNORE_SPACE (mysql2's default) would change how SQL parses and be
        // stored in every routine and trigger's sql_mode
        flags: ['-IGNORE_SPACE'],
      }),
    );
  const conn = await connect(mysql2Ssl(tls)).catch((error: unknown) => {
    // ssl-mode=PREFERRED: encrypted where the server offers it, as the mysql client does
    if (tls === 'preferred' && isTlsUnsupported(error)) return connect(undefined);
    if (isTlsUnsupported(error)) throw new Error('the server does not support secure connections, and the URL asks for TLS: enable TLS on the server, or use ssl-mode=PREFERRED to connect unencrypted to such a server', { cause: error });
    throw error;
  });
  conn.on('error', () => undefined);
  // the server's default collation for utf8mb4, as the client's SET NAMES gives it
  await conn.query('SET NAMES utf8mb4');
  /** statements sent and not answered yet: closing then must not wait for them (a GET_LOCK may wait an hour) */
  let inFlight = 0;
  const send = async (sql: string) => {
    inFlight++;
    try {
      return await conn.query(sql);
    } finally {
      inFlight--;
    }
  };
  /** one result per statement the server ran */
  const run = async (sql: string): Promise<unknown[]> => {
    const [result, fields] = await send(sql);
    // several statements give one result (and one field list, or none) per statement
    const several = Array.isArray(result) && Array.isArray(fields) && fields.every((f: unknown) => f === undefined || Array.isArray(f));
    return several ? (result as unknown[]) : [result];
  };
  return {
    dialect: 'mysql',
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      const results = await run(params?.length ? conn.format(sql, [...params]) : sql);
      // of several statements, the last one counts
      return resultOf<Row>(results[results.length - 1]);
    },
    async batch(statements: readonly BatchStatement[]) {
      // one multi-statement query; parameters written in client-side, as conn.query(sql, params) does
      const results = await run(statements.map((s) => (s.params?.length ? conn.format(s.sql, [...s.params]) : s.sql)).join(';\n'));
      // a first statement holding several gives several results: it gets the last of them
      const extra = results.length - statements.length;
      return statements.map((_, i) => resultOf<Record<string, unknown>>(results[i === 0 ? extra : i + extra]));
    },
    async exec(sql: string): Promise<void> {
      await send(sql);
    },
    async close(): Promise<void> {
      // the server ends a session whose socket closes; what it was running finishes first
      if (inFlight > 0) conn.destroy();
      else await conn.end();
    },
  };
}

function resultOf<Row>(result: unknown): QueryResult<Row> {
  if (Array.isArray(result)) return { rows: result as Row[], rowCount: result.length };
  const header = result as { affectedRows?: number } | undefined;
  return { rows: [], rowCount: header?.affectedRows ?? 0 };
}
