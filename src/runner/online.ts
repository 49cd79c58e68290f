// The run's SQL sent to a live database.
import type { Connection } from '../drivers/connection.js';
import type { Dialect } from '../dialects/dialect.js';
import type { RunOutput, StepSink, StepStart } from './output.js';
import { noProgress, statementProgress } from './progress.js';
import { OnlineSink } from './sinks.js';
import { UnfinishedSteps } from './version-store.js';

export interface OnlineOptions {
  dryRun: boolean;
  lockTimeoutMs?: number;
  /** run once before the first step (creating the version tables, recording accepted checksums) */
  prepare?: () => Promise<void>;
  /** Ctrl-C: stop the statement in flight where the driver can (PostgreSQL), start no other */
  signal?: AbortSignal;
}

export class OnlineOutput implements RunOutput {
  readonly live = true;
  /** unfinished non-transactional steps of earlier runs, read once */
  private unfinished: UnfinishedSteps | undefined;
  /** statements opening a transaction, not sent yet: they go with the next round trip */
  private pending: string[] = [];
  /** ends the run's deferred flushes (SQLite), once prepare() started them */
  private endDeferred: (() => Promise<string | undefined>) | undefined;
  /** the step in progress, whose statements may wait to travel with its bookkeeping */
  private step: OnlineSink | undefined;

  constructor(
    private readonly conn: Connection,
    readonly dialect: Dialect,
    private readonly options: OnlineOptions,
  ) {
    options.signal?.addEventListener('abort', () => void conn.cancel?.().catch(() => undefined), { once: true });
  }

  async prepare(): Promise<void> {
    await this.options.prepare?.();
    // a dry run's one transaction is already open and is rolled back anyway
    if (!this.options.dryRun && this.dialect.deferDurability) this.endDeferred = await this.dialect.deferDurability(this.conn);
    // without transactions there is no per-migration SET LOCAL: the lock timeout is set for the session
    const { lockTimeoutMs } = this.options;
    if (!this.dialect.capabilities.transactionalDdl && lockTimeoutMs && this.dialect.lockTimeoutSql) {
      await this.conn.exec(this.dialect.lockTimeoutSql(lockTimeoutMs));
    }
  }

  async finish(): Promise<string | undefined> {
    const end = this.endDeferred;
    this.endDeferred = undefined;
    return end?.();
  }

  async send(statements: readonly string[]): Promise<void> {
    // statements are sent together where nothing needs their results: one round trip instead of several
    if (this.step?.hasDeferred) return this.step.flush(this.takePending(), statements);
    if (this.step?.hasHeld) return this.step.sendHeldWith(this.takePending(), statements);
    const all = [...this.takePending(), ...statements];
    if (all.length) await this.conn.exec(all.join(';\n'));
  }

  async open(statements: readonly string[]): Promise<void> {
    this.pending.push(...statements);
  }

  /** What opens the transaction and has not been sent yet: the caller sends it ahead of its own statements. */
  private takePending(): string[] {
    const pending = this.pending;
    this.pending = [];
    return pending;
  }

  beginStatements(lastOfRun: boolean): string[] {
    const { lockTimeoutMs } = this.options;
    const lockTimeout = lockTimeoutMs && this.dialect.lockTimeoutSql ? [this.dialect.lockTimeoutSql(lockTimeoutMs)] : [];
    // all but the last COMMIT of a run skip the WAL flush wait; the last one flushes everything before it
    const deferred = !lastOfRun && this.dialect.deferredCommitSql ? [this.dialect.deferredCommitSql] : [];
    return [this.dialect.beginSql, ...lockTimeout, ...deferred];
  }

  async verify(ran?: readonly string[]): Promise<void> {
    if (!this.dialect.verifyBeforeCommit) return;
    await this.send([]); // the check reads inside the transaction
    await this.dialect.verifyBeforeCommit(this.conn, ran ? { statements: ran } : undefined);
  }

  async rollbackTo(name: string): Promise<void> {
    this.pending = [];
    this.step?.discardDeferred();
    await this.conn.exec(`ROLLBACK TO ${name};\nRELEASE ${name}`);
  }

  async rollback(): Promise<void> {
    this.pending = [];
    this.step?.discardDeferred();
    await this.conn.exec('ROLLBACK').catch(() => undefined);
  }

  async cleanUpFailedStatement(sql: string, error: unknown): Promise<string | undefined> {
    // the failure is what the user is told about: a clean-up that fails too only goes unmentioned
    return this.dialect.cleanUpFailedStatement?.(this.conn, sql, error).catch(() => undefined);
  }

  /**
   * The sink of a transactional step of its own transaction whose code runs before its turn (run-ahead.ts): its
   * statements wait for its COMMIT, and nothing is sent before `gate` opens. Undefined where they would not wait.
   */
  openStepAhead({ transactional, ownTransaction }: StepStart, gate: Promise<void>): StepSink | undefined {
    if (!transactional || !this.defers(ownTransaction)) return undefined;
    return new OnlineSink(this.conn, this.dialect, noProgress(this.dialect), { signal: this.options.signal, pending: () => this.takePending(), defer: true, gate });
  }

  /** The step run ahead is entered: its sink is the step's. */
  adoptStep(sink: StepSink): StepSink {
    if (!(sink instanceof OnlineSink)) throw new Error('internal: a step run ahead without its online sink');
    this.step = sink;
    return sink;
  }

  comment(): void {
    // nobody reads an online run's SQL
  }

  /**
   * What nobody reads waits for the COMMIT's round trip, in a step with a transaction of its own (a dry run
   * reports each statement as it runs) on a database that measures the step's duration as it records it.
   */
  private defers(ownTransaction: boolean): boolean {
    return ownTransaction && !this.options.dryRun && this.conn.joinsBatches === true && this.dialect.transactionElapsedMsSql !== undefined;
  }

  async openStep({ step, module, transactional, ownTransaction }: StepStart): Promise<StepSink> {
    const pending = () => this.takePending();
    if (transactional) {
      const defer = this.defers(ownTransaction);
      this.step = new OnlineSink(this.conn, this.dialect, noProgress(this.dialect), { report: this.options.dryRun, signal: this.options.signal, pending, defer });
      return this.step;
    }
    // autocommit: each statement waits for locks under the session's timeout, not a SET LOCAL one
    const { lockTimeoutMs } = this.options;
    if (lockTimeoutMs && this.dialect.sessionLockTimeoutSql) await this.conn.exec(this.dialect.sessionLockTimeoutSql(lockTimeoutMs));
    this.unfinished ??= await UnfinishedSteps.read(this.conn);
    const partial = { step, checksum: module.header.checksum, message: module.header.message ?? null };
    // where a statement and its record travel as one batch, the last statement travels with the step's finishing record
    const holdLast = this.dialect.independentStatementBatches === true;
    this.step = new OnlineSink(this.conn, this.dialect, statementProgress(this.dialect, partial, this.unfinished.progressOf(step)), { signal: this.options.signal, pending, holdLast });
    return this.step;
  }
}
