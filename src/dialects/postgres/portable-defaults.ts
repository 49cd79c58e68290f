// Portable defaults in PostgreSQL's spelling (../shared/portable-defaults.ts): MySQL's `uuid()` is
// gen_random_uuid() (built in since PostgreSQL 13, and in PGlite); MySQL's niladic calls are SQL's keywords.
// `now()` and CURRENT_TIMESTAMP run as they are.
import type { Connection } from '../../drivers/connection.js';
import { portableDefault, unrunnableExpression, type PortableDefaults } from '../shared/portable-defaults.js';

const PORTABLE: PortableDefaults = {
  'uuid()': 'gen_random_uuid()',
  'current_timestamp()': 'CURRENT_TIMESTAMP',
  'localtimestamp()': 'LOCALTIMESTAMP',
  'current_date()': 'CURRENT_DATE',
  'curdate()': 'CURRENT_DATE',
  'current_time()': 'CURRENT_TIME',
  'curtime()': 'CURRENT_TIME',
};

export function portablePgDefault(sql: string): string {
  return portableDefault(sql, PORTABLE);
}

/** Why the database cannot run a default (in its spelling of the portable ones): see unrunnableExpression. */
export function unrunnablePgDefault(conn: Connection, sql: string, created: readonly string[] = []): Promise<string | undefined> {
  return unrunnableExpression(conn, portablePgDefault(sql), created);
}
