// stamp: set the version table to the given revisions without running any migration.
import type { ResolvedConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import { resolveTarget } from '../revisions/targets.js';
import { withSession } from '../runner/session.js';
import { clearVersionsSql, ensureVersionTables, historyInsertSql, readHeads, versionChangeSql } from '../runner/version-store.js';
import { openProject } from './project.js';

export interface StampResult {
  before: string[];
  after: string[];
}

export async function stamp(config: ResolvedConfig, revisions: string[], options: { purge?: boolean } = {}): Promise<StampResult> {
  const { graph } = await openProject(config);
  if (revisions.length === 0) throw new UsageError('stamp needs at least one revision (or `base`)');
  const targets = [...new Set(revisions.flatMap((r) => resolveTarget(graph, r, [])))];
  // keep only the tips: stamping a revision and its ancestor means the revision
  const after = targets.filter((t) => !targets.some((other) => other !== t && graph.ancestors([other]).has(t)));
  return withSession(config, async ({ conn, dialect }) => {
    await dialect.acquireLock(conn);
    try {
      const before = await readHeads(conn, dialect);
      const unknown = before.filter((h) => !graph.has(h));
      if (unknown.length && !options.purge) {
        throw new UsageError(`the version table holds ${unknown.join(', ')}, which no migration file describes: pass --purge to replace it`);
      }
      await ensureVersionTables(conn, dialect);
      await conn.exec(dialect.beginSql);
      try {
        const keep = options.purge ? [] : before;
        const change = { updates: [], deletes: keep.filter((b) => !after.includes(b)), inserts: after.filter((a) => !keep.includes(a)) };
        if (options.purge) await conn.exec(clearVersionsSql());
        for (const statement of versionChangeSql(dialect, change)) await conn.exec(statement);
        for (const h of after) {
          await conn.exec(historyInsertSql(dialect, { revision: h, direction: 'stamp', checksum: graph.get(h).checksum, durationMs: 0 }));
        }
        await conn.exec('COMMIT');
      } catch (error) {
        await conn.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
      return { before, after: [...after].sort() };
    } finally {
      await dialect.releaseLock(conn).catch(() => undefined);
    }
  });
}
