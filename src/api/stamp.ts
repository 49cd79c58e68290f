// stamp: move the version table to the given revisions without running any migration (revisions/stamp.ts).
import type { ResolvedConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import { planStamp } from '../revisions/stamp.js';
import { withSession } from '../runner/session.js';
import { clearVersionsSql, ensureVersionTables, historyInsertSql, readHeads, readUnfinishedSteps, versionChangeSql } from '../runner/version-store.js';
import { openProject } from './project.js';
import { abandonSql, settledByStamp, type UnfinishedStep } from './unfinished-steps.js';
import { lockWait } from './upgrade.js';

export interface StampResult {
  before: string[];
  after: string[];
  /** half-run steps the stamp settled: their partial rows no longer resume */
  abandoned: UnfinishedStep[];
}

export async function stamp(config: ResolvedConfig, revisions: string[], options: { purge?: boolean; onLockWait?: (holder: string) => void } = {}): Promise<StampResult> {
  const { graph: folder } = await openProject(config);
  if (revisions.length === 0) throw new UsageError('stamp needs at least one revision (or `base`)');
  return withSession(config, async ({ conn, dialect }) => {
    await dialect.acquireLock(conn, lockWait(options.onLockWait));
    try {
      const before = await readHeads(conn, dialect);
      const graph = folder.forHeads([...before, ...revisions]);
      const unknown = before.filter((h) => !graph.has(h));
      if (unknown.length && !options.purge) {
        throw new UsageError(`the version table holds ${unknown.join(', ')}, which no migration file describes: pass --purge to replace it`);
      }
      const plan = planStamp(graph, before, revisions, options.purge ? { purge: true } : {});
      const toBase = options.purge === true || revisions.some((r) => r === 'base' || r.endsWith('@base'));
      const abandoned = settledByStamp(graph, plan.stamped, await readUnfinishedSteps(conn, dialect), toBase);
      await ensureVersionTables(conn, dialect);
      await conn.exec(dialect.beginSql);
      try {
        if (options.purge) await conn.exec(clearVersionsSql());
        for (const change of plan.changes) for (const statement of versionChangeSql(dialect, change)) await conn.exec(statement);
        for (const revision of plan.stamped) {
          await conn.exec(historyInsertSql(dialect, { revision, direction: 'stamp', checksum: graph.get(revision).checksum, durationMs: 0 }));
        }
        for (const step of abandoned) await conn.exec(abandonSql(dialect, step));
        await conn.exec('COMMIT');
      } catch (error) {
        await conn.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
      return { before, after: [...plan.heads].sort(), abandoned };
    } finally {
      await dialect.releaseLock(conn).catch(() => undefined);
    }
  }, 'create');
}
