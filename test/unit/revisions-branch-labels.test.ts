// Where a branch label spreads (branch-labels.ts), against what Alembic 1.8.1's RevisionMap gave for the same
// revisions (`branch_labels` of each, printed with /usr/bin/python3). scripts/alembic-differential compares random
// graphs too (its `labels` cases).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { carriedLabels } from '../../src/revisions/branch-labels.js';
import { buildGraph, type RevisionSpec } from '../support/revision-graphs.js';

const spec = (id: string, down: string[], deps: string[] = [], labels: string[] = []): RevisionSpec => ({ id, down, deps, labels });

function labels(specs: RevisionSpec[]): Record<string, string[]> {
  const carried = carriedLabels(buildGraph(specs));
  return Object.fromEntries(specs.map((s) => [s.id, [...(carried.get(s.id) ?? [])].sort()]));
}

test('a dependsOn makes a branch point: the label stops above it, as in Alembic', () => {
  // x1 has a child and a dependent; p3 has two dependents (Alembic: a "real" branch point, all_nextrev > 1)
  assert.deepEqual(
    labels([
      spec('x1', []),
      spec('x2', ['x1'], [], ['lbl']),
      spec('x3', ['x2']),
      spec('y1', [], ['x1']),
      spec('p1', []),
      spec('p2', ['p1']),
      spec('p3', ['p2'], [], ['top']),
      spec('q1', [], ['p3']),
      spec('q2', [], ['p3']),
    ]),
    { x1: [], x2: ['lbl'], x3: ['lbl'], y1: [], p1: [], p2: [], p3: ['top'], q1: [], q2: [] },
  );
});

test('a plain line reaches its base; a label carried through a merge reaches everything above it', () => {
  assert.deepEqual(
    labels([spec('z1', []), spec('z2', ['z1']), spec('z3', ['z2'], [], ['z']), spec('w1', []), spec('m1', ['z3', 'w1']), spec('m2', ['m1'])]),
    // z3's descendants meet a merge: Alembic's walk down starts above it and stops at m1, so z1, z2 stay bare
    { z1: [], z2: [], z3: ['z'], w1: [], m1: ['z'], m2: ['z'] },
  );
  assert.deepEqual(labels([spec('z1', []), spec('z2', ['z1']), spec('z3', ['z2'], [], ['z']), spec('z4', ['z3'])]), {
    z1: ['z'],
    z2: ['z'],
    z3: ['z'],
    z4: ['z'],
  });
});
