// `--sql`: the same plan rendered as a script instead of executed, version table statements included.
import { UnsupportedOperationError, type Dialect } from '../dialects/dialect.js';
import { scriptStatement } from '../dialects/shared/sql-statements.js';
import { Op } from '../operations/op.js';
import type { RevisionGraph } from '../revisions/graph.js';
import { nextHeads, type Step } from '../revisions/version-rows.js';
import { UsageError } from '../errors.js';
import { displayPath } from '../loader/display-path.js';
import type { MigrationModule } from '../loader/migration-module.js';
import { OfflineSink, SchemaTracker } from './sinks.js';
import { historyInsertSql, versionChangeSql, versionTablesDdl } from './version-store.js';

export async function renderPlanSql(
  dialect: Dialect,
  graph: RevisionGraph,
  startHeads: string[],
  steps: Step[],
  modules: ReadonlyMap<string, MigrationModule>,
  /** revisions already applied at the range start, replayed silently so the schema is known (SQLite/MySQL) */
  replay: readonly MigrationModule[] = [],
): Promise<string> {
  const out: string[] = [];
  const tracker = new SchemaTracker();
  for (const module of replay) {
    const op = new Op(new OfflineSink(dialect, tracker, false));
    await module.upgrade(op);
    await op.settle();
  }
  const emit = (statement: string) => out.push(scriptStatement(statement, dialect.sqlSyntax));
  for (const statement of versionTablesDdl(dialect)) emit(statement);
  out.push('');
  let heads = startHeads;
  for (const step of steps) {
    const module = modules.get(step.revision);
    if (!module) throw new Error(`internal: no module loaded for ${step.revision}`);
    const fn = step.direction === 'up' ? module.upgrade : module.downgrade;
    if (!fn) throw new UsageError(`${displayPath(module.header.file)} has no downgrade(): revision ${step.revision} cannot be rolled back`);
    const next = nextHeads(graph, heads, step);
    const from = step.direction === 'up' ? graph.requirements(step.revision) : [step.revision];
    const to = step.direction === 'up' ? [step.revision] : next.heads.filter((h) => !heads.includes(h));
    out.push(`-- Running ${step.direction === 'up' ? 'upgrade' : 'downgrade'} ${from.join(', ') || 'base'} -> ${to.join(', ') || 'base'}${module.header.message ? `: ${module.header.message}` : ''}`);
    const transactional = module.transactional && dialect.capabilities.transactionalDdl;
    for (const statement of dialect.aroundMigration?.before ?? []) emit(statement);
    if (transactional) emit(dialect.beginSql);
    const sink = new OfflineSink(dialect, tracker);
    const op = new Op(sink);
    try {
      await fn(op);
      await op.settle();
    } catch (error) {
      if (error instanceof UnsupportedOperationError) {
        throw new UsageError(`${displayPath(module.header.file)} (revision ${step.revision}): ${error.message}`, { cause: error });
      }
      throw error;
    }
    for (const statement of sink.statements) emit(statement);
    if (!transactional) emit(dialect.beginSql);
    for (const statement of versionChangeSql(dialect, next.change)) emit(statement);
    emit(historyInsertSql(dialect, { revision: step.revision, direction: step.direction, checksum: module.header.checksum, durationMs: 0, message: module.header.message ?? null }));
    emit('COMMIT');
    for (const statement of dialect.aroundMigration?.after ?? []) emit(statement);
    out.push('');
    heads = next.heads;
  }
  return out.join('\n');
}
