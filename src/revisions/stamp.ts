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

/** `purge` empties the table first. Relative targets (athanor's extension) count from the current rows. */
export function planStamp(graph: RevisionGraph, rows: string[], targets: string[], opts: { purge?: boolean } = {}): StampPlan {
  if (targets.length === 0) throw new UsageError('stamp needs at least one revision (or `base`)');
  const start = opts.purge ? [] : [...rows];
  checkHeads(graph, start);
  const resolved = targets.map((target) => ({ target, revisions: resolveTarget(graph, target, start) }));
  const moving = unique(resolved.flatMap(({ target, revisions }) => onLineage(graph, start, anchors(graph, target, revisions), true)));
  const destinations = unique(resolved.flatMap((r) => r.revisions));
  const heads = new Set(start);
  const changes: VersionChange[] = [];
  const moves = destinations.length === 0 ? moving.map((id): Move => ({ from: [id], to: null, up: false, branchMove: true })) : destinations.flatMap((d) => moveTo(graph, d, moving));
  for (const move of moves) changes.push(applyMove(heads, move, targets));
  return { heads: [...heads], changes, stamped: destinations };
}

/** The revisions a target's lineage is judged by: its branch's revision and the revisions it names. */
function anchors(graph: RevisionGraph, target: string, revisions: string[]): string[] {
  const { branch } = splitBranch(target);
  const result = branch === undefined ? [] : [branchRevision(graph, branch)];
  for (const id of revisions) if (!result.includes(id)) result.push(id);
  return result;
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
