// Running revision commands on the pure graph code, as the runner does: the plan's steps folded through
// nextHeads, each step checked to be applicable when it runs. Shared by the conformance and property tests.
import assert from 'node:assert/strict';
import type { RevisionGraph } from '../../src/revisions/graph.js';
import { planDowngrade, planUpgrade } from '../../src/revisions/plans.js';
import { planStamp } from '../../src/revisions/stamp.js';
import { nextHeads, type Step } from '../../src/revisions/version-rows.js';

export interface Run {
  /** `+id` applied, `-id` unapplied, in order */
  steps: string[];
  /** version rows after, sorted */
  rows: string[];
}

/** Folds steps over the rows; an up step must find its requirements applied, a down step its revision a row. */
export function fold(graph: RevisionGraph, rows: string[], steps: Step[]): Run {
  let heads = [...rows];
  for (const step of steps) {
    if (step.direction === 'up') {
      const applied = graph.ancestors(heads, { inclusive: true });
      for (const requirement of graph.requirements(step.revision)) {
        assert.ok(applied.has(requirement), `${step.revision} runs before its requirement ${requirement}`);
      }
    }
    heads = nextHeads(graph, heads, step).heads;
  }
  return { steps: steps.map((s) => `${s.direction === 'up' ? '+' : '-'}${s.revision}`), rows: [...heads].sort() };
}

export function upgrade(graph: RevisionGraph, rows: string[], target: string): Run {
  return fold(graph, rows, planUpgrade(graph, rows, target));
}

export function downgrade(graph: RevisionGraph, rows: string[], target: string): Run {
  return fold(graph, rows, planDowngrade(graph, rows, target));
}

export function stamp(graph: RevisionGraph, rows: string[], targets: string[], opts: { purge?: boolean } = {}): string[] {
  return [...planStamp(graph, rows, targets, opts).heads].sort();
}

/** The revisions a set of version rows claims are applied. */
export function appliedBy(graph: RevisionGraph, rows: readonly string[]): Set<string> {
  return graph.ancestors(rows, { inclusive: true });
}
