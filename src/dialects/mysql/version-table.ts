// The version and history tables, in the connection's database.
import { quoteMysqlString } from './literal.js';

export const VERSION_TABLE = 'athanor_version';
export const HISTORY_TABLE = 'athanor_history';

export function mysqlVersionTableDdl(): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (version_num varchar(64) NOT NULL PRIMARY KEY)`,
    `CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  revision varchar(64) NOT NULL,
  direction varchar(16) NOT NULL,
  checksum varchar(64) NULL,
  applied_at timestamp(3) NOT NULL DEFAULT current_timestamp(3),
  duration_ms int NOT NULL DEFAULT 0,
  statements_done int NULL,
  message text NULL
)`,
  ];
}

/** One row, column n > 0 when the table exists in the connection's database (DATABASE()). */
export function mysqlTableExistsSql(name: string): string {
  return (
    'SELECT COUNT(*) AS n FROM information_schema.TABLES ' +
    `WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${quoteMysqlString(name)}`
  );
}
