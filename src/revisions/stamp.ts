// `stamp`: move the version table to the targets without running anything, as Alembic's stamp does. Only the
// rows on a target's lineage (dependsOn included) move: to the target, up or down; a target on no current
// lineage becomes a new row; `base` deletes the rows on its branch (all rows when no branch is named).
import { UsageError } from '../errors.js';
import type { RevisionGraph } from './graph.js';
import { branchRevision, onLineage, splitBranch } from './identifiers.js';
import { resolveTarget } from './targets.js';
import { checkHeads, type VersionChange } from './version-rows.js';

export interface StampPlan {
  /** the rows after the stamp */
  heads: string[];
  /** row changes, in order */
  changes: VersionChange[];
  /** the revisions stamped (for the history table) */
  stamped: string[];
}

interface Move {
  from: string[];
  to: string | null;
  up: boolean;
  /** a whole branch appears or goes (INSERT / DELETE) rather than moving */
  branchMove: boolean;
}

/**
 * `purge` empties the table first. Relative targets (athanor's extension) count from the current rows.
 * `base` / `BRANCH@base` delete the rows on that branch (every row for `base`) first. Then each target
 * revision in turn replaces the rows on its lineage — the rows related to it, dependsOn included, and for
 * `BRANCH@REV` every row on BRANCH's lineage — or, when there are none, becomes a row of its own. A row one
 * target placed is not moved again by the next (Alembic moves the rows of every target at each target, which
 * can drop a row another target names); targets where one requires another are refused.
 */
export function planStamp(graph: RevisionGraph, rows: string[], targets: string[], opts: { purge?: boolean } = {}): StampPlan {
  if (targets.length === 0) throw new UsageError('stamp needs at least one revision (or `base`)');
  const start = opts.purge ? [] : [...rows];
  checkHeads(graph, start);
  const resolved = targets.map((target) => ({ target, branch: branchAnchor(graph, target), revisions: resolveTarget(graph, target, start) }));
  const destinations = unique(resolved.flatMap((r) => r.revisions));
  refuseOverlap(graph, targets, destinations);
  const heads = new Set(start);
  const changes: VersionChange[] = [];
  for (const { branch } of resolved.filter((r) => r.revisions.length === 0)) {
    for (const id of onLineage(graph, [...heads], branch, true)) changes.push(applyMove(heads, { from: [id], to: null, up: false, branchMove: true }, targets));
  }
  const placed = new Set<string>();
  for (const { branch, revisions } of resolved) {
    for (const destination of revisions.filter((id) => !placed.has(id))) {
      const moving = onLineage(graph, [...heads], [...branch, destination], true).filter((id) => !placed.has(id));
      for (const move of moveTo(graph, destination, moving)) changes.push(applyMove(heads, move, targets));
      placed.add(destination);
    }
  }
  return { heads: [...heads], changes, stamped: destinations };
}

/** `BRANCH@…`: the branch's revision, whose lineage's rows move too (Alembic's filter_for_lineage). */
function branchAnchor(graph: RevisionGraph, target: string): string[] {
  const { branch } = splitBranch(target);
  return branch === undefined ? [] : [branchRevision(graph, branch)];
}

function refuseOverlap(graph: RevisionGraph, targets: string[], destinations: string[]): void {
  for (const id of destinations) {
    const below = destinations.find((other) => other !== id && graph.isAncestor(other, [id]));
    if (below !== undefined) {
      throw new UsageError(`cannot stamp ${targets.join(' ')}: ${id} requires ${below}, so stamping both is ambiguous; stamp ${id} alone`);
    }
  }
}

function moveTo(graph: RevisionGraph, destination: string, moving: string[]): Move[] {
  if (moving.includes(destination)) return [];
  const descendants = graph.descendants([destination]);
  if (moving.some((id) => descendants.has(id))) return [{ from: moving, to: destination, up: false, branchMove: false }];
  const ancestors = graph.ancestors([destination]);
  if (moving.some((id) => ancestors.has(id))) return [{ from: moving, to: destination, up: true, branchMove: false }];
  return [{ from: [], to: destination, up: true, branchMove: true }];
}

/** One move on the rows, with the checks Alembic's online run makes (each moved row must be there). */
function applyMove(heads: Set<string>, move: Move, targets: string[]): VersionChange {
  const refuse = (why: string) =>
    new UsageError(`cannot stamp ${targets.join(' ')} in one go: ${why}; stamp one branch at a time (or use --purge to start from an empty table)`);
  const need = (id: string) => {
    if (!heads.has(id)) throw refuse(`row ${id} was already moved by another target`);
  };
  if (!move.up && move.branchMove) {
    const id = move.from[0] as string;
    need(id);
    heads.delete(id);
    return { inserts: [], deletes: [id], updates: [] };
  }
  const to = move.to as string;
  const createsBranch = move.up && (move.branchMove || move.from.some((id) => !heads.has(id))) && !heads.has(to);
  if (createsBranch) {
    heads.add(to);
    return { inserts: [to], deletes: [], updates: [] };
  }
  const updated = move.from.at(-1);
  if (updated === undefined) throw refuse(`${to} is already a row`);
  move.from.forEach(need);
  if (heads.has(to)) throw refuse(`${to} is already a row`);
  const deleted = move.from.slice(0, -1);
  for (const id of deleted) heads.delete(id);
  heads.delete(updated);
  heads.add(to);
  return { inserts: [], deletes: deleted, updates: [{ from: updated, to }] };
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
