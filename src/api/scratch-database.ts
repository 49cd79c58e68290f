// A throw-away database next to the configured one: a temporary database on the same server, or an in-memory
// one for embedded databases. verify upgrades and downgrades every revision on it.
import { randomBytes } from 'node:crypto';
import type { ResolvedConfig } from '../config/types.js';
import { loadDialect } from '../dialects/index.js';
import { openConnection, type OpenOptions } from '../drivers/open.js';
import { parseDatabaseUrl } from '../drivers/url.js';
import { UsageError } from '../errors.js';

export interface ScratchDatabase {
  url: string;
  /** drops the database (nothing to do for an in-memory one) */
  cleanup: () => Promise<void>;
}

export async function createScratchDatabase(config: ResolvedConfig, purpose: string): Promise<ScratchDatabase> {
  if (!config.url) throw new UsageError(`${purpose} needs a database URL (or the embedded default) to make a scratch database next to it`);
  const serverUrl = config.url;
  const target = parseDatabaseUrl(serverUrl);
  if (target.driver === 'pglite') return { url: 'pglite:memory', cleanup: async () => undefined };
  if (target.driver === 'better-sqlite3') return { url: 'sqlite::memory:', cleanup: async () => undefined };
  const statements = (await loadDialect(target.dialect)).scratchDatabase;
  if (!statements) throw new UsageError(`${purpose}: ${target.dialect} has no scratch database; pass a scratch URL`);
  const name = `ath_scratch_${randomBytes(5).toString('hex')}`;
  const timeouts = { connectTimeoutMs: config.connectTimeoutMs };
  await runOnServer(serverUrl, statements.create(name), timeouts);
  // the configured URL with the database swapped: scheme (mysql:/mariadb:), credentials and options kept
  const url = new URL(serverUrl.trim());
  url.pathname = `/${name}`;
  return { url: url.toString(), cleanup: () => runOnServer(serverUrl, statements.drop(name), timeouts) };
}

async function runOnServer(url: string, sql: string, options: OpenOptions): Promise<void> {
  const conn = await openConnection(url, options);
  try {
    await conn.exec(sql);
  } finally {
    await conn.close();
  }
}
