// The SQLite dialect (better-sqlite3). Most table changes are table rebuilds (rebuild.ts); foreign keys are
// switched off around each migration, outside its transaction, and checked before COMMIT instead.
import { unrunnableSqliteDefault } from './portable-defaults.js';
import type { Dialect } from '../dialect.js';
import { deferSqliteDurability } from './durability.js';
import { verifySqliteBeforeCommit } from './integrity.js';
import { introspectSqlite } from './introspect.js';
import { listSqliteUnmanaged } from './unmanaged.js';
import { sqliteLiteral } from './literal.js';
import { acquireSqliteLock, releaseSqliteLock } from './lock.js';
import { normalizeSqlite } from './normalize.js';
import { renderSqlite, sqliteNeedsCurrentTable } from './render.js';
import { explainRebuildError } from './rebuild.js';
import { formatSqliteType, quoteSqliteIdent } from './types.js';
import { SQLITE_CURRENT_TIMESTAMP, sqliteTableExistsSql } from './version-table.js';
import { sqliteSqlSyntax } from './sql-syntax.js';

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  capabilities: {
    transactionalDdl: true,
    enums: false,
    partialIndexes: true,
    expressionIndexes: true,
    concurrentIndexes: false,
    schemas: false,
    comments: false,
    alterColumn: false,
    writtenForms: true,
  },
  defaultSchema: 'main',
  inMemoryUrl: 'sqlite::memory:',
  // the zero-setup database file, its journals, and athanor's run lock and its holder's name beside it
  localFiles: ['dev.db', '*.db-journal', '*.db-wal', '*.db-shm', '*.db-athanor-lock', '*.db-athanor-lock-owner'],
  quoteIdent: quoteSqliteIdent,
  literal: sqliteLiteral,
  render: renderSqlite,
  formatType: formatSqliteType,
  needsCurrentTable: sqliteNeedsCurrentTable,
  // PRAGMA foreign_keys is a no-op inside a transaction; OFF keeps a rebuild's DROP TABLE from cascading
  aroundMigration: {
    before: ['PRAGMA foreign_keys = OFF'],
    after: ['PRAGMA foreign_keys = ON', 'PRAGMA legacy_alter_table = OFF'],
  },
  verifyBeforeCommit: verifySqliteBeforeCommit,
  // a COMMIT per migration was ~0.3 ms of SQLite's work each (1000 small migrations: 0.3 s); shared by 0.1 s of them
  sharedCommitMs: 100,
  deferDurability: deferSqliteDurability,
  explainError: explainRebuildError,
  currentTimestampSql: SQLITE_CURRENT_TIMESTAMP,
  tableExistsSql: sqliteTableExistsSql,
  // takes the write lock at once, so a second runner waits (busy_timeout) instead of failing mid-migration
  sqlSyntax: sqliteSqlSyntax,
  beginSql: 'BEGIN IMMEDIATE',
  acquireLock: acquireSqliteLock,
  releaseLock: releaseSqliteLock,
  introspect: introspectSqlite,
  listUnmanaged: listSqliteUnmanaged,
  unrunnableDefault: unrunnableSqliteDefault,
  normalize: normalizeSqlite,
};
