// Where a run's SQL goes: a live database, or a script (--sql). The loop (execute.ts) and the transaction
// policy (transactions.ts) speak only to this, so online runs and --sql go through the same calls (Alembic's
// run_migrations, online or as_sql).
import type { Dialect } from '../dialects/dialect.js';
import type { MigrationModule } from '../loader/migration-module.js';
import type { OperationSink } from '../operations/op.js';
import type { Step } from '../revisions/version-rows.js';
import type { StepProgress } from './progress.js';

export interface ExecutedStatement {
  sql: string;
  rowCount: number;
  ms: number;
}

/** Where one step's op calls go. */
export interface StepSink extends OperationSink {
  /** statements counted in this step, including ones skipped because an earlier run did them */
  readonly statementsDone: number;
  /** the statement the database refused, if one did */
  readonly failedStatement: string | null;
  /** the SQL this step ran, in order */
  readonly ran: readonly string[];
  /** the step's statements wait and travel with its COMMIT (so the database measures its duration) */
  readonly waitsForCommit?: boolean;
  /** sends a statement held back, if any: the step's code failed after issuing it */
  sendHeld?(): Promise<void>;
  /** the step's duration as SQL, when a statement held back travels with its record: `before` ms plus its time */
  heldDurationSql?(before: number): string | undefined;
  /** what each statement did (dry runs) */
  readonly executed: readonly ExecutedStatement[];
  readonly progress: StepProgress;
}

export interface StepStart {
  step: Step;
  module: MigrationModule;
  /** the step runs inside a transaction */
  transactional: boolean;
  /** …its own, committed when the step ends (not a run's or a dry run's) */
  ownTransaction: boolean;
}

export interface RunOutput {
  readonly dialect: Dialect;
  /** false for a script (--sql) */
  readonly live: boolean;
  /** once, before the first step: version tables, session settings */
  prepare(): Promise<void>;
  /** once, after the last step or a failure: flushes what the run deferred; a note for the user, if any */
  finish(): Promise<string | undefined>;
  /** transaction control and bookkeeping statements, in order */
  send(statements: readonly string[]): Promise<void>;
  /**
   * what opens a transaction: online it travels with the next round trip (the step's first statement, or its
   * bookkeeping), so opening a migration's transaction costs no round trip of its own
   */
  open(statements: readonly string[]): Promise<void>;
  /** what opens a migration's transaction (online also the lock timeout and the deferred WAL flush) */
  beginStatements(lastOfRun: boolean): string[];
  /** the dialect's check just before COMMIT (online) */
  verify(ran?: readonly string[]): Promise<void>;
  /** undoes what ran since the savepoint `name` (and releases it), keeping the transaction open */
  rollbackTo?(name: string): Promise<void>;
  /** ends an open transaction after a failure (a script has nothing to undo) */
  rollback(): Promise<void>;
  /** after a failed statement of a non-transactional step: what it left for a re-run to trip over, removed (online) */
  cleanUpFailedStatement?(sql: string, error: unknown): Promise<string | undefined>;
  /** a line for whoever reads the script */
  comment(text: string): void;
  openStep(start: StepStart): Promise<StepSink>;
  /** a step's sink before its turn, sending nothing until `gate` opens (run-ahead.ts); undefined where not worth it */
  openStepAhead?(start: StepStart, gate: Promise<void>): StepSink | undefined;
  /** the step whose sink openStepAhead made is entered */
  adoptStep?(sink: StepSink): StepSink;
}
