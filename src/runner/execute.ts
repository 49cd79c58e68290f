// Runs a plan of steps on a live database: one transaction per migration (or per run), the version
// table moved in the same transaction, a history row per step. Where DDL cannot be rolled back
// (MySQL/MariaDB, `transactional = false`), progress is recorded per statement so a re-run resumes.
import { DatabaseError, UsageError } from '../errors.js';
import { maskSecrets } from '../drivers/url.js';
import { Op } from '../operations/op.js';
import type { RevisionGraph } from '../revisions/graph.js';
import { nextHeads, type Step } from '../revisions/version-rows.js';
import { displayPath } from '../loader/display-path.js';
import type { MigrationModule } from '../loader/migration-module.js';
import type { Session } from './session.js';
import { OnlineSink, type ExecutedStatement } from './sinks.js';
import {
  historyInsertSql,
  partialFinishSql,
  partialInsertSql,
  partialProgressSql,
  UnfinishedSteps,
  versionChangeSql,
  type PartialStep,
} from './version-store.js';

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

export interface RunOptions {
  transactionPerMigration: boolean;
  /** run everything in one transaction, report what each step did, then roll it all back */
  dryRun?: boolean;
  /** on PostgreSQL lock_timeout (55P03), retry the migration this many times with backoff */
  lockRetries?: number;
  /** first backoff delay in ms; doubles each retry */
  lockRetryDelayMs?: number;
  /** run before the first step (inside the dry run's transaction): creating the version tables */
  prepare?: () => Promise<void>;
  lockTimeoutMs?: number;
  onStep?: (event: StepEvent) => void;
  /** called before a step starts (progress display) */
  onStart?: (step: Step, index: number, total: number) => void;
}

export interface RunResult {
  heads: string[];
  applied: Step[];
  /** with dryRun: what each step ran */
  reports: StepReport[];
}

function isLockTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '55P03';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function describeFailure(error: unknown): string {
  if (error instanceof Error) return maskSecrets(error.message.split('\n')[0] ?? error.message);
  return String(error);
}

function truncate(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

interface StepFailure {
  error: unknown;
  lastStatement: string | null;
  statementsDone: number;
  transactional: boolean;
  wholeRun: boolean;
}

export async function runPlan(
  session: Session,
  graph: RevisionGraph,
  startHeads: string[],
  steps: Step[],
  modules: ReadonlyMap<string, MigrationModule>,
  options: RunOptions,
): Promise<RunResult> {
  const { conn, dialect } = session;
  const dryRun = options.dryRun === true;
  if (dryRun && !dialect.capabilities.transactionalDdl) {
    throw new UsageError(`--dry-run needs transactional DDL, which ${dialect.name} does not have: use --sql to see what would run`);
  }
  // a dry run is one transaction for everything, rolled back at the end
  const perMigration = options.transactionPerMigration && !dryRun;
  let heads = startHeads;
  let runTransactionOpen = false;
  const applied: Step[] = [];
  const reports: StepReport[] = [];

  // statements are sent together where nothing needs their results: one round trip instead of several
  const begin = async (lastOfRun: boolean) => {
    const lockTimeout = options.lockTimeoutMs && dialect.lockTimeoutSql ? [dialect.lockTimeoutSql(options.lockTimeoutMs)] : [];
    // all but the last COMMIT of a run skip the WAL flush wait; the last one flushes everything before it
    const deferred = !lastOfRun && dialect.deferredCommitSql ? [dialect.deferredCommitSql] : [];
    await conn.exec([dialect.beginSql, ...lockTimeout, ...deferred].join(';\n'));
  };
  const commit = async () => {
    await dialect.verifyBeforeCommit?.(conn);
    await conn.exec('COMMIT');
  };
  const around = async (which: 'before' | 'after') => {
    for (const sql of dialect.aroundMigration?.[which] ?? []) await conn.exec(sql);
  };
  /** unfinished non-transactional steps of earlier runs, read once */
  let partials: UnfinishedSteps | undefined;

  /** One attempt at one step; throws a StepFailure. */
  const attempt = async (step: Step, module: MigrationModule, fn: (op: Op) => unknown, lastOfRun: boolean): Promise<{ heads: string[]; durationMs: number }> => {
    const transactional = module.transactional && dialect.capabilities.transactionalDdl;
    if (dryRun && !transactional) {
      throw new UsageError(`--dry-run stops at ${step.revision} (${displayPath(module.header.file)}): it is non-transactional and cannot be tried and rolled back; the steps before it were tried and rolled back`);
    }
    if (!transactional && runTransactionOpen) {
      await commit();
      runTransactionOpen = false;
    }
    if (!runTransactionOpen) await around('before');
    let skipStatements = 0;
    const partial: PartialStep = { step, checksum: module.header.checksum, message: module.header.message ?? null };
    if (!transactional) {
      partials ??= await UnfinishedSteps.read(conn);
      const done = partials.statementsDone(step);
      if (done !== undefined) skipStatements = done;
      else await conn.exec(partialInsertSql(dialect, partial, 0));
    }
    const executed: ExecutedStatement[] = [];
    const sink = new OnlineSink(
      conn,
      dialect,
      transactional
        ? dryRun
          ? { onExecuted: (e) => executed.push(e) }
          : {}
        : { skipStatements, progressSql: (done) => partialProgressSql(dialect, step, done) },
    );
    const ownTransaction = transactional && perMigration;
    if (transactional && !runTransactionOpen) {
      await begin(lastOfRun || !perMigration);
      runTransactionOpen = !perMigration;
    }
    const started = performance.now();
    try {
      const op = new Op(sink);
      await fn(op);
      await op.settle();
      const next = nextHeads(graph, heads, step);
      const durationMs = performance.now() - started;
      const bookkeeping = [
        ...versionChangeSql(dialect, next.change),
        transactional
          ? historyInsertSql(dialect, { revision: step.revision, direction: step.direction, checksum: module.header.checksum, durationMs, message: module.header.message ?? null })
          : partialFinishSql(dialect, partial, sink.statementsDone, durationMs),
      ];
      if (ownTransaction || !transactional) {
        if (!transactional) await conn.exec(dialect.beginSql);
        await dialect.verifyBeforeCommit?.(conn, { statements: sink.executed });
        await conn.exec([...bookkeeping, 'COMMIT'].join(';\n'));
      } else {
        await conn.exec(bookkeeping.join(';\n'));
      }
      if (!runTransactionOpen) await around('after');
      if (dryRun) reports.push({ step, statements: executed, durationMs });
      return { heads: next.heads, durationMs };
    } catch (error) {
      await conn.exec('ROLLBACK').catch(() => undefined);
      const wholeRun = runTransactionOpen;
      runTransactionOpen = false;
      await around('after').catch(() => undefined);
      if (error instanceof UsageError) throw error;
      const failure: StepFailure = { error, lastStatement: sink.lastStatement, statementsDone: sink.statementsDone, transactional, wholeRun };
      throw failure;
    }
  };

  const describe = (step: Step, module: MigrationModule, failure: StepFailure, retries: number): DatabaseError => {
    const where = failure.lastStatement ? ` at: ${truncate(failure.lastStatement)}` : '';
    const verb = step.direction === 'up' ? 'upgrade' : 'downgrade';
    const kept = dryRun
      ? 'dry run: everything was rolled back'
      : failure.transactional
        ? failure.wholeRun
          ? 'the whole run was rolled back'
          : `rolled back; the database stays at ${heads.length ? heads.join(', ') : 'base'}`
        : `this database cannot roll DDL back: ${failure.statementsDone} statement(s) of it ran and were recorded; fix the cause and re-run to resume after them`;
    const tried = retries > 0 ? `, after ${retries} lock-timeout retr${retries === 1 ? 'y' : 'ies'}` : '';
    return new DatabaseError(`${verb} ${step.revision} (${displayPath(module.header.file)}) failed${where} — ${describeFailure(failure.error)} (${kept}${tried})`, {
      cause: failure.error,
    });
  };

  try {
    if (dryRun) {
      await around('before');
      await begin(true);
      runTransactionOpen = true;
    }
    await options.prepare?.();
    // without transactions there is no per-migration SET LOCAL: the lock timeout is set for the session
    if (!dialect.capabilities.transactionalDdl && options.lockTimeoutMs && dialect.lockTimeoutSql) {
      await conn.exec(dialect.lockTimeoutSql(options.lockTimeoutMs));
    }
    for (const [index, step] of steps.entries()) {
      const module = modules.get(step.revision);
      if (!module) throw new Error(`internal: no module loaded for ${step.revision}`);
      const fn = step.direction === 'up' ? module.upgrade : module.downgrade;
      if (!fn) {
        throw new UsageError(`${displayPath(module.header.file)} has no downgrade(): revision ${step.revision} cannot be rolled back`);
      }
      options.onStart?.(step, index, steps.length);
      const maxRetries = perMigration ? (options.lockRetries ?? 0) : 0;
      for (let retry = 0; ; retry++) {
        try {
          const done = await attempt(step, module, fn, index === steps.length - 1);
          heads = done.heads;
          applied.push(step);
          options.onStep?.({ step, index, total: steps.length, message: module.header.message, durationMs: done.durationMs });
          break;
        } catch (caught) {
          if (caught instanceof Error) throw caught;
          const failure = caught as StepFailure;
          // another session held a lock past lock_timeout: nothing of this migration stayed; wait and try again
          if (failure.transactional && isLockTimeout(failure.error) && retry < maxRetries) {
            await sleep((options.lockRetryDelayMs ?? 1000) * 2 ** retry);
            continue;
          }
          throw describe(step, module, failure, retry);
        }
      }
    }
    if (runTransactionOpen) {
      if (dryRun) await conn.exec('ROLLBACK');
      else await commit();
      runTransactionOpen = false;
      await around('after');
    }
  } catch (error) {
    if (runTransactionOpen) {
      await conn.exec('ROLLBACK').catch(() => undefined);
      await around('after').catch(() => undefined);
    }
    throw error;
  }
  return { heads: dryRun ? startHeads : heads, applied, reports };
}
