// The lint rules: id, severity, where they apply, and the one-line message and fix shown to the user.
//
// Severity policy: `error` = what would block or break a deploy: a table rewrite or a long lock on a table
// that already holds data, a statement that fails on a table with rows, a statement PostgreSQL refuses in
// a transaction, a file that does not load. `warning` = destructive or breaking-for-running-code changes
// (drops, renames — often intended: suppress them where they are), and hazards lint can only suspect.
// Lock hazards (`lockHazard`) matter only on a table that serves traffic while it migrates: they are errors
// with config `safe: true` (the database serves traffic during migrations) and warnings otherwise.
import type { DialectName } from '../drivers/connection.js';

export type Severity = 'error' | 'warning';

export interface Rule {
  id: string;
  severity: Severity;
  /** the dialects the rule applies to; on others it never fires */
  dialects: readonly DialectName[];
  /** one line: what the rule catches */
  description: string;
  /** one line: what to do instead (op API terms) */
  fix: string;
  /** the same fix for raw SQL (op.execute, .sql files), when it reads differently */
  sqlFix?: string;
  /** false: the rule is not checked in downgrade() (dropping what the upgrade created is its job) */
  inDowngrade: boolean;
  /** false: a suppression comment cannot silence it (lint's own problems) */
  suppressible: boolean;
  /**
   * true: the hazard is a lock or rewrite that hurts only a table serving traffic while it migrates. Such an
   * error is a warning unless the project says its database serves traffic during migrations (config
   * `safe: true`), and `upgrade` drops it for a table that is empty or created in the same run, and on
   * embedded PGlite (one process: no other session to block).
   */
  lockHazard: boolean;
}

const ALL: readonly DialectName[] = ['postgres', 'mysql', 'sqlite'];
const PG: readonly DialectName[] = ['postgres'];

const NON_TRANSACTIONAL = 'mark the migration non-transactional (`export const transactional = false`, or `-- transactional: false` in .sql)';

export const RULES = [
  {
    id: 'parse-error',
    severity: 'error',
    dialects: ALL,
    description: 'the migration file does not load (syntax error, bad header, missing upgrade())',
    fix: 'fix the file at the position shown; `athanor upgrade` would stop on it the same way',
    inDowngrade: true,
    lockHazard: false,
    suppressible: false,
  },
  {
    id: 'invalid-op-call',
    severity: 'error',
    dialects: ALL,
    description: 'upgrade()/downgrade() makes an op call athanor refuses (an unknown option, a missing table), with nothing read from the database before it',
    fix: 'correct the call as the message says: `athanor upgrade` (`downgrade`) refuses it the same way, before running anything when its arguments are literals, else when the run reaches it',
    inDowngrade: true,
    lockHazard: false,
    suppressible: false,
  },
  {
    id: 'run-error',
    severity: 'warning',
    dialects: ALL,
    description: 'upgrade()/downgrade() threw while lint recorded it offline, so the calls after the throw were not checked',
    fix: 'make the migration run without a database (op.execute returns [] offline), or check the remaining calls by hand',
    inDowngrade: true,
    lockHazard: false,
    suppressible: true,
  },
  {
    id: 'invalid-suppression',
    severity: 'warning',
    dialects: ALL,
    description: 'an athanor-lint-disable comment names an unknown rule (or none)',
    fix: 'name existing rule ids (see `athanor lint --list`), separated by commas',
    inDowngrade: true,
    lockHazard: false,
    suppressible: false,
  },
  {
    id: 'create-index-non-concurrently',
    severity: 'error',
    dialects: PG,
    description: 'CREATE INDEX on an existing table without CONCURRENTLY blocks every write to the table while the index builds',
    fix: `pass { concurrently: true } and ${NON_TRANSACTIONAL}`,
    sqlFix: `use CREATE INDEX CONCURRENTLY and ${NON_TRANSACTIONAL}`,
    inDowngrade: true,
    lockHazard: true,
    suppressible: true,
  },
  {
    id: 'drop-index-non-concurrently',
    severity: 'warning',
    dialects: PG,
    description: 'DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table: queued behind a long query, it blocks every read and write of the table',
    fix: `pass { concurrently: true } and ${NON_TRANSACTIONAL}`,
    sqlFix: `use DROP INDEX CONCURRENTLY and ${NON_TRANSACTIONAL}`,
    inDowngrade: true,
    lockHazard: true,
    suppressible: true,
  },
  {
    id: 'concurrently-in-transaction',
    severity: 'error',
    dialects: PG,
    description: 'CONCURRENTLY (or VACUUM, CREATE DATABASE) inside a transactional migration: PostgreSQL refuses it in a transaction block',
    fix: NON_TRANSACTIONAL,
    inDowngrade: true,
    lockHazard: false,
    suppressible: true,
  },
  {
    id: 'constraint-without-not-valid',
    severity: 'error',
    dialects: PG,
    description: 'a foreign key or check added to an existing table is validated at once: a full scan under a lock that blocks writes',
    fix: 'add it with { notValid: true }, then op.validateConstraint(name, table) in a later migration',
    sqlFix: 'add it with NOT VALID, then ALTER TABLE … VALIDATE CONSTRAINT … in a later migration',
    inDowngrade: true,
    lockHazard: true,
    suppressible: true,
  },
  {
    id: 'set-not-null-without-check',
    severity: 'warning',
    dialects: PG,
    description: 'SET NOT NULL on an existing table scans every row under an ACCESS EXCLUSIVE lock',
    fix: "first add check `col IS NOT NULL` with { notValid: true } and validate it in a later migration; then SET NOT NULL skips the scan (PostgreSQL 12+) and the check can be dropped",
    inDowngrade: true,
    lockHazard: true,
    suppressible: true,
  },
  {
    id: 'volatile-default',
    severity: 'error',
    dialects: PG,
    description: 'a column added to an existing table with a volatile default (random(), gen_random_uuid(), clock_timestamp(), a sequence) rewrites the table',
    fix: 'add the column without the default, set the default with alterColumn, then backfill existing rows in batches',
    inDowngrade: true,
    lockHazard: true,
    suppressible: true,
  },
  {
    id: 'add-stored-generated-column',
    severity: 'error',
    dialects: PG,
    description: 'a stored generated column added to an existing table rewrites the table',
    fix: 'add a plain column, backfill it in batches and keep it current with a trigger, or compute the value in queries',
    inDowngrade: true,
    lockHazard: true,
    suppressible: true,
  },
  {
    id: 'type-change-rewrite',
    severity: 'error',
    dialects: PG,
    description: 'a column type change that is not catalog-only (varchar widening, varchar→text, numeric precision increase) rewrites the table under an ACCESS EXCLUSIVE lock',
    fix: 'add a new column of the new type, backfill it in batches, switch the code over, then drop the old column',
    inDowngrade: true,
    lockHazard: true,
    suppressible: true,
  },
  {
    id: 'add-column-not-null-without-default',
    severity: 'error',
    dialects: ['postgres', 'sqlite'],
    description: 'a NOT NULL column without a default added to an existing table fails as soon as the table has rows',
    fix: 'give it a default, or add it nullable, backfill it, then set NOT NULL (alterColumn nullable: false)',
    sqlFix: 'give it a DEFAULT, or add it nullable, backfill it, then ALTER COLUMN … SET NOT NULL',
    inDowngrade: true,
    lockHazard: false,
    suppressible: true,
  },
  {
    id: 'add-unique-constraint',
    severity: 'error',
    dialects: PG,
    description: 'a unique constraint added to an existing table builds its index while blocking reads and writes',
    fix: "createIndex with { unique: true, concurrently: true } in a non-transactional migration, then op.execute('ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX …') — or keep the unique index alone",
    sqlFix: 'CREATE UNIQUE INDEX CONCURRENTLY first (non-transactional migration), then ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX …',
    inDowngrade: true,
    lockHazard: true,
    suppressible: true,
  },
  {
    id: 'add-primary-key',
    severity: 'error',
    dialects: PG,
    description: 'a primary key added to an existing table builds its index (and checks NOT NULL) while blocking reads and writes',
    fix: "create a unique index concurrently (non-transactional migration), then op.execute('ALTER TABLE … ADD CONSTRAINT … PRIMARY KEY USING INDEX …')",
    sqlFix: 'CREATE UNIQUE INDEX CONCURRENTLY first (non-transactional migration), then ALTER TABLE … ADD CONSTRAINT … PRIMARY KEY USING INDEX …',
    inDowngrade: true,
    lockHazard: true,
    suppressible: true,
  },
  {
    id: 'backfill-in-ddl-transaction',
    severity: 'warning',
    dialects: PG,
    description: 'UPDATE/DELETE of a table the same transaction already altered: the ALTER lock blocks all access until the backfill commits',
    fix: `move the backfill to its own migration and ${NON_TRANSACTIONAL}, updating in batches`,
    inDowngrade: true,
    lockHazard: true,
    suppressible: true,
  },
  // What this rule can truthfully check: the runner opens every transactional migration (TS or .sql) with
  // SET LOCAL lock_timeout (config lockTimeoutMs, default 5000), so those are covered unless lockTimeoutMs
  // is 0. A non-transactional migration runs in autocommit with no timeout, and SET LOCAL does nothing there:
  // it needs its own session-level SET lock_timeout before its first blocking statement on an existing table.
  // Concurrent index builds, VALIDATE CONSTRAINT and DML do not block reads/writes while queued: not counted.
  {
    id: 'missing-lock-timeout',
    severity: 'warning',
    dialects: PG,
    description: 'a non-transactional migration takes a blocking lock on an existing table without SET lock_timeout: queued behind a long query, it stalls all traffic to the table',
    fix: "run op.execute(\"SET lock_timeout = '5s'\") first (session-level: SET LOCAL does nothing outside a transaction)",
    sqlFix: "start with SET lock_timeout = '5s'; (session-level: SET LOCAL does nothing outside a transaction)",
    inDowngrade: true,
    lockHazard: true,
    suppressible: true,
  },
  {
    id: 'transaction-control',
    severity: 'error',
    dialects: ['postgres', 'sqlite'],
    description: "BEGIN/COMMIT/ROLLBACK inside a transactional migration ends or breaks the runner's transaction",
    fix: `remove it (the runner wraps the migration in a transaction), or ${NON_TRANSACTIONAL}`,
    inDowngrade: true,
    lockHazard: false,
    suppressible: true,
  },
  {
    id: 'drop-table',
    severity: 'warning',
    dialects: ALL,
    description: 'dropping a table destroys its data, and running code that still uses it fails',
    fix: 'make sure no deployed code reads the table and its data is not needed, then suppress this warning here',
    inDowngrade: false,
    lockHazard: false,
    suppressible: true,
  },
  {
    id: 'drop-column',
    severity: 'warning',
    dialects: ALL,
    description: 'dropping a column destroys its data, and running code that still selects it fails',
    fix: 'deploy code that no longer uses the column first, then drop it and suppress this warning here',
    inDowngrade: false,
    lockHazard: false,
    suppressible: true,
  },
  {
    id: 'rename-table',
    severity: 'warning',
    dialects: ALL,
    description: 'renaming a table breaks running code that uses the old name',
    fix: 'create the new table (or a view with the old name) and migrate in steps, or rename only with a deploy that stops the old code',
    inDowngrade: false,
    lockHazard: false,
    suppressible: true,
  },
  {
    id: 'rename-column',
    severity: 'warning',
    dialects: ALL,
    description: 'renaming a column breaks running code that uses the old name',
    fix: 'add a new column, write both, backfill, switch reads, then drop the old one — or rename only with a deploy that stops the old code',
    inDowngrade: false,
    lockHazard: false,
    suppressible: true,
  },
] as const satisfies readonly Rule[];

export type RuleId = (typeof RULES)[number]['id'];

const BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.id, rule]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

export function getRule(id: RuleId): Rule {
  return BY_ID.get(id) as Rule;
}
