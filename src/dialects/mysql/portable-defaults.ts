// Portable defaults in MySQL's spelling (../shared/portable-defaults.ts): PostgreSQL's gen_random_uuid() (and
// uuid-ossp's uuid_generate_v4()) is uuid(), written as the expression default `(uuid())` MySQL 8 needs and
// MariaDB 10.2+ takes. `now()`, CURRENT_DATE and the like already run here (expression.ts spells them canonically).
import type { Connection } from '../../drivers/connection.js';
import { portableDefault, unrunnableExpression, type PortableDefaults } from '../shared/portable-defaults.js';

const PORTABLE: PortableDefaults = {
  'gen_random_uuid()': 'uuid()',
  'uuid_generate_v4()': 'uuid()',
};

export function portableMysqlDefault(sql: string): string {
  return portableDefault(sql, PORTABLE);
}

/** Why the database cannot run a default (in its spelling of the portable ones): see unrunnableExpression. */
export function unrunnableMysqlDefault(conn: Connection, sql: string, created: readonly string[] = []): Promise<string | undefined> {
  return unrunnableExpression(conn, portableMysqlDefault(sql), created);
}
