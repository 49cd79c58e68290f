// SQLite over Node's built-in `node:sqlite` (Node >= 22.13 without a flag), used when better-sqlite3 is not
// installed: a SQLite user on a recent Node needs no native module at all. Same Connection as sqlite.ts.
import { batchOneByOne } from './batch.js';
import { runsWithoutResult } from './sqlite-no-rows.js';
import type { BatchStatement, Connection, QueryResult } from './connection.js';

/** The part of node:sqlite athanor uses (the @types/node here predates the module). */
interface StatementSync {
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number | bigint };
  /** Node >= 22.16: the result columns (none: the statement returns no rows) */
  columns?(): unknown[];
}

interface DatabaseSync {
  exec(sql: string): void;
  prepare(sql: string): StatementSync;
  close(): void;
}

interface NodeSqliteModule {
  DatabaseSync: new (path: string) => DatabaseSync;
}

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);

/** True when this Node has node:sqlite without --experimental-sqlite. */
export const hasNodeSqlite = major > 22 || (major === 22 && minor >= 13);

/** node:sqlite, without its "experimental feature" warning on stderr (athanor's stderr holds errors only). */
async function loadNodeSqlite(): Promise<NodeSqliteModule> {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/SQLite is an experimental feature/.test(text)) return;
    (emitWarning as (w: string | Error, ...r: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    const specifier = 'node:sqlite';
    return (await import(specifier)) as NodeSqliteModule;
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** Statements that return rows, for a Node without StatementSync.columns(). */
const READER = /^\s*(?:select|with|values|pragma|explain)\b|\breturning\b/i;

function returnsRows(statement: StatementSync, sql: string): boolean {
  return typeof statement.columns === 'function' ? statement.columns().length > 0 : READER.test(sql);
}

/** A bare handle on another file (the run lock's), with SQLite's default of no busy wait. */
export async function openNodeSqliteSide(path: string): Promise<{ exec(sql: string): void; close(): void }> {
  const { DatabaseSync } = await loadNodeSqlite();
  return new DatabaseSync(path);
}

export async function connectNodeSqlite(path: string): Promise<Connection> {
  const { DatabaseSync } = await loadNodeSqlite();
  const db = new DatabaseSync(path);
  // concurrent runners wait for each other's BEGIN IMMEDIATE instead of failing at once
  db.exec('PRAGMA busy_timeout = 30000');
  db.exec('PRAGMA foreign_keys = ON');
  const connection: Connection = {
    dialect: 'sqlite',
    batch: (statements: readonly BatchStatement[]) => batchOneByOne((sql, params) => connection.query(sql, params), statements),
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      if (runsWithoutResult(sql, params)) {
        db.exec(sql);
        return { rows: [], rowCount: 0 };
      }
      const statement = db.prepare(sql);
      const args = (params ?? []).map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p === undefined ? null : p));
      if (returnsRows(statement, sql)) {
        const rows = statement.all(...args) as Row[];
        return { rows, rowCount: rows.length };
      }
      const info = statement.run(...args);
      return { rows: [], rowCount: Number(info.changes) };
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
