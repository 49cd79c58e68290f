// Target grammar (Alembic's) → sets of revisions, upgrade/downgrade plans, and how each step moves the
// version table. The database's state is its heads: the minimal applied revisions (like alembic_version);
// everything they require, transitively, is applied.
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

/** What a target denotes: a set of revisions ([] = base), limited to a branch for `LABEL@…`. */
interface Resolved {
  revisions: string[];
  /** the revisions of the named branch, when the target was `LABEL@…` */
  branch?: ReadonlySet<string>;
  /**
   * For `-N` / `LABEL@-N`: the last revision the walk stepped down from. Undoing N steps removes it and
   * what was built on it, not its siblings, and not other histories when the walk reaches base.
   */
  steppedOff?: string;
}

/** For stamp/show/--sql ranges: the revisions a target names; 'base' → []. */
export function resolveTarget(graph: RevisionGraph, target: string, currentHeads: string[]): string[] {
  return resolve(graph, target, currentHeads).revisions;
}

/** Apply (ancestors of the target) − (ancestors of the current heads), requirements first. */
export function planUpgrade(graph: RevisionGraph, currentHeads: string[], target: string): Step[] {
  const applied = appliedSet(graph, currentHeads);
  const { revisions } = resolve(graph, target, currentHeads);
  const wanted = graph.ancestors(revisions, { inclusive: true });
  const missing = [...wanted].filter((id) => !applied.has(id));
  return graph.topological(missing).map((revision) => ({ revision, direction: 'up' }));
}

/** Unapply the applied descendants of the target (not the target itself), newest first. */
export function planDowngrade(graph: RevisionGraph, currentHeads: string[], target: string): Step[] {
  const applied = appliedSet(graph, currentHeads);
  const { revisions, branch, steppedOff } = resolve(graph, target, currentHeads, { downgrade: true });
  let doomed: Set<string>;
  if (steppedOff !== undefined) {
    doomed = graph.descendants([steppedOff], { inclusive: true });
  } else if (revisions.length === 0) {
    doomed = new Set(applied);
  } else {
    doomed = graph.descendants(revisions);
    for (const id of revisions) doomed.delete(id);
  }
  let remove = [...doomed].filter((id) => applied.has(id) && (!branch || branch.has(id)));
  if (branch) {
    // Revisions elsewhere that depend on what this branch loses go too.
    remove = [...graph.descendants(remove, { inclusive: true })].filter((id) => applied.has(id));
  }
  return graph
    .topological(remove)
    .reverse()
    .map((revision) => ({ revision, direction: 'down' }));
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

// ---------------------------------------------------------------------------------------------------------------

function checkHeads(graph: RevisionGraph, heads: string[]): void {
  for (const id of heads) {
    if (!graph.has(id)) {
      throw new UsageError(`the database is at revision '${id}', which no migration file declares (deleted, or not pulled yet?)`);
    }
  }
}

function appliedSet(graph: RevisionGraph, heads: string[]): Set<string> {
  checkHeads(graph, heads);
  return graph.ancestors(heads, { inclusive: true });
}

function singleHead(graph: RevisionGraph): string[] {
  const heads = graph.heads();
  if (heads.length > 1) {
    throw new UsageError(`multiple heads (${heads.join(', ')}): name one, use \`heads\`, or \`LABEL@head\`; see \`athanor heads\``);
  }
  return heads; // [] when there are no revisions at all: `upgrade head` has nothing to do
}

const RELATIVE_RE = /^(.*?)([+-])(\d+)$/;

function resolve(graph: RevisionGraph, target: string, currentHeads: string[], opts: { downgrade?: boolean } = {}): Resolved {
  const text = target.trim();
  if (text === '') throw new UsageError('empty revision target');
  if (text === 'base') return { revisions: [] };
  if (text === 'heads') return { revisions: graph.heads() };
  if (text === 'head') return { revisions: singleHead(graph) };
  // A full id or label wins over every other reading (ids may contain '-').
  if (graph.has(text)) return { revisions: [text] };
  const labelled = graph.labelRevision(text);
  if (labelled !== undefined) return { revisions: [labelled] };

  const at = text.indexOf('@');
  if (at >= 0) return resolveOnBranch(graph, text.slice(0, at), text.slice(at + 1), currentHeads, text, opts);

  const relative = RELATIVE_RE.exec(text);
  if (relative) {
    const anchor = relative[1] ?? '';
    const steps = Number(relative[3]);
    const up = relative[2] === '+';
    if (anchor === '') {
      checkHeads(graph, currentHeads);
      if (currentHeads.length > 1) {
        throw new UsageError(
          `'${text}' is ambiguous: the database has several heads (${currentHeads.join(', ')}); name a revision or use LABEL@${relative[2]}${steps}`,
        );
      }
      const walk = { target: text, fromCurrent: true, downgrade: opts.downgrade === true };
      if (up) return { revisions: walkUp(graph, currentHeads, steps, walk) };
      const down = walkDown(graph, currentHeads, steps, walk);
      return { revisions: down.position, steppedOff: down.steppedOff };
    }
    const start = anchorRevisions(graph, anchor, text);
    const walk = { target: text, fromCurrent: false, downgrade: false };
    return { revisions: up ? walkUp(graph, start, steps, walk) : walkDown(graph, start, steps, walk).position };
  }

  return { revisions: [graph.resolveId(text)] };
}

/** The left side of `REV±N`: base, head, an id/prefix or a label. */
function anchorRevisions(graph: RevisionGraph, anchor: string, target: string): string[] {
  if (anchor === 'base') return [];
  if (anchor === 'head') {
    const heads = singleHead(graph);
    if (heads.length === 0) throw new UsageError(`'${target}': there are no revisions yet`);
    return heads;
  }
  if (anchor === 'heads') throw new UsageError(`'${target}': cannot walk from several heads; name one`);
  return [graph.resolveId(anchor)];
}

interface Walk {
  target: string;
  /** relative to the database's current heads (`+N`, `-N`, `LABEL@±N`) */
  fromCurrent: boolean;
  downgrade: boolean;
  /** steps may only move within these revisions */
  branch?: ReadonlySet<string>;
  label?: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describe(position: string[]): string {
  return position.length === 0 ? 'base' : position.join(', ');
}

/** Up through children; stops with an error at a branch point or past a head. */
function walkUp(graph: RevisionGraph, start: string[], steps: number, walk: Walk): string[] {
  let position = start;
  for (let taken = 0; taken < steps; taken++) {
    let next: string[];
    if (position.length === 0) next = graph.bases();
    else if (position.length === 1) next = graph.children(position[0] as string);
    else {
      // Below a branch whose first revision is a merge: its parents' common children.
      const [first, ...rest] = position as [string, ...string[]];
      next = graph.children(first).filter((child) => rest.every((id) => graph.children(id).includes(child)));
    }
    if (walk.branch) {
      const branch = walk.branch;
      next = next.filter((id) => branch.has(id));
    }
    if (next.length === 0) {
      const on = walk.label ? ` on branch '${walk.label}'` : '';
      if (walk.fromCurrent) {
        const where = start.length === 0 ? 'base (nothing applied)' : walk.label ? describe(start) : `the current head ${describe(start)}`;
        throw new UsageError(`cannot upgrade ${plural(steps, 'step')}${on}: only ${plural(taken, 'revision')} above ${where}`);
      }
      throw new UsageError(`cannot go ${plural(steps, 'step')} up from ${describe(start)}: only ${plural(taken, 'revision')} above it`);
    }
    if (next.length > 1) {
      const what = position.length === 0 ? `there are several bases (${next.join(', ')})` : `${describe(position)} is a branch point (children ${next.join(', ')})`;
      throw new UsageError(`'${walk.target}' is ambiguous: ${what}; name the revision or use LABEL@+N`);
    }
    position = next;
  }
  return position;
}

/** Down through downRevisions; may end on a merge's parents but not walk past them. */
function walkDown(graph: RevisionGraph, start: string[], steps: number, walk: Walk): { position: string[]; steppedOff?: string } {
  let position = start;
  let previous: string | undefined;
  for (let taken = 0; taken < steps; taken++) {
    const current = position[0];
    const outside = current !== undefined && walk.branch !== undefined && !walk.branch.has(current);
    if (current === undefined || outside) {
      const on = walk.label ? ` on branch '${walk.label}'` : '';
      if (walk.fromCurrent && walk.downgrade) {
        throw new UsageError(`cannot downgrade ${plural(steps, 'step')}${on}: only ${taken} applied`);
      }
      throw new UsageError(`cannot go ${plural(steps, 'step')} down from ${describe(start)}${on}: only ${plural(taken, 'revision')} below it`);
    }
    if (position.length > 1) {
      throw new UsageError(`'${walk.target}' is ambiguous: ${previous ?? describe(position)} is a merge of ${describe(position)}; name the revision to go to`);
    }
    previous = current;
    position = graph.parents(current);
  }
  return { position, steppedOff: previous };
}

/** `LABEL@head`, `LABEL@base`, `LABEL@±N`, `LABEL@REV`. */
function resolveOnBranch(
  graph: RevisionGraph,
  label: string,
  rest: string,
  currentHeads: string[],
  target: string,
  opts: { downgrade?: boolean },
): Resolved {
  const owner = graph.labelRevision(label);
  if (owner === undefined) throw new UsageError(`unknown branch label '${label}' in '${target}'`);
  const root = branchRoot(graph, owner);
  const branch = descendantsThroughParents(graph, root);

  if (rest === 'head' || rest === 'heads') {
    const heads = [...branch].filter((id) => graph.children(id).length === 0);
    const ordered = graph.topological(heads);
    if (ordered.length > 1 && rest === 'head') {
      throw new UsageError(`branch '${label}' has several heads (${ordered.join(', ')}): name one`);
    }
    return { revisions: ordered, branch };
  }
  if (rest === 'base') return { revisions: graph.parents(root), branch };

  const relative = /^([+-])(\d+)$/.exec(rest);
  if (relative) {
    const steps = Number(relative[2]);
    const up = relative[1] === '+';
    const applied = appliedSet(graph, currentHeads);
    const appliedOnBranch = [...branch].filter((id) => applied.has(id));
    const tips = appliedOnBranch.filter((id) => !graph.children(id).some((child) => applied.has(child) && branch.has(child)));
    if (tips.length > 1) {
      throw new UsageError(`'${target}' is ambiguous: branch '${label}' has several applied heads (${graph.topological(tips).join(', ')}); name a revision`);
    }
    const walk: Walk = { target, fromCurrent: true, downgrade: opts.downgrade === true, branch, label };
    const start = tips.length === 1 ? tips : up ? graph.parents(root) : [];
    if (up) return { revisions: walkUp(graph, start, steps, walk), branch };
    const down = walkDown(graph, start, steps, walk);
    return { revisions: down.position, branch, steppedOff: down.steppedOff };
  }

  const id = graph.resolveId(rest);
  if (!branch.has(id)) throw new UsageError(`revision ${id} is not on branch '${label}'`);
  return { revisions: [id], branch };
}

/**
 * A label covers the revision declaring it, its descendants, and its plain ancestors down to (not including)
 * the nearest branch point, merge, or other labelled revision — as Alembic propagates branch labels.
 */
function branchRoot(graph: RevisionGraph, owner: string): string {
  let root = owner;
  for (;;) {
    const parents = graph.parents(root);
    if (parents.length !== 1) return root;
    const parent = parents[0] as string;
    if (graph.children(parent).length !== 1 || graph.get(parent).branchLabels.length > 0) return root;
    root = parent;
  }
}

function descendantsThroughParents(graph: RevisionGraph, root: string): Set<string> {
  const result = new Set<string>([root]);
  const stack = [root];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    for (const child of graph.children(id)) {
      if (!result.has(child)) {
        result.add(child);
        stack.push(child);
      }
    }
  }
  return result;
}
