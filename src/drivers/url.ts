// Database URL parsing and masking. Credentials never appear in anything we print.
import { UsageError } from '../errors.js';
import type { DialectName } from './connection.js';
import { takeMysqlTls, type MysqlTls } from './mysql-tls.js';
import { takePostgresTls } from './postgres-tls.js';
import { takePrismaSchema } from './postgres-schema-param.js';
import { takePrismaMysqlParams } from './mysql-prisma-params.js';

export type DatabaseTarget =
  | { driver: 'pg'; dialect: 'postgres'; url: string; connectTimeoutMs?: number; withoutTls?: string }
  | { driver: 'pglite'; dialect: 'postgres'; dataDir: string | null }
  | { driver: 'mysql2'; dialect: 'mysql'; url: string; connectTimeoutMs?: number; tls?: MysqlTls }
  | { driver: 'better-sqlite3'; dialect: 'sqlite'; path: string };

export const DEFAULT_PGLITE_URL = 'pglite:.athanor/pgdata';
export const DEFAULT_SQLITE_URL = 'sqlite:./dev.db';

/**
 * `scheme://user:` and the password after it, which runs to the LAST `@`: a password with an unencoded `@`, `/`,
 * `:` or `#` makes the URL invalid, and masking must not depend on the URL being valid.
 */
const CREDENTIALS = /^([a-z][a-z0-9+.-]*:\/\/[^:@/?#\s]*):(.*)@/is;
const PASSWORD_PARAM = /([?&](?:password|pass|pwd)=)([^&#\s]*)/gi;

/**
 * Passwords that a URL cannot carry as written (an unencoded `@`, `/`, space…): a driver may cut such a URL
 * anywhere and echo a piece of it, so they are masked wherever they appear. Well-formed passwords are not
 * remembered: "postgres" or "root" would be masked out of ordinary words.
 */
const knownPasswords = new Set<string>();
const WELL_FORMED_PASSWORD = /^[A-Za-z0-9\-._~!$&'()*+,;=%]*$/;
/** shorter ones would mask ordinary words of a message; their URL form is still masked */
const MIN_REMEMBERED = 4;

function passwordsOf(url: string): string[] {
  const inUserinfo = CREDENTIALS.exec(url)?.[2];
  const inParams = [...url.matchAll(PASSWORD_PARAM)].map((m) => m[2]);
  return [inUserinfo, ...inParams].filter((p): p is string => p !== undefined && p.length > 0);
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Remember the passwords in `url` so maskSecrets hides them in any text, however a driver spells them. */
export function rememberSecrets(url: string): void {
  for (const password of passwordsOf(url)) {
    if (WELL_FORMED_PASSWORD.test(password)) continue;
    for (const form of new Set([password, decoded(password), encodeURIComponent(decoded(password))])) {
      if (form.length >= MIN_REMEMBERED) knownPasswords.add(form);
    }
  }
}

/** Replace the password (and any `password=` query parameter) with ***, whether or not the URL is valid. */
export function maskUrl(url: string): string {
  return url.replace(CREDENTIALS, '$1:***@').replace(PASSWORD_PARAM, '$1***');
}

/** Mask every URL-looking credential and every remembered password inside a free-form message (driver errors echo URLs). */
export function maskSecrets(text: string): string {
  // a URL runs to the end of its line's word: quotes may be part of an unencoded password
  let masked = text.replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, (m) => maskUrl(m));
  // longest first, so a password containing another is masked whole
  for (const password of [...knownPasswords].sort((a, b) => b.length - a.length)) masked = masked.split(password).join('***');
  return masked;
}

export function parseDatabaseUrl(url: string): DatabaseTarget {
  const trimmed = url.trim();
  rememberSecrets(trimmed);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'postgres':
    case 'postgresql': {
      checkNetworkUrl(trimmed);
      const { url: timed, connectTimeoutMs } = takeConnectTimeout(takePrismaSchema(trimmed, maskUrl(trimmed)));
      const { url: rest, withoutTls } = takePostgresTls(timed, maskUrl(trimmed));
      return { driver: 'pg', dialect: 'postgres', url: rest, ...(connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}), ...(withoutTls !== undefined ? { withoutTls } : {}) };
    }
    case 'mysql':
    case 'mariadb': {
      checkNetworkUrl(trimmed);
      checkMysqlDatabase(trimmed);
      const { url: timed, connectTimeoutMs } = takeConnectTimeout(takePrismaMysqlParams(trimmed.replace(/^mariadb:/i, 'mysql:')));
      const { url: rest, tls } = takeMysqlTls(timed, maskUrl(trimmed));
      return { driver: 'mysql2', dialect: 'mysql', url: rest, ...(connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}), ...(tls !== undefined ? { tls } : {}) };
    }
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
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || (!parsed.hostname && !parsed.searchParams.get('host'))) {
    throw new UsageError(`bad database URL "${maskUrl(url)}": expected scheme://user:password@host:port/database (percent-encode @ / : # in a password)`);
  }
  if (!decodes(parsed.username) || !decodes(parsed.password)) {
    // the drivers decode the credentials and fail with a bare "URI malformed"
    throw new UsageError(`bad database URL "${maskUrl(url)}": a % in the user or password must start a percent-encoding (write % as %25)`);
  }
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** MySQL has no default database: without one the version table has nowhere to go ("No database selected"). */
function checkMysqlDatabase(url: string): void {
  if (new URL(url).pathname.replace(/^\//, '') === '') {
    throw new UsageError(`bad database URL "${maskUrl(url)}": name the database (mysql://user:password@host:3306/app)`);
  }
}

/**
 * `?connect_timeout=SECONDS` (libpq's spelling, 0 = wait forever), taken out of the URL: node-postgres ignores it
 * and mysql2 warns about it, so athanor applies it itself.
 */
function takeConnectTimeout(url: string): { url: string; connectTimeoutMs?: number } {
  const match = /([?&])connect_timeout=([^&#]*)(&?)/i.exec(url);
  if (!match) return { url };
  const seconds = Number(decoded(match[2] ?? ''));
  if (!(match[2] ?? '').trim() || !Number.isFinite(seconds) || seconds < 0) {
    throw new UsageError(`bad database URL "${maskUrl(url)}": connect_timeout must be a number of seconds (0 waits forever)`);
  }
  // keep the separator before the next parameter, drop a `?` left with nothing after it
  const rest = url.slice(0, match.index) + (match[3] ? match[1] : '') + url.slice(match.index + match[0].length);
  return { url: rest, connectTimeoutMs: Math.round(seconds * 1000) };
}

export function dialectOfUrl(url: string): DialectName {
  return parseDatabaseUrl(url).dialect;
}
