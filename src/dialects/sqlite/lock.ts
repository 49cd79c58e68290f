// Serialising concurrent runners. SQLite has no advisory locks, and the runner's BEGIN IMMEDIATE only holds the
// write lock for one migration: two runners could both read the same heads, then apply the same migration one
// after the other. So the run-long lock is a write transaction held open on a small side file next to the
// database (`<database>-athanor-lock`, like SQLite's own `-journal`): BEGIN IMMEDIATE there succeeds for one
// connection at a time, and the operating system drops it if the process dies, so a crash leaves no stale lock.
// An in-memory or temporary database is private to its connection: nothing to serialise.
import type { Connection } from '../../drivers/connection.js';

interface LockDatabase {
  exec(sql: string): unknown;
  close(): unknown;
}

const POLL_MS = 100;
const held = new WeakMap<Connection, { db: LockDatabase; depth: number }>();

/** The main database's file, or '' for an in-memory or temporary database. */
export async function databaseFile(conn: Connection): Promise<string> {
  const { rows } = await conn.query<{ file: string | null }>(`SELECT file FROM pragma_database_list WHERE name = 'main'`);
  return rows[0]?.file ?? '';
}

export function lockFileOf(databaseFile: string): string {
  return `${databaseFile}-athanor-lock`;
}

function isBusy(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED');
}

/** Waits (polling, without blocking the event loop) until no other runner holds the lock. Re-entrant. */
export async function acquireSqliteLock(conn: Connection): Promise<void> {
  const mine = held.get(conn);
  if (mine) {
    mine.depth++;
    return;
  }
  const file = await databaseFile(conn);
  if (!file) return;
  const { default: Database } = await import('better-sqlite3');
  const db: LockDatabase = new Database(lockFileOf(file), { timeout: 0 });
  for (;;) {
    try {
      db.exec('BEGIN IMMEDIATE');
      break;
    } catch (error) {
      if (!isBusy(error)) {
        db.close();
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
  held.set(conn, { db, depth: 1 });
}

export async function releaseSqliteLock(conn: Connection): Promise<void> {
  const mine = held.get(conn);
  if (!mine) return;
  if (--mine.depth > 0) return;
  held.delete(conn);
  try {
    mine.db.exec('ROLLBACK');
  } finally {
    mine.db.close();
  }
}
