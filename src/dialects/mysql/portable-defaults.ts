// Portable defaults in MySQL's spelling (../shared/portable-defaults.ts): PostgreSQL's gen_random_uuid() (and
// uuid-ossp's uuid_generate_v4()) is uuid(), written as the expression default `(uuid())` MySQL 8 needs and
// MariaDB 10.2+ takes. `now()`, CURRENT_DATE and the like already run here (expression.ts spells them canonically).
import type { Connection } from '../../drivers/connection.js';
import { mentionsAny, portableDefault, type PortableDefaults } from '../shared/portable-defaults.js';

const PORTABLE: PortableDefaults = {
  'gen_random_uuid()': 'uuid()',
  'uuid_generate_v4()': 'uuid()',
};

export function portableMysqlDefault(sql: string): string {
  return portableDefault(sql, PORTABLE);
}

/**
 * Why MySQL cannot evaluate a default (`FUNCTION app.gen_uuid does not exist`), or undefined when it can.
 * EXPLAIN prepares the expression without running it. A name the migration itself creates is not a reason.
 */
export async function unrunnableMysqlDefault(conn: Connection, sql: string, created: readonly string[] = []): Promise<string | undefined> {
  try {
    await conn.query(`EXPLAIN SELECT (${portableMysqlDefault(sql)}) AS value`);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return mentionsAny(message, created) ? undefined : message;
  }
}
