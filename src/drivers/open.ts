// Open a Connection for a URL, loading only the driver that URL needs.
import { UsageError } from '../errors.js';
import { maskSecrets, maskUrl, parseDatabaseUrl } from './url.js';
import type { Connection } from './connection.js';
import { MissingDriverError } from './import-driver.js';

export async function openConnection(url: string): Promise<Connection> {
  const target = parseDatabaseUrl(url);
  try {
    switch (target.driver) {
      case 'pg':
        return await (await import('./postgres.js')).connectPostgres(target.url);
      case 'pglite':
        return await (await import('./pglite.js')).connectPglite(target.dataDir);
      case 'mysql2':
        return await (await import('./mysql.js')).connectMysql(target.url);
      case 'better-sqlite3':
        return await (await import('./sqlite.js')).connectSqlite(target.path);
    }
  } catch (error) {
    if (error instanceof MissingDriverError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`cannot connect to ${maskUrl(url)}: ${maskSecrets(reason)}`, { cause: error });
  }
}
