// Upgrade and downgrade plans, as Alembic computes them: upgrade applies what the targets require and the
// database lacks; downgrade unapplies what was built on the target (its children on the named branch, and
// everything that requires them), never the target itself.
import { UsageError } from '../errors.js';
import type { RevisionGraph } from './graph.js';
import { branchRevision } from './identifiers.js';
import { branchRoot, downgradeTarget, upgradeTargets, type DowngradeTarget } from './targets.js';
import type { Step } from './version-rows.js';

/** Apply (ancestors of the targets) − (ancestors of the current heads), requirements first. */
export function planUpgrade(graph: RevisionGraph, currentHeads: string[], target: string): Step[] {
  const targets = upgradeTargets(graph, currentHeads, target);
  const applied = graph.ancestors(currentHeads, { inclusive: true });
  const missing = [...graph.ancestors(targets, { inclusive: true })].filter((id) => !applied.has(id));
  return graph.topological(missing).map((revision) => ({ revision, direction: 'up' }));
}

/** Unapply the applied revisions built on the target, newest first. */
export function planDowngrade(graph: RevisionGraph, currentHeads: string[], target: string): Step[] {
  const resolved = downgradeTarget(graph, currentHeads, target);
  const applied = graph.ancestors(currentHeads, { inclusive: true });
  const roots = downgradeRoots(graph, resolved, target);
  const doomed = [...graph.descendants(roots, { inclusive: true })].filter((id) => applied.has(id));
  if (doomed.length === 0 && resolved.revision !== null && !currentHeads.includes(resolved.revision)) {
    throw notBelow(resolved.revision, target, applied.has(resolved.revision), currentHeads);
  }
  return graph
    .topological(doomed)
    .reverse()
    .map((revision) => ({ revision, direction: 'down' }));
}

/**
 * The lowest revisions to undo: the target's children (base: every base); of several, those on the named
 * branch. `LABEL@base` undoes the branch from its own first revision up; `-N` off a merge undoes the merge.
 */
function downgradeRoots(graph: RevisionGraph, resolved: DowngradeTarget, target: string): string[] {
  if (resolved.merge !== undefined) return [resolved.merge];
  if (resolved.branchBase && resolved.branch !== undefined) {
    const root = branchRoot(graph, resolved.branch);
    if (graph.parents(root).length > 0) return [root];
  }
  const roots = resolved.revision === null ? graph.bases() : graph.children(resolved.revision);
  if (resolved.branch === undefined || roots.length <= 1) return roots;
  const onBranch = graph.ancestors([branchRevision(graph, resolved.branch)], { inclusive: true, parentsOnly: true });
  const chosen = roots.filter((id) => onBranch.has(id));
  if (chosen.length === 0) {
    throw new UsageError(`'${target}' is not a downgrade target: none of ${resolved.revision ?? 'the bases'}'s children (${roots.join(', ')}) is on branch '${resolved.branch}'`);
  }
  return chosen;
}

function notBelow(revision: string, target: string, applied: boolean, currentHeads: string[]): UsageError {
  const at = currentHeads.length === 0 ? 'nothing is applied' : `the database is at ${currentHeads.join(', ')}`;
  if (!applied) {
    return new UsageError(`cannot downgrade to ${revision}: it is not applied (${at}); to move up to it, use \`athanor upgrade ${target}\``);
  }
  return new UsageError(`cannot downgrade to ${revision}: nothing built on it is applied (${at})`);
}
