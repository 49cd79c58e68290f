// The MySQL / MariaDB dialect (written and tested against MariaDB 10.11; MySQL 8 where the syntax is shared).
import type { Dialect } from '../dialect.js';
import { introspectMysql } from './introspect.js';
import { listMysqlUnmanaged } from './unmanaged.js';
import { mysqlStoredObjects } from './objects.js';
import { mysqlLiteral } from './literal.js';
import { acquireMysqlLock, mysqlLockTimeoutSql, releaseMysqlLock } from './lock.js';
import { normalizeMysql } from './normalize.js';
import { unrunnableMysqlDefault } from './portable-defaults.js';
import { mysqlNeedsCurrentTable, renderMysql } from './render.js';
import { formatMysqlType, quoteMysqlIdent } from './types.js';
import { MYSQL_CURRENT_TIMESTAMP, mysqlTableExistsSql } from './version-table.js';
import { mysqlSqlSyntax } from './sql-syntax.js';

export const mysqlDialect: Dialect = {
  name: 'mysql',
  capabilities: {
    // every DDL statement commits the open transaction
    transactionalDdl: false,
    // inline ENUM(…) column types, no named enum types
    enums: false,
    partialIndexes: false,
    // MySQL 8 has functional key parts, MariaDB does not
    expressionIndexes: false,
    // createIndex({ concurrently }) → ALGORITHM=INPLACE LOCK=NONE
    concurrentIndexes: true,
    // a schema is a database: `db`.`table`
    schemas: true,
    comments: true,
    alterColumn: true,
    writtenForms: false,
  },
  // placeholder: the real default schema is the connection's database (DATABASE()), unknown before connecting
  defaultSchema: '',
  quoteIdent: quoteMysqlIdent,
  identifierLimit: { database: 'MySQL/MariaDB', max: 64, unit: 'characters', fate: 'the server refuses a longer one' },
  literal: mysqlLiteral,
  render: renderMysql,
  formatType: (type) => formatMysqlType(type, 'createTable'),
  needsCurrentTable: mysqlNeedsCurrentTable,
  currentTimestampSql: MYSQL_CURRENT_TIMESTAMP,
  tableExistsSql: mysqlTableExistsSql,
  sqlSyntax: mysqlSqlSyntax,
  beginSql: 'START TRANSACTION',
  scratchDatabase: { create: (name) => `CREATE DATABASE ${quoteMysqlIdent(name)}`, drop: (name) => `DROP DATABASE IF EXISTS ${quoteMysqlIdent(name)}` },
  independentStatementBatches: true,
  // SYSDATE, not NOW: NOW is when the statement began, and the record is the batch's last statement
  batchClock: { markSql: 'SET @athanor_batch_started = SYSDATE(6)', elapsedMsSql: 'ROUND(TIMESTAMPDIFF(MICROSECOND, @athanor_batch_started, SYSDATE(6)) / 1000)' },
  sessionTableLocks: { lock: /^\s*lock\s+tables?\b/i, unlock: /^\s*unlock\s+tables?\b/i },
  acquireLock: acquireMysqlLock,
  releaseLock: releaseMysqlLock,
  lockTimeoutSql: mysqlLockTimeoutSql,
  introspect: introspectMysql,
  listUnmanaged: listMysqlUnmanaged,
  unrunnableDefault: unrunnableMysqlDefault,
  storedObjects: mysqlStoredObjects,
  normalize: normalizeMysql,
};
