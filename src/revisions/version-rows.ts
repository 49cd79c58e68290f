// How each step moves the version table. The database's state is its heads: the minimal applied revisions
// (like alembic_version); everything they require, transitively, is applied.
import { UsageError } from '../errors.js';
import type { RevisionGraph } from './graph.js';

export interface Step {
  revision: string;
  direction: 'up' | 'down';
}

export interface VersionChange {
  inserts: string[];
  deletes: string[];
  updates: Array<{ from: string; to: string }>;
}

/** Refuses version rows no migration file declares. */
export function checkHeads(graph: RevisionGraph, heads: readonly string[]): void {
  for (const id of heads) {
    if (!graph.has(id)) {
      throw new UsageError(`the database is at revision '${id}', which no migration file declares (deleted, or not pulled yet?)`);
    }
  }
}

/**
 * The version table after one step. Applying R: heads − requirements(R) + R. Unapplying R (a current head):
 * heads − R + those requirements of R no remaining head (or other requirement of R) still requires.
 * A replaced head becomes one UPDATE, so a linear history only ever updates a single row.
 */
export function nextHeads(graph: RevisionGraph, heads: string[], step: Step): { heads: string[]; change: VersionChange } {
  checkHeads(graph, heads);
  const revision = graph.get(step.revision).revision;
  if (step.direction === 'up') {
    if (heads.includes(revision)) throw new UsageError(`cannot apply ${revision}: it is already applied`);
    const requirements = graph.requirements(revision);
    const removed = requirements.filter((id) => heads.includes(id));
    const [replaced, ...dropped] = removed;
    if (replaced === undefined) {
      return { heads: [...heads, revision], change: { inserts: [revision], deletes: [], updates: [] } };
    }
    return {
      heads: heads.filter((id) => !dropped.includes(id)).map((id) => (id === replaced ? revision : id)),
      change: { inserts: [], deletes: dropped, updates: [{ from: replaced, to: revision }] },
    };
  }

  if (!heads.includes(revision)) {
    throw new UsageError(`cannot unapply ${revision}: it is not a current head (heads: ${heads.length ? heads.join(', ') : 'none'})`);
  }
  const remaining = heads.filter((id) => id !== revision);
  const requirements = graph.requirements(revision);
  const uncovered = requirements.filter(
    (id) => !graph.isAncestor(id, [...remaining, ...requirements.filter((other) => other !== id)], { inclusive: true }),
  );
  const [replacement, ...inserted] = uncovered;
  if (replacement === undefined) {
    return { heads: remaining, change: { inserts: [], deletes: [revision], updates: [] } };
  }
  return {
    heads: [...heads.map((id) => (id === revision ? replacement : id)), ...inserted],
    change: { inserts: inserted, deletes: [], updates: [{ from: revision, to: replacement }] },
  };
}
