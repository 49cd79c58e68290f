// `±N`: walking the graph one revision at a time, as Alembic's RevisionMap._walk does. Up goes to the children
// (from base: to the bases), kept to a branch's lineage when one is named; down goes to the downRevision,
// and from a base to base itself. Where the next step has several candidates the walk is ambiguous.
import { UsageError } from '../errors.js';
import type { RevisionGraph } from './graph.js';

export interface WalkEnd {
  /** where the walk ended: [] is base; several revisions only after stepping down off a merge */
  position: string[];
  /** the revision the last downward step left (undoing the walk removes it and what sits on it) */
  steppedOff?: string;
}

/** A walk that could take only `taken` of its steps: the graph ended first. */
export interface RanOut {
  ranOut: true;
  taken: number;
  /** where the walk stopped */
  position: string[];
}

export interface WalkOptions {
  /** the target as typed, for messages */
  target: string;
  /** walking up, only children on this revision's lineage count (`BRANCH@+N`) */
  lineageOf?: string;
}

function describe(position: readonly string[]): string {
  return position.length === 0 ? 'base' : position.join(', ');
}

/** Up `steps` revisions from start ([] = base). */
export function walkUp(graph: RevisionGraph, start: string[], steps: number, opts: WalkOptions): WalkEnd | RanOut {
  const lineage = opts.lineageOf === undefined ? undefined : graph.lineage(opts.lineageOf);
  let position = start;
  for (let taken = 0; taken < steps; taken++) {
    let next = position.length === 0 ? graph.bases() : graph.children(position[0] as string);
    if (lineage) next = next.filter((id) => lineage.has(id));
    if (next.length === 0) return { ranOut: true, taken, position };
    if (next.length > 1) {
      const what = position.length === 0 ? `there are several bases (${next.join(', ')})` : `${describe(position)} is a branch point (children ${next.join(', ')})`;
      throw new UsageError(`'${opts.target}' is ambiguous: ${what}; name the revision or use LABEL@+N`);
    }
    position = next;
  }
  return { position };
}

/**
 * Down `steps` revisions from start (a single revision). Stepping down off a merge is ambiguous, except as the
 * last step: then the walk ends on the merge's parents (athanor's extension; Alembic refuses).
 */
export function walkDown(graph: RevisionGraph, start: string, steps: number, opts: WalkOptions): WalkEnd | RanOut {
  let position = [start];
  let steppedOff: string | undefined;
  for (let taken = 0; taken < steps; taken++) {
    const current = position[0];
    if (current === undefined) return { ranOut: true, taken, position };
    if (position.length > 1) {
      throw new UsageError(`'${opts.target}' is ambiguous: ${steppedOff} is a merge of ${describe(position)}; name the revision to go to`);
    }
    steppedOff = current;
    position = graph.parents(current);
  }
  return steppedOff === undefined ? { position } : { position, steppedOff };
}

export function ranOut(end: WalkEnd | RanOut): end is RanOut {
  return 'ranOut' in end;
}
