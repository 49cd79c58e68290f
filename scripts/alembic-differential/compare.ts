// Differential test of athanor's revision targets against Alembic itself: random graphs (and Alembic's own
// test shapes), random start states and targets; upgrade, downgrade, stamp, history -r and show run through both,
// version rows and steps compared, and the labels each revision carries. Needs Alembic: apt-get install python3-alembic (uses /usr/bin/python3).
// Another Alembic release: --alembic-src DIR, a directory holding its `alembic/` package (e.g. from
// `git archive rel_1_19_1 alembic` of github.com/sqlalchemy/alembic; needs python3-typing-extensions).
//   node --import tsx scripts/alembic-differential/compare.ts [--graphs 200] [--targets 12] [--seed 1] [--show 3]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { historyRange } from '../../src/revisions/history-range.js';
import { planDowngrade, planUpgrade } from '../../src/revisions/plans.js';
import { planStamp } from '../../src/revisions/stamp.js';
import { carriedLabels } from '../../src/revisions/branch-labels.js';
import { folderTarget, resolveTarget } from '../../src/revisions/targets.js';
import { nextHeads, type Step } from '../../src/revisions/version-rows.js';
import type { RevisionGraph } from '../../src/revisions/graph.js';
import { ALEMBIC_SHAPES } from '../../test/support/alembic-shapes.js';
import { buildGraph, graphCaseArbitrary, rowsOf, targetArbitrary, type RevisionSpec } from '../../test/support/revision-graphs.js';

type Op = 'upgrade' | 'downgrade' | 'stamp' | 'history' | 'labels' | 'show';
interface Case {
  op: Op;
  rows: string[];
  target: string | string[];
  purge?: boolean;
}
type Outcome = { ok: true; steps: Array<[string, string]>; rows: string[] } | { ok: false; error: string };
interface Graph {
  name: string;
  revisions: RevisionSpec[];
  cases: Case[];
}

const { values } = parseArgs({
  options: {
    graphs: { type: 'string', default: '200' },
    targets: { type: 'string', default: '12' },
    seed: { type: 'string', default: '1' },
    show: { type: 'string', default: '3' },
    'alembic-src': { type: 'string' },
  },
});
const seed = Number(values.seed);

function athanor(graph: RevisionGraph, c: Case): Outcome {
  try {
    if (c.op === 'labels') {
      const carried = carriedLabels(graph);
      return { ok: true, steps: graph.all().map((h) => [h.revision, [...(carried.get(h.revision) ?? [])].sort().join(',')]), rows: c.rows };
    }
    if (c.op === 'show') return { ok: true, steps: folderTarget(graph, c.target as string).map((id) => [id, 'show']), rows: c.rows };
    if (c.op === 'history') return { ok: true, steps: historyRange(graph, c.target as string).map((id) => [id, 'list']), rows: c.rows };
    if (c.op === 'stamp') {
      const plan = planStamp(graph, c.rows, c.target as string[], c.purge ? { purge: true } : {});
      return { ok: true, steps: [], rows: [...plan.heads].sort() };
    }
    const steps = c.op === 'upgrade' ? planUpgrade(graph, c.rows, c.target as string) : planDowngrade(graph, c.rows, c.target as string);
    let heads = c.rows;
    for (const step of steps) heads = nextHeads(graph, heads, step).heads;
    return { ok: true, steps: steps.map((s: Step) => [s.revision, s.direction]), rows: [...heads].sort() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Start states: the sampled one, nothing applied, everything applied. */
function states(graph: RevisionGraph, sampled: string[]): string[][] {
  const all = rowsOf(graph, new Set(graph.all().map((h) => h.revision)));
  const unique = new Map([sampled, [], all].map((rows) => [rows.join(','), rows]));
  return [...unique.values()];
}

function casesFor(graph: RevisionGraph, revisions: RevisionSpec[], rows: string[], index: number): Case[] {
  const targets = fc.sample(targetArbitrary(revisions), { seed: seed * 7919 + index, numRuns: Number(values.targets) });
  const cases: Case[] = [];
  for (const start of states(graph, rows)) {
    for (const target of targets) {
      cases.push({ op: 'upgrade', rows: start, target }, { op: 'downgrade', rows: start, target }, { op: 'stamp', rows: start, target: [target] });
    }
  }
  cases.push({ op: 'labels', rows: [], target: '' });
  for (const target of targets) cases.push({ op: 'show', rows: [], target });
  const [a, b] = targets;
  if (a !== undefined && b !== undefined) cases.push({ op: 'stamp', rows, target: [a, b] }, { op: 'stamp', rows, target: [a], purge: true });
  for (const [lower, upper] of [['', ''], ['base', ''], ['base', 'heads'], [a ?? '', ''], ['', b ?? ''], [a ?? '', b ?? '']]) {
    cases.push({ op: 'history', rows: [], target: `${lower}:${upper}` });
  }
  return cases;
}

function buildGraphs(): Graph[] {
  const sampled = fc.sample(graphCaseArbitrary, { seed, numRuns: Number(values.graphs) });
  const graphs: Graph[] = ALEMBIC_SHAPES.map((shape, i) => ({ name: shape.name, revisions: shape.revisions, cases: casesFor(buildGraph(shape.revisions), shape.revisions, [], 100_000 + i) }));
  sampled.forEach((g, i) => graphs.push({ name: `random #${i}`, revisions: g.revisions, cases: casesFor(buildGraph(g.revisions), g.revisions, g.rows, i) }));
  return graphs;
}

interface AlembicRun {
  alembic: string;
  graphs: Array<{ results?: Outcome[]; graphError?: string }>;
}

function runAlembic(graphs: Graph[]): AlembicRun {
  const here = dirname(fileURLToPath(import.meta.url));
  const input = JSON.stringify({ graphs: graphs.map((g) => ({ revisions: g.revisions, cases: g.cases })) });
  const env = values['alembic-src'] ? { ...process.env, PYTHONPATH: values['alembic-src'] } : process.env;
  const run = spawnSync('/usr/bin/python3', [join(here, 'oracle.py')], { input, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`oracle.py failed (is python3-alembic installed?):\n${run.stderr}`);
  return JSON.parse(run.stdout) as AlembicRun;
}

/** A short name for the form of a target, to group disagreements. */
function formOf(target: string | string[], revisions: RevisionSpec[]): string {
  if (Array.isArray(target)) return target.length > 1 ? 'several' : formOf(target[0] as string, revisions);
  let form = target;
  for (const r of revisions) {
    for (const label of r.labels) form = form.split(label).join('LABEL');
    form = form.split(r.id).join('REV');
  }
  return form.replace(/\b[0-9a-f]{4,6}\b/g, 'PREFIX').replace(/\d+$/, 'N');
}

function attemptResolve(graph: RevisionGraph, target: string, rows: string[]): string[] {
  try {
    return resolveTarget(graph, target, rows);
  } catch {
    return [];
  }
}

function sameSteps(a: Array<[string, string]>, b: Array<[string, string]>, ordered: boolean): boolean {
  const key = (s: [string, string]) => s.join(' ');
  if (ordered) return a.map(key).join(',') === b.map(key).join(',');
  return [...a.map(key)].sort().join(',') === [...b.map(key)].sort().join(',');
}

/** Alembic's own refusals (CommandError, or a version row it would not find online) versus its crashes. */
function alembicCrashed(outcome: Outcome): boolean {
  return !outcome.ok && !/^(CommandError|RuntimeError)/.test(outcome.error);
}

function verdict(graph: RevisionGraph, ours: Outcome, theirs: Outcome): string {
  if (!ours.ok && !theirs.ok) return alembicCrashed(theirs) ? 'agree (both refuse; Alembic by crashing)' : 'agree (both refuse)';
  if (ours.ok && theirs.ok) {
    const steps = sameSteps(ours.steps, theirs.steps, false);
    if (steps && ours.rows.join(',') === theirs.rows.join(',')) return 'agree';
    if (!steps) return 'DIFFERENT STEPS';
    const applied = (rows: string[]) => [...graph.ancestors(rows, { inclusive: true })].sort().join(',');
    const sameApplied = applied(ours.rows) === applied(theirs.rows) && rowsOf(graph, new Set(theirs.rows.flatMap((r) => [...graph.ancestors([r], { inclusive: true })]))).join(',') === ours.rows.join(',');
    return sameApplied ? 'same revisions applied; Alembic keeps a redundant row (one a dependsOn of another row implies)' : 'DIFFERENT ROWS';
  }
  if (ours.ok && !theirs.ok && theirs.error.startsWith('RuntimeError')) return 'Alembic fails updating its own version table (a row it expects is missing); athanor runs';
  if (ours.ok) return alembicCrashed(theirs) ? 'ALEMBIC CRASHES, athanor runs' : 'ALEMBIC REFUSES, athanor runs';
  return 'ATHANOR REFUSES, Alembic runs';
}

/** Differences that are athanor's documented extensions (README, "Revision targets"). */
function extension(c: Case, ours: Outcome, theirs: Outcome, graph: RevisionGraph): string | undefined {
  const targets = Array.isArray(c.target) ? c.target : [c.target];
  const relative = targets.some((t) => /[+-]\d+$/.test(t));
  if (c.op === 'stamp' && relative) return 'extension: stamp takes relative targets, counted from the current rows';
  const bare = targets.length === 1 && /^[+-]\d+$/.test(targets[0] as string);
  if (bare && c.rows.length > 1 && !ours.ok && ours.error.includes('several heads')) return 'extension: +N/-N with several current heads is refused';
  const labelBase = /^(.+)@base$/.exec(targets[0] as string);
  if (c.op === 'downgrade' && labelBase && graph.labelRevision(labelBase[1] as string) !== undefined && ours.ok && theirs.ok) return 'extension: downgrade LABEL@base undoes only that branch';
  if (!theirs.ok && theirs.error.includes('Ambiguous walk') && ours.ok && /-\d+$/.test(targets[0] as string)) return 'extension: -N may end by stepping off a merge';
  if (!ours.ok && targets.some((t) => /base-\d+$/.test(t))) return 'refused: base-N (Alembic walks from base down to the heads)';
  const idBranch = /^([^@]+)@-\d+$/.exec(targets[0] as string);
  if (c.op === 'show' && idBranch && graph.labelRevision(idBranch[1] as string) === undefined) return 'extension: show REV@-N counts from the heads on REV\'s lineage (Alembic: from heads carrying a label named REV, so none)';
  if (c.op === 'show' && !theirs.ok && theirs.error.startsWith('CommandError') && ours.ok && relative) return 'extension: show takes relative targets Alembic\'s get_revisions does not (from base, from a named revision)';
  if (c.op === 'stamp' && !ours.ok && ours.error.includes('requires')) return 'refused: stamp targets where one requires another';
  if (c.op === 'stamp' && theirs.ok && ours.ok) {
    const named = new Set(targets.flatMap((t) => attemptResolve(graph, t, c.rows)));
    const applied = graph.ancestors(theirs.rows, { inclusive: true });
    if ([...named].some((id) => !applied.has(id))) return "differs: Alembic's stamp leaves a target unapplied (a row of one target moved for another)";
    if (targets.length > 1) return 'differs: several stamp targets are stamped one after another (Alembic moves them as one)';
  }
  return undefined;
}

function main(): void {
  const graphs = buildGraphs();
  const { alembic: version, graphs: alembic } = runAlembic(graphs);
  const tally = new Map<string, number>();
  const examples = new Map<string, string[]>();
  let cases = 0;
  graphs.forEach((g, gi) => {
    const theirs = alembic[gi];
    if (!theirs?.results) throw new Error(`Alembic rejects graph ${g.name}: ${theirs?.graphError}`);
    const graph = buildGraph(g.revisions);
    g.cases.forEach((c, ci) => {
      cases++;
      const ours = athanor(graph, c);
      const alembicOutcome = theirs.results?.[ci] as Outcome;
      const v = verdict(graph, ours, alembicOutcome);
      const known = v.startsWith('agree') ? undefined : extension(c, ours, alembicOutcome, graph);
      const key = v.startsWith('agree') ? v : known ?? `${v} — ${c.op} ${formOf(c.target, g.revisions)}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
      const list = examples.get(key) ?? [];
      if (!v.startsWith('agree') && !known && list.length < Number(values.show)) {
        list.push(`${g.name}: ${JSON.stringify(g.revisions.map((r) => [r.id, r.down, r.deps, r.labels]))}\n      rows ${JSON.stringify(c.rows)} ${c.op} ${JSON.stringify(c.target)}${c.purge ? ' --purge' : ''}\n      athanor ${JSON.stringify(ours)}\n      alembic ${JSON.stringify(theirs.results?.[ci])}`);
      }
      examples.set(key, list);
    });
  });
  const count = (prefix: string) => [...tally].filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);
  const agree = count('agree');
  const extensions = count('extension') + count('refused:') + count('differs:');
  console.log(
    `Alembic ${version}: ${graphs.length} graphs (${ALEMBIC_SHAPES.length} of Alembic's test shapes, ${graphs.length - ALEMBIC_SHAPES.length} random, seed ${seed}), ${cases} cases: ${agree} agree, ${extensions} differ by a documented extension or refusal, ${cases - agree - extensions} differ otherwise`,
  );
  for (const [key, count] of [...tally].sort((a, b) => b[1] - a[1])) {
    console.log(`${String(count).padStart(6)}  ${key}`);
    for (const example of examples.get(key) ?? []) console.log(`    ${example}`);
  }
}

main();
