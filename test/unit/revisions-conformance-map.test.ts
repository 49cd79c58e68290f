// Conformance with Alembic's RevisionMap, the scenarios of its tests/test_revision.py: what identifiers
// name (labels, `BRANCH@…`, prefixes), and iterate_revisions(upper, lower) — for athanor, `history -r
// lower:upper` (Alembic's history walks exactly that) and, with select_for_downgrade, a downgrade plan.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { historyRange } from '../../src/revisions/history-range.js';
import { resolveTarget } from '../../src/revisions/targets.js';
import { shape } from '../support/alembic-shapes.js';
import { buildGraph } from '../support/revision-graphs.js';
import { downgrade, upgrade } from '../support/revision-runs.js';

const graphOf = (text: string) => buildGraph(shape(text));

function refused(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof UsageError, `expected a UsageError (exit 2), got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  };
}

/** history -r lower:upper lists these revisions (Alembic's order may differ among parallel branches). */
function expectRange(graph: ReturnType<typeof graphOf>, range: string, expected: string[]): void {
  const listed = historyRange(graph, range);
  assert.deepEqual([...listed].sort(), [...expected].sort(), range);
  // newest first: nothing listed before a revision it requires
  listed.forEach((id, i) => {
    for (const later of listed.slice(0, i)) assert.ok(!graph.ancestors([id]).has(later), `${range}: ${later} listed before ${id}, which it requires`);
  });
}

describe('test_revision.py: LabeledBranchTest (what identifiers name)', () => {
  const graph = graphOf('a [abranch]; b<a; somelongername<b; c<somelongername; d; e<d [ebranch]; someothername<e; f<someothername');
  const names = (target: string) => resolveTarget(graph, target, []);

  test('LABEL@head, LABEL@heads, LABEL@base, LABEL@REV, LABEL@LABEL, a bare label', () => {
    assert.deepEqual(names('ebranch@head'), ['f']);
    assert.deepEqual(names('abranch@head'), ['c']);
    assert.deepEqual(names('abranch@heads'), ['c']);
    assert.deepEqual(names('abranch@base'), []);
    assert.deepEqual(names('ebranch@d'), ['d']);
    assert.deepEqual(names('ebranch@ebranch'), ['e']);
    assert.deepEqual(names('abranch'), ['a']);
    assert.deepEqual(names('ebranch'), ['e']);
    assert.deepEqual(names('e'), ['e'], 'a full id shorter than 4 characters');
  });

  test('a revision, or a prefix of one, as the branch', () => {
    assert.deepEqual(names('e@d'), ['d']);
    assert.deepEqual(names('someoth@d'), ['d']);
    assert.throws(() => names('x@d'), refused(/unknown branch 'x'/));
  });

  test('prefixes within a branch; revisions off the branch', () => {
    assert.deepEqual(names('ebranch@some'), ['someothername']);
    assert.deepEqual(names('abranch@some'), ['somelongername']);
    assert.throws(() => names('ebranch@sos'), refused(/unknown revision 'sos'.*at least 4 characters/));
    assert.throws(() => names('ebranch@b'), refused(/revision b is not on branch 'ebranch'/));
    assert.throws(() => names('abranch@d'), refused(/revision d is not on branch 'abranch'/));
    assert.throws(() => names('abranch@qprstuv'), refused(/unknown revision 'qprstuv'/));
  });

  test('history ranges from and to labelled branches', () => {
    expectRange(graph, 'ebranch@base:heads', ['f', 'someothername', 'e', 'd']);
    expectRange(graph, 'abranch@base:heads', ['c', 'somelongername', 'b', 'a']);
    expectRange(graph, 'base:ebranch@head', ['f', 'someothername', 'e', 'd']);
    expectRange(graph, 'base:abranch@head', ['c', 'somelongername', 'b', 'a']);
    expectRange(graph, 'ebranch@head:heads', ['f']);
    expectRange(graph, 'ebranch@d:heads', ['f', 'someothername', 'e', 'd']);
    expectRange(graph, 'e@base:heads', ['f', 'someothername', 'e', 'd']);
    expectRange(graph, 'c@base:heads', ['c', 'somelongername', 'b', 'a']);
    expectRange(graph, 'ebranch@-2:heads', ['f', 'someothername', 'e']);
    expectRange(graph, 'base:ebranch@+2', ['e', 'd']);
  });
});

describe('test_revision.py: iterating ranges', () => {
  test('a diamond, an empty graph, long and short branches', () => {
    expectRange(graphOf('a; b1<a; b2<a; c<b1,b2; d<c'), 'a:d', ['d', 'c', 'b1', 'b2', 'a']);
    expectRange(buildGraph([]), 'base:head', []);
    expectRange(graphOf('a; b1<a; b2<a; c1<b1; d11<c1; d12<c1'), 'base:heads', ['b2', 'd11', 'd12', 'c1', 'b1', 'a']);
  });

  test('multiple branches: from a merge point, a single branch, wrong directions', () => {
    const graph = graphOf('a; b1<a; b2<a; cb1<b1; cb2<b2; d1cb1<cb1; d2cb1<cb1; d1cb2<cb2; d2cb2<cb2; d3cb2<cb2; d1d2cb2<d1cb2,d2cb2');
    expectRange(graph, 'a:d1d2cb2', ['d1d2cb2', 'd1cb2', 'd2cb2', 'cb2', 'b2', 'a']);
    expectRange(graph, 'a:d3cb2', ['d3cb2', 'cb2', 'b2', 'a']);
    expectRange(graph, 'base:d3cb2', ['d3cb2', 'cb2', 'b2', 'a']);
    assert.throws(() => historyRange(graph, 'd1cb1:b1'), refused(/d1cb1 is not an ancestor of b1/));
    assert.throws(() => historyRange(graph, 'b1:d2cb2'), refused(/b1 is not an ancestor of d2cb2/));
    assert.throws(() => historyRange(graph, 'd1cb1:base'), refused(/d1cb1 is not an ancestor of base/));
  });

  test('branch travelling: ranges ending in, behind and across branch points', () => {
    const graph = graphOf('a1; a2<a1; a3<a2; b1<a3; b2<a3; cb1<b1; cb2<b2; db1<cb1; db2<cb2; e1b1<db1; fe1b1<e1b1; e2b1<db1; e2b2<db2; merge<e2b1,e2b2');
    expectRange(graph, 'a1:merge', ['merge', 'e2b1', 'db1', 'cb1', 'b1', 'e2b2', 'db2', 'cb2', 'b2', 'a3', 'a2', 'a1']);
    expectRange(graph, 'b1:merge', ['merge', 'e2b1', 'db1', 'cb1', 'b1']); // b1 is local to the e2b1 branch
    expectRange(graph, 'a2:merge', ['merge', 'e2b1', 'db1', 'cb1', 'b1', 'e2b2', 'db2', 'cb2', 'b2', 'a3', 'a2']);
    expectRange(graph, 'base:fe1b1', ['fe1b1', 'e1b1', 'db1', 'cb1', 'b1', 'a3', 'a2', 'a1']);
  });

  test('multiple bases', () => {
    const graph = graphOf('base1; base2; base3; a1a<base1; a1b<base1; a2<base2; a3<base3; b1a<a1a; b1b<a1b; b2<a2; b3<a3; c2<b2; d2<c2; mergeb3d2<b3,d2');
    const all = ['b1a', 'a1a', 'b1b', 'a1b', 'base1', 'mergeb3d2', 'b3', 'a3', 'base3', 'd2', 'c2', 'b2', 'a2', 'base2'];
    expectRange(graph, 'base:heads', all);
    expectRange(graph, ':', all);
    expectRange(graph, 'base3:b3', ['b3', 'a3', 'base3']);
  });
});

describe('test_revision.py: cross dependencies between bases (upgrade and downgrade sets)', () => {
  const one = graphOf(
    'base1 [b_1]; a1a<base1; a1b<base1; b1a<a1a; b1b<a1b +a3; base2 [b_2]; a2<base2; b2<a2; c2<b2 +a3; d2<c2; base3 [b_3]; a3<base3; b3<a3',
  );
  const up = (graph: ReturnType<typeof graphOf>, target: string) => upgrade(graph, [], target).steps.map((s) => s.slice(1)).sort();
  const down = (graph: ReturnType<typeof graphOf>, rows: string[], target: string) => downgrade(graph, rows, target).steps.map((s) => s.slice(1)).sort();

  test('the heads nothing depends on', () => {
    assert.deepEqual([...one.heads()].sort(), ['b1a', 'b1b', 'b3', 'd2']);
  });

  test('a branch needs the branch it depends on going up, not going down', () => {
    assert.deepEqual(up(one, 'b_2@head'), ['a2', 'a3', 'b2', 'base2', 'base3', 'c2', 'd2']);
    assert.deepEqual(down(one, ['d2'], 'b_2@base'), ['a2', 'b2', 'base2', 'c2', 'd2']);
    assert.deepEqual(up(one, 'b_3@head'), ['a3', 'b3', 'base3']);
    assert.deepEqual(down(one, ['b3'], 'base'), ['a3', 'b3', 'base3']);
    assert.deepEqual(up(one, 'b1b@head'), ['a1b', 'a3', 'b1b', 'base1', 'base3']);
    assert.deepEqual(down(one, ['b1b'], 'b1b@base'), ['a1b', 'b1b', 'base1'], 'a3 and base3 stay');
  });

  test('going down to a base takes what depends on it', () => {
    const heads = ['b1a', 'b1b', 'd2', 'b3'];
    assert.deepEqual(down(one, heads, 'b_2@base'), ['a2', 'b2', 'base2', 'c2', 'd2']);
    assert.deepEqual(down(one, heads, 'b_3@base'), ['a3', 'b1b', 'b3', 'base3', 'c2', 'd2'], 'b1b and c2 depend on a3');
  });

  test('a base that depends on another branch', () => {
    const two = graphOf('base1 [b_1]; a1<base1; b1<a1; c1<b1; base2 +b_1 [b_2]; a2<base2; b2<a2; c2<b2; d2<c2; base3 [b_3]; a3<base3; b3<a3; c3<b3 +b2; d3<c3');
    assert.deepEqual([...two.heads()].sort(), ['c1', 'd2', 'd3']);
    assert.deepEqual(up(two, 'b_2@head'), ['a2', 'b2', 'base1', 'base2', 'c2', 'd2']);
    assert.deepEqual(up(two, 'b_3@head'), ['a2', 'a3', 'b2', 'b3', 'base1', 'base2', 'base3', 'c3', 'd3']);
    assert.deepEqual(up(two, 'b_1@head'), ['a1', 'b1', 'base1', 'c1']);
    const three = graphOf('base1; a1<base1; b1<a1; c2 +a1; c3<c2');
    assert.deepEqual(up(three, 'heads'), ['a1', 'b1', 'base1', 'c2', 'c3']);
  });

  test('an effective head: x@-1 from the x branch, or from what depends on it', () => {
    const graph = graphOf('y1 [y]; x1 [x]; y2<y1 +x1; x2<x1');
    assert.deepEqual(down(graph, ['x2', 'y2'], 'x@-1'), ['x2']);
    assert.deepEqual(down(graph, ['x1', 'y2'], 'x@-1'), ['x1', 'y2']);
    assert.deepEqual(down(graph, ['y2'], 'x@-1'), ['x1', 'y2'], 'x1 is applied only because y2 needs it');
  });

  test('normalized down revisions', () => {
    const graph = graphOf('a1; a2<a1; a3<a2; b1; b2<b1 +a3; b3<b2; b4<b3 +a3; b5<b4 +b4');
    assert.deepEqual(down(graph, ['b4'], 'b1@base'), ['b1', 'b2', 'b3', 'b4']);
    assert.deepEqual(down(graph, ['b5'], 'base'), ['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'b4', 'b5']);
    assert.deepEqual(down(graph, ['b5'], 'a2'), ['a3', 'b2', 'b3', 'b4', 'b5']);
  });
});
