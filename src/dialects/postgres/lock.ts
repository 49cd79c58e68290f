// Serialising concurrent runners with a session-level advisory lock.
import type { Connection } from '../../drivers/connection.js';
import { UsageError } from '../../errors.js';
import { shortStatement, sinceText, takeLockReporting, type LockWait } from '../shared/lock-wait.js';

/** FNV-1a (64 bit) of a text, as the signed bigint pg_advisory_lock takes. */
function lockKeyOf(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= BigInt(byte);
    hash = BigInt.asUintN(64, hash * 0x100000001b3n);
  }
  return BigInt.asIntN(64, hash);
}

/** The one advisory lock key every athanor runner takes, on any database. */
export const ATHANOR_LOCK_KEY: bigint = lockKeyOf('athanor');

export function acquireLockSql(): string {
  return `SELECT pg_advisory_lock(${ATHANOR_LOCK_KEY})`;
}

export function releaseLockSql(): string {
  return `SELECT pg_advisory_unlock(${ATHANOR_LOCK_KEY})`;
}

/**
 * How often a backend running a statement checks that its client is still there (PostgreSQL ≥ 14, Linux): a
 * runner killed mid-statement then lets go of the lock within a second, not when its statement would have ended.
 */
const CLIENT_CHECK_SQL = `SET client_connection_check_interval = 1000`;

/** The holder of the lock as pg_locks shows it: a bigint key is split into classid (high) and objid (low). */
function holderSql(): string {
  const key = BigInt.asUintN(64, ATHANOR_LOCK_KEY);
  return `SELECT a.pid, a.application_name, host(a.client_addr) AS client_addr, a.backend_start, a.state, a.query, now() AS now
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid = ${key >> 32n} AND l.objid = ${key & 0xffffffffn}
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
}

interface HolderRow {
  pid: number;
  application_name: string | null;
  client_addr: string | null;
  backend_start: Date | string | null;
  state: string | null;
  query: string | null;
  now: Date | string;
}

function describePgHolder(row: HolderRow): string {
  const who = [row.application_name || 'a session', row.client_addr ? `from ${row.client_addr}` : ''].filter(Boolean).join(' ');
  const since = row.backend_start ? `, since ${sinceText(new Date(row.backend_start), new Date(row.now))}` : '';
  const running = row.state === 'active' && row.query ? `; running ${shortStatement(row.query)}` : '';
  return `pid ${row.pid} (${who}${since}${running}); if that run is gone, SELECT pg_terminate_backend(${row.pid}) frees it`;
}

/** Blocks until no other session holds the lock; tells `wait` who holds it if that takes a while. */
export async function acquirePgLock(conn: Connection, wait?: LockWait): Promise<void> {
  // older servers (and builds without the check) refuse the setting: they keep the old behaviour
  await conn.exec(CLIENT_CHECK_SQL).catch(() => undefined);
  await takeLockReporting(
    {
      tryTake: async () => (await conn.query<{ got: boolean }>(`SELECT pg_try_advisory_lock(${ATHANOR_LOCK_KEY}) AS got`)).rows[0]?.got === true,
      describeHolder: async () => {
        const row = (await conn.query<HolderRow>(holderSql())).rows[0];
        return row ? describePgHolder(row) : null;
      },
      block: async () => {
        await conn.query(acquireLockSql());
      },
    },
    wait,
  );
}

export async function releasePgLock(conn: Connection): Promise<void> {
  await conn.query(releaseLockSql());
}

export function lockTimeoutSql(ms: number): string {
  return `SET LOCAL lock_timeout = '${checkedMs(ms)}ms'`;
}

export function sessionLockTimeoutSql(ms: number): string {
  return `SET lock_timeout = '${checkedMs(ms)}ms'`;
}

function checkedMs(ms: number): number {
  if (!Number.isInteger(ms) || ms < 0) throw new UsageError(`lock timeout must be a whole number of milliseconds, got ${ms}`);
  return ms;
}

/** lock_not_available (55P03): lock_timeout expired */
export function isPgLockTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '55P03';
}
