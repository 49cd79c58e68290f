// Portable defaults in PostgreSQL's spelling (../shared/portable-defaults.ts): MySQL's `uuid()` is
// gen_random_uuid() (built in since PostgreSQL 13, and in PGlite); MySQL's niladic calls are SQL's keywords.
// `now()` and CURRENT_TIMESTAMP run as they are.
import type { Connection } from '../../drivers/connection.js';
import { mentionsAny, portableDefault, type PortableDefaults } from '../shared/portable-defaults.js';

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

/**
 * Why PostgreSQL cannot evaluate a default (`function uuid_generate_v4() does not exist`), or undefined when it
 * can. EXPLAIN plans the expression without running it (no sequence advances). A name the migration itself
 * creates (`created`: the models' types, functions, sequences) is not a reason: it exists when the default runs.
 */
export async function unrunnablePgDefault(conn: Connection, sql: string, created: readonly string[] = []): Promise<string | undefined> {
  try {
    await conn.query(`EXPLAIN SELECT (${portablePgDefault(sql)}) AS value`);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return mentionsAny(message, created) ? undefined : message;
  }
}
