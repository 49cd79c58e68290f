// Serialising concurrent runners. SQLite has no advisory locks, and the runner's BEGIN IMMEDIATE only holds the
// write lock for one migration: two runners could both read the same heads, then apply the same migration one
// after the other. So the run-long lock is a write transaction held open on a small side file next to the
// database (`<database>-athanor-lock`, like SQLite's own `-journal`): BEGIN IMMEDIATE there succeeds for one
// connection at a time, and the operating system drops it if the process dies, so a crash leaves no stale lock.
// An in-memory or temporary database is private to its connection: nothing to serialise.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Connection } from '../../drivers/connection.js';
import { isSqliteBusy, openSideDatabase } from '../../drivers/sqlite.js';
import { sinceText, takeLockReporting, type LockWait } from '../shared/lock-wait.js';

interface LockDatabase {
  exec(sql: string): unknown;
  close(): unknown;
}

const POLL_MS = 100;
const held = new WeakMap<Connection, { db: LockDatabase; depth: number; ownerFile: string }>();

/** The main database's file, or '' for an in-memory or temporary database. */
export async function databaseFile(conn: Connection): Promise<string> {
  const { rows } = await conn.query<{ file: string | null }>(`SELECT file FROM pragma_database_list WHERE name = 'main'`);
  return rows[0]?.file ?? '';
}

export function lockFileOf(databaseFile: string): string {
  return `${databaseFile}-athanor-lock`;
}

const isBusy = isSqliteBusy;

/**
 * Who holds the lock, written by the holder next to the lock file (SQLite keeps no record of it): the file may
 * outlive a crashed holder, but then the lock is free and nobody waits to read it.
 */
function ownerFileOf(lockFile: string): string {
  return `${lockFile}-owner`;
}

interface Owner {
  pid: number;
  host: string;
  since: string;
}

function describeOwner(ownerFile: string): string | null {
  try {
    const owner = JSON.parse(readFileSync(ownerFile, 'utf8')) as Owner;
    return `pid ${owner.pid} on ${owner.host} (since ${sinceText(new Date(owner.since))})`;
  } catch {
    return null;
  }
}

function tryBegin(db: LockDatabase): boolean {
  try {
    db.exec('BEGIN IMMEDIATE');
    return true;
  } catch (error) {
    if (isBusy(error)) return false;
    db.close();
    throw error;
  }
}

/** Waits (polling, without blocking the event loop) until no other runner holds the lock. Re-entrant. */
export async function acquireSqliteLock(conn: Connection, wait?: LockWait): Promise<void> {
  const mine = held.get(conn);
  if (mine) {
    mine.depth++;
    return;
  }
  const file = await databaseFile(conn);
  if (!file) return;
  const lockFile = lockFileOf(file);
  const ownerFile = ownerFileOf(lockFile);
  const db: LockDatabase = await openSideDatabase(lockFile);
  await takeLockReporting(
    {
      tryTake: async () => tryBegin(db),
      describeHolder: async () => describeOwner(ownerFile),
      block: async () => {
        while (!tryBegin(db)) {
          if (wait?.signal?.aborted) {
            db.close();
            throw new Error('stopped waiting for the migration lock');
          }
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
      },
    },
    wait,
  );
  const owner: Owner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  // only a message depends on it: a file that cannot be written costs nothing but the holder's name
  try {
    writeFileSync(ownerFile, JSON.stringify(owner));
  } catch {
    // read-only folder
  }
  held.set(conn, { db, depth: 1, ownerFile });
}

export async function releaseSqliteLock(conn: Connection): Promise<void> {
  const mine = held.get(conn);
  if (!mine) return;
  if (--mine.depth > 0) return;
  held.delete(conn);
  rmSync(mine.ownerFile, { force: true });
  try {
    mine.db.exec('ROLLBACK');
  } finally {
    mine.db.close();
  }
}
