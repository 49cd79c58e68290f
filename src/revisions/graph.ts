// The revision DAG: parents are `downRevisions`, `dependsOn` adds ordering edges without joining branches
// (Alembic's depends_on). Every walk is iterative: histories can be tens of thousands deep.
import { UsageError } from '../errors.js';
import type { RevisionHeader } from './header.js';
import { resolveSquashes, type SquashRange } from './squash.js';

export class RevisionGraph {
  /** squashes in the folder, and the graph with their originals (see squash.ts); set by build */
  private squashes: { ranges: SquashRange[]; originals: RevisionHeader[]; graph?: RevisionGraph } | undefined;

  /** index in `order`, built on first use (listing heads or history never needs it) */
  private positions: Map<string, number> | undefined;

  private constructor(
    private readonly byId: ReadonlyMap<string, RevisionHeader>,
    /** every id, topological (requirements first) */
    private readonly order: readonly string[],
    private readonly requirementsOf: Edges,
    /** inverse of downRevisions */
    private readonly childrenOf: ReadonlyMap<string, readonly string[]>,
    /** inverse of requirements */
    private readonly dependentsOf: ReadonlyMap<string, readonly string[]>,
    private readonly parentsOf: Edges,
    private readonly labelOwner: ReadonlyMap<string, string>,
    private readonly sortedIds: readonly string[],
  ) {}

  /**
   * Validates and indexes the headers; throws UsageError naming the file(s) at fault. A squash stands in for
   * the range it replaces; `forHeads` gives a database inside a range the originals instead.
   */
  static build(headers: RevisionHeader[]): RevisionGraph {
    const squashes = resolveSquashes(headers);
    if (squashes === undefined) return RevisionGraph.buildPlain(headers);
    const graph = RevisionGraph.buildPlain(squashes.effective);
    graph.squashes = { ranges: squashes.ranges, originals: squashes.originals };
    return graph;
  }

  /** The squashes of the folder (their own ids, what they replace). */
  squashRanges(): readonly SquashRange[] {
    return this.squashes?.ranges ?? [];
  }

  /**
   * The graph for a database at these heads: the originals of a squashed range where a head is inside it (it
   * upgrades through the rest of them), else this one (the squash counts as applied once its last id is).
   */
  forHeads(heads: readonly string[]): RevisionGraph {
    const squashes = this.squashes;
    if (squashes === undefined) return this;
    const inside = squashes.ranges.filter((r) => r.inner.some((id) => heads.includes(id)));
    if (inside.length === 0) return this;
    const gone = inside.find((r) => !r.originalsPresent);
    if (gone !== undefined) {
      const at = heads.filter((h) => gone.inner.includes(h)).join(', ');
      throw new UsageError(`the database is at ${at}, inside the range squash ${gone.id} replaced, and the replaced files were deleted: restore them from version control to upgrade it`);
    }
    squashes.graph ??= RevisionGraph.buildPlain(squashes.originals);
    return squashes.graph;
  }

  private static buildPlain(headers: RevisionHeader[]): RevisionGraph {
    const byId = new Map<string, RevisionHeader>();
    for (const header of headers) {
      const other = byId.get(header.revision);
      if (other) {
        throw new UsageError(`duplicate revision id '${header.revision}' in ${other.shownAs} and ${header.shownAs}`);
      }
      byId.set(header.revision, header);
    }

    const labelOwner = new Map<string, string>();
    for (const header of headers) {
      for (const label of header.branchLabels) {
        const owner = labelOwner.get(label);
        if (owner !== undefined) {
          const first = byId.get(owner)?.shownAs ?? owner;
          throw new UsageError(
            `branch label '${label}' is declared by both ${owner} (${first}) and ${header.revision} (${header.shownAs})`,
          );
        }
        if (byId.has(label)) {
          throw new UsageError(`${header.shownAs}: branch label '${label}' is also a revision id`);
        }
        labelOwner.set(label, header.revision);
      }
    }

    // dependsOn may name a branch label (as in Alembic); store the resolved ids. Most revisions have no dependsOn:
    // their requirements are their parents, read from the headers themselves (no map of their own), so 10,000
    // revisions build in a few milliseconds.
    const withDependsOn = new Map<string, { header: RevisionHeader; requirements: string[] }>();
    for (const header of headers) {
      for (const parent of header.downRevisions) {
        if (!byId.has(parent)) {
          throw new UsageError(`${header.shownAs}: downRevision '${parent}' does not exist (no migration file declares it)`);
        }
      }
      if (header.dependsOn.length > 0) withDependsOn.set(header.revision, resolveDependsOn(header, byId, labelOwner));
    }
    const parentsOf: Edges = { get: (id) => byId.get(id)?.downRevisions };
    let resolved: ReadonlyMap<string, RevisionHeader> = byId;
    let requirementsOf: Edges = parentsOf;
    if (withDependsOn.size > 0) {
      const replaced = new Map(byId);
      for (const [id, { header }] of withDependsOn) replaced.set(id, header);
      resolved = replaced;
      requirementsOf = { get: (id) => withDependsOn.get(id)?.requirements ?? byId.get(id)?.downRevisions };
    }

    const sortedIds = sortedKeys(byId);
    // inverse edges, each list in id order; a revision nothing points at has no entry
    const childrenOf = inverse(sortedIds, parentsOf);
    // without dependsOn, requirements are parents: the dependents are the children
    const dependentsOf = withDependsOn.size > 0 ? inverse(sortedIds, requirementsOf) : childrenOf;

    const order = topologicalOrder(sortedIds, requirementsOf, dependentsOf);
    if (order.length < sortedIds.length) throw cycleError(sortedIds, new Set(order), requirementsOf, byId);
    return new RevisionGraph(resolved, order, requirementsOf, childrenOf, dependentsOf, parentsOf, labelOwner, sortedIds);
  }

  get size(): number {
    return this.order.length;
  }

  /** Exact id. */
  get(id: string): RevisionHeader {
    const header = this.byId.get(id);
    if (!header) throw new UsageError(`unknown revision '${id}' (see \`athanor history\`)`);
    return header;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Topological order, bases first; deterministic (branches stay contiguous, siblings by id). */
  all(): RevisionHeader[] {
    return this.order.map((id) => this.byId.get(id) as RevisionHeader);
  }

  /** Revisions no other revision names as a downRevision, in topological order. */
  heads(): string[] {
    return this.order.filter((id) => !this.childrenOf.has(id));
  }

  /** Heads nothing depends on either (Alembic's "real" heads, what the target `heads` names), in topological order. */
  realHeads(): string[] {
    return this.order.filter((id) => !this.dependentsOf.has(id));
  }

  /** Revisions without a downRevision, in topological order. */
  bases(): string[] {
    return this.order.filter((id) => this.get(id).downRevisions.length === 0);
  }

  /** downRevisions */
  parents(id: string): string[] {
    return [...this.get(id).downRevisions];
  }

  /** downRevisions + dependsOn (labels resolved to ids) */
  requirements(id: string): string[] {
    this.get(id);
    return [...(this.requirementsOf.get(id) ?? [])];
  }

  /** Revisions whose downRevisions include id, sorted by id. */
  children(id: string): string[] {
    this.get(id);
    return [...(this.childrenOf.get(id) ?? [])];
  }

  /** Revisions whose requirements include id, sorted by id. */
  dependents(id: string): string[] {
    this.get(id);
    return [...(this.dependentsOf.get(id) ?? [])];
  }

  /** Closure over requirements (downRevisions + dependsOn); with parentsOnly, over downRevisions alone. */
  ancestors(ids: Iterable<string>, opts: ClosureOptions = {}): Set<string> {
    return this.closure(ids, opts.parentsOnly ? this.parentsOf : this.requirementsOf, opts.inclusive === true);
  }

  /** Closure over the inverse of requirements; with parentsOnly, over children alone. */
  descendants(ids: Iterable<string>, opts: ClosureOptions = {}): Set<string> {
    return this.closure(ids, opts.parentsOnly ? this.childrenOf : this.dependentsOf, opts.inclusive === true);
  }

  /**
   * A revision's lineage: itself, its ancestors and its descendants. Two revisions share a lineage when one
   * is in the other's — Alembic's test for "on the same branch" (parents only unless dependsOn counts too).
   */
  lineage(id: string, opts: { dependencies?: boolean } = {}): Set<string> {
    const parentsOnly = opts.dependencies !== true;
    const result = this.ancestors([id], { inclusive: true, parentsOnly });
    for (const descendant of this.descendants([id], { parentsOnly })) result.add(descendant);
    return result;
  }

  /**
   * Whether `candidate` is a (requirements) ancestor of one of `of`. Prunes by topological position, so it
   * only visits revisions between the two.
   */
  isAncestor(candidate: string, of: Iterable<string>, opts: { inclusive?: boolean } = {}): boolean {
    const floor = this.positionOf(candidate);
    const seen = new Set<string>();
    const stack: string[] = [];
    for (const id of of) {
      this.get(id);
      if (id === candidate) {
        if (opts.inclusive) return true;
        continue;
      }
      if (this.positionOf(id) > floor && !seen.has(id)) {
        seen.add(id);
        stack.push(id);
      }
    }
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      for (const requirement of this.requirementsOf.get(id) ?? []) {
        if (requirement === candidate) return true;
        if (!seen.has(requirement) && this.positionOf(requirement) > floor) {
          seen.add(requirement);
          stack.push(requirement);
        }
      }
    }
    return false;
  }

  /** The subset, ordered as in all(). */
  topological(ids: Iterable<string>): string[] {
    const unique = [...new Set(ids)];
    for (const id of unique) this.get(id);
    return unique.sort((a, b) => this.positionOf(a) - this.positionOf(b));
  }

  /** Full id, branch label (the revision declaring it), or unique prefix of at least 4 characters. */
  resolveId(text: string): string {
    if (this.byId.has(text)) return text;
    const labelled = this.labelOwner.get(text);
    if (labelled !== undefined) return labelled;
    if (text === '') throw new UsageError('empty revision id');
    const matches = this.prefixMatches(text);
    if (matches.length === 0) throw new UsageError(`unknown revision '${text}' (see \`athanor history\`)`);
    if (text.length < 4) {
      throw new UsageError(`revision '${text}' is too short to look up: give at least 4 characters of the id`);
    }
    if (matches.length > 1) {
      const shown = matches.slice(0, 10).join(', ');
      const more = matches.length > 10 ? `, … (${matches.length} in all)` : '';
      throw new UsageError(`revision prefix '${text}' is ambiguous: ${shown}${more}`);
    }
    return matches[0] as string;
  }

  /** The revision declaring a branch label, if any. */
  labelRevision(label: string): string | undefined {
    return this.labelOwner.get(label);
  }

  /** Revisions with more than one child, in topological order. */
  branchPoints(): string[] {
    return this.order.filter((id) => (this.childrenOf.get(id)?.length ?? 0) > 1);
  }

  /** Index in all(); lower means earlier. */
  positionOf(id: string): number {
    if (this.positions === undefined) {
      this.positions = new Map();
      for (let index = 0; index < this.order.length; index++) this.positions.set(this.order[index] as string, index);
    }
    const position = this.positions.get(id);
    if (position === undefined) throw new UsageError(`unknown revision '${id}' (see \`athanor history\`)`);
    return position;
  }

  /** Ids starting with prefix, sorted. */
  prefixMatches(prefix: string): string[] {
    const ids = this.sortedIds;
    let low = 0;
    let high = ids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((ids[mid] as string) < prefix) low = mid + 1;
      else high = mid;
    }
    const matches: string[] = [];
    for (let i = low; i < ids.length && (ids[i] as string).startsWith(prefix); i++) matches.push(ids[i] as string);
    return matches;
  }

  private closure(ids: Iterable<string>, edges: Edges, inclusive: boolean): Set<string> {
    const result = new Set<string>();
    const stack: string[] = [];
    for (const id of ids) {
      this.get(id);
      if (inclusive) result.add(id);
      stack.push(id);
    }
    const expanded = new Set<string>();
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      if (expanded.has(id)) continue;
      expanded.add(id);
      for (const next of edges.get(id) ?? []) {
        result.add(next);
        if (!expanded.has(next)) stack.push(next);
      }
    }
    return result;
  }
}

/** Edges by id: a map, or a view reading them from the headers. */
interface Edges {
  get(id: string): readonly string[] | undefined;
}

export interface ClosureOptions {
  inclusive?: boolean;
  /** follow downRevisions only, not dependsOn */
  parentsOnly?: boolean;
}

/** The map's keys in code-unit order (the order `Array#sort` gives), skipping the sort when they already are. */
function sortedKeys(map: ReadonlyMap<string, unknown>): string[] {
  const keys = [...map.keys()];
  for (let i = 1; i < keys.length; i++) {
    if ((keys[i - 1] as string) > (keys[i] as string)) return keys.sort();
  }
  return keys;
}

/** For each id, the ids whose `edges` name it, in `sortedIds` order; ids named by none are left out. */
function inverse(sortedIds: readonly string[], edges: Edges): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const id of sortedIds) {
    for (const target of edges.get(id) ?? []) {
      const list = result.get(target);
      if (list) list.push(id);
      else result.set(target, [id]);
    }
  }
  return result;
}

/** A header's dependsOn with labels resolved to ids (the header copied when that changed it), and its requirements. */
function resolveDependsOn(
  header: RevisionHeader,
  byId: ReadonlyMap<string, RevisionHeader>,
  labelOwner: ReadonlyMap<string, string>,
): { header: RevisionHeader; requirements: string[] } {
  const dependsOn: string[] = [];
  for (const dependency of header.dependsOn) {
    const id = byId.has(dependency) ? dependency : labelOwner.get(dependency);
    if (id === undefined) {
      throw new UsageError(`${header.shownAs}: dependsOn '${dependency}' is neither a revision id nor a branch label`);
    }
    if (!dependsOn.includes(id)) dependsOn.push(id);
  }
  const same = dependsOn.length === header.dependsOn.length && dependsOn.every((id, i) => id === header.dependsOn[i]);
  const requirements = [...header.downRevisions];
  for (const id of dependsOn) if (!requirements.includes(id)) requirements.push(id);
  return { header: same ? header : { ...header, dependsOn }, requirements };
}

/**
 * Kahn's algorithm with a stack instead of a queue: once a branch starts it runs to its end before a sibling
 * begins, which keeps plans and history readable. Siblings go in id order. Revisions on a cycle are left out.
 * Only revisions with several requirements need a count of those still unplaced; one with a single requirement
 * is ready as soon as that one is placed.
 */
function topologicalOrder(sortedIds: readonly string[], requirementsOf: Edges, dependentsOf: ReadonlyMap<string, readonly string[]>): string[] {
  const stack: string[] = [];
  for (let i = sortedIds.length - 1; i >= 0; i--) {
    const id = sortedIds[i] as string;
    if ((requirementsOf.get(id)?.length ?? 0) === 0) stack.push(id);
  }
  const waiting = new Map<string, number>();
  const order: string[] = [];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    order.push(id);
    const dependents = dependentsOf.get(id) ?? [];
    for (let i = dependents.length - 1; i >= 0; i--) {
      const dependent = dependents[i] as string;
      const count = requirementsOf.get(dependent)?.length ?? 0;
      if (count === 1) {
        stack.push(dependent);
        continue;
      }
      const left = (waiting.get(dependent) ?? count) - 1;
      waiting.set(dependent, left);
      if (left === 0) stack.push(dependent);
    }
  }
  return order;
}

/** Every revision Kahn could not place still has an unplaced requirement: follow those until one repeats. */
function cycleError(
  sortedIds: readonly string[],
  placed: ReadonlySet<string>,
  requirementsOf: Edges,
  byId: ReadonlyMap<string, RevisionHeader>,
): UsageError {
  const start = sortedIds.find((id) => !placed.has(id)) as string;
  const path: string[] = [];
  const indexInPath = new Map<string, number>();
  let id = start;
  while (!indexInPath.has(id)) {
    indexInPath.set(id, path.length);
    path.push(id);
    id = (requirementsOf.get(id) ?? []).find((requirement) => !placed.has(requirement)) as string;
  }
  const cycle = path.slice(indexInPath.get(id));
  const limit = 6;
  const shown = cycle.length <= limit ? [...cycle, id].join(' -> ') : `${cycle.slice(0, limit).join(' -> ')} -> … (${cycle.length} revisions)`;
  const files = cycle.slice(0, limit).map((rev) => byId.get(rev)?.shownAs ?? rev).join(', ');
  return new UsageError(`revision cycle: ${shown} (each requires the next; files ${files}${cycle.length > limit ? ', …' : ''})`);
}
