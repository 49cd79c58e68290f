// Commits that are atomic at once and durable together. A migration run commits once per migration; in
// SQLite's rollback-journal modes each COMMIT waits for three or four fsyncs, which is most of a long run's
// time (1000 migrations: 8 s of fsync against 0.4 s of work on this project's machine). In WAL mode with
// synchronous=NORMAL a COMMIT is still atomic (a crash or power loss keeps whole migrations only, and each
// migration's version row moves in its own transaction) but is not flushed by itself; the run ends by
// flushing everything once, and only then reports success. The database's own journal mode is written to a
// side file (`<database>-athanor-journal`) while the run has it in WAL, so a run killed half-way is finished
// by the next one, which puts the mode back.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Connection } from '../../drivers/connection.js';
import { databaseFile } from './lock.js';

const ROLLBACK_JOURNALS = new Set(['delete', 'truncate', 'persist']);

async function pragmaValue(conn: Connection, sql: string): Promise<string> {
  const { rows } = await conn.query<Record<string, unknown>>(sql);
  const first = rows[0];
  return first ? String(Object.values(first)[0]).toLowerCase() : '';
}

/**
 * Switches the session to deferred flushes for a run (outside any transaction). Returns what ends it: it
 * flushes, puts back the database's own journal mode, and says what it could not put back.
 */
export async function deferSqliteDurability(conn: Connection): Promise<() => Promise<string | undefined>> {
  const current = await pragmaValue(conn, 'PRAGMA journal_mode');
  const file = await databaseFile(conn);
  // in-memory, temporary and journal-less databases have nothing to flush
  if (!file || (current !== 'wal' && !ROLLBACK_JOURNALS.has(current))) return async () => undefined;
  const marker = `${file}-athanor-journal`;
  const journal = current === 'wal' ? (leftByEarlierRun(marker) ?? 'wal') : current;
  if (journal !== 'wal') writeFileSync(marker, `${journal}\n`);
  if (current !== 'wal' && (await pragmaValue(conn, 'PRAGMA journal_mode = WAL')) !== 'wal') {
    rmSync(marker, { force: true });
    return async () => undefined;
  }
  await conn.exec('PRAGMA synchronous = NORMAL');
  return async () => {
    await conn.exec('PRAGMA synchronous = FULL');
    // a checkpoint syncs the WAL before copying it into the database file
    if (journal === 'wal') return void (await conn.query('PRAGMA wal_checkpoint(PASSIVE)'));
    const note = await restoreJournal(conn, journal);
    if (!note) rmSync(marker, { force: true });
    return note;
  };
}

/** The journal mode an earlier run found, when it did not live to put it back. */
function leftByEarlierRun(marker: string): string | undefined {
  if (!existsSync(marker)) return undefined;
  const mode = readFileSync(marker, 'utf8').trim();
  return ROLLBACK_JOURNALS.has(mode) ? mode : undefined;
}

/** Back to the rollback journal the database had; leaving WAL checkpoints and syncs the database file. */
async function restoreJournal(conn: Connection, journal: string): Promise<string | undefined> {
  const busyTimeout = await pragmaValue(conn, 'PRAGMA busy_timeout');
  // leaving WAL needs the only connection: another one open (an app, a waiting runner) must not make us wait
  await conn.exec('PRAGMA busy_timeout = 0');
  try {
    if ((await pragmaValue(conn, `PRAGMA journal_mode = ${journal.toUpperCase()}`)) === journal) return undefined;
  } catch {
    // SQLITE_BUSY: said below
  } finally {
    await conn.exec(`PRAGMA busy_timeout = ${Number(busyTimeout) || 0}`);
  }
  await conn.query('PRAGMA wal_checkpoint(PASSIVE)');
  return `the SQLite database stays in WAL journal mode (it was ${journal}): another connection had it open when the run ended; everything is written and synced, and the next upgrade or downgrade that runs a migration puts the mode back`;
}
