// TLS asked for in a MySQL/MariaDB URL. mysql2 reads URL parameters as JSON: `?ssl=true` fails with "SSL profile
// must be an object", and the MySQL client's `ssl-mode=REQUIRED` or Prisma's `sslaccept=strict` are ignored with a
// warning, so the connection silently goes unencrypted. athanor reads these spellings itself and hands mysql2 an
// ssl option, or refuses a value it does not know.
import { UsageError } from '../errors.js';
import { joinQuery, splitQuery } from './url-query.js';

/**
 * none: no TLS; preferred: TLS when the server offers it (the MySQL client's default mode); required: encrypted,
 * the certificate not checked; verify: encrypted and the certificate checked; a profile: mysql2's own JSON object.
 */
export type MysqlTls = 'none' | 'preferred' | 'required' | 'verify' | { readonly profile: Record<string, unknown> };

const SSL_MODES: Readonly<Record<string, MysqlTls>> = {
  disabled: 'none',
  preferred: 'preferred',
  required: 'required',
  verify_ca: 'verify',
  verify_identity: 'verify',
};

const SSL_ACCEPT: Readonly<Record<string, MysqlTls>> = { strict: 'verify', accept_invalid_certs: 'required' };

const TLS_PARAMS = new Set(['ssl', 'ssl-mode', 'ssl_mode', 'sslmode', 'sslaccept']);

/** The URL without its TLS parameters, and the TLS they ask for (undefined: none given, mysql2's default). */
export function takeMysqlTls(url: string, shownAs: string): { url: string; tls?: MysqlTls } {
  const { base, params } = splitQuery(url);
  let tls: MysqlTls | undefined;
  for (const [name, value] of params) {
    const key = name.toLowerCase();
    if (TLS_PARAMS.has(key)) tls = tlsOf(key, value, shownAs);
  }
  if (tls === undefined) return { url };
  for (const name of [...params.keys()]) if (TLS_PARAMS.has(name.toLowerCase())) params.delete(name);
  return { url: joinQuery(base, params), tls };
}

function tlsOf(key: string, value: string, shownAs: string): MysqlTls {
  const refuse = (accepted: string) => new UsageError(`bad database URL "${shownAs}": ${key}=${value} is not a TLS setting athanor knows (use ${accepted})`);
  if (key === 'sslaccept') {
    const tls = SSL_ACCEPT[value.toLowerCase()];
    if (!tls) throw refuse('sslaccept=strict or sslaccept=accept_invalid_certs');
    return tls;
  }
  if (key !== 'ssl') {
    const tls = SSL_MODES[value.toLowerCase().replace(/-/g, '_')];
    if (!tls) throw refuse(`${key}=DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY`);
    return tls;
  }
  if (/^(true|1)$/i.test(value)) return 'verify';
  if (/^(false|0)$/i.test(value)) return 'none';
  const profile = jsonObject(value);
  if (!profile) throw refuse('ssl=true, ssl=false or a JSON object of mysql2 ssl options such as ssl={"rejectUnauthorized":true}');
  return { profile };
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** mysql2's ssl option for a mode; undefined connects without TLS. `preferred` is tried as `required` first. */
export function mysql2Ssl(tls: MysqlTls | undefined): Record<string, unknown> | undefined {
  if (tls === undefined || tls === 'none') return undefined;
  if (tls === 'verify') return { rejectUnauthorized: true };
  if (tls === 'required' || tls === 'preferred') return { rejectUnauthorized: false };
  return tls.profile;
}

/** A server without TLS refused the handshake: what `preferred` falls back from. */
export function isTlsUnsupported(error: unknown): boolean {
  return error instanceof Error && /does not support secure connection/i.test(error.message);
}
