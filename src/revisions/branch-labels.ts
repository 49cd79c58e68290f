// Which revisions carry a branch label, as Alembic spreads them (RevisionMap._add_branches): a label declared on
// a revision applies to every descendant of it (through merges too), and, when those descendants form one plain
// line, down through its ancestors to the nearest branch point (counting dependsOn), merge or base. Alembic walks
// down from the last descendant it visited, so a branch that splits or meets a merge above the declaring revision
// gets no ancestors: kept, since `history`, `show` and `LABEL@-N` must name what Alembic names.
import type { RevisionGraph } from './graph.js';

const cache = new WeakMap<RevisionGraph, ReadonlyMap<string, readonly string[]>>();

/** The labels each revision carries (declared or spread to it), in the order of their declaring revisions. */
export function carriedLabels(graph: RevisionGraph): ReadonlyMap<string, readonly string[]> {
  const cached = cache.get(graph);
  if (cached) return cached;
  const carried = new Map<string, string[]>();
  const add = (id: string, labels: readonly string[]): void => {
    const list = carried.get(id);
    if (!list) return void carried.set(id, [...labels]);
    for (const label of labels) if (!list.includes(label)) list.push(label);
  };
  const all = graph.all();
  // up: in topological order a revision carries its own labels and its parents'
  for (const header of all) {
    if (header.branchLabels.length > 0) add(header.revision, header.branchLabels);
    for (const parent of header.downRevisions) {
      const labels = carried.get(parent);
      if (labels) add(header.revision, labels);
    }
  }
  // down: from each declaring revision whose descendants are one plain line
  for (const header of all) {
    if (header.branchLabels.length === 0 || !plainLineAbove(graph, header.revision)) continue;
    let id = header.revision;
    for (;;) {
      const parents = graph.parents(id);
      if (parents.length !== 1) break;
      const parent = parents[0] as string;
      if (stopsWalk(graph, parent)) break;
      add(parent, header.branchLabels);
      id = parent;
    }
  }
  const ordered = new Map<string, readonly string[]>();
  const rank = labelRank(graph);
  for (const [id, labels] of carried) ordered.set(id, [...labels].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0)));
  cache.set(graph, ordered);
  return ordered;
}

/** The labels a revision carries. */
export function labelsOf(graph: RevisionGraph, id: string): readonly string[] {
  return carriedLabels(graph).get(id) ?? [];
}

/** The revisions carrying a label. */
export function carrying(graph: RevisionGraph, label: string): Set<string> {
  const result = new Set<string>();
  for (const [id, labels] of carriedLabels(graph)) if (labels.includes(label)) result.add(id);
  return result;
}

/** A branch point as Alembic's walk sees it (children and dependents), or a merge. */
function stopsWalk(graph: RevisionGraph, id: string): boolean {
  return graph.dependents(id).length > 1 || graph.parents(id).length > 1;
}

/** From `id` up to its head, no revision is a branch point or a merge (id included). */
function plainLineAbove(graph: RevisionGraph, id: string): boolean {
  for (let at: string | undefined = id; at !== undefined; ) {
    if (stopsWalk(graph, at)) return false;
    const children = graph.children(at);
    if (children.length > 1) return false;
    at = children[0];
  }
  return true;
}

function labelRank(graph: RevisionGraph): Map<string, number> {
  const rank = new Map<string, number>();
  for (const header of graph.all()) for (const label of header.branchLabels) rank.set(label, rank.size);
  return rank;
}
