// TLS asked for in a PostgreSQL URL with libpq's `sslmode`, as psql and every libpq tool read it. node-postgres
// treats prefer/require/verify-ca as verify-full (with a ten-line warning on stderr): a self-signed server that
// psql reaches with `sslmode=require` is refused, and `sslmode=prefer` (libpq's default) fails on a server without
// TLS. athanor asks node-postgres for libpq's meaning, falls back from prefer/allow as libpq does, and refuses a
// mode libpq does not know.
import { UsageError } from '../errors.js';
import { joinQuery, splitQuery } from './url-query.js';

const LIBPQ_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];
/** node-postgres's own spelling of "encrypted, certificate not checked" */
const PG_ONLY_MODES = ['no-verify'];
/** modes under which libpq connects unencrypted when the server offers no TLS */
const FALLING_BACK = new Set(['allow', 'prefer']);

/** The URL node-postgres gets, and for prefer/allow the one to use when the server has no TLS. */
export interface PostgresTls {
  url: string;
  withoutTls?: string;
}

export function takePostgresTls(url: string, shownAs: string): PostgresTls {
  const { base, params } = splitQuery(url);
  const mode = params.get('sslmode');
  if (mode === null || PG_ONLY_MODES.includes(mode)) return { url };
  if (!LIBPQ_MODES.includes(mode)) {
    throw new UsageError(`bad database URL "${shownAs}": sslmode=${mode} is not an SSL mode (use ${[...LIBPQ_MODES, ...PG_ONLY_MODES].join(', ')})`);
  }
  if (FALLING_BACK.has(mode)) params.set('sslmode', 'require');
  if (!params.has('uselibpqcompat')) params.set('uselibpqcompat', 'true');
  const withoutTls = new URLSearchParams(params);
  withoutTls.set('sslmode', 'disable');
  return { url: joinQuery(base, params), ...(FALLING_BACK.has(mode) ? { withoutTls: joinQuery(base, withoutTls) } : {}) };
}

/** The server answered that it has no TLS. */
export function isSslUnsupported(error: unknown): boolean {
  return error instanceof Error && /does not support SSL connections/i.test(error.message);
}
