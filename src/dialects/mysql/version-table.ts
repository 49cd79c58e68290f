// What the version store (runner/version-store.ts) needs from MySQL / MariaDB beyond rendering the table specs.
import { quoteMysqlString } from './literal.js';

/** applied_at's default: timestamp(3) wants a default of the same precision */
export const MYSQL_CURRENT_TIMESTAMP = 'CURRENT_TIMESTAMP(3)';

/** One row, column n > 0 when the table exists in the connection's database (DATABASE()). */
export function mysqlTableExistsSql(name: string): string {
  return (
    'SELECT COUNT(*) AS n FROM information_schema.TABLES ' +
    `WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${quoteMysqlString(name)}`
  );
}
