// upgrade / downgrade: move the database along the revision graph, online or as an offline SQL script.
import type { ResolvedConfig } from '../config/types.js';
import { InterruptedError, UsageError } from '../errors.js';
import { loadDialect } from '../dialects/index.js';
import type { LockWait } from '../dialects/shared/lock-wait.js';
import type { RevisionGraph } from '../revisions/graph.js';
import { planDowngrade, planUpgrade } from '../revisions/plans.js';
import { resolveTarget } from '../revisions/targets.js';
import type { Step } from '../revisions/version-rows.js';
import { changedMigrationsError, findChangedMigrations } from '../runner/checksums.js';
import { runPlan, type StepEvent, type StepReport } from '../runner/execute.js';
import { loadModules, type MigrationModule } from '../loader/migration-module.js';
import { renderPlanSql } from '../runner/offline.js';
import { notInFolderError } from './database-position.js';
import { withSession } from '../runner/session.js';
import { ensureVersionTables, historyInsertSql, readHeads, readHistory, readUnfinishedSteps } from '../runner/version-store.js';
import { refuseMovesPastUnfinished } from './unfinished-steps.js';
import { openLintGate, refuseRefusedCalls, withCallSites } from './lint-gate.js';
import { openProject } from './project.js';

export type Direction = 'up' | 'down';

export interface MoveOptions {
  /** a target (`head`, `-1`, `ab12`, `LABEL@head`…); with `sql`, may be a range `FROM:TO` */
  target: string;
  /** print the SQL instead of running it */
  sql?: boolean;
  /** accept applied migrations whose files changed, recording the new checksums */
  acceptChanged?: boolean;
  transactionPerMigration?: boolean;
  /** upgrade: skip the lint of pending migrations (errors otherwise refuse the run) */
  noLint?: boolean;
  /** run for real inside one transaction, report, roll back (PostgreSQL, PGlite, SQLite); MySQL falls back to SQL */
  dryRun?: boolean;
  onStart?: (step: Step, index: number, total: number) => void;
  onStep?: (event: StepEvent) => void;
  /** told who holds the migration lock when another run has held it for a second */
  onLockWait?: (holder: string) => void;
  /** Ctrl-C: the migration in progress is stopped and undone (or recorded where DDL cannot be undone) */
  signal?: AbortSignal;
}

export interface MoveResult {
  steps: Step[];
  heads: string[];
  /** the script, with `sql` (or a dry run on a database that cannot roll DDL back) */
  sql?: string;
  /** with dryRun: what each step ran, before everything was rolled back */
  reports?: StepReport[];
  /** why a dry run printed SQL instead */
  note?: string;
}

/** Waiting for the lock is reported after this long: a lock that comes at once needs no word. */
export const LOCK_WAIT_REPORT_MS = 1000;

export function lockWait(report: ((holder: string) => void) | undefined, signal?: AbortSignal): LockWait {
  return { afterMs: LOCK_WAIT_REPORT_MS, ...(report ? { report } : {}), ...(signal ? { signal } : {}) };
}

/** `work`, or an InterruptedError as soon as `signal` aborts (the session's close then ends the work). */
async function untilInterrupted<T>(work: Promise<T>, signal: AbortSignal | undefined, message: string): Promise<T> {
  if (!signal) return work;
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new InterruptedError(message));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function plan(graph: RevisionGraph, direction: Direction, heads: string[], target: string): Step[] {
  return direction === 'up' ? planUpgrade(graph, heads, target) : planDowngrade(graph, heads, target);
}

function splitRange(target: string): [string | null, string] {
  const at = target.indexOf(':');
  if (at === -1) return [null, target];
  return [target.slice(0, at), target.slice(at + 1)];
}

async function moveOffline(config: ResolvedConfig, folder: RevisionGraph, direction: Direction, options: MoveOptions, knownHeads?: string[]): Promise<MoveResult> {
  const [from, to] = splitRange(options.target);
  // a range starting (or a target) inside a squashed range runs the originals
  const graph = folder.forHeads([...(knownHeads ?? (from === null ? [] : [from])), to]);
  if (direction === 'down' && from === null && !knownHeads) {
    throw new UsageError('downgrade --sql needs a range FROM:TO (e.g. `athanor downgrade --sql head:base`): offline mode does not read the database');
  }
  const startHeads = knownHeads ?? (from === null ? [] : resolveTarget(graph, from, []));
  const steps = plan(graph, direction, startHeads, to);
  const dialect = await loadDialect(config.dialect);
  const modules = await loadModules(graph, steps, config.dialect);
  const replayIds = dialect.needsCurrentTable && startHeads.length ? graph.topological(graph.ancestors(startHeads, { inclusive: true })) : [];
  const replayModules = await loadModules(graph, replayIds.map((revision) => ({ revision, direction: 'up' as const })), config.dialect);
  const replay = replayIds.map((id) => replayModules.get(id)).filter((m): m is MigrationModule => m !== undefined);
  const sql = await renderPlanSql(dialect, graph, startHeads, steps, modules, replay, {
    transactionPerMigration: options.transactionPerMigration ?? config.transactionPerMigration,
    lockTimeoutMs: config.lockTimeoutMs,
  });
  return { steps, heads: startHeads, sql };
}

async function move(config: ResolvedConfig, direction: Direction, options: MoveOptions): Promise<MoveResult> {
  const { graph: folder, headers } = await openProject(config, { loadsMigrations: true });
  if (options.sql) return moveOffline(config, folder, direction, options);
  if (options.target.includes(':')) throw new UsageError(`a range "${options.target}" is only allowed with --sql`);
  return withSession(config, async (session) => {
    const { conn, dialect } = session;
    await untilInterrupted(dialect.acquireLock(conn, lockWait(options.onLockWait, options.signal)), options.signal, 'interrupted while waiting for the migration lock; nothing ran');
    try {
      const heads = await readHeads(conn, dialect);
      // a database (or a target) inside a squashed range goes through the originals
      const graph = folder.forHeads([...heads, options.target]);
      const unknown = heads.filter((h) => !graph.has(h));
      if (unknown.length) {
        throw notInFolderError(unknown, graph, config);
      }
      if (options.dryRun && !dialect.capabilities.transactionalDdl) {
        const offline = await moveOffline(config, folder, direction, options, heads);
        return { ...offline, note: `${dialect.name} cannot roll DDL back, so --dry-run cannot try it: this is the SQL it would run (nothing was executed)` };
      }
      const steps = plan(graph, direction, heads, options.target);
      refuseMovesPastUnfinished(graph, steps, await readUnfinishedSteps(conn, dialect));
      const willLint = direction === 'up' && steps.length > 0 && !options.noLint && !options.dryRun;
      const history = await readHistory(conn, dialect);
      const changed = findChangedMigrations(graph, heads, history);
      if (changed.length && !options.acceptChanged) throw changedMigrationsError(changed);
      const modules = await loadModules(graph, steps, config.dialect);
      if (steps.length === 0 && changed.length === 0) return { steps, heads };
      if (steps.length > 0 && !options.noLint && !options.dryRun) await refuseRefusedCalls(config, graph, steps);
      const gate = willLint ? await openLintGate(config, graph, steps, conn, dialect, headers) : undefined;
      const prepare = async () => {
        await ensureVersionTables(conn, dialect);
        for (const c of changed) {
          await conn.exec(historyInsertSql(dialect, { revision: c.revision, direction: 'accept', checksum: c.current, durationMs: 0 }));
        }
      };
      const result = await withCallSites(gate !== undefined, () => runPlan(session, graph, heads, steps, modules, {
        transactionPerMigration: options.transactionPerMigration ?? config.transactionPerMigration,
        lockTimeoutMs: config.lockTimeoutMs,
        lockRetries: config.lockRetries,
        lockRetryDelayMs: config.lockRetryDelayMs,
        prepare,
        ...(options.dryRun ? { dryRun: true } : {}),
        ...(options.onStart ? { onStart: options.onStart } : {}),
        ...(options.onStep ? { onStep: options.onStep } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(gate ? { guard: gate.guard } : {}),
      }));
      await gate?.remember().catch(() => undefined);
      return { steps: result.applied, heads: result.heads, ...(options.dryRun ? { reports: result.reports } : {}), ...(result.note ? { note: result.note } : {}) };
    } finally {
      await dialect.releaseLock(conn).catch(() => undefined);
    }
    // upgrade may create a new SQLite file (a dry run tries an empty one instead); downgrade has nothing to undo on one that does not exist
  }, direction === 'down' ? 'refuse' : options.dryRun ? 'empty' : 'create');
}

export function upgrade(config: ResolvedConfig, options: Partial<MoveOptions> = {}): Promise<MoveResult> {
  return move(config, 'up', { ...options, target: options.target ?? 'head' });
}

export function downgrade(config: ResolvedConfig, options: Partial<MoveOptions> = {}): Promise<MoveResult> {
  return move(config, 'down', { ...options, target: options.target ?? '-1' });
}
