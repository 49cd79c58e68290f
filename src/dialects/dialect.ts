// The interface every dialect implements. Dialect differences live only under dialects/<d>/.
import type { Connection, DialectName } from '../drivers/connection.js';
import { UsageError } from '../errors.js';
import type { Operation } from '../operations/types.js';
import type { ColumnType, SchemaObjectSpec, SchemaSpec, TableSpec, UnmanagedDefinition, UnmanagedObject } from '../schema/types.js';
import type { IdentifierLimit } from './shared/identifier-limit.js';
import type { LockWait } from './shared/lock-wait.js';
import type { SqlSyntax } from './shared/sql-lexer.js';

/** What a dialect can do, as data, so callers ask instead of switching on the name. */
export interface DialectCapabilities {
  /** DDL runs inside a transaction and rolls back with it */
  transactionalDdl: boolean;
  enums: boolean;
  partialIndexes: boolean;
  expressionIndexes: boolean;
  concurrentIndexes: boolean;
  schemas: boolean;
  comments: boolean;
  /** ALTER COLUMN works in place; false means a table rebuild (SQLite) */
  alterColumn: boolean;
  /**
   * Introspection keeps column types and defaults as the database keeps them written (SQLite's declared types,
   * PostgreSQL's `NULL::character varying`), where normalisation reads them as the models' forms: a table or
   * column the diff drops is re-created by the downgrade as written (diff/written-forms.ts).
   */
  writtenForms: boolean;
}

export interface IntrospectOptions {
  /** schemas to read; default: the dialect's default schema */
  schemas?: string[];
  includeTables?: string[];
  excludeTables?: string[];
}

/** Thrown by render() for an operation the dialect cannot express: bad input for this database (exit 2). */
export class UnsupportedOperationError extends UsageError {
  constructor(
    readonly operation: Operation['kind'],
    readonly dialect: DialectName,
    detail: string,
  ) {
    super(`${operation} is not supported on ${dialect}: ${detail}`);
    this.name = 'UnsupportedOperationError';
  }
}

/** What a renderer may need beyond the operation: the table as it stands (SQLite rebuilds, MySQL MODIFY). */
export interface RenderContext {
  /** the current definition of a table, or undefined when it does not exist */
  currentTable?: TableSpec | undefined;
  /** the triggers on that table (SQLite's rebuild drops the table, and its triggers with it, then re-creates them) */
  currentTriggers?: SchemaObjectSpec[];
}

export interface Dialect {
  readonly name: DialectName;
  readonly capabilities: DialectCapabilities;
  /** the schema a TableRef without `schema` lives in (public, the database, main) */
  readonly defaultSchema: string;
  /** how this dialect spells SQL text: strings, names, comments, where statements end (dialects/<d>/sql-syntax.ts) */
  readonly sqlSyntax: SqlSyntax;
  quoteIdent(name: string): string;
  /** the longest name the database keeps (PostgreSQL 63 bytes, MySQL 64 characters); none for SQLite */
  readonly identifierLimit?: IdentifierLimit;
  /** a SQL literal for a JS value, for offline SQL and bulk inserts */
  literal(value: unknown): string;
  /** SQL statements (no trailing semicolon) for one operation */
  render(op: Operation, context?: RenderContext): string[];
  /** a column type as this database spells it in CREATE TABLE (pull --format drizzle's customType) */
  formatType(type: ColumnType): string;
  /**
   * True when render() needs context.currentTable for this operation; the runner then introspects the
   * table online, or tracks it through the earlier operations offline.
   */
  needsCurrentTable?(op: Operation): boolean;
  /**
   * Statements sent together in one exec() still run (and commit) one by one, stopping at the first error
   * (MySQL). Not so on PostgreSQL, which wraps a multi-statement query in one implicit transaction.
   */
  readonly independentStatementBatches?: boolean;
  /**
   * With independentStatementBatches, a step's last statement travels with the step's finishing record: the
   * statement that marks (in a session variable) when that batch starts, and the milliseconds since the mark as
   * an SQL expression, so the duration recorded (and printed) covers that last statement too
   */
  readonly batchClock?: { readonly markSql: string; readonly elapsedMsSql: string };
  /**
   * Statements after which the session may touch only the tables it locked, until the unlock statement
   * (MySQL LOCK TABLES … UNLOCK TABLES, as in mysqldump output): per-statement progress waits until then.
   */
  readonly sessionTableLocks?: { readonly lock: RegExp; readonly unlock: RegExp };
  /** statements run outside any transaction before and after each migration (SQLite: PRAGMA foreign_keys) */
  readonly aroundMigration?: { before: string[]; after: string[] };
  /**
   * Integrity check just before COMMIT (SQLite: PRAGMA foreign_key_check); throws on violations.
   * `ran` lists the migration's statements when known, so a dialect can skip checks nothing could break.
   */
  verifyBeforeCommit?(conn: Connection, ran?: { statements: readonly string[] }): Promise<void>;
  /** SQL for the current time to the millisecond: the default of athanor_history.applied_at */
  readonly currentTimestampSql: string;
  /** a query returning one row with column `n` > 0 when a table of that name exists in the default schema */
  tableExistsSql(name: string): string;
  /**
   * Migrations that each run in a transaction of their own may share a COMMIT, where one costs more than a
   * small migration (SQLite): each runs inside a SAVEPOINT of a transaction committed once this many ms have
   * passed, and at the end, before a non-transactional migration, after a failure and on Ctrl-C. A failing
   * migration is rolled back to its savepoint alone; the runner reports a migration applied once its COMMIT ran.
   */
  readonly sharedCommitMs?: number;
  /** statement that opens a migration transaction (SQLite wants BEGIN IMMEDIATE to take the write lock) */
  readonly beginSql: string;
  /** serialise concurrent runners: waits until the lock is ours, telling `wait` who holds it if that takes a while */
  acquireLock(conn: Connection, wait?: LockWait): Promise<void>;
  releaseLock(conn: Connection): Promise<void>;
  /**
   * Statement that lets this transaction's COMMIT return before its WAL is flushed (PostgreSQL
   * `SET LOCAL synchronous_commit = off`). The runner uses it for every migration but the last of a run:
   * the last, synchronous COMMIT flushes the WAL up to itself, so once the run reports success it is all durable.
   */
  readonly deferredCommitSql?: string;
  /**
   * The milliseconds since the transaction began, as an SQL expression: a step whose statements travel with its
   * COMMIT has its duration measured by the database
   */
  readonly transactionElapsedMsSql?: string;
  /**
   * Called once before a run's first step, outside any transaction: lets the run's COMMITs skip their own
   * flush (each still atomic) and returns what ends that, flushing everything, with a note for the user when
   * it could not put the session or database back as it was (SQLite: WAL + synchronous=NORMAL for the run).
   */
  deferDurability?(conn: Connection): Promise<() => Promise<string | undefined>>;
  /** statement that sets the lock timeout for the migration's transaction, if the dialect has one */
  lockTimeoutSql?(ms: number): string;
  /** the same for the session, set before a non-transactional migration (where SET LOCAL does nothing) */
  sessionLockTimeoutSql?(ms: number): string;
  /** a database error message in the user's terms (e.g. the SQLite rebuild's temporary table named as the table) */
  explainError?(message: string): string;
  /** true for the error a statement fails with when it waited past the lock timeout (the runner retries it) */
  isLockTimeout?(error: unknown): boolean;
  /**
   * After a statement of a non-transactional step failed: removes what it left that its re-run would trip over
   * (PostgreSQL: the INVALID index of a failed CREATE INDEX CONCURRENTLY); a sentence for the user when it did.
   */
  cleanUpFailedStatement?(conn: Connection, sql: string, error: unknown): Promise<string | undefined>;
  /**
   * How to make and remove a throw-away database on the same server (verify's scratch database);
   * absent where a database is a file or lives in memory (SQLite, PGlite use an in-memory one).
   */
  readonly scratchDatabase?: { create(name: string): string; drop(name: string): string };
  /** a throw-away database of this dialect inside the process (PGlite, SQLite :memory:); absent: one needs a server */
  readonly inMemoryUrl?: string;
  /** files a project on this dialect keeps beside its code and never commits (init's .gitignore lines) */
  readonly localFiles?: readonly string[];
  introspect(conn: Connection, options?: IntrospectOptions): Promise<SchemaSpec>;
  /**
   * Before a comparison of the models with this database (check, migrate, pull, baseline): refuses a connection
   * where the names athanor writes unqualified would not land in the schema it compares (PostgreSQL: search_path).
   */
  checkUnqualifiedSchema?(conn: Connection, options?: IntrospectOptions): Promise<void>;
  /**
   * A query listing the schemas the database has (column `name`), set where migrations create the schemas their
   * tables need and downgrades drop them only while empty (PostgreSQL). Unset on MySQL, whose schemas are
   * databases: DROP SCHEMA there drops every table in it.
   */
  readonly schemaNamesSql?: string;
  /**
   * The models' objects (views, triggers, functions, …) with their definitions as this database prints them,
   * so they compare with introspected ones; absent: compared by their canonical text alone.
   */
  storedObjects?(conn: Connection, objects: readonly SchemaObjectSpec[]): Promise<SchemaObjectSpec[]>;
  /**
   * Why this database cannot evaluate a column default (SQLite accepts `DEFAULT (now())` in CREATE TABLE and
   * fails every INSERT; PostgreSQL has no uuid()), or undefined when it can. `created`: names the migration
   * creates (types, functions, sequences, tables), which a default may use although they do not exist yet.
   */
  unrunnableDefault?(conn: Connection, sql: string, created?: readonly string[]): Promise<string | undefined>;
  /** the objects introspect() does not read (triggers, views, functions, …), by name, for `migrate`/`check` to report */
  listUnmanaged(conn: Connection, options?: IntrospectOptions): Promise<UnmanagedObject[]>;
  /**
   * the unmanaged objects the tables may need that can be written down as the database has them (PostgreSQL:
   * extensions and domains), created before the tables by a baseline and a pulled schema.sql
   */
  unmanagedDefinitions?(conn: Connection, options?: IntrospectOptions): Promise<UnmanagedDefinition[]>;
  /**
   * Canonical form for comparison: both the models and the introspected schema pass through this before the
   * diff, so two specs that mean the same thing on this database compare equal field by field.
   */
  normalize(schema: SchemaSpec): SchemaSpec;
}
