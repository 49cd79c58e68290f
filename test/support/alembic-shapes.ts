// The revision graphs of Alembic's own traversal tests (tests/test_version_traversal.py, tests/test_revision.py),
// as facts: which revision sits on which. Written in a small notation, one revision per `;`:
//   `id`  a base · `id<p` child of p · `id<p,q` merge of p and q · `+d,e` dependsOn · `[label]` branch label.
// Used by the conformance suite (test/unit/revisions-conformance.test.ts) and the Alembic differential.
import type { RevisionSpec } from './revision-graphs.js';

export interface Shape {
  name: string;
  revisions: RevisionSpec[];
}

export function parseShape(text: string): RevisionSpec[] {
  return text
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const match = /^([\w]+)(?:<([\w,]+))?(?:\s*\+([\w,]+))?(?:\s*\[([\w,]+)\])?$/.exec(part);
      if (!match) throw new Error(`bad shape part: ${part}`);
      const list = (s: string | undefined) => (s ? s.split(',') : []);
      return { id: match[1] as string, down: list(match[2]), deps: list(match[3]), labels: list(match[4]) };
    });
}

const SHAPES: Array<[string, string]> = [
  ['linear (RevisionPathTest)', 'a; b<a; c<b; d<c; e<d'],
  ['two labelled branches (BranchedPathTest)', 'a; b<a; c1<b [c1branch]; d1<c1; c2<b [c2branch]; d2<c2'],
  ['branch from a merge point', 'a1; b1<a1; c1<b1; a2; b2<a2; c2<b2; d1<c1,c2; d2<c2'],
  ['branch from a 3-way merge point', 'a1; b1<a1; c1<b1; a2; b2<a2; c2<b2; a3; b3<a3; c3<b3; d1<c1,c2,c3; d2<c2; d3<c3'],
  ['twin merge (#297)', 'a; b1<a; b2<a; b3<a; c1<b1,b2,b3; c2<b1,b2,b3; d1<c1; d2<c2'],
  ['not-quite twin merge', 'a; b1<a; b2<a; b3<a; c1<b1,b2; c2<b2,b3; d1<c1; d2<c2'],
  ['depends on a branch (one)', 'a1 [lib1]; b1<a1; c1<b1; a2; b2<a2; c2<b2 +c1; d1<c1; e1<d1; f1<e1'],
  ['depends on three merges (two)', 'a1; a2; a3; amerge<a1,a2,a3; b1; b2; bmerge<b1,b2; c1; c2; c3; cmerge<c1,c2,c3; d1 +a3,b2,c1'],
  ['criss-cross dependencies (#377)', 'a1; a2<a1; b1; b2<b1 +a2; b3<b2; a3<a2 +b1'],
  ['depends on its own down revision (#843)', 'a1; a2<a1 +a1'],
  ['dependencies normalized (#789)', 'a1; a2<a1; a3<a2; b1; b2<b1 +a3; b3<b2; b4<b3 +a3'],
  ['merge of a dependency (#1373)', 'a1; b1 +a1; bmerge<a1,b1'],
  ['depends on a branch label', 'a1 [lib1]; b1<a1; c1<b1 [c1lib]; a2; b2<a2; c2<b2 +c1lib; d1<c1; e1<d1; f1<e1'],
  ['forest', 'a1; b1<a1; a2; b2<a2'],
  ['merged path', 'a; b<a; c1<b; d1<c1; c2<b [c2branch]; d2<c2; e<d1,d2; f<e'],
  ['labelled branches with a cross dependency', 'a; b<a; c1<b [c1branch]; d1<c1; c2<b [c2branch]; d2<c2 +c1'],
  ['diamond', 'a; b1<a; b2<a; c<b1,b2; d<c'],
  ['labelled branches, long names', 'a [abranch]; b<a; somelongername<b; c<somelongername; d; e<d [ebranch]; someothername<e; f<someothername'],
  ['long and short branch', 'a; b1<a; b2<a; c1<b1; d11<c1; d12<c1'],
  ['multiple branches', 'a; b1<a; b2<a; cb1<b1; cb2<b2; d1cb1<cb1; d2cb1<cb1; d1cb2<cb2; d2cb2<cb2; d3cb2<cb2; d1d2cb2<d1cb2,d2cb2'],
  ['effective head', 'y1 [y]; x1 [x]; y2<y1 +x1; x2<x1'],
  ['branch travelling', 'a1; a2<a1; a3<a2; b1<a3; b2<a3; cb1<b1; cb2<b2; db1<cb1; db2<cb2; e1b1<db1; fe1b1<e1b1; e2b1<db1; e2b2<db2; merge<e2b1,e2b2'],
  ['multiple bases', 'base1; base2; base3; a1a<base1; a1b<base1; a2<base2; a3<base3; b1a<a1a; b1b<a1b; b2<a2; b3<a3; c2<b2; d2<c2; mergeb3d2<b3,d2'],
  ['multiple bases, cross dependency (one)', 'base1 [b_1]; a1a<base1; a1b<base1; b1a<a1a; b1b<a1b +a3; base2 [b_2]; a2<base2; b2<a2; c2<b2 +a3; d2<c2; base3 [b_3]; a3<base3; b3<a3'],
  ['multiple bases, cross dependency (two)', 'base1 [b_1]; a1<base1; b1<a1; c1<b1; base2 +b_1 [b_2]; a2<base2; b2<a2; c2<b2; d2<c2; base3 [b_3]; a3<base3; b3<a3; c3<b3 +b2; d3<c3'],
  ['a base with only a dependency', 'base1; a1<base1; b1<a1; c2 +a1; c3<c2'],
  ['normalized down revisions', 'a1; a2<a1; a3<a2; b1; b2<b1 +a3; b3<b2; b4<b3 +a3; b5<b4 +b4'],
  ['implicit base, dependencies on two roots', 'c1; a1; a2<a1 +c1; a3<a2 +c1; b1; b2<b1 +a3; b3<b2; b4<b3 +a3; b5<b4'],
];

/**
 * Ids padded to 8 characters so 4-character prefixes exist (athanor refuses shorter ones); labels unchanged.
 * Used where targets are generated from the ids (the differential); the conformance suite uses the short ids.
 */
function padded(revisions: RevisionSpec[]): RevisionSpec[] {
  const pad = (id: string) => (id.length >= 8 ? id : `${id}00000000`.slice(0, 8));
  const ids = new Set(revisions.map((r) => r.id));
  return revisions.map((r) => ({ id: pad(r.id), down: r.down.map(pad), deps: r.deps.map((d) => (ids.has(d) ? pad(d) : d)), labels: r.labels }));
}

export const ALEMBIC_SHAPES: Shape[] = SHAPES.map(([name, text]) => ({ name, revisions: padded(parseShape(text)) }));

/** A shape by name with its short ids, for readable tests. */
export function shape(text: string): RevisionSpec[] {
  return parseShape(text);
}
