// Transaction policy (Alembic's begin_transaction): one transaction per migration, or one for the whole run,
// or one rolled back at the end (--dry-run); a step that cannot run in a transaction commits what is open
// first and records itself in a short transaction of its own. The version table moves in the same
// transaction as the step's statements. Where a COMMIT costs more than a small migration (SQLite), migrations
// of their own transactions share one: each in a SAVEPOINT, the transaction committed every
// `dialect.sharedCommitMs`; a failure rolls back its migration alone and commits the ones before it, and a
// migration counts as applied (its event fires) once the COMMIT that holds it ran.
import { UsageError } from '../errors.js';
import type { KeptState } from './failure.js';
import type { RunOutput } from './output.js';

export interface TransactionOptions {
  /** one transaction per migration (else one for the run) */
  perMigration: boolean;
  /** one transaction for everything, rolled back at the end */
  dryRun: boolean;
}

type Open = 'none' | 'step' | 'run' | 'shared';

const STEP_SAVEPOINT = 'athanor_step';

/** A transaction whose COMMIT migrations share: when it began, the heads it began at, what waits for it. */
interface SharedCommit {
  since: number;
  heads: readonly string[];
  waiting: Array<() => void>;
}

export class TransactionPolicy {
  private open: Open = 'none';
  private shared: SharedCommit = { since: 0, heads: [], waiting: [] };

  constructor(
    private readonly output: RunOutput,
    private readonly options: TransactionOptions,
  ) {
    if (options.dryRun && !output.dialect.capabilities.transactionalDdl) {
      throw new UsageError(`--dry-run needs transactional DDL, which ${output.dialect.name} does not have: use --sql to see what would run`);
    }
  }

  /** a dry run, or a run in one transaction, holds it open across steps */
  get perMigration(): boolean {
    return this.options.perMigration && !this.options.dryRun;
  }

  /** Migrations of their own transactions share COMMITs (a live run of a dialect that wants it). */
  private get sharesCommits(): boolean {
    return this.perMigration && this.output.dialect.sharedCommitMs !== undefined && this.output.rollbackTo !== undefined;
  }

  /** Runs `applied` once the step left last is committed: now, or with the shared COMMIT that holds it. */
  whenCommitted(applied: () => void): void {
    if (this.open === 'shared') this.shared.waiting.push(applied);
    else applied();
  }

  /** The step entered last has a transaction of its own, committed when it ends. */
  get stepOwnsTransaction(): boolean {
    return this.open === 'step';
  }

  /** Before the first step: a dry run opens its one transaction. */
  async start(): Promise<void> {
    if (!this.options.dryRun) return;
    await this.around('before');
    // sent at once: what prepares the run (the version tables) happens inside the transaction rolled back
    await this.output.send(this.output.beginStatements(true));
    this.open = 'run';
  }

  /** Before a step's code runs, at `heads`. `describe` names the step for the dry run's refusal. */
  async enterStep(transactional: boolean, lastOfRun: boolean, describe: () => string, heads: readonly string[] = []): Promise<void> {
    if (this.options.dryRun && !transactional) {
      throw new UsageError(`--dry-run stops at ${describe()}: it is non-transactional and cannot be tried and rolled back; the steps before it were tried and rolled back`);
    }
    if (!transactional && this.open === 'run') await this.commitRun();
    if (!transactional && this.open === 'shared') await this.commitShared();
    if (this.open === 'none') await this.around('before');
    if (transactional && this.sharesCommits) {
      // sent at once: a failure before the step's first statement rolls back to a savepoint that exists
      if (this.open === 'none') {
        await this.output.send([...this.output.beginStatements(true), `SAVEPOINT ${STEP_SAVEPOINT}`]);
        this.open = 'shared';
        this.shared = { since: performance.now(), heads, waiting: [] };
      } else await this.output.send([`SAVEPOINT ${STEP_SAVEPOINT}`]);
      return;
    }
    if (transactional && this.open === 'none') {
      await this.output.open(this.output.beginStatements(lastOfRun || !this.perMigration));
      this.open = this.perMigration ? 'step' : 'run';
    }
  }

  /** After a step's code ran: its bookkeeping, committed with it unless the run's transaction stays open. */
  async leaveStep(transactional: boolean, bookkeeping: readonly string[], ran: readonly string[]): Promise<void> {
    if (this.open === 'shared') {
      await this.output.verify(ran);
      await this.output.send([...bookkeeping, `RELEASE ${STEP_SAVEPOINT}`]);
      if (performance.now() - this.shared.since >= (this.output.dialect.sharedCommitMs ?? 0)) await this.commitShared();
      return;
    }
    if (transactional && this.open === 'run') {
      await this.output.send(bookkeeping);
      return;
    }
    // the bookkeeping's own transaction opens with its round trip (verify sends it first where it reads inside)
    if (!transactional) await this.output.open([this.output.dialect.beginSql]);
    await this.output.verify(ran);
    await this.output.send([...bookkeeping, 'COMMIT']);
    this.open = 'none';
    await this.around('after');
  }

  /** After a step failed: undo what is open; says what the database kept. */
  async abortStep(transactional: boolean, statementsDone: number, heads: readonly string[]): Promise<KeptState> {
    if (this.open === 'shared') return this.abortShared(heads);
    const wholeRun = this.open === 'run';
    await this.output.rollback();
    this.open = 'none';
    await this.around('after').catch(() => undefined);
    if (!this.output.live) return { kind: 'script' };
    if (this.options.dryRun) return { kind: 'dry-run' };
    if (!transactional) {
      const why = this.output.dialect.capabilities.transactionalDdl ? 'migration-non-transactional' : 'dialect-cannot-roll-back';
      return { kind: 'statements-recorded', statementsDone, why };
    }
    return wholeRun ? { kind: 'run-rolled-back' } : { kind: 'step-rolled-back', heads };
  }

  /**
   * A step failed inside a shared transaction: back to its savepoint, and the migrations before it committed as
   * their own COMMITs would have been. When the transaction itself is gone (its COMMIT failed, SQLite rolled it
   * back), everything since it began is undone: the database stays where it began.
   */
  private async abortShared(heads: readonly string[]): Promise<KeptState> {
    try {
      await this.output.rollbackTo?.(STEP_SAVEPOINT);
      await this.commitShared();
      return { kind: 'step-rolled-back', heads: [...heads] };
    } catch {
      await this.dropShared();
      return { kind: 'step-rolled-back', heads: [...this.shared.heads] };
    }
  }

  private async commitShared(): Promise<void> {
    const waiting = this.shared.waiting;
    await this.output.send(['COMMIT']);
    this.open = 'none';
    this.shared.waiting = [];
    await this.around('after');
    for (const applied of waiting) applied();
  }

  private async dropShared(): Promise<void> {
    await this.output.rollback();
    this.open = 'none';
    this.shared.waiting = [];
    await this.around('after').catch(() => undefined);
  }

  /** After the last step: commit the run's transaction, or roll back a dry run. */
  async end(): Promise<void> {
    if (this.open === 'shared') return this.commitShared();
    if (this.open !== 'run') return;
    if (this.options.dryRun) await this.output.send(['ROLLBACK']);
    else await this.commitRun();
    this.open = 'none';
    await this.around('after');
  }

  /**
   * A failure outside any step (preparing the run, Ctrl-C between steps): undo what is open. Migrations done
   * under a shared COMMIT are committed first, as their own COMMITs would have been.
   */
  async abandon(): Promise<void> {
    if (this.open === 'shared') {
      await this.commitShared().catch(() => this.dropShared());
      return;
    }
    if (this.open === 'none') return;
    await this.output.rollback();
    this.open = 'none';
    await this.around('after').catch(() => undefined);
  }

  private async commitRun(): Promise<void> {
    await this.output.verify();
    await this.output.send(['COMMIT']);
    this.open = 'none';
    await this.around('after');
  }

  /** statements outside any transaction around each migration (SQLite: PRAGMA foreign_keys) */
  private async around(which: 'before' | 'after'): Promise<void> {
    const statements = this.output.dialect.aroundMigration?.[which] ?? [];
    if (statements.length) await this.output.send(statements);
  }
}
