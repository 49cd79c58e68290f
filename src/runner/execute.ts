// Runs a plan of steps on a live database: one transaction per migration (or per run), the version
// table moved in the same transaction, a history row per step. Where DDL cannot be rolled back
// (MySQL/MariaDB, `transactional = false`), progress is recorded per statement so a re-run resumes.
import { DatabaseError, UsageError } from '../errors.js';
import { maskSecrets } from '../config/url.js';
import { Op } from '../operations/op.js';
import type { RevisionGraph } from '../revisions/graph.js';
import { nextHeads, type Step } from '../revisions/targets.js';
import { displayPath, type MigrationModule } from './migration-module.js';
import type { Session } from './session.js';
import { OnlineSink } from './sinks.js';
import { historyInsertSql, HISTORY_TABLE, versionChangeSql } from './version-store.js';

export interface StepEvent {
  step: Step;
  index: number;
  total: number;
  message: string | undefined;
  durationMs: number;
}

export interface RunOptions {
  transactionPerMigration: boolean;
  lockTimeoutMs?: number;
  onStep?: (event: StepEvent) => void;
  /** called before a step starts (progress display) */
  onStart?: (step: Step, index: number, total: number) => void;
}

export interface RunResult {
  heads: string[];
  applied: Step[];
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) return maskSecrets(error.message.split('\n')[0] ?? error.message);
  return String(error);
}

function truncate(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** History direction of an unfinished non-transactional step: `partial-up` / `partial-down`. */
function partialDirection(step: Step): string {
  return `partial-${step.direction}`;
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
  const lit = (v: unknown) => dialect.literal(v);
  let heads = startHeads;
  let runTransactionOpen = false;
  const applied: Step[] = [];

  const begin = async () => {
    await conn.exec(dialect.beginSql);
    if (options.lockTimeoutMs && dialect.lockTimeoutSql) await conn.exec(dialect.lockTimeoutSql(options.lockTimeoutMs));
  };
  const commit = async () => {
    await dialect.verifyBeforeCommit?.(conn);
    await conn.exec('COMMIT');
  };
  const around = async (which: 'before' | 'after') => {
    for (const sql of dialect.aroundMigration?.[which] ?? []) await conn.exec(sql);
  };

  try {
    for (const [index, step] of steps.entries()) {
      const module = modules.get(step.revision);
      if (!module) throw new Error(`internal: no module loaded for ${step.revision}`);
      const fn = step.direction === 'up' ? module.upgrade : module.downgrade;
      if (!fn) {
        throw new UsageError(`${displayPath(module.header.file)} has no downgrade(): revision ${step.revision} cannot be rolled back`);
      }
      options.onStart?.(step, index, steps.length);
      const transactional = module.transactional && dialect.capabilities.transactionalDdl;
      if (!transactional && runTransactionOpen) {
        await commit();
        runTransactionOpen = false;
      }
      if (!runTransactionOpen) await around('before');

      // resume support where statements commit one by one
      let skipStatements = 0;
      if (!transactional) {
        const { rows } = await conn.query<{ statements_done: number | string | null }>(
          `SELECT statements_done FROM ${HISTORY_TABLE} WHERE revision = ${lit(step.revision)} AND direction = ${lit(partialDirection(step))}`,
        );
        if (rows[0]) skipStatements = Number(rows[0].statements_done ?? 0);
        else {
          await conn.exec(
            `INSERT INTO ${HISTORY_TABLE} (revision, direction, checksum, duration_ms, statements_done, message) VALUES (${lit(step.revision)}, ${lit(partialDirection(step))}, ${lit(module.header.checksum)}, 0, 0, ${lit(module.header.message ?? null)})`,
          );
        }
      }
      const progressSql = (done: number) =>
        `UPDATE ${HISTORY_TABLE} SET statements_done = ${done} WHERE revision = ${lit(step.revision)} AND direction = ${lit(partialDirection(step))}`;
      const sink = new OnlineSink(conn, dialect, transactional ? {} : { skipStatements, onStatement: (done) => conn.exec(progressSql(done)) });

      const ownTransaction = transactional && options.transactionPerMigration;
      if (transactional && !runTransactionOpen) {
        await begin();
        runTransactionOpen = !options.transactionPerMigration;
      }
      const started = performance.now();
      try {
        const op = new Op(sink);
        await fn(op);
        await op.settle();
        const next = nextHeads(graph, heads, step);
        if (!transactional) await conn.exec(dialect.beginSql);
        for (const statement of versionChangeSql(dialect, next.change)) await conn.exec(statement);
        const durationMs = performance.now() - started;
        if (transactional) {
          await conn.exec(
            historyInsertSql(dialect, { revision: step.revision, direction: step.direction, checksum: module.header.checksum, durationMs, message: module.header.message ?? null }),
          );
        } else {
          await conn.exec(
            `UPDATE ${HISTORY_TABLE} SET direction = ${lit(step.direction)}, duration_ms = ${Math.round(durationMs)}, statements_done = ${sink.statementsDone}, checksum = ${lit(module.header.checksum)} WHERE revision = ${lit(step.revision)} AND direction = ${lit(partialDirection(step))}`,
          );
        }
        if (ownTransaction || !transactional) await commit();
        if (!runTransactionOpen) await around('after');
        heads = next.heads;
        applied.push(step);
        options.onStep?.({ step, index, total: steps.length, message: module.header.message, durationMs });
      } catch (error) {
        await conn.exec('ROLLBACK').catch(() => undefined);
        const wholeRun = runTransactionOpen;
        runTransactionOpen = false;
        await around('after').catch(() => undefined);
        if (error instanceof UsageError) throw error;
        const where = sink.lastStatement ? ` at: ${truncate(sink.lastStatement)}` : '';
        const verb = step.direction === 'up' ? 'upgrade' : 'downgrade';
        const kept = transactional
          ? wholeRun
            ? 'the whole run was rolled back'
            : `rolled back; the database stays at ${heads.length ? heads.join(', ') : 'base'}`
          : `this database cannot roll DDL back: ${sink.statementsDone} statement(s) of it ran and were recorded; fix the cause and re-run to resume after them`;
        throw new DatabaseError(`${verb} ${step.revision} (${displayPath(module.header.file)}) failed${where} — ${describeFailure(error)} (${kept})`, {
          cause: error,
        });
      }
    }
    if (runTransactionOpen) {
      await commit();
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
  return { heads, applied };
}
