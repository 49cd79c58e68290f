// SQLite over better-sqlite3 (synchronous, in-process).
import { batchOneByOne } from './batch.js';
import type { BatchStatement, Connection, QueryResult } from './connection.js';
import { importDriver } from './import-driver.js';

export async function connectSqlite(path: string): Promise<Connection> {
  const { default: Database } = await importDriver('better-sqlite3', () => import('better-sqlite3'));
  const db = new Database(path === ':memory:' ? ':memory:' : path);
  // concurrent runners wait for each other's BEGIN IMMEDIATE instead of failing at once
  db.pragma('busy_timeout = 30000');
  db.pragma('foreign_keys = ON');
  const connection: Connection = {
    dialect: 'sqlite',
    batch: (statements: readonly BatchStatement[]) => batchOneByOne((sql, params) => connection.query(sql, params), statements),
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      const statement = db.prepare(sql);
      const args = (params ?? []).map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
      if (statement.reader) {
        const rows = statement.all(...args) as Row[];
        return { rows, rowCount: rows.length };
      }
      const info = statement.run(...args);
      return { rows: [], rowCount: info.changes };
    },
    async exec(sql: string): Promise<void> {
      db.exec(sql);
    },
    async close(): Promise<void> {
      db.close();
    },
  };
  return connection;
}
