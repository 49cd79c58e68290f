// The target grammar (Alembic's) and what a target denotes for each command. Absolute targets name revisions
// (identifiers.ts); relative ones (`+N`, `-N`, `REV±N`, `BRANCH@±N`, `BRANCH@REV±N`) walk the graph
// (walk.ts) from a named revision or from the database's current heads.
import { UsageError } from '../errors.js';
import { labelsOf } from './branch-labels.js';
import type { RevisionGraph } from './graph.js';
import { branchRevision, onLineage, revisionsNamed, splitBranch } from './identifiers.js';
import { checkHeads } from './version-rows.js';
import { ranOut, walkDown, walkUp, type RanOut, type WalkEnd } from './walk.js';

interface Relative {
  text: string;
  branch?: string;
  /** the revision walked from; absent: the current heads */
  symbol?: string;
  delta: number;
}

/** A relative target, or undefined for an absolute one. A full id or label is never read as relative. */
function parseRelative(graph: RevisionGraph, text: string): Relative | undefined {
  if (text.trim() === '') throw new UsageError('empty revision target');
  const { branch, rest } = splitBranch(text);
  if (graph.has(rest) || graph.labelRevision(rest) !== undefined) return undefined;
  const match = /^(.*?)([+-]\d+)$/.exec(rest);
  if (!match) return undefined;
  const symbol = match[1] as string;
  return { text, ...(branch === undefined ? {} : { branch }), ...(symbol === '' ? {} : { symbol }), delta: Number(match[2]) };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The single revision a walk starts from: `base` is [] (walking up), `head`, `heads` (if one), id, label… */
function walkStart(graph: RevisionGraph, relative: Relative, down: boolean): string[] {
  const symbol = relative.symbol as string;
  const named = revisionsNamed(graph, relative.branch !== undefined && down ? `${relative.branch}@${symbol}` : symbol);
  if (named.length > 1) throw new UsageError(`'${relative.text}': '${symbol}' names several revisions (${named.join(', ')}); name one`);
  if (named.length === 0 && symbol !== 'base') throw new UsageError(`'${relative.text}': there are no revisions yet`);
  return named;
}

/** `REV+N` / `REV-N` (and `BRANCH@REV±N`): a walk from a named revision; `clamp` stops at the graph's end. */
function fromSymbol(graph: RevisionGraph, relative: Relative, clamp = false): WalkEnd {
  const down = relative.delta < 0;
  const start = walkStart(graph, relative, down);
  const steps = Math.abs(relative.delta);
  const opts = { target: relative.text, ...(relative.branch !== undefined && !down ? { lineageOf: branchRevision(graph, relative.branch) } : {}) };
  if (down && start.length === 0) throw new UsageError(`cannot go ${plural(steps, 'step')} down from base`);
  const end = down ? walkDown(graph, start[0] as string, steps, opts) : walkUp(graph, start, steps, opts);
  if (ranOut(end) && clamp) return { position: end.position };
  if (ranOut(end)) {
    const from = start.length === 0 ? 'base' : (start[0] as string);
    const on = relative.branch !== undefined && !down ? ` on branch '${relative.branch}'` : '';
    throw new UsageError(`cannot go ${plural(steps, 'step')} ${down ? 'down' : 'up'} from ${from}${on}: only ${plural(end.taken, 'revision')} ${down ? 'below' : 'above'} it`);
  }
  return end;
}

/** Where `+N` / `BRANCH@+N` starts: the current head (on that branch), or the tip of what is applied there. */
function upgradeStart(graph: RevisionGraph, relative: Relative, currentHeads: string[]): string[] {
  if (relative.branch === undefined) {
    if (currentHeads.length > 1) {
      throw new UsageError(`'${relative.text}' is ambiguous: the database has several heads (${currentHeads.join(', ')}); name a revision or use LABEL@${relative.text}`);
    }
    return currentHeads;
  }
  const anchor = branchRevision(graph, relative.branch);
  let start = onLineage(graph, currentHeads, [anchor]);
  if (start.length === 0) {
    // the branch is not a current head: start from the tip of what is applied on its lineage (or base)
    const applied = [...graph.ancestors(currentHeads, { inclusive: true })];
    const onBranch = onLineage(graph, applied, [anchor]);
    const below = new Set(onBranch.flatMap((id) => graph.requirements(id)));
    start = onBranch.filter((id) => !below.has(id));
  }
  if (start.length > 1) {
    throw new UsageError(`'${relative.text}' is ambiguous: branch '${relative.branch}' has several current heads (${graph.topological(start).join(', ')}); name a revision`);
  }
  return start;
}

/** Where `-N` / `BRANCH@-N` starts: the current head (on that branch); several are refused. */
function downgradeStart(graph: RevisionGraph, relative: Relative, currentHeads: string[]): string {
  const steps = Math.abs(relative.delta);
  if (relative.branch === undefined) {
    if (currentHeads.length === 0) throw new UsageError(`cannot downgrade ${plural(steps, 'step')}: nothing is applied`);
    if (currentHeads.length > 1) {
      throw new UsageError(`'${relative.text}' is ambiguous: the database has several heads (${currentHeads.join(', ')}); name a revision or use LABEL@${relative.text}`);
    }
    return currentHeads[0] as string;
  }
  const anchor = branchRevision(graph, relative.branch);
  let start = onLineage(graph, currentHeads, [anchor]);
  if (start.length === 0) {
    // e.g. the branch is applied only as another head's dependency: the tips of everything applied
    const applied = graph.ancestors(currentHeads, { inclusive: true });
    const tips = [...applied].filter((id) => !graph.children(id).some((child) => applied.has(child)));
    start = onLineage(graph, tips, [anchor]);
  }
  if (start.length === 0) throw new UsageError(`cannot downgrade ${plural(steps, 'step')} on branch '${relative.branch}': nothing on it is applied`);
  if (start.length > 1) {
    throw new UsageError(`'${relative.text}' is ambiguous: branch '${relative.branch}' has several current heads (${graph.topological(start).join(', ')}); name a revision`);
  }
  return start[0] as string;
}

/** `+N` / `BRANCH@+N` from the current heads; `clamp` stops at the graph's end. */
function upFromCurrent(graph: RevisionGraph, relative: Relative, currentHeads: string[], clamp = false): string[] {
  const start = upgradeStart(graph, relative, currentHeads);
  const opts = { target: relative.text, ...(relative.branch !== undefined ? { lineageOf: branchRevision(graph, relative.branch) } : {}) };
  const end = walkUp(graph, start, relative.delta, opts);
  if (ranOut(end) && clamp) return end.position;
  if (ranOut(end)) {
    const on = relative.branch !== undefined ? ` on branch '${relative.branch}'` : '';
    const where = start.length === 0 ? 'base (nothing applied)' : relative.branch !== undefined ? (start[0] as string) : `the current head ${start[0]}`;
    throw new UsageError(`cannot upgrade ${plural(relative.delta, 'step')}${on}: only ${plural(end.taken, 'revision')} above ${where}`);
  }
  return end.position;
}

/** `-N` / `BRANCH@-N` from the current heads. */
function downFromCurrent(graph: RevisionGraph, relative: Relative, currentHeads: string[]): WalkEnd {
  const start = downgradeStart(graph, relative, currentHeads);
  const steps = -relative.delta;
  const end: WalkEnd | RanOut = walkDown(graph, start, steps, { target: relative.text });
  if (ranOut(end)) {
    const on = relative.branch !== undefined ? ` on branch '${relative.branch}'` : '';
    throw new UsageError(`cannot downgrade ${plural(steps, 'step')}${on}: only ${end.taken} applied`);
  }
  return end;
}

function zeroSteps(relative: Relative): UsageError {
  return new UsageError(`'${relative.text}' moves nowhere: give a number of steps above 0`);
}

/**
 * What a target names, for commands that take revisions rather than a direction (stamp, show, merge,
 * revision --head, range ends): absolute targets as Alembic reads them; relative ones walk from the named
 * revision, or — athanor's extension — from the given current heads (+N up, -N down). With `clamp`, a walk
 * past the graph's end stops there (history ranges, as Alembic's walk_revisions).
 */
export function resolveTarget(graph: RevisionGraph, target: string, currentHeads: string[], opts: { clamp?: boolean } = {}): string[] {
  const relative = parseRelative(graph, target);
  if (!relative) return revisionsNamed(graph, target);
  const clamp = opts.clamp === true;
  if (relative.symbol !== undefined) return fromSymbol(graph, relative, clamp).position;
  checkHeads(graph, currentHeads);
  if (relative.delta === 0) throw zeroSteps(relative);
  return relative.delta > 0 ? upFromCurrent(graph, relative, currentHeads, clamp) : downFromCurrent(graph, relative, currentHeads).position;
}

/**
 * What a target names in the folder alone (`show`), as Alembic's RevisionMap.get_revisions reads it: `-N` and
 * `BRANCH@-N` walk down N from each head (with a label, each head carrying it; with a revision id, each head on
 * its lineage); everything else as resolveTarget with nothing applied.
 */
export function folderTarget(graph: RevisionGraph, target: string): string[] {
  const relative = parseRelative(graph, target);
  if (!relative || relative.symbol !== undefined || relative.delta >= 0) return resolveTarget(graph, target, []);
  const branch = relative.branch;
  let heads = graph.realHeads();
  if (branch !== undefined) {
    const anchor = branchRevision(graph, branch);
    heads = graph.labelRevision(branch) !== undefined ? heads.filter((h) => labelsOf(graph, h).includes(branch)) : onLineage(graph, heads, [anchor]);
  }
  const steps = -relative.delta;
  const found = heads.flatMap((head) => {
    const end = walkDown(graph, head, steps, { target });
    if (ranOut(end) || end.position.length === 0) throw new UsageError(`'${target}': there are not ${plural(steps, 'revision')} below the head ${head}`);
    if (end.position.length > 1) throw new UsageError(`'${target}' is ambiguous: ${end.steppedOff} is a merge of ${end.position.join(', ')}; name the revision`);
    return end.position;
  });
  return [...new Set(found)];
}

/** The revisions `upgrade TARGET` brings the database to (with everything they require). */
export function upgradeTargets(graph: RevisionGraph, currentHeads: string[], target: string): string[] {
  checkHeads(graph, currentHeads);
  const relative = parseRelative(graph, target);
  if (!relative) return withoutOverlap(graph, target, revisionsNamed(graph, target));
  if (relative.symbol !== undefined) {
    const end = fromSymbol(graph, relative);
    if (end.position.length === 0 && relative.delta < 0) {
      throw new UsageError(`'${target}' walks down to base, which is no upgrade target; to undo revisions, use \`athanor downgrade ${target}\``);
    }
    return end.position;
  }
  if (relative.delta < 0) throw new UsageError(`'${target}' moves down, not up: use \`athanor downgrade ${target}\``);
  if (relative.delta === 0) throw zeroSteps(relative);
  return upFromCurrent(graph, relative, currentHeads);
}

/** Targets where one requires another are refused (Alembic: "overlaps with other requested revisions"). */
function withoutOverlap(graph: RevisionGraph, target: string, targets: string[]): string[] {
  for (const id of targets) {
    const below = targets.find((other) => other !== id && graph.isAncestor(other, [id]));
    if (below !== undefined) throw new UsageError(`'${target}' names ${id} and ${below}, which ${id} requires: name the one to upgrade to`);
  }
  return targets;
}

/** What `downgrade TARGET` goes down to. */
export interface DowngradeTarget {
  /** the revision to end at; null is base */
  revision: string | null;
  /** picks, among the target's children, the ones on this branch (a label or a revision id) */
  branch?: string;
  /** `-N` that stepped down off a merge: undo the merge (athanor's extension) */
  merge?: string;
  /** `LABEL@base` with a branch label (not a revision id): undo only that branch (athanor's extension) */
  branchBase?: boolean;
}

export function downgradeTarget(graph: RevisionGraph, currentHeads: string[], target: string): DowngradeTarget {
  checkHeads(graph, currentHeads);
  const relative = parseRelative(graph, target);
  if (!relative) return absoluteDowngrade(graph, target);
  const branch = relative.branch === undefined ? {} : { branch: relative.branch };
  if (relative.delta >= 0 && relative.symbol === undefined) {
    if (relative.delta === 0) throw zeroSteps(relative);
    throw new UsageError(`'${target}' moves up, not down: use \`athanor upgrade ${target}\``);
  }
  let end: WalkEnd;
  if (relative.symbol !== undefined) end = fromSymbol(graph, relative);
  else {
    end = downFromCurrent(graph, relative, currentHeads);
    // `-N` with no branch named stays on the current head's branch
    if (relative.branch === undefined) Object.assign(branch, { branch: currentHeads[0] as string });
  }
  if (end.position.length > 1) return { revision: null, ...branch, merge: end.steppedOff as string };
  return { revision: end.position[0] ?? null, ...branch };
}

/**
 * `downgrade REV` / `downgrade BRANCH@REV`: as in Alembic, REV is read on its own (`BRANCH@head` is the head,
 * not the branch's); BRANCH only picks which of REV's children to undo. `LABEL@base` is athanor's own (plans.ts).
 */
function absoluteDowngrade(graph: RevisionGraph, target: string): DowngradeTarget {
  const { branch, rest } = splitBranch(target);
  if (branch !== undefined) branchRevision(graph, branch);
  const named = revisionsNamed(graph, rest);
  if (named.length > 1) throw new UsageError(`'${target}' names several revisions (${named.join(', ')}): downgrade to one at a time`);
  if (branch === undefined) return { revision: named[0] ?? null };
  if (named.length === 0) return { revision: null, branch, ...(graph.labelRevision(branch) !== undefined ? { branchBase: true } : {}) };
  return { revision: named[0] as string, branch };
}

/** `BRANCH@base` for downgrade: the lowest revision of the branch (the label runs down to a branch point or merge). */
export function branchRoot(graph: RevisionGraph, branch: string): string {
  let root = branchRevision(graph, branch);
  for (;;) {
    const parents = graph.parents(root);
    if (parents.length !== 1) return root;
    const parent = parents[0] as string;
    if (graph.dependents(parent).length > 1 || graph.parents(parent).length > 1) return root;
    root = parent;
  }
}
