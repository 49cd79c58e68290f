// Which revisions carry a branch label, as Alembic spreads them (RevisionMap._add_branches): a label declared on
// a revision applies to every descendant of it (through merges too), and, when those descendants form one plain
// line, down through its ancestors to the nearest branch point (counting dependsOn), merge or base. Alembic walks
// down from the last descendant it visited, so a branch that splits or meets a merge above the declaring revision
// gets no ancestors: kept, since `history`, `show` and `LABEL@-N` must name what Alembic names.
// Lists are shared, not copied, along plain lines: 10,000 revisions with a hundred labels take milliseconds.
import type { RevisionGraph } from './graph.js';

interface Spread {
  /** labels from the revision itself and its ancestors, in rank order (shared with a plain parent's list) */
  up: Map<string, readonly string[]>;
  /** labels from declaring revisions above, reached by the walk down, in rank order (shared along the walk) */
  down: Map<string, readonly string[]>;
  /** a label's place: its declaring revision's in topological order */
  rank: Map<string, number>;
}

const cache = new WeakMap<RevisionGraph, Spread>();

/** The labels a revision carries (declared or spread to it), in the order of their declaring revisions. */
export function labelsOf(graph: RevisionGraph, id: string): readonly string[] {
  const spread = spreadOf(graph);
  const up = spread.up.get(id) ?? [];
  const down = spread.down.get(id) ?? [];
  if (down.length === 0) return up;
  if (up.length === 0) return down;
  // both are in rank order: merge them (a label in both is the revision's own)
  const merged: string[] = [];
  let i = 0;
  let j = 0;
  while (i < up.length || j < down.length) {
    const a = up[i];
    const b = down[j];
    const rankA = a === undefined ? Infinity : (spread.rank.get(a) as number);
    const rankB = b === undefined ? Infinity : (spread.rank.get(b) as number);
    if (rankA <= rankB) merged.push(a as string);
    else merged.push(b as string);
    if (rankA <= rankB) i++;
    if (rankB <= rankA) j++;
  }
  return merged;
}

/** Every revision's labels. */
export function carriedLabels(graph: RevisionGraph): ReadonlyMap<string, readonly string[]> {
  const result = new Map<string, readonly string[]>();
  for (const header of graph.all()) {
    const labels = labelsOf(graph, header.revision);
    if (labels.length > 0) result.set(header.revision, labels);
  }
  return result;
}

/** The revisions carrying a label. */
export function carrying(graph: RevisionGraph, label: string): Set<string> {
  const result = new Set<string>();
  for (const header of graph.all()) if (labelsOf(graph, header.revision).includes(label)) result.add(header.revision);
  return result;
}

function spreadOf(graph: RevisionGraph): Spread {
  const cached = cache.get(graph);
  if (cached) return cached;
  const all = graph.all();
  const rank = new Map<string, number>();
  for (const header of all) for (const label of header.branchLabels) rank.set(label, rank.size);
  const spread: Spread = { up: new Map(), down: new Map(), rank };
  cache.set(graph, spread);
  if (rank.size === 0) return spread;

  // up: in topological order, a revision carries its own labels and its parents'
  for (const header of all) {
    const parents = header.downRevisions.map((p) => spread.up.get(p)).filter((l): l is readonly string[] => l !== undefined && l.length > 0);
    // ancestors' labels rank below the revision's own: a plain line stays in rank order; a merge is sorted
    if (header.branchLabels.length === 0 && parents.length === 1) spread.up.set(header.revision, parents[0] as readonly string[]);
    else if (parents.length <= 1) spread.up.set(header.revision, [...(parents[0] ?? []), ...header.branchLabels]);
    else spread.up.set(header.revision, [...new Set([...parents.flat(), ...header.branchLabels])].sort((a, b) => (rank.get(a) as number) - (rank.get(b) as number)));
  }

  // down: one walk per plain line, from its topmost declaring revision to the line's bottom, each revision getting
  // the labels declared at or above it on the line
  const plainAbove = new Map<string, boolean>();
  const walked = new Set<string>();
  for (let i = all.length - 1; i >= 0; i--) {
    const owner = all[i] as (typeof all)[number];
    if (owner.branchLabels.length === 0 || walked.has(owner.revision) || !plainLineAbove(graph, owner.revision, plainAbove)) continue;
    let carried: readonly string[] = [];
    for (let id: string | undefined = owner.revision; id !== undefined; ) {
      walked.add(id);
      const own = graph.get(id).branchLabels;
      // going down, each declaring revision ranks below those above it
      if (own.length > 0) carried = [...own, ...carried];
      spread.down.set(id, carried);
      const parents = graph.parents(id);
      id = parents.length === 1 && !stopsWalk(graph, parents[0] as string) ? parents[0] : undefined;
    }
  }
  return spread;
}

/** A branch point as Alembic's walk sees it (children and dependents), or a merge. */
function stopsWalk(graph: RevisionGraph, id: string): boolean {
  return graph.dependents(id).length > 1 || graph.parents(id).length > 1;
}

/** From `id` up to its head, no revision is a branch point or a merge (id included). Memoized in `known`. */
function plainLineAbove(graph: RevisionGraph, id: string, known: Map<string, boolean>): boolean {
  const path: string[] = [];
  let answer: boolean | undefined;
  for (let at: string | undefined = id; answer === undefined; ) {
    if (at === undefined) answer = true;
    else if (known.has(at)) answer = known.get(at) as boolean;
    else if (stopsWalk(graph, at) || graph.children(at).length > 1) answer = false;
    else {
      path.push(at);
      at = graph.children(at)[0];
    }
  }
  for (const at of path) known.set(at, answer);
  return answer;
}
