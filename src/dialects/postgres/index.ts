// The PostgreSQL dialect (PostgreSQL 15 over pg, and embedded PGlite: same SQL, same catalogs).
import type { Dialect } from '../dialect.js';
import { introspectPostgres } from './introspect.js';
import { checkUnqualifiedSchema } from './search-path.js';
import { listPostgresUnmanaged } from './unmanaged.js';
import { readPostgresDefinitions } from './unmanaged-definitions.js';
import { postgresStoredObjects } from './stored-objects.js';
import { pgLiteral } from './literal.js';
import { dropFailedConcurrentIndex } from './failed-index.js';
import { acquirePgLock, isPgLockTimeout, lockTimeoutSql, releasePgLock, sessionLockTimeoutSql } from './lock.js';
import { normalizePostgres } from './normalize.js';
import { unrunnablePgDefault } from './portable-defaults.js';
import { renderPostgres } from './render.js';
import { formatPgType, quotePgIdent } from './types.js';
import { PG_CURRENT_TIMESTAMP, pgTableExistsSql } from './version-table.js';
import { postgresSqlSyntax } from './sql-syntax.js';

export const postgresDialect: Dialect = {
  name: 'postgres',
  capabilities: {
    transactionalDdl: true,
    enums: true,
    partialIndexes: true,
    expressionIndexes: true,
    concurrentIndexes: true,
    schemas: true,
    comments: true,
    alterColumn: true,
    writtenForms: true,
  },
  defaultSchema: 'public',
  inMemoryUrl: 'pglite:memory',
  quoteIdent: quotePgIdent,
  identifierLimit: { database: 'PostgreSQL', max: 63, unit: 'bytes', fate: 'a longer one is cut to 63 bytes with only a NOTICE' },
  literal: pgLiteral,
  render: renderPostgres,
  formatType: formatPgType,
  currentTimestampSql: PG_CURRENT_TIMESTAMP,
  tableExistsSql: pgTableExistsSql,
  sqlSyntax: postgresSqlSyntax,
  beginSql: 'BEGIN',
  scratchDatabase: { create: (name) => `CREATE DATABASE ${quotePgIdent(name)}`, drop: (name) => `DROP DATABASE IF EXISTS ${quotePgIdent(name)} WITH (FORCE)` },
  deferredCommitSql: 'SET LOCAL synchronous_commit = off',
  transactionElapsedMsSql: 'round(1000 * extract(epoch FROM clock_timestamp() - transaction_timestamp()))::integer',
  acquireLock: acquirePgLock,
  releaseLock: releasePgLock,
  lockTimeoutSql,
  sessionLockTimeoutSql,
  isLockTimeout: isPgLockTimeout,
  cleanUpFailedStatement: dropFailedConcurrentIndex,
  introspect: introspectPostgres,
  checkUnqualifiedSchema,
  schemaNamesSql: 'SELECT nspname AS name FROM pg_catalog.pg_namespace',
  listUnmanaged: listPostgresUnmanaged,
  unmanagedDefinitions: readPostgresDefinitions,
  unrunnableDefault: unrunnablePgDefault,
  storedObjects: postgresStoredObjects,
  normalize: normalizePostgres,
};
