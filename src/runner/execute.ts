// The one loop over a plan's steps, for online runs and --sql alike (Alembic runs the same loop as_sql): each
// step enters its transaction (transactions.ts), runs the migration's code against the output's sink, and
// leaves with the version table moved and a history row, in the same transaction. Lock timeouts are retried
// (retries.ts); per-statement progress of non-transactional steps lives in progress.ts.
import { InterruptedError, UsageError } from '../errors.js';
import { displayPath } from '../loader/display-path.js';
import type { MigrationFn, MigrationModule } from '../loader/migration-module.js';
import type { RevisionGraph } from '../revisions/graph.js';
import { nextHeads, type Step } from '../revisions/version-rows.js';
import type { CallGuard } from './call-guard.js';
import { endedTransaction } from './ended-transaction.js';
import { StepFailedError, type KeptState } from './failure.js';
import { OnlineOutput } from './online.js';
import type { ExecutedStatement, RunOutput, StepSink } from './output.js';
import { ResumeMismatch, resumeRefusal } from './resume-check.js';
import { withLockRetries } from './retries.js';
import { runAhead, runMigrationCode, type StepAhead } from './run-ahead.js';
import type { Session } from './session.js';
import { TransactionPolicy } from './transactions.js';
import { versionChangeSql } from './version-store.js';

export type { ExecutedStatement };

export interface StepEvent {
  step: Step;
  index: number;
  total: number;
  message: string | undefined;
  durationMs: number;
}

export interface StepReport {
  step: Step;
  statements: ExecutedStatement[];
  durationMs: number;
}

export interface Plan {
  graph: RevisionGraph;
  startHeads: string[];
  steps: Step[];
  modules: ReadonlyMap<string, MigrationModule>;
}

export interface LoopOptions {
  transactionPerMigration: boolean;
  /** run everything in one transaction, report what each step did, then roll it all back */
  dryRun?: boolean;
  /** retry a step that hit the lock timeout this many times with backoff (own-transaction steps only) */
  lockRetries?: number;
  /** first backoff delay in ms; doubles each retry */
  lockRetryDelayMs?: number;
  onStep?: (event: StepEvent) => void;
  /** called before a step starts (progress display) */
  onStart?: (step: Step, index: number, total: number) => void;
  /** Ctrl-C: the step in progress stops and is undone (or recorded, where DDL cannot be undone); no other starts */
  signal?: AbortSignal;
  /** checks each op call before it runs (upgrade's lint gate) */
  guard?: CallGuard;
}

export interface RunOptions extends LoopOptions {
  /** run before the first step (inside the dry run's transaction): creating the version tables */
  prepare?: () => Promise<void>;
  lockTimeoutMs?: number;
}

export interface RunResult {
  heads: string[];
  applied: Step[];
  /** with dryRun: what each step ran */
  reports: StepReport[];
  /** something the user should know about how the run left the database (e.g. SQLite's journal mode) */
  note?: string;
}

interface StepPlan {
  step: Step;
  module: MigrationModule;
  fn: MigrationFn;
  heads: string[];
  last: boolean;
}

function stepPlan(plan: Plan, step: Step, heads: string[], last: boolean): StepPlan {
  const module = plan.modules.get(step.revision);
  if (!module) throw new Error(`internal: no module loaded for ${step.revision}`);
  const fn = step.direction === 'up' ? module.upgrade : module.downgrade;
  if (!fn) {
    const file = displayPath(module.header.file);
    if (module.irreversible) throw new UsageError(`${file}: revision ${step.revision} is not reversible: ${module.irreversible}`);
    throw new UsageError(`${file} has no downgrade(): revision ${step.revision} cannot be rolled back`);
  }
  return { step, module, fn, heads, last };
}

/** `Running upgrade a -> b: message`, Alembic's line above each step of a script. */
function runningLine(graph: RevisionGraph, { step, module, heads }: StepPlan, nextHeadsList: readonly string[]): string {
  const from = step.direction === 'up' ? graph.requirements(step.revision) : [step.revision];
  const to = step.direction === 'up' ? [step.revision] : nextHeadsList.filter((h) => !heads.includes(h));
  const message = module.header.message ? `: ${module.header.message}` : '';
  return `Running ${step.direction === 'up' ? 'upgrade' : 'downgrade'} ${from.join(', ') || 'base'} -> ${to.join(', ') || 'base'}${message}`;
}

/** How a step meets the steps around it: its code may have run ahead, and it may start the next one's. */
interface Neighbours {
  /** this step's code, started while the step before it committed */
  ahead?: StepAhead | undefined;
  /** starts the next step's code while this step's COMMIT travels */
  startNext?: (() => StepAhead | undefined) | undefined;
}

interface StepDone {
  heads: string[];
  durationMs: number;
  /** the next step, started while this one committed */
  ahead?: StepAhead | undefined;
}

/**
 * The next step's code, started once this step's COMMIT has left (a macrotask later: the round trip's
 * write happens in the microtasks after leaveStep is called). What cannot start ahead starts in its turn.
 */
function startAfterSend(startNext: () => StepAhead | undefined): Promise<StepAhead | undefined> {
  return new Promise((resolve) =>
    setImmediate(() => {
      try {
        resolve(startNext());
      } catch {
        resolve(undefined); // opened in its turn, where the same failure is reported as the step's
      }
    }),
  );
}

/** The sink of a step whose code ran ahead, now the step's. */
function adoptedSink(output: RunOutput, ahead: StepAhead): StepSink {
  if (!output.adoptStep) throw new Error('internal: a step ran ahead on an output that cannot adopt it');
  return output.adoptStep(ahead.sink);
}

/** One step: enter its transaction, run its code, leave with the bookkeeping; a failure becomes a StepFailedError. */
async function runStep(
  output: RunOutput,
  policy: TransactionPolicy,
  plan: Plan,
  sp: StepPlan,
  reports: StepReport[] | null,
  options: Pick<LoopOptions, 'signal' | 'guard'>,
  { ahead, startNext }: Neighbours = {},
): Promise<StepDone> {
  const { step, module } = sp;
  const transactional = module.transactional && output.dialect.capabilities.transactionalDdl;
  const next = nextHeads(plan.graph, sp.heads, step);
  await policy.enterStep(transactional, sp.last, () => `${step.revision} (${displayPath(module.header.file)})`, sp.heads);
  const sink = ahead ? adoptedSink(output, ahead) : await output.openStep({ step, module, transactional, ownTransaction: policy.stepOwnsTransaction });
  const guard = ahead ? ahead.guard : options.guard?.openStep(step, module, transactional);
  const started = performance.now();
  let following: Promise<StepAhead | undefined> | undefined;
  try {
    if (ahead) {
      ahead.adopt();
      await ahead.code;
    } else await runMigrationCode(sp.fn, sink, guard);
    guard?.done();
    const elapsed = () => (output.live ? performance.now() - started : 0);
    // statements that wait for the COMMIT (or a last statement held back to travel with the record) have not run
    // yet: the database measures the step (or that statement) as it records it
    const durationSql = sink.waitsForCommit ? output.dialect.transactionElapsedMsSql : sink.heldDurationSql?.(elapsed());
    const entry = { revision: step.revision, direction: step.direction, checksum: module.header.checksum, durationMs: elapsed(), ...(durationSql ? { durationSql } : {}), message: module.header.message ?? null };
    const committing = policy.stepOwnsTransaction;
    const leaving = policy.leaveStep(transactional, [...versionChangeSql(output.dialect, next.change), sink.progress.finish(entry, sink.statementsDone)], sink.ran);
    if (committing && startNext) following = startAfterSend(startNext);
    await leaving;
    const durationMs = durationSql ? elapsed() : entry.durationMs;
    reports?.push({ step, statements: [...sink.executed], durationMs });
    return { heads: next.heads, durationMs, ahead: await following };
  } catch (thrown) {
    void following?.then((started) => started?.discard());
    // a statement the code issued before it failed runs first, as it would have when issued; if it fails, that comes first
    const error = await (sink.sendHeld?.() ?? Promise.resolve()).then(
      () => thrown,
      (failed: unknown) => failed,
    );
    const aborted = await policy.abortStep(transactional, sink.statementsDone, sp.heads);
    // the statements it would skip are not the ones that ran: nothing of it ran now, the partial row is as it was
    if (error instanceof ResumeMismatch) throw resumeRefusal(plan.graph, step, module.header.file, error.statementsDone);
    const cleanedUp = aborted.kind === 'statements-recorded' && sink.failedStatement !== null ? await output.cleanUpFailedStatement?.(sink.failedStatement, error) : undefined;
    const kept = cleanedUp ? { ...aborted, cleanedUp } : withEndedTransaction(aborted, output, sink);
    const explain = output.dialect.explainError?.bind(output.dialect);
    // a statement PostgreSQL cancelled for Ctrl-C fails like any other: the interruption is the cause
    const cause = options.signal?.aborted ? new InterruptedError() : error;
    throw new StepFailedError({ step, file: module.header.file, failedStatement: sink.failedStatement, kept, retries: 0, ...(explain ? { explain } : {}) }, cause);
  }
}

/** A rollback that could not undo what the migration's own COMMIT (or ROLLBACK) ended first says so. */
function withEndedTransaction(kept: KeptState, output: RunOutput, sink: StepSink): KeptState {
  if (!output.live || (kept.kind !== 'step-rolled-back' && kept.kind !== 'run-rolled-back')) return kept;
  const ended = endedTransaction(output.dialect, sink.ran, sink.failedStatement);
  return ended ? { ...kept, ended } : kept;
}

/** What starts `next`'s code ahead of its turn: for a step that runs in a transaction, on a live database. */
function aheadStarter(output: RunOutput, plan: Plan, next: Step | undefined, options: LoopOptions): (() => StepAhead | undefined) | undefined {
  if (next === undefined || !output.live || options.dryRun) return undefined;
  const { module, fn } = stepPlan(plan, next, [], false);
  if (!module.transactional || !output.dialect.capabilities.transactionalDdl) return undefined;
  return () => (options.signal?.aborted ? undefined : runAhead(output, next, module, fn, options.guard));
}

/** The one loop: every step of the plan through `output`, in order. Returns the heads after the last step. */
export async function runSteps(output: RunOutput, plan: Plan, options: LoopOptions): Promise<RunResult> {
  const dryRun = options.dryRun === true;
  const policy = new TransactionPolicy(output, { perMigration: options.transactionPerMigration, dryRun });
  const reports: StepReport[] = [];
  const applied: Step[] = [];
  let heads = plan.startHeads;
  // another session held a lock past lock_timeout: nothing of a step in its own transaction stayed, so try again
  const retry = {
    retries: policy.perMigration ? (options.lockRetries ?? 0) : 0,
    delayMs: options.lockRetryDelayMs ?? 1000,
    retryable: (error: StepFailedError) => error.failure.kept.kind === 'step-rolled-back' && output.dialect.isLockTimeout?.(error.cause) === true,
  };
  // a step that cannot run (a downgrade the file does not have) stops the run before anything ran
  for (const step of plan.steps) stepPlan(plan, step, heads, false);
  /** the next step's code, run while the step before it committed (run-ahead.ts) */
  let ahead: StepAhead | undefined;
  try {
    await policy.start();
    await output.prepare();
    for (const [index, step] of plan.steps.entries()) {
      if (options.signal?.aborted) {
        throw new InterruptedError(`interrupted before ${step.direction === 'up' ? 'upgrade' : 'downgrade'} ${step.revision}; the database stays at ${heads.join(', ') || 'base'}`);
      }
      const sp = stepPlan(plan, step, heads, index === plan.steps.length - 1);
      options.onStart?.(step, index, plan.steps.length);
      if (!output.live) output.comment(runningLine(plan.graph, sp, nextHeads(plan.graph, heads, step).heads));
      const startNext = aheadStarter(output, plan, plan.steps[index + 1], options);
      // code run ahead serves the step's first attempt; a retry runs the code again
      let claimed = ahead;
      ahead = undefined;
      const done = await withLockRetries(retry, () => {
        const neighbours = { ahead: claimed, startNext };
        claimed = undefined;
        return runStep(output, policy, plan, sp, dryRun ? reports : null, options, neighbours);
      });
      ahead = done.ahead;
      heads = done.heads;
      const event = { step, index, total: plan.steps.length, message: sp.module.header.message, durationMs: done.durationMs };
      policy.whenCommitted(() => {
        applied.push(step);
        options.onStep?.(event);
      });
    }
    await policy.end();
  } catch (error) {
    ahead?.discard();
    await policy.abandon();
    await output.finish().catch(() => undefined);
    throw error;
  }
  const note = await output.finish();
  return { heads: dryRun ? plan.startHeads : heads, applied, reports, ...(note ? { note } : {}) };
}

/** Runs a plan on a live database. */
export function runPlan(
  session: Session,
  graph: RevisionGraph,
  startHeads: string[],
  steps: Step[],
  modules: ReadonlyMap<string, MigrationModule>,
  options: RunOptions,
): Promise<RunResult> {
  const output = new OnlineOutput(session.conn, session.dialect, {
    dryRun: options.dryRun === true,
    ...(options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
    ...(options.prepare ? { prepare: options.prepare } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return runSteps(output, { graph, startHeads, steps, modules }, options);
}
