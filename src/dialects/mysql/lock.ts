// Serialising concurrent runners with a named user lock (GET_LOCK), held by the session until released.
import type { Connection } from '../../drivers/connection.js';
import { DatabaseError, UsageError } from '../../errors.js';
import { shortStatement, takeLockReporting, type LockWait } from '../shared/lock-wait.js';

// GET_LOCK names are server-wide, so the name carries the database: runners on different databases of one
// server do not wait for each other (PostgreSQL's advisory locks are per database too). 64 chars at most.
const LOCK_NAME = `LEFT(CONCAT('athanor:', COALESCE(DATABASE(), '')), 64)`;

// MariaDB reads a negative timeout as an error (NULL), not "forever": wait in long rounds instead.
const ROUND_SECONDS = 3600;

function lockResult(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return Number(value);
}

async function getLock(conn: Connection, seconds: number): Promise<boolean> {
  const { rows } = await conn.query<{ got: unknown }>(`SELECT GET_LOCK(${LOCK_NAME}, ${seconds}) AS got`);
  const got = lockResult(rows[0]?.got);
  if (got === null) throw new DatabaseError('could not take the athanor migration lock (GET_LOCK returned NULL)');
  return got === 1;
}

interface HolderRow {
  id: number | string;
  user: string | null;
  host: string | null;
  time: number | string | null;
  info: string | null;
}

function describeMysqlHolder(row: HolderRow): string {
  const busy = row.info ? `, running ${shortStatement(row.info)} for ${row.time ?? 0} s` : '';
  return `connection ${row.id} (${row.user ?? '?'}@${row.host ?? '?'}${busy}); if that run is gone, KILL ${row.id} frees it`;
}

/** Blocks until no other session holds the lock; tells `wait` who holds it if that takes a while. */
export async function acquireMysqlLock(conn: Connection, wait?: LockWait): Promise<void> {
  await takeLockReporting(
    {
      tryTake: () => getLock(conn, 0),
      describeHolder: async () => {
        const { rows } = await conn.query<HolderRow>(
          `SELECT ID AS id, USER AS user, HOST AS host, TIME AS time, INFO AS info FROM information_schema.PROCESSLIST WHERE ID = IS_USED_LOCK(${LOCK_NAME})`,
        );
        return rows[0] ? describeMysqlHolder(rows[0]) : null;
      },
      block: async () => {
        while (!(await getLock(conn, ROUND_SECONDS))) {
          // another round
        }
      },
    },
    wait,
  );
}

export async function releaseMysqlLock(conn: Connection): Promise<void> {
  const { rows } = await conn.query<{ released: unknown }>(`SELECT RELEASE_LOCK(${LOCK_NAME}) AS released`);
  if (lockResult(rows[0]?.released) !== 1) throw new DatabaseError('the athanor migration lock was not held by this session');
}

/** How long DDL waits for a table's metadata lock (whole seconds; MySQL has no per-transaction setting). */
export function mysqlLockTimeoutSql(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0) throw new UsageError(`lock timeout must be a whole number of milliseconds, got ${ms}`);
  return `SET SESSION lock_wait_timeout = ${Math.max(1, Math.ceil(ms / 1000))}`;
}
