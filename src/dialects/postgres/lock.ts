// Serialising concurrent runners with a session-level advisory lock.
import type { Connection } from '../../drivers/connection.js';
import { UsageError } from '../../errors.js';

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

/** Blocks until no other session holds the lock. */
export async function acquirePgLock(conn: Connection): Promise<void> {
  await conn.query(acquireLockSql());
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
