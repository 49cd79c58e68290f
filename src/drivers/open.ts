// Open a Connection for a URL, loading only the driver that URL needs.
import { UsageError } from '../errors.js';
import { maskSecrets, maskUrl, parseDatabaseUrl } from './url.js';
import { DEFAULT_CONNECT_TIMEOUT_MS } from './connect-timeout.js';
import type { Connection } from './connection.js';
import { MissingDriverError } from './import-driver.js';
import type { PgliteProject } from './pglite-extensions.js';

export interface OpenOptions {
  /** how long opening a server connection may take, in ms (0: no limit); a URL's ?connect_timeout wins */
  connectTimeoutMs?: number;
  /** embedded PGlite: where the contrib extensions to register come from (the config, the migrations, the models) */
  pglite?: PgliteProject;
}

export async function openConnection(url: string, options: OpenOptions = {}): Promise<Connection> {
  const target = parseDatabaseUrl(url);
  const timeout = (t: { connectTimeoutMs?: number }) => t.connectTimeoutMs ?? options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  try {
    switch (target.driver) {
      case 'pg':
        return await (await import('./postgres.js')).connectPostgres(target.url, timeout(target), target.withoutTls);
      case 'pglite':
        return await (await import('./pglite.js')).connectPglite(target.dataDir, options.pglite);
      case 'mysql2':
        return await (await import('./mysql.js')).connectMysql(target.url, timeout(target), target.tls);
      case 'better-sqlite3':
        return await (await import('./sqlite.js')).connectSqlite(target.path);
    }
  } catch (error) {
    if (error instanceof MissingDriverError) throw error;
    throw connectError(url, error);
  }
}

/**
 * A driver that cannot connect or load, as one line: the CLI prints an error's first line, and a native module
 * built for another Node.js says why on its later lines ("was compiled against a different Node.js version…").
 */
export function connectError(url: string, error: unknown): UsageError {
  const reason = (error instanceof Error ? error.message : String(error)).trim().replace(/\s*\n\s*/g, ' ');
  return new UsageError(`cannot connect to ${maskUrl(url)}: ${maskSecrets(reason)}${missingDatabaseFix(reason)}`, { cause: error });
}

/** The server has no database of the URL's name (PostgreSQL's and MySQL's wording): athanor does not create one. */
function missingDatabaseFix(reason: string): string {
  const name = /^database "(.+)" does not exist$/.exec(reason)?.[1] ?? /^Unknown database '(.+)'$/.exec(reason)?.[1];
  return name === undefined ? '' : ` (create it first: CREATE DATABASE ${name}; athanor creates the tables, not the database)`;
}
