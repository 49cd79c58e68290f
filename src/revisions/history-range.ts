// `history -r LOWER:UPPER`, as Alembic walks it: what UPPER requires, from LOWER (included) up, along LOWER's
// descendants. An empty side is `base` / `heads`; `current` is the database's heads.
import { UsageError } from '../errors.js';
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
  let targets = /^[+-]\d+$/.test(upperText) ? resolveTarget(graph, upperText, lower, { clamp: true }) : rangeEnd(graph, upperText, current, false);
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
 * The revisions carrying a branch's label, as Alembic spreads labels: from the labelled revision up to every
 * descendant, and down through plain ancestors to the nearest branch point or merge. A revision id as the
 * branch stands for the labels it carries.
 */
function labelledAs(graph: RevisionGraph, branch: string): Set<string> {
  const owner = graph.labelRevision(branch);
  if (owner !== undefined) return labelExtent(graph, owner);
  const id = branchRevision(graph, branch);
  const owners = graph.all().filter((h) => h.branchLabels.length > 0).map((h) => h.revision);
  const extents = owners.map((o) => labelExtent(graph, o)).filter((extent) => extent.has(id));
  if (extents.length === 0) return graph.descendants([branchRoot(graph, id)], { inclusive: true, parentsOnly: true });
  return new Set(extents.flatMap((extent) => [...extent]));
}

function labelExtent(graph: RevisionGraph, owner: string): Set<string> {
  const extent = graph.descendants([owner], { inclusive: true, parentsOnly: true });
  let id = owner;
  while (graph.parents(id).length === 1) {
    const parent = graph.parents(id)[0] as string;
    if (graph.dependents(parent).length > 1 || graph.parents(parent).length > 1) break;
    extent.add(parent);
    id = parent;
  }
  return extent;
}
