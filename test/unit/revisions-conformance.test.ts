// Conformance with Alembic's revision semantics, on the pure graph code. First the eight items of issue 10
// (each its minimal reproduction, with what Alembic does), then the traversal scenarios of Alembic's own
// suite, tests/test_version_traversal.py: same graphs, same commands, the steps and version rows Alembic
// expects. Steps are compared as sets (fold() checks every order is runnable: requirements first on the way
// up, dependents first on the way down), rows exactly.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { historyRange } from '../../src/revisions/history-range.js';
import { resolveTarget } from '../../src/revisions/targets.js';
import { nextHeads } from '../../src/revisions/version-rows.js';
import { shape } from '../support/alembic-shapes.js';
import { buildGraph } from '../support/revision-graphs.js';
import { downgrade, stamp, upgrade, type Run } from '../support/revision-runs.js';

const graphOf = (text: string) => buildGraph(shape(text));

function expectRun(run: Run, steps: string[], rows: string[], message?: string): void {
  assert.deepEqual([...run.steps].sort(), [...steps].sort(), message);
  assert.deepEqual(run.rows, [...rows].sort(), message);
}

function refused(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof UsageError, `expected a UsageError (exit 2), got ${String(error)}`);
    assert.match(error.message, pattern);
    assert.doesNotMatch(error.message, /\n/, 'one line');
    return true;
  };
}

const BR = graphOf('a; b<a; c1<b [c1branch]; d1<c1; c2<b [c2branch]; d2<c2');

describe('issue 10, item by item (Alembic is the reference)', () => {
  test('1. stamp moves only the branch it targets; --purge clears first', () => {
    const twoBases = graphOf('a1; b1');
    assert.deepEqual(stamp(twoBases, ['a1'], ['b1']), ['a1', 'b1']);
    assert.deepEqual(stamp(BR, ['c2', 'd1'], ['c2branch@head']), ['d1', 'd2'], 'c1 and d1 stay applied');
    assert.deepEqual(stamp(BR, ['c2', 'd1'], ['c1branch@base']), ['c2']);
    assert.deepEqual(stamp(twoBases, ['a1'], ['b1'], { purge: true }), ['b1']);
    assert.deepEqual(stamp(BR, ['c2', 'd1'], ['base']), [], '`base` without a branch clears every row');
  });

  test('2. downgrade keeps revisions that merely depend on the target', () => {
    const graph = graphOf('x1; x2<x1; y1; y2<y1 +x1');
    expectRun(downgrade(graph, ['x2', 'y2'], 'x1'), ['-x2'], ['y2'], 'x1 stays applied, so y2 is still satisfied');
  });

  test('3. LABEL@+N walks N revisions from where the branch is (base when nothing is applied)', () => {
    expectRun(upgrade(BR, [], 'c2branch@+1'), ['+a'], ['a']);
    expectRun(upgrade(BR, [], 'c2branch@+3'), ['+a', '+b', '+c2'], ['c2'], 'at b the walk keeps to the branch');
    assert.throws(() => upgrade(BR, [], 'c2branch@+5'), refused(/cannot upgrade 5 steps on branch 'c2branch': only 4 revisions above base/));
    const labelledTrunk = graphOf('a [trunk]; b<a; c1<b; c2<b');
    assert.throws(() => upgrade(labelledTrunk, [], 'trunk@+3'), refused(/'trunk@\+3' is ambiguous: b is a branch point \(children c1, c2\)/));
  });

  test('4. upgrade LABEL@base does nothing', () => {
    expectRun(upgrade(BR, [], 'c2branch@base'), [], []);
    expectRun(upgrade(BR, ['d1'], 'c2branch@base'), [], ['d1']);
  });

  test('5. wrong-direction targets are refused (exit 2), the database untouched', () => {
    const linear = graphOf('a1b2c3; d4e5f6<a1b2c3');
    assert.throws(() => downgrade(linear, ['a1b2c3'], 'd4e5f6'), refused(/cannot downgrade to d4e5f6: it is not applied.*athanor upgrade d4e5f6/));
    assert.throws(() => downgrade(linear, ['a1b2c3'], '+1'), refused(/'\+1' moves up, not down: use `athanor upgrade \+1`/));
    assert.throws(() => upgrade(linear, ['a1b2c3'], '-1'), refused(/'-1' moves down, not up: use `athanor downgrade -1`/));
  });

  test('6. history -r base: and base:heads list every revision', () => {
    const all = ['d2', 'c2', 'd1', 'c1', 'b', 'a'];
    for (const range of ['base:', 'base:heads', ':', ':heads']) assert.deepEqual([...historyRange(BR, range)].sort(), [...all].sort(), range);
  });

  test('7. heads-1 with a single head', () => {
    const linear = graphOf('a; b<a; c<b');
    expectRun(downgrade(linear, ['c'], 'heads-1'), ['-c'], ['b']);
    assert.deepEqual(resolveTarget(linear, 'heads-2', []), ['a']);
    assert.throws(() => resolveTarget(BR, 'heads-1', []), refused(/'heads' names several revisions \(d1, d2\)/));
  });

  test('8. target forms Alembic accepts', () => {
    assert.deepEqual(resolveTarget(BR, 'd1@head', []), ['d1'], 'a revision id as the branch name');
    assert.deepEqual(resolveTarget(BR, 'c1@head', []), ['d1']);
    expectRun(upgrade(BR, ['b'], 'c2@head'), ['+c2', '+d2'], ['d2']);
    const named = graphOf('a [abranch]; b<a; somelongername<b; c<somelongername; d; e<d [ebranch]; someothername<e; f<someothername');
    assert.deepEqual(resolveTarget(named, 'ebranch@some', []), ['someothername'], 'a prefix counted within the branch');
    assert.deepEqual(resolveTarget(named, 'abranch@some', []), ['somelongername']);
    assert.throws(() => resolveTarget(named, 'some', []), refused(/prefix 'some' is ambiguous: somelongername, someothername/));
    assert.deepEqual(resolveTarget(BR, 'c1branch@head-1', []), ['c1'], 'LABEL@head-N');
    assert.deepEqual(resolveTarget(BR, 'c2branch@base+3', []), ['c2'], 'LABEL@base+N');
    expectRun(downgrade(BR, ['c1', 'd2'], 'c1branch@b'), ['-c1'], ['d2'], 'LABEL@REV with REV on the shared trunk');
  });
});

describe('test_version_traversal.py: RevisionPathTest (a linear history)', () => {
  const graph = graphOf('a; b<a; c<b; d<c; e<d');

  test('downgrades that have nothing to do', () => {
    expectRun(downgrade(graph, [], 'base'), [], []);
    expectRun(downgrade(graph, ['a'], 'a'), [], ['a'], '#838: to a revision that is a current head');
    expectRun(downgrade(graph, ['e'], 'e'), [], ['e'], '#839');
  });

  test('upgrade paths, absolute and relative', () => {
    expectRun(upgrade(graph, ['c'], 'e'), ['+d', '+e'], ['e']);
    expectRun(upgrade(graph, [], 'c'), ['+a', '+b', '+c'], ['c']);
    expectRun(upgrade(graph, ['a'], '+2'), ['+b', '+c'], ['c']);
    expectRun(upgrade(graph, ['a'], '+1'), ['+b'], ['b']);
    expectRun(upgrade(graph, ['b'], '+3'), ['+c', '+d', '+e'], ['e']);
    expectRun(upgrade(graph, ['a'], 'b+2'), ['+b', '+c', '+d'], ['d']);
    expectRun(upgrade(graph, ['a'], 'd-2'), ['+b'], ['b']);
    assert.throws(() => upgrade(graph, ['b'], '-2'), refused(/moves down/));
    assert.throws(() => upgrade(graph, ['b'], '+5'), refused(/cannot upgrade 5 steps: only 3 revisions above the current head b/));
  });

  test('downgrade paths, absolute and relative', () => {
    expectRun(downgrade(graph, ['e'], 'c'), ['-e', '-d'], ['c']);
    expectRun(downgrade(graph, ['c'], 'base'), ['-c', '-b', '-a'], []);
    expectRun(downgrade(graph, ['c'], '-1'), ['-c'], ['b']);
    expectRun(downgrade(graph, ['e'], '-3'), ['-e', '-d', '-c'], ['b']);
    expectRun(downgrade(graph, ['d'], 'a+2'), ['-d'], ['c']);
    expectRun(downgrade(graph, ['d'], 'c-2'), ['-d', '-c', '-b'], ['a']);
    assert.throws(() => downgrade(graph, ['b'], '-5'), refused(/cannot downgrade 5 steps: only 2 applied/));
    assert.throws(() => downgrade(graph, ['b'], '+2'), refused(/moves up/));
  });

  test('a downgrade target not below the current heads is refused', () => {
    assert.throws(() => downgrade(graph, [], 'b'), refused(/cannot downgrade to b: it is not applied/));
    assert.throws(() => downgrade(graph, ['b'], 'c'), refused(/cannot downgrade to c: it is not applied/));
  });

  test('stamp base deletes the row', () => {
    assert.deepEqual(stamp(graph, ['d'], ['base']), []);
  });
});

describe('test_version_traversal.py: BranchedPathTest (two labelled branches from b)', () => {
  test('stamps', () => {
    assert.deepEqual(stamp(BR, ['d1', 'c2'], ['b']), ['b'], 'down across both branches to the branch point');
    assert.deepEqual(stamp(BR, ['d1', 'c2'], ['c1branch@base']), ['c2']);
    assert.deepEqual(stamp(BR, ['d1', 'c2'], ['c2branch@head']), ['d1', 'd2'], 'the c1branch remains unchanged');
  });

  test('upgrades', () => {
    expectRun(upgrade(BR, ['b'], 'd1'), ['+c1', '+d1'], ['d1']);
    expectRun(upgrade(BR, ['a'], 'heads'), ['+b', '+c2', '+d2', '+c1', '+d1'], ['d1', 'd2']);
    expectRun(upgrade(BR, ['b'], 'c2branch@head-1'), ['+c2'], ['c2']);
    expectRun(upgrade(BR, ['c1'], 'c2branch@+1'), ['+c2'], ['c1', 'c2'], 'one past the branch point on the other branch');
    expectRun(upgrade(BR, ['c1', 'c2'], 'c2branch@+1'), ['+d2'], ['c1', 'd2']);
    assert.throws(() => upgrade(BR, ['c1', 'c2'], '+1'), refused(/'\+1' is ambiguous: the database has several heads/));
    expectRun(upgrade(BR, [], 'base+1'), ['+a'], ['a']);
    expectRun(upgrade(BR, [], '+1'), ['+a'], ['a']);
  });

  test('downgrades', () => {
    expectRun(downgrade(BR, ['d1', 'd2'], 'a'), ['-d1', '-c1', '-d2', '-c2', '-b'], ['a']);
    expectRun(downgrade(BR, ['d2', 'd1'], 'base+2'), ['-d1', '-c1', '-d2', '-c2'], ['b']);
    expectRun(downgrade(BR, ['d2', 'd1'], 'c2branch@base+2'), ['-d2', '-c2'], ['d1'], 'only c2branch goes back to b');
    expectRun(downgrade(BR, ['d2', 'd1'], 'c2'), ['-d2'], ['c2', 'd1']);
    expectRun(downgrade(BR, ['d2', 'd1'], 'c2branch@base+3'), ['-d2'], ['c2', 'd1']);
    expectRun(downgrade(BR, ['d1', 'd2'], 'c1branch@-1'), ['-d1'], ['c1', 'd2']);
    expectRun(downgrade(BR, ['d2', 'c1'], 'd2-1'), ['-d2'], ['c1', 'c2'], '#765');
    expectRun(downgrade(BR, ['c1', 'd2'], 'c1branch@b'), ['-c1'], ['d2']);
    expectRun(downgrade(BR, ['c1', 'd2'], 'c2branch@b'), ['-d2', '-c2'], ['c1'], 'the label is not on the head');
    expectRun(downgrade(BR, ['d1', 'd2'], 'c2@b'), ['-d2', '-c2'], ['d1'], 'a revision on the branch names it');
    expectRun(downgrade(BR, ['d1', 'd2'], 'd1@b'), ['-d1', '-c1'], ['d2'], 'the head names its branch');
    expectRun(downgrade(BR, ['d1', 'd2'], 'c1branch@head-1'), ['-d1'], ['c1', 'd2']);
    expectRun(downgrade(BR, ['a'], '-1'), ['-a'], []);
    assert.throws(() => downgrade(BR, [], '-1'), refused(/cannot downgrade 1 step: nothing is applied/));
    expectRun(downgrade(BR, ['d1', 'c2'], 'c2'), [], ['c2', 'd1']);
    expectRun(downgrade(BR, ['d1', 'c2'], 'd1'), [], ['c2', 'd1']);
  });

  test('-1 with several heads: Alembic warns and picks the first row; athanor refuses (extension)', () => {
    for (const rows of [['d2', 'd1'], ['c2', 'd1'], ['d1', 'd2'], ['c1', 'd2']]) {
      assert.throws(() => downgrade(BR, rows, '-1'), refused(/several heads.*LABEL@-1/));
    }
  });
});

describe('test_version_traversal.py: merge points, twin merges and dependencies', () => {
  test('a branch from a merge point, two-way and three-way', () => {
    const two = graphOf('a1; b1<a1; c1<b1; a2; b2<a2; c2<b2; d1<c1,c2; d2<c2');
    expectRun(upgrade(two, ['d2', 'b1'], 'd1'), ['+c1', '+d1'], ['d1', 'd2']);
    expectRun(downgrade(two, ['d2', 'd1'], 'b1'), ['-d1', '-c1'], ['b1', 'd2']);
    const three = graphOf('a1; b1<a1; c1<b1; a2; b2<a2; c2<b2; a3; b3<a3; c3<b3; d1<c1,c2,c3; d2<c2; d3<c3');
    expectRun(upgrade(three, ['d3', 'd2', 'b1'], 'd1'), ['+c1', '+d1'], ['d1', 'd2', 'd3']);
    expectRun(downgrade(three, ['d3', 'd2', 'd1'], 'b1'), ['-d1', '-c1'], ['b1', 'd2', 'd3']);
    expectRun(upgrade(three, ['d3', 'b2', 'b1'], 'd1'), ['+c2', '+c1', '+d1'], ['d1', 'd3'], 'b2 and b1 merge into d1');
    expectRun(upgrade(three, ['d3', 'd1'], 'd2'), ['+d2'], ['d1', 'd2', 'd3'], 'then b2 breaks out again');
  });

  test('twin merges (#297): the rows after each step', () => {
    const walk = (graph: ReturnType<typeof graphOf>, steps: Array<[string, string[]]>) => {
      let heads = ['a'];
      for (const [revision, expected] of steps) {
        heads = nextHeads(graph, heads, { revision, direction: 'up' }).heads;
        assert.deepEqual([...heads].sort(), expected, `after ${revision}`);
      }
    };
    const twin = graphOf('a; b1<a; b2<a; b3<a; c1<b1,b2,b3; c2<b1,b2,b3; d1<c1; d2<c2');
    walk(twin, [['b3', ['b3']], ['b1', ['b1', 'b3']], ['b2', ['b1', 'b2', 'b3']], ['c2', ['c2']], ['d2', ['d2']], ['c1', ['c1', 'd2']], ['d1', ['d1', 'd2']]]);
    const notQuite = graphOf('a; b1<a; b2<a; b3<a; c1<b1,b2; c2<b2,b3; d1<c1; d2<c2');
    walk(notQuite, [['b2', ['b2']], ['b3', ['b2', 'b3']], ['c2', ['c2']], ['d2', ['d2']], ['b1', ['b1', 'd2']], ['c1', ['c1', 'd2']], ['d1', ['d1', 'd2']]]);
  });

  test('depends on a branch: downgrade to the dependency, stamp across it', () => {
    const graph = graphOf('a1 [lib1]; b1<a1; c1<b1; a2; b2<a2; c2<b2 +c1; d1<c1; e1<d1; f1<e1');
    assert.deepEqual(nextHeads(graph, ['c2', 'd1'], { revision: 'd1', direction: 'down' }).heads, ['c2']);
    assert.deepEqual(stamp(graph, ['e1', 'c2'], ['b1']), ['b1']);
  });

  test('depends on three merges ("kaboom")', () => {
    const graph = graphOf('a1; a2; a3; amerge<a1,a2,a3; b1; b2; bmerge<b1,b2; c1; c2; c3; cmerge<c1,c2,c3; d1 +a3,b2,c1');
    expectRun(downgrade(graph, ['amerge', 'bmerge', 'cmerge', 'd1'], 'b2'), ['-bmerge'], ['amerge', 'b1', 'cmerge', 'd1'], 'b2 stays: d1 implies it');
    expectRun(downgrade(graph, ['amerge', 'd1', 'b1', 'cmerge'], 'd1@base'), ['-d1'], ['amerge', 'b1', 'b2', 'cmerge'], 'b2 comes back as a row');
    expectRun(
      downgrade(graph, ['amerge', 'b1', 'b2', 'cmerge'], 'base'),
      ['-amerge', '-a1', '-b1', '-b2', '-cmerge', '-c1', '-a2', '-a3', '-c2', '-c3'],
      [],
    );
  });

  test('criss-cross dependencies (#377): half of a merge point goes', () => {
    const graph = graphOf('a1; a2<a1; b1; b2<b1 +a2; b3<b2; a3<a2 +b1');
    expectRun(downgrade(graph, ['a3', 'b2'], 'b1'), ['-b2'], ['a3']);
  });

  test('dependsOn its own down revision (#843), normalized dependencies (#789), a merge of a dependency (#1373)', () => {
    const own = graphOf('a1; a2<a1 +a1');
    expectRun(upgrade(own, [], 'a2'), ['+a1', '+a2'], ['a2']);
    expectRun(downgrade(own, ['a2'], 'a1'), ['-a2'], ['a1']);
    const normalized = graphOf('a1; a2<a1; a3<a2; b1; b2<b1 +a3; b3<b2; b4<b3 +a3');
    expectRun(downgrade(normalized, ['b4'], 'b3'), ['-b4'], ['b3'], 'a3 is no row: b3 still implies it');
    const merge = graphOf('a1; b1 +a1; bmerge<a1,b1');
    expectRun(upgrade(merge, ['a1'], 'b1'), ['+b1'], ['b1']);
    expectRun(upgrade(merge, ['b1'], 'bmerge'), ['+bmerge'], ['bmerge']);
    expectRun(downgrade(merge, ['bmerge'], 'a1'), ['-bmerge'], ['b1']);
    expectRun(downgrade(merge, ['bmerge'], 'b1'), ['-bmerge'], ['b1']);
  });

  test('depends on a branch label', () => {
    const graph = graphOf('a1 [lib1]; b1<a1; c1<b1 [c1lib]; a2; b2<a2; c2<b2 +c1lib; d1<c1; e1<d1; f1<e1');
    expectRun(upgrade(graph, ['a2'], 'c2'), ['+a1', '+b1', '+c1', '+b2', '+c2'], ['c2']);
  });

  test('a forest: heads from base, stamp heads', () => {
    const graph = graphOf('a1; b1<a1; a2; b2<a2');
    expectRun(upgrade(graph, [], 'heads'), ['+a2', '+b2', '+a1', '+b1'], ['b1', 'b2']);
    assert.deepEqual(stamp(graph, [], ['heads']), ['b1', 'b2']);
    assert.deepEqual(stamp(graph, ['b1', 'b2'], ['heads']), ['b1', 'b2']);
  });

  test('a merged path: stamps across the merge point, upgrade and downgrade through it', () => {
    const graph = graphOf('a; b<a; c1<b; d1<c1; c2<b [c2branch]; d2<c2; e<d1,d2; f<e');
    assert.deepEqual(stamp(graph, ['e'], ['c2']), ['c2'], 'UPDATE e to c2');
    assert.deepEqual(stamp(graph, ['e'], ['a']), ['a']);
    assert.deepEqual(stamp(graph, ['c2'], ['e']), ['e']);
    assert.deepEqual(stamp(graph, ['d1', 'c2'], ['c2branch@head']), ['f'], 'DELETE d1, UPDATE c2 to f');
    assert.deepEqual(stamp(graph, ['d1', 'c2'], ['e']), ['e']);
    assert.deepEqual(stamp(graph, ['b'], ['e']), ['e']);
    expectRun(upgrade(graph, ['b'], 'f'), ['+c2', '+d2', '+c1', '+d1', '+e', '+f'], ['f']);
    expectRun(downgrade(graph, ['f'], 'b'), ['-f', '-e', '-d1', '-c1', '-d2', '-c2'], ['b']);
  });

  test('labelled branches with a cross dependency', () => {
    const graph = graphOf('a; b<a; c1<b [c1branch]; d1<c1; c2<b [c2branch]; d2<c2 +c1');
    expectRun(downgrade(graph, ['d1', 'd2'], 'c2branch@b'), ['-d2', '-c2'], ['d1'], 'c2branch goes down on its own');
    const run = downgrade(graph, ['d1', 'd2'], 'c1branch@b');
    expectRun(run, ['-c1', '-d1', '-d2'], ['c2'], 'taking c1branch down takes d2, which depends on it');
    assert.ok(run.steps.indexOf('-d2') < run.steps.indexOf('-c1'));
  });
});
