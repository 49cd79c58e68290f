// SQLite over better-sqlite3 (synchronous, in-process); on Node >= 22.13 without better-sqlite3 installed, over
// Node's built-in node:sqlite (node-sqlite.ts).
import { batchOneByOne } from './batch.js';
import { runsWithoutResult } from './sqlite-no-rows.js';
import type { BatchStatement, Connection, QueryResult } from './connection.js';
import { importDriver, MissingDriverError } from './import-driver.js';
import { connectNodeSqlite, hasNodeSqlite, openNodeSqliteSide } from './node-sqlite.js';

const loadBetterSqlite = () => import('better-sqlite3');

/** better-sqlite3, or the copy at `file` (the project's, when athanor is installed elsewhere). */
function importBetterSqlite(file?: string): ReturnType<typeof loadBetterSqlite> {
  return file === undefined ? loadBetterSqlite() : import(file);
}

export async function connectSqlite(path: string): Promise<Connection> {
  const loaded = await importDriver('better-sqlite3', importBetterSqlite).catch((error: unknown) => {
    if (error instanceof MissingDriverError && hasNodeSqlite) return undefined;
    throw error;
  });
  if (loaded === undefined) return connectNodeSqlite(path);
  const { default: Database } = loaded;
  let db: InstanceType<typeof Database>;
  try {
    db = new Database(path === ':memory:' ? ':memory:' : path);
  } catch (error) {
    // built for another Node.js (after switching versions with nvm): Node's own SQLite does the same work
    if (builtForAnotherNode(error) && hasNodeSqlite) return connectNodeSqlite(path);
    throw error;
  }
  // concurrent runners wait for each other's BEGIN IMMEDIATE instead of failing at once
  db.pragma('busy_timeout = 30000');
  db.pragma('foreign_keys = ON');
  const connection: Connection = {
    dialect: 'sqlite',
    batch: (statements: readonly BatchStatement[]) => batchOneByOne((sql, params) => connection.query(sql, params), statements),
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      if (runsWithoutResult(sql, params)) {
        db.exec(sql);
        return { rows: [], rowCount: 0 };
      }
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

/** A second database handle (the run lock's side file): statements only, no busy wait. */
export interface SideDatabase {
  exec(sql: string): unknown;
  close(): unknown;
}

export async function openSideDatabase(path: string): Promise<SideDatabase> {
  const loaded = await importDriver('better-sqlite3', importBetterSqlite).catch((error: unknown) => {
    if (error instanceof MissingDriverError && hasNodeSqlite) return undefined;
    throw error;
  });
  if (loaded === undefined) return openNodeSqliteSide(path);
  try {
    return new loaded.default(path, { timeout: 0 });
  } catch (error) {
    if (builtForAnotherNode(error) && hasNodeSqlite) return openNodeSqliteSide(path);
    throw error;
  }
}

/** better-sqlite3's native module compiled against another Node.js version (its ABI, NODE_MODULE_VERSION). */
function builtForAnotherNode(error: unknown): boolean {
  // a second load in the same process says "Module did not self-register" instead
  return error instanceof Error && /NODE_MODULE_VERSION|did not self-register/.test(error.message);
}

/** SQLITE_BUSY or SQLITE_LOCKED, from either driver (better-sqlite3: code; node:sqlite: the numeric errcode). */
export function isSqliteBusy(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, errcode } = error as { code?: unknown; errcode?: unknown };
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return true;
  return typeof errcode === 'number' && [5, 6].includes(errcode & 0xff);
}
