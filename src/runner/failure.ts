// A migration step that failed: which step, at which statement, what the database kept, and why.
import { maskSecrets } from '../drivers/url.js';
import { InterruptedError, UsageError } from '../errors.js';
import { displayPath } from '../loader/display-path.js';
import type { Step } from '../revisions/version-rows.js';
import type { EndedTransaction } from './ended-transaction.js';

/** What stayed in the database after the failure. */
export type KeptState =
  /** the step's own transaction was rolled back; the database stays at `heads` (`ended`: not all of it, see there) */
  | { kind: 'step-rolled-back'; heads: readonly string[]; ended?: EndedTransaction }
  /** the run's one transaction (--transaction-per-run) was rolled back */
  | { kind: 'run-rolled-back'; ended?: EndedTransaction }
  /** --dry-run: everything was rolled back */
  | { kind: 'dry-run' }
  /** DDL that cannot be rolled back: the statements that ran are recorded, a re-run resumes after them */
  | { kind: 'statements-recorded'; statementsDone: number; why: 'migration-non-transactional' | 'dialect-cannot-roll-back'; cleanedUp?: string }
  /** --sql: nothing ran */
  | { kind: 'script' };

export interface StepFailure {
  step: Step;
  file: string;
  /** the statement the database refused; null when the migration's own code threw */
  failedStatement: string | null;
  kept: KeptState;
  /** lock-timeout retries made before giving up */
  retries: number;
  /** the dialect's rewording of the database's message */
  explain?: (message: string) => string;
}

function truncate(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function reason(error: unknown): string {
  if (error instanceof Error) return maskSecrets(error.message.split('\n')[0] ?? error.message);
  return maskSecrets(String(error));
}

/** What an interrupted step left, in the words of a user who pressed Ctrl-C. */
function interruptedText(kept: KeptState, what: string): string {
  switch (kept.kind) {
    case 'step-rolled-back':
      return `interrupted; the migration in progress (${what}) was rolled back; the database stays at ${kept.heads.length ? kept.heads.join(', ') : 'base'}`;
    case 'run-rolled-back':
      return `interrupted; the run's transaction (up to ${what}) was rolled back`;
    case 'dry-run':
      return 'interrupted; the dry run was rolled back';
    case 'statements-recorded': {
      if (kept.statementsDone === 0) return `interrupted before any statement of ${what} ran; nothing of it was recorded`;
      const why = kept.why === 'migration-non-transactional' ? 'the migration is non-transactional' : 'this database cannot roll DDL back';
      const cleanedUp = kept.cleanedUp ? `; ${kept.cleanedUp}` : '';
      return `interrupted; ${kept.statementsDone} statement(s) of ${what} ran and were recorded (${why})${cleanedUp}; run the command again to resume after them`;
    }
    case 'script':
      return 'interrupted; no SQL was written';
  }
}

/** The migration's own COMMIT (or ROLLBACK) ended athanor's transaction before the failure: what stayed, and the fix. */
function endedText(ended: EndedTransaction, revision: string, heads: string): string {
  const before = ended.before === undefined ? '' : ` (up to \`${truncate(ended.before, 80)}\`)`;
  const stayed = ended.committed
    ? `what ran before it stays committed${before}, and what ran after it ran outside athanor's transaction and may have stayed too`
    : `what ran before it was rolled back, and what ran after it ran outside athanor's transaction and may have stayed`;
  return (
    `not rolled back: the migration ended athanor's transaction itself with its own ${ended.statement}; ${stayed}; the version table was not moved ` +
    `(still ${heads}). Undo by hand what stayed (or finish the migration by hand and \`athanor stamp ${revision}\`), and take the transaction ` +
    `control out of the file (athanor runs each migration in a transaction) or mark it non-transactional (\`-- transactional: false\` in a .sql file, \`export const transactional = false\` in a .ts one)`
  );
}

function keptText(kept: KeptState, revision: string): string {
  if ((kept.kind === 'step-rolled-back' || kept.kind === 'run-rolled-back') && kept.ended) {
    return endedText(kept.ended, revision, kept.kind === 'step-rolled-back' ? kept.heads.join(', ') || 'base' : 'where the run began');
  }
  switch (kept.kind) {
    case 'step-rolled-back':
      return `rolled back; the database stays at ${kept.heads.length ? kept.heads.join(', ') : 'base'}`;
    case 'run-rolled-back':
      return 'the whole run was rolled back';
    case 'dry-run':
      return 'dry run: everything was rolled back';
    case 'statements-recorded': {
      // nothing ran, so nothing is recorded and there is no partial revision to show
      const cleanedUp = kept.cleanedUp ? `${kept.cleanedUp}; ` : '';
      if (kept.statementsDone === 0) return `none of its statements ran, so nothing of it was recorded; ${cleanedUp}fix the cause and re-run`;
      const why = kept.why === 'migration-non-transactional' ? 'the migration is non-transactional (transactional = false), so what ran stays' : 'this database cannot roll DDL back';
      return `${why}: ${kept.statementsDone} statement(s) of it ran and were recorded (\`athanor current\` shows the partial revision); ${cleanedUp}fix the cause (leaving the statements that ran as they are in the file) and re-run to resume after them`;
    }
    case 'script':
      return 'no SQL was written';
  }
}

/** Which step failed, at which statement, and the database's reason: what the failure is, without what it left. */
function whatFailed(failure: StepFailure, cause: unknown): string {
  const verb = failure.step.direction === 'up' ? 'upgrade' : 'downgrade';
  const where = failure.failedStatement ? ` at: ${truncate(failure.failedStatement)}` : '';
  const why = failure.explain ? failure.explain(reason(cause)) : reason(cause);
  return `${verb} ${failure.step.revision} (${displayPath(failure.file)}) failed${where} — ${why}`;
}

function stepFailureMessage(failure: StepFailure, cause: unknown): string {
  const verb = failure.step.direction === 'up' ? 'upgrade' : 'downgrade';
  if (cause instanceof InterruptedError) return interruptedText(failure.kept, `${verb} ${failure.step.revision}, ${displayPath(failure.file)}`);
  const tried = failure.retries > 0 ? `, after ${failure.retries} lock-timeout retr${failure.retries === 1 ? 'y' : 'ies'}` : '';
  return `${whatFailed(failure, cause)} (${keptText(failure.kept, failure.step.revision)}${tried})`;
}

/**
 * A step failed. Exit code 1 (the database refused, or the migration's code threw at run time), or 2 when the
 * migration asked for something this database cannot do (an unsupported operation: bad input).
 */
export class StepFailedError extends Error {
  readonly exitCode: 1 | 2 | 130;

  constructor(
    readonly failure: StepFailure,
    cause: unknown,
  ) {
    super(stepFailureMessage(failure, cause), { cause });
    this.name = 'StepFailedError';
    this.exitCode = cause instanceof InterruptedError ? 130 : cause instanceof UsageError ? 2 : 1;
  }

  /** The failure without what it left in the database and how to resume: for a run on a throw-away database. */
  get summary(): string {
    return whatFailed(this.failure, this.cause);
  }

  /** The same failure, after `retries` lock-timeout retries. */
  afterRetries(retries: number): StepFailedError {
    return retries === this.failure.retries ? this : new StepFailedError({ ...this.failure, retries }, this.cause);
  }
}
