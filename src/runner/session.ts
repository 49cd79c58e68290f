// A connection plus the dialect that speaks to it, for one command run.
import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { ResolvedConfig } from '../config/types.js';
import type { Connection } from '../drivers/connection.js';
import { openConnection } from '../drivers/open.js';
import { pgliteProjectOf } from '../drivers/pglite-extensions.js';
import { parseDatabaseUrl } from '../drivers/url.js';
import { displayPath } from '../loader/display-path.js';
import type { Dialect } from '../dialects/dialect.js';
import { loadDialect } from '../dialects/index.js';

export interface Session {
  conn: Connection;
  dialect: Dialect;
  close(): Promise<void>;
}

/**
 * What a command does when its SQLite file does not exist (opening one creates it, so a typo in the URL would
 * silently become a new, empty database): `create` it (upgrade, stamp), `refuse` (a read command, downgrade), or
 * compare with an `empty` database without creating the file (migrate on a project not yet upgraded).
 */
export type MissingDatabase = 'create' | 'refuse' | 'empty';

/** The SQLite file `url` names when it does not exist yet; null for anything else. */
export function missingSqliteFile(url: string): string | null {
  const target = parseDatabaseUrl(url);
  if (target.driver !== 'better-sqlite3' || target.path === ':memory:' || target.path === '') return null;
  return existsSync(target.path) ? null : target.path;
}

export async function openSession(config: ResolvedConfig, missing: MissingDatabase = 'refuse'): Promise<Session> {
  if (!config.url) {
    throw new UsageError(`no database URL: set DATABASE_URL, pass --url, or add \`url\` to the config (dialect ${config.dialect})`);
  }
  const dialect = await loadDialect(config.dialect);
  const absent = missing === 'create' ? null : missingSqliteFile(config.url);
  // an absent file is never opened (that would create it); an in-memory one stands in, which also loads the
  // driver first, so a driver that is not installed is reported before the file
  const conn = await openConnection(absent === null ? config.url : 'sqlite::memory:', { connectTimeoutMs: config.connectTimeoutMs, pglite: pgliteProjectOf(config) });
  if (absent !== null && missing === 'refuse') {
    await conn.close();
    throw new UsageError(`the SQLite database ${displayPath(absent)} does not exist: check the URL (\`athanor upgrade\` creates it)`);
  }
  return {
    conn,
    dialect,
    close: () => conn.close(),
  };
}

/** Open, run, always close. */
export async function withSession<T>(config: ResolvedConfig, work: (session: Session) => Promise<T>, missing: MissingDatabase = 'refuse'): Promise<T> {
  const session = await openSession(config, missing);
  try {
    return await work(session);
  } finally {
    await session.close().catch(() => undefined);
  }
}
