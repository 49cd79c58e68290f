// Prisma's MySQL URL parameters, in the DATABASE_URL teams copy from .env. mysql2 ignores each with a warning on
// stderr that says it will be an error in a later version; they tune Prisma's connection pool, which athanor's
// one connection does not have, so they are dropped. Prisma's `socket` (a Unix socket path) is mysql2's
// `socketPath`.
import { joinQuery, splitQuery } from './url-query.js';

const POOL_PARAMS = new Set(['connection_limit', 'pool_timeout', 'socket_timeout', 'max_connection_lifetime', 'max_idle_connection_lifetime']);

export function takePrismaMysqlParams(url: string): string {
  const { base, params } = splitQuery(url);
  let changed = false;
  for (const name of [...params.keys()]) {
    if (POOL_PARAMS.has(name)) {
      params.delete(name);
      changed = true;
    }
  }
  const socket = params.get('socket');
  if (socket !== null && !params.has('socketPath')) {
    params.delete('socket');
    params.set('socketPath', socket);
    changed = true;
  }
  return changed ? joinQuery(base, params) : url;
}
