import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { RevisionHeader } from '../../src/revisions/header.js';
import { RevisionGraph } from '../../src/revisions/graph.js';
import { planDowngrade, planUpgrade } from '../../src/revisions/plans.js';
import { UsageError } from '../../src/errors.js';

function rev(
  revision: string,
  down: string | string[] | null,
  extra: { labels?: string[]; dependsOn?: string[]; file?: string } = {},
): RevisionHeader {
  return {
    revision,
    downRevisions: down === null ? [] : Array.isArray(down) ? down : [down],
    branchLabels: extra.labels ?? [],
    dependsOn: extra.dependsOn ?? [],
    message: undefined,
    transactional: true,
    file: extra.file ?? `/m/${revision}_x.ts`,
    shownAs: extra.file ?? `/m/${revision}_x.ts`,
    format: 'ts',
    checksum: '0'.repeat(64),
  };
}

function usageError(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof UsageError, `expected UsageError, got ${String(error)}`);
    assert.match(error.message, pattern);
    assert.doesNotMatch(error.message, /\n/, 'errors are one line');
    return true;
  };
}

const ids = (headers: RevisionHeader[]) => headers.map((h) => h.revision);
const sorted = (set: Set<string>) => [...set].sort();

describe('RevisionGraph shapes', () => {
  test('linear history', () => {
    const graph = RevisionGraph.build([rev('c3', 'b2'), rev('a1', null), rev('b2', 'a1')]);
    assert.deepEqual(ids(graph.all()), ['a1', 'b2', 'c3']);
    assert.deepEqual(graph.heads(), ['c3']);
    assert.deepEqual(graph.bases(), ['a1']);
    assert.deepEqual(graph.parents('b2'), ['a1']);
    assert.deepEqual(graph.children('a1'), ['b2']);
    assert.deepEqual(graph.children('c3'), []);
    assert.deepEqual(graph.requirements('c3'), ['b2']);
    assert.deepEqual(graph.branchPoints(), []);
    assert.deepEqual(sorted(graph.ancestors(['c3'])), ['a1', 'b2']);
    assert.deepEqual(sorted(graph.ancestors(['c3'], { inclusive: true })), ['a1', 'b2', 'c3']);
    assert.deepEqual(sorted(graph.descendants(['a1'])), ['b2', 'c3']);
    assert.deepEqual(sorted(graph.descendants(['a1'], { inclusive: true })), ['a1', 'b2', 'c3']);
    assert.deepEqual(graph.topological(['c3', 'a1']), ['a1', 'c3']);
    assert.equal(graph.has('b2'), true);
    assert.equal(graph.has('zz'), false);
    assert.equal(graph.get('b2').revision, 'b2');
    assert.throws(() => graph.get('zz'), usageError(/unknown revision 'zz'/));
    assert.throws(() => graph.parents('zz'), usageError(/unknown revision 'zz'/));
  });

  test('a branch keeps each line of work contiguous in all()', () => {
    const graph = RevisionGraph.build([
      rev('a1', null),
      rev('b2', 'a1'),
      rev('d1', 'b2'),
      rev('c1', 'b2'),
      rev('c2', 'c1'),
      rev('d2', 'd1'),
    ]);
    assert.deepEqual(ids(graph.all()), ['a1', 'b2', 'c1', 'c2', 'd1', 'd2']);
    assert.deepEqual(graph.heads(), ['c2', 'd2']);
    assert.deepEqual(graph.branchPoints(), ['b2']);
    assert.deepEqual(graph.children('b2'), ['c1', 'd1']);
    assert.deepEqual(sorted(graph.descendants(['c1'])), ['c2']);
  });

  test('a merge joins the branches into one head', () => {
    const graph = RevisionGraph.build([
      rev('a1', null),
      rev('b2', 'a1'),
      rev('c1', 'b2'),
      rev('d1', 'b2'),
      rev('m1', ['d1', 'c1']),
    ]);
    assert.deepEqual(graph.heads(), ['m1']);
    assert.deepEqual(graph.parents('m1'), ['d1', 'c1']);
    assert.deepEqual(ids(graph.all()), ['a1', 'b2', 'c1', 'd1', 'm1']);
    assert.deepEqual(sorted(graph.ancestors(['m1'])), ['a1', 'b2', 'c1', 'd1']);
    assert.deepEqual(graph.branchPoints(), ['b2']);
  });

  test('several bases are independent histories', () => {
    const graph = RevisionGraph.build([rev('y0', null), rev('x0', null), rev('x1', 'x0'), rev('y1', 'y0')]);
    assert.deepEqual(graph.bases(), ['x0', 'y0']);
    assert.deepEqual(graph.heads(), ['x1', 'y1']);
    assert.deepEqual(ids(graph.all()), ['x0', 'x1', 'y0', 'y1']);
  });

  test('dependsOn orders revisions without joining branches', () => {
    const graph = RevisionGraph.build([
      rev('x0', null, { labels: ['users'] }),
      rev('x1', 'x0'),
      rev('y0', null),
      rev('y1', 'y0', { dependsOn: ['x1'] }),
      rev('y2', 'y1', { dependsOn: ['users'] }),
    ]);
    assert.deepEqual(graph.requirements('y1'), ['y0', 'x1']);
    assert.deepEqual(graph.get('y2').dependsOn, ['x0'], 'a label in dependsOn resolves to its revision');
    assert.deepEqual(graph.heads(), ['x1', 'y2'], 'a dependency is still a head of its own branch');
    assert.deepEqual(graph.children('x1'), []);
    assert.deepEqual(graph.dependents('x1'), ['y1']);
    assert.deepEqual(sorted(graph.ancestors(['y1'])), ['x0', 'x1', 'y0']);
    assert.deepEqual(sorted(graph.descendants(['x1'])), ['y1', 'y2']);
    const order = ids(graph.all());
    assert.ok(order.indexOf('x1') < order.indexOf('y1'));
  });

  test('all() does not depend on the order of the input', () => {
    const headers = [rev('a1', null), rev('b2', 'a1'), rev('c1', 'b2'), rev('d1', 'b2'), rev('m1', ['c1', 'd1']), rev('z0', null)];
    const expected = ids(RevisionGraph.build(headers).all());
    assert.deepEqual(ids(RevisionGraph.build([...headers].reverse()).all()), expected);
    assert.deepEqual(ids(RevisionGraph.build([headers[3]!, headers[0]!, headers[5]!, headers[1]!, headers[4]!, headers[2]!]).all()), expected);
  });

  test('isAncestor follows requirements, exclusive unless asked', () => {
    const graph = RevisionGraph.build([rev('a1', null), rev('b2', 'a1'), rev('c1', 'b2'), rev('d1', 'b2')]);
    assert.equal(graph.isAncestor('a1', ['c1']), true);
    assert.equal(graph.isAncestor('c1', ['d1']), false);
    assert.equal(graph.isAncestor('c1', ['c1']), false);
    assert.equal(graph.isAncestor('c1', ['c1'], { inclusive: true }), true);
    assert.equal(graph.isAncestor('b2', ['d1', 'c1']), true);
  });
});

describe('RevisionGraph.resolveId', () => {
  const graph = RevisionGraph.build([
    rev('abcd1234', null),
    rev('abcd9999', 'abcd1234'),
    rev('ef012345', 'abcd9999', { labels: ['billing'] }),
  ]);

  test('full ids, unique prefixes of 4+ characters, and branch labels', () => {
    assert.equal(graph.resolveId('abcd1234'), 'abcd1234');
    assert.equal(graph.resolveId('ef01'), 'ef012345');
    assert.equal(graph.resolveId('abcd9'), 'abcd9999');
    assert.equal(graph.resolveId('billing'), 'ef012345');
  });

  test('short, ambiguous and unknown ids are usage errors', () => {
    assert.throws(() => graph.resolveId('ef0'), usageError(/'ef0' is too short.*at least 4/));
    assert.throws(() => graph.resolveId('abcd'), usageError(/'abcd' is ambiguous: abcd1234, abcd9999/));
    assert.throws(() => graph.resolveId('ffff'), usageError(/unknown revision 'ffff'/));
  });
});

describe('RevisionGraph.build validation', () => {
  test('duplicate revision ids name both files', () => {
    assert.throws(
      () => RevisionGraph.build([rev('a1', null, { file: '/m/a1_one.ts' }), rev('a1', null, { file: '/m/a1_two.sql' })]),
      usageError(/duplicate revision id 'a1' in \/m\/a1_one\.ts and \/m\/a1_two\.sql/),
    );
  });

  test('a downRevision that does not exist names the file', () => {
    assert.throws(
      () => RevisionGraph.build([rev('a1', null), rev('b2', 'zz')]),
      usageError(/b2_x\.ts: downRevision 'zz' does not exist/),
    );
  });

  test('a dependsOn that is neither a revision nor a label names the file', () => {
    assert.throws(
      () => RevisionGraph.build([rev('a1', null), rev('b2', 'a1', { dependsOn: ['nowhere'] })]),
      usageError(/b2_x\.ts: dependsOn 'nowhere' is neither a revision id nor a branch label/),
    );
  });

  test('cycles are found, with the revisions and files involved', () => {
    assert.throws(
      () => RevisionGraph.build([rev('a1', null), rev('b2', ['a1', 'c3']), rev('c3', 'b2')]),
      usageError(/revision cycle: (b2 -> c3 -> b2|c3 -> b2 -> c3).*b2_x\.ts/),
    );
    assert.throws(() => RevisionGraph.build([rev('s1', 's1')]), usageError(/revision cycle: s1 -> s1/));
    assert.throws(
      () => RevisionGraph.build([rev('a1', null), rev('b2', 'a1', { dependsOn: ['c3'] }), rev('c3', 'b2')]),
      usageError(/revision cycle/),
      'a dependsOn edge can close a cycle too',
    );
  });

  test('duplicate branch labels name both revisions', () => {
    assert.throws(
      () => RevisionGraph.build([rev('a1', null, { labels: ['x'] }), rev('b2', 'a1', { labels: ['x'] })]),
      usageError(/branch label 'x' is declared by both a1 \(\/m\/a1_x\.ts\) and b2 \(\/m\/b2_x\.ts\)/),
    );
  });

  test('a branch label may not shadow a revision id', () => {
    assert.throws(
      () => RevisionGraph.build([rev('a1', null), rev('b2', 'a1', { labels: ['a1'] })]),
      usageError(/branch label 'a1' is also a revision id/),
    );
  });

  test('an empty history is a valid graph', () => {
    const graph = RevisionGraph.build([]);
    assert.deepEqual(graph.heads(), []);
    assert.deepEqual(graph.all(), []);
  });
});

describe('deep histories', () => {
  test('a 10,000-deep chain builds, walks and plans without recursion', () => {
    const depth = 10_000;
    const headers: RevisionHeader[] = [];
    for (let i = 0; i < depth; i++) headers.push(rev(`r${String(i).padStart(5, '0')}`, i === 0 ? null : `r${String(i - 1).padStart(5, '0')}`));
    const graph = RevisionGraph.build(headers.reverse());
    const head = 'r09999';
    assert.deepEqual(graph.heads(), [head]);
    assert.deepEqual(graph.bases(), ['r00000']);
    assert.equal(graph.all().length, depth);
    assert.equal(graph.ancestors([head]).size, depth - 1);
    assert.equal(graph.descendants(['r00000']).size, depth - 1);
    assert.equal(graph.isAncestor('r00000', [head]), true);
    const up = planUpgrade(graph, [], 'head');
    assert.equal(up.length, depth);
    assert.equal(up[0]?.revision, 'r00000');
    const down = planDowngrade(graph, [head], 'base');
    assert.equal(down.length, depth);
    assert.equal(down[0]?.revision, head);
    assert.deepEqual(planDowngrade(graph, [head], '-2').map((s) => s.revision), ['r09999', 'r09998']);
  });

  test('a 10,000-long cycle is reported, not a stack overflow', () => {
    const headers: RevisionHeader[] = [];
    for (let i = 0; i < 10_000; i++) headers.push(rev(`c${i}`, `c${(i + 1) % 10_000}`));
    assert.throws(() => RevisionGraph.build(headers), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /revision cycle: c0 -> .*\(10000 revisions\)/);
      assert.ok(error.message.length < 300, 'the message stays readable');
      return true;
    });
  });
});

describe('RevisionGraph: a squash and the range it replaces are alternatives', () => {
  const squash = (replaces: string[], down: string | null) => ({ ...rev('sq', down), replaces });
  const folder = () => [rev('a', null), rev('b', 'a'), rev('c', 'b'), rev('d', 'c'), rev('e', 'd'), squash(['b', 'c', 'd'], 'a')];

  test('the squash stands in under the range\'s last id: a database at a or d, or none, sees a → d(squash) → e', () => {
    const graph = RevisionGraph.build(folder());
    assert.deepEqual(ids(graph.all()), ['a', 'd', 'e']);
    assert.equal(graph.get('d').file, '/m/sq_x.ts');
    assert.deepEqual(graph.get('d').squash?.replaces, ['b', 'c', 'd']);
    for (const heads of [[], ['a'], ['d'], ['e']]) assert.equal(graph.forHeads(heads), graph);
    assert.deepEqual(planUpgrade(graph, ['a'], 'head').map((s) => s.revision), ['d', 'e']);
  });

  test('a database inside the range gets the originals', () => {
    const inside = RevisionGraph.build(folder()).forHeads(['c']);
    assert.deepEqual(ids(inside.all()), ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(planUpgrade(inside, ['c'], 'head').map((s) => s.revision), ['d', 'e']);
  });

  test('originals deleted: the squash alone; a database inside is told to restore them; partly deleted is refused', () => {
    const gone = RevisionGraph.build([rev('a', null), rev('e', 'd'), squash(['b', 'c', 'd'], 'a')]);
    assert.deepEqual(ids(gone.all()), ['a', 'd', 'e']);
    assert.throws(() => gone.forHeads(['b']), usageError(/inside the range squash sq replaced, and the replaced files were deleted: restore them/));
    assert.throws(() => RevisionGraph.build([rev('a', null), rev('b', 'a'), rev('e', 'd'), squash(['b', 'c', 'd'], 'a')]), usageError(/c, d are missing from the folder/));
  });

  test('a range that is not one line is refused', () => {
    assert.throws(() => RevisionGraph.build([...folder(), rev('x', 'c')]), usageError(/x .* builds on c, inside the squashed range/));
    assert.throws(() => RevisionGraph.build([rev('a', null), rev('b', 'a'), rev('c', 'a'), squash(['b', 'c'], 'a')]), usageError(/linear range oldest first/));
  });
});
