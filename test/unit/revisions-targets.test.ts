import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { RevisionHeader } from '../../src/revisions/header.js';
import { RevisionGraph } from '../../src/revisions/graph.js';
import { planDowngrade, planUpgrade } from '../../src/revisions/plans.js';
import { resolveTarget } from '../../src/revisions/targets.js';
import { nextHeads, type Step, type VersionChange } from '../../src/revisions/version-rows.js';
import { UsageError } from '../../src/errors.js';

function rev(revision: string, down: string | string[] | null, extra: { labels?: string[]; dependsOn?: string[] } = {}): RevisionHeader {
  return {
    revision,
    downRevisions: down === null ? [] : Array.isArray(down) ? down : [down],
    branchLabels: extra.labels ?? [],
    dependsOn: extra.dependsOn ?? [],
    message: undefined,
    transactional: true,
    file: `/m/${revision}_x.ts`,
    shownAs: `/m/${revision}_x.ts`,
    format: 'ts',
    checksum: '0'.repeat(64),
  };
}

function usageError(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof UsageError, `expected UsageError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  };
}

// a ← b ← c1 ← c2   (branch label `users` on c1)
//       ↖ d1         (branch label `todos`)
// and, in `merged`, m ← [c2, d1]
const A = 'aaaa0001';
const B = 'bbbb0002';
const C1 = 'cccc0001';
const C2 = 'cccc0002';
const D1 = 'dddd0001';
const M = 'eeee0001';
const branchedHeaders = [rev(A, null), rev(B, A), rev(C1, B, { labels: ['users'] }), rev(C2, C1), rev(D1, B, { labels: ['todos'] })];
const branched = RevisionGraph.build(branchedHeaders);
const merged = RevisionGraph.build([...branchedHeaders, rev(M, [C2, D1])]);

const revisionsOf = (steps: Step[]) => steps.map((s) => `${s.direction === 'up' ? '+' : '-'}${s.revision}`);

describe('resolveTarget: named targets', () => {
  test('head, heads and base', () => {
    assert.deepEqual(resolveTarget(merged, 'head', []), [M]);
    assert.deepEqual(resolveTarget(branched, 'heads', []), [C2, D1]);
    assert.deepEqual(resolveTarget(branched, 'base', [C2]), []);
  });

  test('`head` with several heads tells how to pick one', () => {
    assert.throws(
      () => resolveTarget(branched, 'head', []),
      (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.equal(
          error.message,
          `multiple heads (${C2}, ${D1}): name one, use \`heads\` or \`LABEL@head\` (see \`athanor heads\`), or join them with \`athanor merge heads -m "merge branches"\``,
        );
        return true;
      },
    );
  });

  test('full ids, unique prefixes and labels', () => {
    assert.deepEqual(resolveTarget(merged, C1, []), [C1]);
    assert.deepEqual(resolveTarget(merged, 'dddd', []), [D1]);
    assert.deepEqual(resolveTarget(merged, 'eeee00', []), [M]);
    assert.deepEqual(resolveTarget(merged, 'users', []), [C1]);
  });

  test('short, ambiguous and unknown ids', () => {
    assert.throws(() => resolveTarget(merged, 'ccc', []), usageError(/too short/));
    assert.throws(() => resolveTarget(merged, 'cccc', []), usageError(/ambiguous: cccc0001, cccc0002/));
    assert.throws(() => resolveTarget(merged, 'ffff', []), usageError(/unknown revision 'ffff'/));
    assert.throws(() => resolveTarget(merged, '', []), usageError(/empty/));
  });

  test('an unknown current head is reported as such', () => {
    assert.throws(() => planUpgrade(merged, ['zzzz9999'], 'head'), usageError(/database is at revision 'zzzz9999', which no migration file declares/));
  });
});

describe('resolveTarget: relative targets', () => {
  test('+N and -N from the single current head', () => {
    assert.deepEqual(resolveTarget(merged, '+1', []), [A]);
    assert.deepEqual(resolveTarget(merged, '+2', []), [B]);
    assert.deepEqual(resolveTarget(merged, '+1', [C1]), [C2]);
    assert.deepEqual(resolveTarget(merged, '+2', [C1]), [M]);
    assert.deepEqual(resolveTarget(merged, '-1', [C2]), [C1]);
    assert.deepEqual(resolveTarget(merged, '-4', [C2]), []);
    assert.deepEqual(resolveTarget(merged, '-1', [M]), [C2, D1], "-1 from a merge lands on the merge's parents");
  });

  test('walking across a branch point, a merge, or from several heads is refused', () => {
    assert.throws(() => resolveTarget(merged, '+1', [B]), usageError(/'\+1' is ambiguous: bbbb0002 is a branch point \(children cccc0001, dddd0001\)/));
    assert.throws(() => resolveTarget(merged, '-2', [M]), usageError(/'-2' is ambiguous: eeee0001 is a merge of cccc0002, dddd0001/));
    assert.throws(() => resolveTarget(branched, '-1', [C2, D1]), usageError(/'-1' is ambiguous: the database has several heads \(cccc0002, dddd0001\).*LABEL@-1/));
    assert.throws(() => resolveTarget(branched, '+1', [C1, D1]), usageError(/several heads/));
    const twoBases = RevisionGraph.build([rev('x000', null), rev('y000', null)]);
    assert.throws(() => resolveTarget(twoBases, '+1', []), usageError(/several bases \(x000, y000\)/));
  });

  test('walking past a head or below base is refused', () => {
    assert.throws(() => resolveTarget(merged, '+2', [C2]), usageError(/cannot upgrade 2 steps: only 1 revision above the current head cccc0002/));
    assert.throws(() => planDowngrade(merged, [C2], '-5'), usageError(/^cannot downgrade 5 steps: only 4 applied$/));
    assert.throws(() => planDowngrade(merged, [], '-1'), usageError(/^cannot downgrade 1 step: nothing is applied$/));
  });

  test('REV+N and REV-N walk from a named revision', () => {
    assert.deepEqual(resolveTarget(merged, `${A}+1`, []), [B]);
    assert.deepEqual(resolveTarget(merged, 'cccc0001+2', []), [M]);
    assert.deepEqual(resolveTarget(merged, 'dddd-2', []), [A]);
    assert.deepEqual(resolveTarget(merged, `${A}-1`, []), []);
    assert.deepEqual(resolveTarget(merged, 'head-1', []), [C2, D1]);
    assert.deepEqual(resolveTarget(merged, 'base+1', []), [A]);
    assert.deepEqual(resolveTarget(merged, 'users+1', []), [C2]);
    assert.throws(() => resolveTarget(merged, `${A}-2`, []), usageError(/cannot go 2 steps down from aaaa0001: only 1 revision below it/));
    assert.throws(() => resolveTarget(merged, `${M}+1`, []), usageError(/cannot go 1 step up from eeee0001: only 0 revisions above it/));
    assert.throws(() => resolveTarget(merged, `${B}+1`, []), usageError(/bbbb0002 is a branch point/));
    assert.throws(() => resolveTarget(merged, 'ffff+1', []), usageError(/unknown revision 'ffff'/));
  });

  test('an id containing a dash is found before any relative reading', () => {
    const graph = RevisionGraph.build([rev('2024-01', null), rev('2024-02', '2024-01')]);
    assert.deepEqual(resolveTarget(graph, '2024-01', []), ['2024-01']);
    assert.deepEqual(resolveTarget(graph, '2024-02-1', []), ['2024-01']);
  });
});

describe('resolveTarget: branch labels', () => {
  test('LABEL@head follows the branch to its head', () => {
    assert.deepEqual(resolveTarget(branched, 'users@head', []), [C2]);
    assert.deepEqual(resolveTarget(branched, 'todos@head', []), [D1]);
    assert.deepEqual(resolveTarget(merged, 'users@head', []), [M]);
  });

  test('LABEL@+N / LABEL@-N move along that branch only', () => {
    assert.deepEqual(resolveTarget(branched, 'users@+1', [B]), [C1]);
    assert.deepEqual(resolveTarget(branched, 'users@+2', [D1]), [C2]);
    assert.deepEqual(resolveTarget(branched, 'todos@+1', [C2]), [D1]);
    assert.deepEqual(resolveTarget(branched, 'users@-1', [C2, D1]), [C1]);
    assert.deepEqual(resolveTarget(branched, 'users@+1', []), [A], 'from nothing applied, +1 walks up from base, along the branch (Alembic)');
    assert.throws(() => resolveTarget(branched, 'users@+3', [C1]), usageError(/cannot upgrade 3 steps on branch 'users': only 1 revision above/));
    // down walks may leave the branch, as Alembic's do: todos@-2 ends at a, so everything above a goes
    assert.deepEqual(new Set(revisionsOf(planDowngrade(branched, [C2, D1], 'todos@-2'))), new Set([`-${C2}`, `-${C1}`, `-${D1}`, `-${B}`]));
    assert.deepEqual(revisionsOf(planDowngrade(branched, [B], 'users@-1')), [`-${B}`], 'b is on the lineage of users');
    assert.throws(() => planDowngrade(branched, [C2, D1], 'todos@-4'), usageError(/cannot downgrade 4 steps on branch 'todos': only 3 applied/));
    assert.throws(() => planDowngrade(branched, [D1], 'users@-1'), usageError(/cannot downgrade 1 step on branch 'users': nothing on it is applied/));
  });

  test('LABEL@base, LABEL@REV and bad labels', () => {
    assert.deepEqual(resolveTarget(branched, 'users@base', []), [], 'LABEL@base names base, as in Alembic');
    assert.deepEqual(resolveTarget(branched, 'users@cccc0002', []), [C2]);
    assert.throws(() => resolveTarget(branched, 'users@dddd', []), usageError(/dddd0001 is not on branch 'users'/));
    assert.throws(() => resolveTarget(branched, 'nope@head', []), usageError(/unknown branch 'nope'/));
    assert.throws(() => resolveTarget(branched, 'cccc@head', []), usageError(/branch 'cccc' is ambiguous: the revisions cccc0001, cccc0002 start with it/));
  });

  test('a label declared mid-line covers its plain ancestors down to the branch point', () => {
    const graph = RevisionGraph.build([rev('r001', null), rev('r002', 'r001'), rev('r003', 'r002', { labels: ['main'] })]);
    assert.deepEqual(resolveTarget(graph, 'main@base', []), []);
    assert.deepEqual(revisionsOf(planDowngrade(graph, ['r003'], 'main@base')), ['-r003', '-r002', '-r001']);
  });
});

describe('plans', () => {
  test('upgrade applies what the target needs and the database lacks, requirements first', () => {
    assert.deepEqual(revisionsOf(planUpgrade(merged, [], 'head')), [`+${A}`, `+${B}`, `+${C1}`, `+${C2}`, `+${D1}`, `+${M}`]);
    assert.deepEqual(revisionsOf(planUpgrade(merged, [C1], D1)), [`+${D1}`]);
    assert.deepEqual(revisionsOf(planUpgrade(branched, [C1], 'heads')), [`+${C2}`, `+${D1}`]);
    assert.deepEqual(revisionsOf(planUpgrade(branched, [], 'todos@head')), [`+${A}`, `+${B}`, `+${D1}`]);
  });

  test('upgrading to something applied is an empty plan; downgrading to something not applied is refused', () => {
    assert.deepEqual(planUpgrade(merged, [C2], B), []);
    assert.deepEqual(planUpgrade(merged, [C2], C2), []);
    assert.deepEqual(planUpgrade(merged, [C2], 'base'), []);
    assert.throws(() => planDowngrade(merged, [C2], D1), usageError(/cannot downgrade to dddd0001: it is not applied.*athanor upgrade dddd0001/));
    assert.deepEqual(planDowngrade(merged, [], 'base'), []);
    assert.throws(() => planUpgrade(merged, [C2], 'ffff0000'), usageError(/unknown revision/));
    assert.throws(() => planDowngrade(merged, [C2], 'ffff0000'), usageError(/unknown revision/));
  });

  test('downgrade unapplies the applied descendants of the target, newest first', () => {
    assert.deepEqual(revisionsOf(planDowngrade(merged, [M], B)), [`-${M}`, `-${D1}`, `-${C2}`, `-${C1}`]);
    assert.deepEqual(revisionsOf(planDowngrade(merged, [M], C1)), [`-${M}`, `-${C2}`], 'd1 is not above c1: it stays');
    assert.deepEqual(revisionsOf(planDowngrade(branched, [C2, D1], B)), [`-${D1}`, `-${C2}`, `-${C1}`]);
    assert.deepEqual(revisionsOf(planDowngrade(branched, [C2, D1], 'users@base')), [`-${C2}`, `-${C1}`], 'only that branch');
    assert.deepEqual(revisionsOf(planDowngrade(branched, [C2, D1], 'base')), [`-${D1}`, `-${C2}`, `-${C1}`, `-${B}`, `-${A}`]);
    assert.deepEqual(revisionsOf(planDowngrade(merged, [M], '-1')), [`-${M}`]);
  });

  test('-N undoes the walked revisions and what sits on them, nothing beside them', () => {
    // y1 depends on the other history x; walking y down to base must leave x alone
    const twoHistories = RevisionGraph.build([rev('x000', null), rev('x001', 'x000'), rev('y000', null), rev('y001', 'y000', { dependsOn: ['x001'] })]);
    const down = planDowngrade(twoHistories, ['y001'], '-2');
    assert.deepEqual(revisionsOf(down), ['-y001', '-y000']);
    assert.deepEqual(run(twoHistories, ['y001'], down).heads, ['x001']);
    // x depends on its sibling q: -1 from x keeps q
    const siblings = RevisionGraph.build([rev('p000', null), rev('q000', 'p000'), rev('x000', 'p000', { dependsOn: ['q000'] })]);
    const one = planDowngrade(siblings, ['x000'], '-1');
    assert.deepEqual(revisionsOf(one), ['-x000']);
    assert.deepEqual(run(siblings, ['x000'], one).heads, ['q000']);
    assert.deepEqual(revisionsOf(planDowngrade(siblings, ['x000'], 'p000')), ['-x000', '-q000'], 'a named target still takes everything above it');
  });
});

/** Folds a plan through nextHeads, collecting the version-table changes. */
function run(graph: RevisionGraph, heads: string[], steps: Step[]): { heads: string[]; changes: VersionChange[] } {
  const changes: VersionChange[] = [];
  for (const step of steps) {
    const next = nextHeads(graph, heads, step);
    changes.push(next.change);
    heads = next.heads;
  }
  return { heads, changes };
}

const update = (from: string, to: string): VersionChange => ({ inserts: [], deletes: [], updates: [{ from, to }] });
const insert = (id: string): VersionChange => ({ inserts: [id], deletes: [], updates: [] });
const remove = (id: string): VersionChange => ({ inserts: [], deletes: [id], updates: [] });

describe('nextHeads', () => {
  test('branch → merge → downgrade back to base', () => {
    let state = run(merged, [], planUpgrade(merged, [], B));
    assert.deepEqual(state, { heads: [B], changes: [insert(A), update(A, B)] }, 'a linear history is one row, updated');

    state = run(merged, state.heads, planUpgrade(merged, state.heads, 'users@+2'));
    assert.deepEqual(state, { heads: [C2], changes: [update(B, C1), update(C1, C2)] });

    state = run(merged, state.heads, planUpgrade(merged, state.heads, 'todos'));
    assert.deepEqual(state, { heads: [C2, D1], changes: [insert(D1)] }, 'a second branch is a second row');

    state = run(merged, state.heads, planUpgrade(merged, state.heads, 'head'));
    assert.deepEqual(state, { heads: [M], changes: [{ inserts: [], deletes: [D1], updates: [{ from: C2, to: M }] }] });

    state = run(merged, state.heads, planDowngrade(merged, state.heads, '-1'));
    assert.deepEqual(state, { heads: [C2, D1], changes: [{ inserts: [D1], deletes: [], updates: [{ from: M, to: C2 }] }] });

    state = run(merged, state.heads, planDowngrade(merged, state.heads, 'todos@base'));
    assert.deepEqual(state, { heads: [C2], changes: [remove(D1)] }, 'b is still required by c2');

    state = run(merged, state.heads, planDowngrade(merged, state.heads, 'base'));
    assert.deepEqual(state, { heads: [], changes: [update(C2, C1), update(C1, B), update(B, A), remove(A)] });
  });

  test('dependsOn: the dependency leaves the table while its dependent is applied, and returns after', () => {
    const graph = RevisionGraph.build([rev('x000', null), rev('x001', 'x000'), rev('y000', null), rev('y001', 'y000', { dependsOn: ['x001'] })]);
    const up = planUpgrade(graph, [], 'y001');
    assert.deepEqual(revisionsOf(up), ['+x000', '+x001', '+y000', '+y001']);
    let state = run(graph, [], up);
    assert.deepEqual(state.heads, ['y001']);
    assert.deepEqual(state.changes.at(-1), { inserts: [], deletes: ['x001'], updates: [{ from: 'y000', to: 'y001' }] });

    const down = planDowngrade(graph, state.heads, 'x000');
    assert.deepEqual(revisionsOf(down), ['-y001', '-x001'], 'the dependent goes before what it depends on');
    state = run(graph, state.heads, down);
    assert.deepEqual(state.heads, ['y000', 'x000']);
    assert.deepEqual(state.changes, [
      { inserts: ['x001'], deletes: [], updates: [{ from: 'y001', to: 'y000' }] },
      update('x001', 'x000'),
    ]);
  });

  test('a requirement another requirement already covers does not come back as a head', () => {
    // c depends on a, which b (its parent) already requires
    const graph = RevisionGraph.build([rev('a000', null), rev('b000', 'a000'), rev('c000', 'b000', { dependsOn: ['a000'] })]);
    assert.deepEqual(nextHeads(graph, ['c000'], { revision: 'c000', direction: 'down' }), { heads: ['b000'], change: update('c000', 'b000') });
    assert.deepEqual(nextHeads(graph, ['b000'], { revision: 'c000', direction: 'up' }), { heads: ['c000'], change: update('b000', 'c000') });
  });

  test('refuses steps that do not fit the current heads', () => {
    assert.throws(() => nextHeads(merged, [C2], { revision: C1, direction: 'down' }), usageError(/cannot unapply cccc0001: it is not a current head \(heads: cccc0002\)/));
    assert.throws(() => nextHeads(merged, [C2], { revision: C2, direction: 'up' }), usageError(/already applied/));
    assert.throws(() => nextHeads(merged, [C2], { revision: 'zzzz', direction: 'up' }), usageError(/unknown revision 'zzzz'/));
  });
});
