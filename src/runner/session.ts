// A connection plus the dialect that speaks to it, for one command run.
import { UsageError } from '../errors.js';
import type { ResolvedConfig } from '../config/types.js';
import type { Connection } from '../drivers/connection.js';
import { openConnection } from '../drivers/open.js';
import type { Dialect } from '../dialects/dialect.js';
import { loadDialect } from '../dialects/index.js';

export interface Session {
  conn: Connection;
  dialect: Dialect;
  close(): Promise<void>;
}

export async function openSession(config: ResolvedConfig): Promise<Session> {
  if (!config.url) {
    throw new UsageError(`no database URL: set DATABASE_URL, pass --url, or add \`url\` to the config (dialect ${config.dialect})`);
  }
  const dialect = await loadDialect(config.dialect);
  const conn = await openConnection(config.url, { connectTimeoutMs: config.connectTimeoutMs });
  return {
    conn,
    dialect,
    close: () => conn.close(),
  };
}

/** Open, run, always close. */
export async function withSession<T>(config: ResolvedConfig, work: (session: Session) => Promise<T>): Promise<T> {
  const session = await openSession(config);
  try {
    return await work(session);
  } finally {
    await session.close().catch(() => undefined);
  }
}
