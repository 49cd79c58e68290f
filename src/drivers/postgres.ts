// PostgreSQL over node-postgres: one client, one session (advisory locks are per session).
import type pg from 'pg';
import { batchJoined, markFailedBatchIndex } from './batch.js';
import { importDriver } from './import-driver.js';
import { isSslUnsupported } from './postgres-tls.js';
import { connectWithin, DEFAULT_CONNECT_TIMEOUT_MS } from './connect-timeout.js';
import type { BatchStatement, Connection, QueryResult } from './connection.js';

/** pg's per-statement hook of a Query (left out of its typings): called once per statement that completed. */
interface CommandCompleteHook {
  handleCommandComplete(message: unknown, connection: unknown): void;
}

/**
 * Several statements as one simple query, one result each; a failure is marked with the index of the statement
 * that failed (the statements completed before it), so a batch joined into one round trip still names it.
 */
function runCounted(pgModule: typeof pg, client: pg.Client, sql: string): Promise<pg.QueryResult[]> {
  return new Promise((resolve, reject) => {
    let completed = 0;
    const query = new pgModule.Query(sql, (error: Error | undefined, result: unknown) => {
      if (error) reject(markFailedBatchIndex(error, completed));
      else resolve(([] as pg.QueryResult[]).concat(result as pg.QueryResult | pg.QueryResult[]));
    });
    const hooked = query as unknown as CommandCompleteHook;
    const complete = hooked.handleCommandComplete.bind(query);
    hooked.handleCommandComplete = (message, connection) => {
      completed++;
      complete(message, connection);
    };
    client.query(query);
  });
}

function resultOf<Row>(result: pg.QueryResult | undefined): QueryResult<Row> {
  return { rows: (result?.rows ?? []) as Row[], rowCount: result?.rowCount ?? result?.rows.length ?? 0 };
}

/**
 * `import('pg')` (or the project's copy at `file`) without the web runtime Node 20 loads for pg's Cloudflare
 * probe: without a global `navigator` (Node < 21) pg builds a `Response` to find out, which loads Node's fetch
 * implementation (~12 ms of every PostgreSQL command's start). A `navigator` naming Node answers the probe; it is
 * there only while pg loads.
 */
async function importPg(file?: string): Promise<typeof import('pg')> {
  const load = (): Promise<typeof import('pg')> => (file === undefined ? import('pg') : import(file));
  if ('navigator' in globalThis) return load();
  Object.defineProperty(globalThis, 'navigator', { value: { userAgent: `Node.js/${process.versions.node}` }, configurable: true, writable: true });
  try {
    return await load();
  } finally {
    delete (globalThis as { navigator?: unknown }).navigator;
  }
}

/** `connectTimeoutMs`: 0 waits as long as the OS does. */
/** `withoutTls`: the URL to use when the server has no TLS and the URL's sslmode (prefer, allow) lets it go without. */
export async function connectPostgres(tlsUrl: string, connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS, withoutTls?: string): Promise<Connection> {
  const { default: pgModule } = await importDriver('pg', importPg);
  const open = async (url: string): Promise<pg.Client> => {
    const opened: pg.Client = new pgModule.Client({ connectionString: url, application_name: 'athanor', connectionTimeoutMillis: connectTimeoutMs });
    // a dropped connection must surface as a rejected query, not an unhandled 'error' event
    opened.on('error', () => undefined);
    await connectWithin(connectTimeoutMs, () => opened.connect());
    return opened;
  };
  let url = tlsUrl;
  const client = await open(url).catch((error: unknown) => {
    if (!isSslUnsupported(error)) throw error;
    if (withoutTls === undefined) throw new Error('the server does not support SSL connections, and the URL asks for them: enable SSL on the server, or use sslmode=prefer to connect unencrypted to such a server', { cause: error });
    url = withoutTls;
    return open(url);
  });
  /** one result per statement: several statements in one simple query give one each */
  const run = async (sql: string, params?: readonly unknown[]): Promise<pg.QueryResult[]> =>
    ([] as pg.QueryResult[]).concat(await client.query(sql, params ? [...params] : undefined));
  const query = async <Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> => {
    const results = await run(sql, params);
    // of several statements, the last one counts
    return resultOf<Row>(results[results.length - 1]);
  };
  return {
    dialect: 'postgres',
    joinsBatches: true,
    query,
    batch(statements: readonly BatchStatement[]) {
      return batchJoined(query, async (sql) => (await runCounted(pgModule, client, sql)).map((r) => resultOf(r)), statements);
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
    async close(): Promise<void> {
      await client.end();
    },
    async cancel(): Promise<void> {
      // set by the server's BackendKeyData at connect; the typings leave it out
      const pid = (client as unknown as { processID: number | null }).processID;
      if (!pid) return;
      const other: pg.Client = new pgModule.Client({ connectionString: url, application_name: 'athanor (cancel)', connectionTimeoutMillis: connectTimeoutMs });
      other.on('error', () => undefined);
      try {
        await other.connect();
        await other.query('SELECT pg_cancel_backend($1)', [pid]);
      } finally {
        await other.end().catch(() => undefined);
      }
    },
  };
}
