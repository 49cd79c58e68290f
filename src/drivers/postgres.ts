// PostgreSQL over node-postgres: one client, one session (advisory locks are per session).
import type pg from 'pg';
import type { Connection, QueryResult } from './connection.js';

export async function connectPostgres(url: string): Promise<Connection> {
  const { default: pgModule } = await import('pg');
  const client: pg.Client = new pgModule.Client({ connectionString: url, application_name: 'athanor' });
  // a dropped connection must surface as a rejected query, not an unhandled 'error' event
  client.on('error', () => undefined);
  await client.connect();
  return {
    dialect: 'postgres',
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      const results: pg.QueryResult | pg.QueryResult[] = await client.query(sql, params ? [...params] : undefined);
      // several statements in one simple query give one result each: the last one counts
      const result = Array.isArray(results) ? (results[results.length - 1] as pg.QueryResult) : results;
      return { rows: (result?.rows ?? []) as Row[], rowCount: result?.rowCount ?? result?.rows.length ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
    async close(): Promise<void> {
      await client.end();
    },
  };
}
