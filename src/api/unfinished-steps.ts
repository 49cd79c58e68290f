// Revisions whose non-transactional run stopped half-way (MariaDB DDL, `transactional = false`): the history's
// partial-up / partial-down rows count the statements that ran, and the next run of that step resumes after them.
// A move or a stamp that goes past such a revision would make that count a lie, so `upgrade`/`downgrade` refuse
// it and `stamp`, which states the database's position outright, retires it.
import type { Dialect } from '../dialects/dialect.js';
import { HISTORY_TABLE } from '../dialects/shared/version-tables.js';
import { UsageError } from '../errors.js';
import type { RevisionGraph } from '../revisions/graph.js';
import type { Step } from '../revisions/version-rows.js';

export interface UnfinishedStep {
  revision: string;
  direction: 'up' | 'down';
  statementsDone: number;
}

/**
 * Refuses steps that would move under a half-applied revision (undo what it was built on, so its resumed run
 * skips statements that no longer ran) or build on a half-reverted one.
 */
export function refuseMovesPastUnfinished(graph: RevisionGraph, steps: readonly Step[], unfinished: readonly UnfinishedStep[]): void {
  for (const u of unfinished) {
    if (!graph.has(u.revision)) continue;
    const crossed = u.direction === 'up' ? graph.ancestors([u.revision]) : graph.descendants([u.revision]);
    const step = steps.find((s) => s.direction !== u.direction && crossed.has(s.revision));
    if (step === undefined) continue;
    const stopped = `its ${u.direction === 'up' ? 'upgrade' : 'downgrade'} stopped after ${u.statementsDone} statement(s)`;
    const finish = u.direction === 'up' ? `athanor upgrade ${u.revision}` : `athanor downgrade ${u.revision}`;
    const position = u.direction === 'up' ? graph.get(u.revision).downRevisions : [u.revision];
    const stamp = position.length ? `athanor stamp ${position.join(' ')}` : 'athanor stamp base';
    throw new UsageError(
      `revision ${u.revision} is partially ${u.direction === 'up' ? 'applied' : 'reverted'} (${stopped}): ` +
        `${u.direction === 'up' ? 'downgrading' : 'upgrading'} ${step.revision} would leave them behind. Finish it first ` +
        `(fix the cause, then \`${finish}\`), or undo its statements by hand and \`${stamp}\``,
    );
  }
}

/**
 * The unfinished steps a stamp settles: those on the lineage of the revisions it stamps, whose applied state it now
 * states; all of them with --purge or a `base` target (nothing, or nothing of a branch, is applied).
 */
export function settledByStamp(graph: RevisionGraph, stamped: readonly string[], unfinished: readonly UnfinishedStep[], all: boolean): UnfinishedStep[] {
  if (all) return [...unfinished];
  const onLineage = new Set<string>();
  for (const id of stamped) for (const related of graph.lineage(id, { dependencies: true })) onLineage.add(related);
  // one whose file is gone can never resume: any stamp settles it
  return unfinished.filter((u) => onLineage.has(u.revision) || !graph.has(u.revision));
}

/**
 * migrate and check compare the models with a database between two revisions: what the half-run step did would
 * be left out of the next migration (or counted as drift), so they refuse until it is finished or given up.
 */
export function refuseComparingUnfinished(graph: RevisionGraph, dbHeads: readonly string[], unfinished: readonly UnfinishedStep[]): void {
  const u = unfinished[0];
  if (u === undefined) return;
  const what = u.direction === 'up' ? 'applied' : 'reverted';
  const stopped = `its ${u.direction === 'up' ? 'upgrade' : 'downgrade'} stopped after ${u.statementsDone} statement(s)`;
  const finish = graph.has(u.revision)
    ? `finish it (fix the cause, then \`athanor ${u.direction === 'up' ? 'upgrade' : 'downgrade'} ${u.revision}\`)`
    : 'restore its file and finish it';
  throw new UsageError(
    `the database is between revisions: ${u.revision} is partially ${what} (${stopped}), so a comparison with the models ` +
      `would leave out what it did. First ${finish}, or undo its statements by hand and \`athanor stamp ${dbHeads.join(' ') || 'base'}\``,
  );
}

/** Retires a settled step's partial row (kept, as `abandoned-up`/`-down`, for the record): no run resumes it. */
export function abandonSql(dialect: Dialect, step: UnfinishedStep): string {
  return `UPDATE ${HISTORY_TABLE} SET direction = ${dialect.literal(`abandoned-${step.direction}`)} WHERE revision = ${dialect.literal(step.revision)} AND direction = ${dialect.literal(`partial-${step.direction}`)}`;
}
