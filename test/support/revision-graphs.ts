// Random revision graphs and targets for the revision-target property test and the Alembic differential
// (scripts/alembic-differential): branches, merges of heads, several bases, branch labels and dependsOn (on ids
// and labels), ids that share 4-character prefixes; targets in every form of Alembic's grammar.
import fc from 'fast-check';
import type { RevisionHeader } from '../../src/revisions/header.js';
import { RevisionGraph } from '../../src/revisions/graph.js';

export interface RevisionSpec {
  id: string;
  down: string[];
  deps: string[];
  labels: string[];
}

export interface GraphCase {
  revisions: RevisionSpec[];
  /** the database's version rows before the command (minimal heads of an applied set) */
  rows: string[];
}

export function header(spec: RevisionSpec): RevisionHeader {
  return {
    revision: spec.id,
    downRevisions: spec.down,
    branchLabels: spec.labels,
    dependsOn: spec.deps,
    message: undefined,
    transactional: true,
    file: `/m/${spec.id}_x.ts`,
    shownAs: `migrations/${spec.id}_x.ts`,
    format: 'ts',
    checksum: '0'.repeat(64),
  };
}

export function buildGraph(revisions: RevisionSpec[]): RevisionGraph {
  return RevisionGraph.build(revisions.map(header));
}

/** The minimal revisions of an applied set (closed under requirements): what the version table holds. */
export function rowsOf(graph: RevisionGraph, applied: ReadonlySet<string>): string[] {
  return [...applied].filter((id) => !graph.dependents(id).some((d) => applied.has(d))).sort();
}

interface Choice {
  /** 0 new base, 1 child of the previous revision, 2 child of any earlier revision, 3 merge of two heads */
  kind: number;
  pick: number;
  pick2: number;
  dep: number | null;
  depOnLabel: boolean;
  label: boolean;
  prefix: number;
  tail: string;
}

const choiceArbitrary: fc.Arbitrary<Choice> = fc.record({
  kind: fc.constantFrom(0, 1, 1, 1, 2, 2, 3),
  pick: fc.nat(),
  pick2: fc.nat(),
  dep: fc.option(fc.nat(), { freq: 4 }),
  depOnLabel: fc.boolean(),
  label: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
  prefix: fc.nat({ max: 5 }),
  tail: fc.stringMatching(/^[0-9a-f]{8}$/),
});

/** A few shared 4-character prefixes so that prefixes can be ambiguous, or unique only on a branch. */
const PREFIXES = ['ab12', 'ab13', 'c0ff', 'c0ff', 'd00d', 'e1e1'];

function specsOf(choices: Choice[]): RevisionSpec[] {
  const specs: RevisionSpec[] = [];
  for (const [i, c] of choices.entries()) {
    const id = `${PREFIXES[c.prefix]}${c.tail.slice(0, 6)}${i.toString(16).padStart(2, '0')}`;
    const leaves = specs.filter((s) => !specs.some((o) => o.down.includes(s.id))).map((s) => s.id);
    let down: string[] = [];
    if (i > 0 && c.kind === 1) down = [specs[i - 1]?.id as string];
    if (i > 0 && c.kind === 2) down = [specs[c.pick % i]?.id as string];
    if (c.kind === 3 && leaves.length >= 2) {
      const a = leaves[c.pick % leaves.length] as string;
      const rest = leaves.filter((l) => l !== a);
      down = [a, rest[c.pick2 % rest.length] as string];
    } else if (c.kind === 3 && i > 0) down = [specs[i - 1]?.id as string];
    const deps: string[] = [];
    if (c.dep !== null && i > 0) {
      const target = specs[c.dep % i] as RevisionSpec;
      const dep = c.depOnLabel && target.labels.length > 0 ? (target.labels[0] as string) : target.id;
      if (!down.includes(target.id)) deps.push(dep);
    }
    specs.push({ id, down, deps, labels: c.label ? [`lbl${i}`] : [] });
  }
  return specs;
}

/** Graphs of 1–14 revisions with a start state (a random applied set). */
export const graphCaseArbitrary: fc.Arbitrary<GraphCase> = fc
  .tuple(fc.array(choiceArbitrary, { minLength: 1, maxLength: 14 }), fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }))
  .map(([choices, appliedBits]) => {
    const revisions = specsOf(choices);
    const graph = buildGraph(revisions);
    const picked = revisions.filter((_, i) => appliedBits[i]).map((r) => r.id);
    const applied = graph.ancestors(picked.slice(0, 3), { inclusive: true });
    return { revisions, rows: rowsOf(graph, applied) };
  });

/** Targets in every form Alembic accepts, built from the graph's ids and labels. */
export function targetArbitrary(revisions: RevisionSpec[]): fc.Arbitrary<string> {
  const ids = revisions.map((r) => r.id);
  const labels = revisions.flatMap((r) => r.labels);
  const id = fc.constantFrom(...ids);
  const prefix = fc.tuple(id, fc.integer({ min: 4, max: 6 })).map(([i, n]) => i.slice(0, n));
  const branch = labels.length > 0 ? fc.oneof(fc.constantFrom(...labels), id) : id;
  const n = fc.integer({ min: 1, max: 3 });
  const forms: Array<fc.Arbitrary<string>> = [
    fc.constantFrom('head', 'heads', 'base'),
    id,
    prefix,
    fc.tuple(branch, fc.constantFrom('head', 'heads', 'base')).map(([b, s]) => `${b}@${s}`),
    fc.tuple(branch, id).map(([b, i]) => `${b}@${i}`),
    fc.tuple(branch, prefix).map(([b, p]) => `${b}@${p}`),
    fc.tuple(fc.constantFrom('+', '-'), n).map(([s, k]) => `${s}${k}`),
    fc.tuple(branch, fc.constantFrom('+', '-'), n).map(([b, s, k]) => `${b}@${s}${k}`),
    fc.tuple(fc.oneof(id, prefix, fc.constantFrom('head', 'heads', 'base')), fc.constantFrom('+', '-'), n).map(([i, s, k]) => `${i}${s}${k}`),
    fc.tuple(branch, fc.constantFrom('head', 'base'), fc.constantFrom('+', '-'), n).map(([b, sym, s, k]) => `${b}@${sym}${s}${k}`),
  ];
  if (labels.length > 0) forms.push(fc.constantFrom(...labels));
  return fc.oneof(...forms);
}
