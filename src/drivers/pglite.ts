// Embedded PostgreSQL (PGlite, WASM): the default when no URL is configured.
import { mkdir } from 'node:fs/promises';
import type { Connection, QueryResult } from './connection.js';

export async function connectPglite(dataDir: string | null): Promise<Connection> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ?? 'memory://');
  return {
    dialect: 'postgres',
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      const result = await db.query<Row>(sql, params ? [...params] : undefined);
      return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
    async close(): Promise<void> {
      await db.close();
    },
  };
}
