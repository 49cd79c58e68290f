// Database URL parsing and masking. Credentials never appear in anything we print.
import { UsageError } from '../errors.js';
import type { DialectName } from './connection.js';

export type DatabaseTarget =
  | { driver: 'pg'; dialect: 'postgres'; url: string }
  | { driver: 'pglite'; dialect: 'postgres'; dataDir: string | null }
  | { driver: 'mysql2'; dialect: 'mysql'; url: string }
  | { driver: 'better-sqlite3'; dialect: 'sqlite'; path: string };

export const DEFAULT_PGLITE_URL = 'pglite:.athanor/pgdata';
export const DEFAULT_SQLITE_URL = 'sqlite:./dev.db';

/** Replace the password (and any `password=` query parameter) with ***. */
export function maskUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@?#]*):[^@/?#]*@/i, '$1:***@')
    .replace(/([?&](?:password|pass|pwd)=)[^&#]*/gi, '$1***');
}

/** Mask every URL-looking credential inside a free-form message (driver errors echo URLs). */
export function maskSecrets(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi, (m) => maskUrl(m));
}

export function parseDatabaseUrl(url: string): DatabaseTarget {
  const trimmed = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'postgres':
    case 'postgresql':
      checkNetworkUrl(trimmed);
      return { driver: 'pg', dialect: 'postgres', url: trimmed };
    case 'mysql':
    case 'mariadb':
      checkNetworkUrl(trimmed);
      return { driver: 'mysql2', dialect: 'mysql', url: trimmed.replace(/^mariadb:/i, 'mysql:') };
    case 'pglite': {
      const rest = trimmed.slice('pglite:'.length).replace(/^\/\//, '');
      if (rest === 'memory' || rest === ':memory:' || rest === 'memory:') {
        return { driver: 'pglite', dialect: 'postgres', dataDir: null };
      }
      if (!rest) throw new UsageError(`bad database URL "pglite:": give a directory (pglite:.athanor/pgdata) or pglite:memory`);
      return { driver: 'pglite', dialect: 'postgres', dataDir: rest };
    }
    case 'sqlite': {
      const rest = trimmed.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
      if (!rest) throw new UsageError(`bad database URL "sqlite:": give a file (sqlite:./dev.db) or sqlite::memory:`);
      return { driver: 'better-sqlite3', dialect: 'sqlite', path: rest };
    }
    default:
      throw new UsageError(
        `bad database URL "${maskUrl(trimmed)}": use postgres://, mysql://, mariadb://, sqlite:PATH or pglite:DIR`,
      );
  }
}

function checkNetworkUrl(url: string): void {
  try {
    const parsed = new URL(url);
    if (!parsed.hostname && !parsed.searchParams.get('host')) throw new Error('no host');
  } catch {
    throw new UsageError(`bad database URL "${maskUrl(url)}": expected scheme://user:password@host:port/database`);
  }
}

export function dialectOfUrl(url: string): DialectName {
  return parseDatabaseUrl(url).dialect;
}
