// Defaults written for PostgreSQL or MySQL that SQLite spells differently: `now()` is CURRENT_TIMESTAMP,
// `gen_random_uuid()` a random version-4 UUID built from randomblob(). One model then serves every dialect;
// anything else SQLite cannot run is found by `unrunnableDefault` before a migration is written.
import type { Connection } from '../../drivers/connection.js';

/** A random RFC 4122 version-4 UUID in lower-case text, from SQLite's own functions. */
const RANDOM_UUID =
  "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || " +
  "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))";

const PORTABLE: Record<string, string> = {
  'now()': 'CURRENT_TIMESTAMP',
  'current_timestamp()': 'CURRENT_TIMESTAMP',
  localtimestamp: 'CURRENT_TIMESTAMP',
  'localtimestamp()': 'CURRENT_TIMESTAMP',
  'current_date()': 'CURRENT_DATE',
  'curdate()': 'CURRENT_DATE',
  'current_time()': 'CURRENT_TIME',
  'curtime()': 'CURRENT_TIME',
  'gen_random_uuid()': RANDOM_UUID,
  'uuid()': RANDOM_UUID,
  'uuid_generate_v4()': RANDOM_UUID,
};

/** SQLite's spelling of a portable default (`now()` → CURRENT_TIMESTAMP); other SQL as it is. */
export function portableSqliteDefault(sql: string): string {
  return PORTABLE[sql.replace(/\s+/g, '').toLowerCase()] ?? sql;
}

/** Why SQLite cannot evaluate a default expression (`no such function: foo`), or undefined when it can. */
export async function unrunnableSqliteDefault(conn: Connection, sql: string): Promise<string | undefined> {
  try {
    await conn.query(`SELECT (${portableSqliteDefault(sql)}) AS value`);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
