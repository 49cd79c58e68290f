// Property test of revision targets: random graphs (branches, merges, several bases, labels, dependsOn on ids
// and labels), random start states and targets in every form; the version rows and the applied set after
// upgrade, downgrade and stamp must satisfy Alembic's definitions, written as invariants. A target athanor
// refuses must be refused with a UsageError (exit 2) and leave nothing to run; the test checks that enough
// targets are accepted for the invariants to mean something. CI pins the seed (test/support/fixed-seed.ts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UsageError } from '../../src/errors.js';
import type { RevisionGraph } from '../../src/revisions/graph.js';
import { onLineage, splitBranch, branchRevision } from '../../src/revisions/identifiers.js';
import { planStamp } from '../../src/revisions/stamp.js';
import { downgradeTarget, resolveTarget, upgradeTargets } from '../../src/revisions/targets.js';
import { buildGraph, graphCaseArbitrary, rowsOf, targetArbitrary, type GraphCase } from '../support/revision-graphs.js';
import { appliedBy, downgrade, upgrade } from '../support/revision-runs.js';

const RUNS = 400;
const caseWithTarget = graphCaseArbitrary.chain((g) => fc.tuple(fc.constant(g), targetArbitrary(g.revisions)));

/** Runs fn; a UsageError is a refusal (undefined), anything else fails the property. */
function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (error instanceof UsageError) return undefined;
    throw error;
  }
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

function checkTable(graph: RevisionGraph, rows: string[]): void {
  const applied = appliedBy(graph, rows);
  assert.deepEqual(rows, rowsOf(graph, applied), 'the version table holds exactly the minimal applied revisions');
}

/** Counts accepted cases so a property cannot pass by refusing everything. */
function property(name: string, check: (g: GraphCase, target: string) => boolean, minimumShare: number): void {
  test(name, () => {
    let accepted = 0;
    fc.assert(
      fc.property(caseWithTarget, ([g, target]) => {
        if (check(g, target)) accepted++;
      }),
      { numRuns: RUNS },
    );
    assert.ok(accepted >= RUNS * minimumShare, `only ${accepted} of ${RUNS} targets were accepted`);
  });
}

describe('revision targets satisfy Alembic’s definitions on random graphs (property)', () => {
  property(
    'upgrade to X leaves X and everything it requires applied, unapplies nothing, and runs nothing else',
    (g, target) => {
      const graph = buildGraph(g.revisions);
      const targets = attempt(() => upgradeTargets(graph, g.rows, target));
      const run = attempt(() => upgrade(graph, g.rows, target));
      assert.equal(run === undefined, targets === undefined, 'the plan and its targets are refused together');
      if (!run || !targets) return false;
      const before = appliedBy(graph, g.rows);
      const after = appliedBy(graph, run.rows);
      const wanted = graph.ancestors(targets, { inclusive: true });
      assert.deepEqual(sorted(after), sorted(new Set([...before, ...wanted])));
      assert.deepEqual(sorted(run.steps), sorted([...wanted].filter((id) => !before.has(id)).map((id) => `+${id}`)));
      checkTable(graph, run.rows);
      const relative = /^(?:(.+)@)?([+-]\d+)$/.exec(target);
      if (relative?.[1] !== undefined && relative[2]?.startsWith('+')) {
        const anchor = branchRevision(graph, relative[1]);
        for (const id of targets) assert.ok(graph.lineage(anchor).has(id), `${target} ends on the branch of ${anchor}`);
      }
      return true;
    },
    0.4,
  );

  property(
    'downgrade to X leaves X applied and unapplies exactly what was built on it (its children there, and their dependents)',
    (g, target) => {
      const graph = buildGraph(g.revisions);
      const resolved = attempt(() => downgradeTarget(graph, g.rows, target));
      const run = attempt(() => downgrade(graph, g.rows, target));
      if (!run || !resolved) return false;
      const before = appliedBy(graph, g.rows);
      const after = appliedBy(graph, run.rows);
      const removed = [...before].filter((id) => !after.has(id));
      for (const id of after) assert.ok(before.has(id), `downgrade applied ${id}`);
      for (const id of removed) {
        for (const dependent of graph.dependents(id)) assert.ok(!after.has(dependent), `${dependent} stays applied without ${id}`);
      }
      assert.deepEqual(sorted(run.steps), sorted(removed.map((id) => `-${id}`)));
      checkTable(graph, run.rows);
      const { revision } = resolved;
      if (revision !== null) {
        if (before.has(revision)) assert.ok(after.has(revision), `${target}: ${revision} stays applied`);
        const built = graph.descendants(graph.children(revision), { inclusive: true });
        for (const id of removed) assert.ok(built.has(id), `${target}: ${id} was not built on ${revision}`);
        if (resolved.branch === undefined) assert.deepEqual(sorted(removed), sorted([...built].filter((id) => before.has(id))));
      } else if (resolved.merge === undefined && resolved.branch === undefined) {
        assert.deepEqual(run.rows, [], `${target}: base leaves nothing applied`);
      }
      return true;
    },
    0.25,
  );

  property(
    'stamp X moves only the rows on X’s branch: every other applied revision stays applied, and X becomes a row',
    (g, target) => {
      const graph = buildGraph(g.revisions);
      const plan = attempt(() => planStamp(graph, g.rows, [target]));
      if (!plan) return false;
      const targets = resolveTarget(graph, target, g.rows);
      const { branch } = splitBranch(target);
      const anchors = [...(branch === undefined ? [] : [branchRevision(graph, branch)]), ...targets];
      const moving = new Set(onLineage(graph, g.rows, anchors, true));
      const after = appliedBy(graph, plan.heads);
      for (const row of g.rows.filter((id) => !moving.has(id))) {
        assert.ok(plan.heads.includes(row), `${target}: row ${row}, off the target's branch, stays a row`);
        for (const id of graph.ancestors([row], { inclusive: true })) assert.ok(after.has(id), `${target}: ${id} stays applied`);
      }
      for (const id of targets) assert.ok(plan.heads.includes(id), `${target}: ${id} becomes a row`);
      if (targets.length === 0) assert.deepEqual(sorted(plan.heads), sorted(g.rows.filter((id) => !moving.has(id))), `${target}: base deletes the branch's rows`);
      // relative targets count from the rows, which --purge has emptied: compare absolute ones only
      const purged = /[+-]\d+$/.test(target) ? undefined : planStamp(graph, g.rows, [target], { purge: true });
      if (purged) assert.deepEqual(sorted(purged.heads), sorted(targets), '--purge: exactly the targets');
      return true;
    },
    0.4,
  );
});
