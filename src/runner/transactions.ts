// Transaction policy (Alembic's begin_transaction): one transaction per migration, or one for the whole run,
// or one rolled back at the end (--dry-run); a step that cannot run in a transaction commits what is open
// first and records itself in a short transaction of its own. The version table moves in the same
// transaction as the step's statements.
import { UsageError } from '../errors.js';
import type { KeptState } from './failure.js';
import type { RunOutput } from './output.js';

export interface TransactionOptions {
  /** one transaction per migration (else one for the run) */
  perMigration: boolean;
  /** one transaction for everything, rolled back at the end */
  dryRun: boolean;
}

type Open = 'none' | 'step' | 'run';

export class TransactionPolicy {
  private open: Open = 'none';

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

  /** Before a step's code runs. `describe` names the step for the dry run's refusal. */
  async enterStep(transactional: boolean, lastOfRun: boolean, describe: () => string): Promise<void> {
    if (this.options.dryRun && !transactional) {
      throw new UsageError(`--dry-run stops at ${describe()}: it is non-transactional and cannot be tried and rolled back; the steps before it were tried and rolled back`);
    }
    if (!transactional && this.open === 'run') await this.commitRun();
    if (this.open === 'none') await this.around('before');
    if (transactional && this.open === 'none') {
      await this.output.open(this.output.beginStatements(lastOfRun || !this.perMigration));
      this.open = this.perMigration ? 'step' : 'run';
    }
  }

  /** After a step's code ran: its bookkeeping, committed with it unless the run's transaction stays open. */
  async leaveStep(transactional: boolean, bookkeeping: readonly string[], ran: readonly string[]): Promise<void> {
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

  /** After the last step: commit the run's transaction, or roll back a dry run. */
  async end(): Promise<void> {
    if (this.open !== 'run') return;
    if (this.options.dryRun) await this.output.send(['ROLLBACK']);
    else await this.commitRun();
    this.open = 'none';
    await this.around('after');
  }

  /** A failure outside any step (preparing the run): undo what is open. */
  async abandon(): Promise<void> {
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
