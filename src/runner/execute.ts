// Runs a plan of steps on a live database: one transaction per migration (or per run), the version
// table moved in the same transaction, a history row per step.
import { DatabaseError, UsageError } from '../errors.js';
import { maskSecrets } from '../config/url.js';
import { Op } from '../operations/op.js';
import type { RevisionGraph } from '../revisions/graph.js';
import { nextHeads, type Step } from '../revisions/targets.js';
import { displayPath, type MigrationModule } from './migration-module.js';
import type { Session } from './session.js';
import { OnlineSink } from './sinks.js';
import { historyInsertSql, versionChangeSql } from './version-store.js';

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

export async function runPlan(
  session: Session,
  graph: RevisionGraph,
  startHeads: string[],
  steps: Step[],
  modules: ReadonlyMap<string, MigrationModule>,
  options: RunOptions,
): Promise<RunResult> {
  const { conn, dialect } = session;
  let heads = startHeads;
  let inRunTransaction = false;
  const applied: Step[] = [];

  const begin = async () => {
    await conn.exec(dialect.beginSql);
    if (options.lockTimeoutMs && dialect.lockTimeoutSql) await conn.exec(dialect.lockTimeoutSql(options.lockTimeoutMs));
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
      const ownTransaction = transactional && options.transactionPerMigration;
      if (!transactional && inRunTransaction) {
        await conn.exec('COMMIT');
        inRunTransaction = false;
      }
      if (ownTransaction || (transactional && !inRunTransaction)) {
        await begin();
        inRunTransaction = !options.transactionPerMigration;
      }
      const inTransaction = transactional;
      const sink = new OnlineSink(conn, dialect);
      const started = performance.now();
      try {
        const op = new Op(sink);
        await fn(op);
        await op.settle();
        const next = nextHeads(graph, heads, step);
        if (!inTransaction) await conn.exec(dialect.beginSql);
        for (const statement of versionChangeSql(dialect, next.change)) await conn.exec(statement);
        const durationMs = performance.now() - started;
        await conn.exec(
          historyInsertSql(dialect, {
            revision: step.revision,
            direction: step.direction,
            checksum: module.header.checksum,
            durationMs,
            message: module.header.message ?? null,
          }),
        );
        if (ownTransaction || !inTransaction) await conn.exec('COMMIT');
        heads = next.heads;
        applied.push(step);
        options.onStep?.({ step, index, total: steps.length, message: module.header.message, durationMs });
      } catch (error) {
        await conn.exec('ROLLBACK').catch(() => undefined);
        inRunTransaction = false;
        if (error instanceof UsageError) throw error;
        const where = sink.lastStatement ? ` at: ${truncate(sink.lastStatement)}` : '';
        const arrow = step.direction === 'up' ? 'upgrade' : 'downgrade';
        const kept = transactional
          ? options.transactionPerMigration
            ? `rolled back; the database stays at ${heads.length ? heads.join(', ') : 'base'}`
            : 'the whole run was rolled back'
          : `${sink.statementsRun} statement(s) of it had already run and were not rolled back`;
        throw new DatabaseError(
          `${arrow} ${step.revision} (${displayPath(module.header.file)}) failed${where} — ${describeFailure(error)} (${kept})`,
          { cause: error },
        );
      }
    }
    if (inRunTransaction) await conn.exec('COMMIT');
  } catch (error) {
    if (inRunTransaction) await conn.exec('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return { heads, applied };
}
