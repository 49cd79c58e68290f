// `history -r LOWER:UPPER`, as Alembic walks it: what UPPER requires, from LOWER (included) up, along LOWER's
// descendants. An empty side is `base` / `heads`; `current` is the database's heads.
import { UsageError } from '../errors.js';
import { carrying, labelsOf } from './branch-labels.js';
import type { RevisionGraph } from './graph.js';
import { branchRevision, splitBranch } from './identifiers.js';
import { branchRoot, resolveTarget } from './targets.js';
import { walkDown } from './walk.js';

/** Revisions in the range, newest first. `current` is needed only when a side says `current`. */
export function historyRange(graph: RevisionGraph, range: string, current?: string[]): string[] {
  const parts = range.split(':');
  if (parts.length !== 2) throw new UsageError(`history range "${range}" must look like A:B (either side may be empty)`);
  const lowerText = (parts[0] as string).trim() || 'base';
  const upperText = (parts[1] as string).trim() || 'heads';
  const lower = rangeEnd(graph, lowerText, current, true);
  // `+N` / `BRANCH@+N` count from the lower end, as Alembic reads an upper end against its lower one
  let targets = /^(?:[^@:]+@)?[+-]\d+$/.test(upperText) ? resolveTarget(graph, upperText, lower, { clamp: true }) : rangeEnd(graph, upperText, current, false);
  const { branch } = splitBranch(lowerText);
  if (branch !== undefined) {
    const onBranch = labelledAs(graph, branch);
    targets = targets.filter((id) => onBranch.has(id));
  }
  const required = graph.ancestors(targets, { inclusive: true });
  for (const id of lower) {
    if (!required.has(id)) {
      throw new UsageError(`history range "${range}": ${id} is not an ancestor of ${targets.length ? targets.join(', ') : 'base'}; give the older revision first`);
    }
  }
  const below = graph.ancestors(lower);
  const above = lower.length === 0 ? undefined : graph.descendants(lower, { inclusive: true, parentsOnly: true });
  const listed = [...required].filter((id) => !below.has(id) && (!above || above.has(id)));
  return graph.topological(listed).reverse();
}

function rangeEnd(graph: RevisionGraph, text: string, current: string[] | undefined, lower: boolean): string[] {
  if (text === 'current') {
    if (!current) throw new Error('internal: history range names `current` but the database heads were not read');
    return current;
  }
  const { branch, rest } = splitBranch(text);
  const steps = /^-(\d+)$/.exec(rest);
  if (lower && steps) {
    // `-N:` / `LABEL@-N:` count down from each head (on that branch), as Alembic does; short ones stop at base
    const onBranch = branch === undefined ? undefined : labelledAs(graph, branch);
    return graph
      .realHeads()
      .filter((head) => !onBranch || onBranch.has(head))
      .flatMap((head) => walkDown(graph, head, Number(steps[1]), { target: text }).position);
  }
  return resolveTarget(graph, text, [], { clamp: true });
}

/**
 * The revisions carrying a branch's label (branch-labels.ts). A revision id as the branch stands for the labels it
 * carries; one carrying none, for the revisions above its branch's first one.
 */
function labelledAs(graph: RevisionGraph, branch: string): Set<string> {
  if (graph.labelRevision(branch) !== undefined) return carrying(graph, branch);
  const id = branchRevision(graph, branch);
  const labels = labelsOf(graph, id);
  if (labels.length === 0) return graph.descendants([branchRoot(graph, id)], { inclusive: true, parentsOnly: true });
  return new Set(labels.flatMap((label) => [...carrying(graph, label)]));
}
