// Upgrade of N linear migrations by every tool, per dialect: interleaved rounds of cold processes, each on
// a fresh database, the order rotated every round so no tool always runs first.
import { countBenchTables, DIALECT_TITLE, dropDatabase, freshDatabase, type Dialect } from './databases.js';
import { fmt, machineLoad, measure, median, min, printTable, roundRatio, type Measured } from './measure.js';
import { emptyDir, WORK_DIR } from './paths.js';
import type { Tool } from './tool.js';
import { CLIENT_NAME } from './tools/native.js';

export interface UpgradeOptions {
  runs: number;
  migrations: number;
  warmup: boolean;
}

export interface UpgradeFigures {
  dialect: Dialect;
  tool: string;
  runs: Measured[];
}

export function projectDir(dialect: Dialect, count: number, tool: Tool): string {
  return `${WORK_DIR}/${dialect}-${count}/${tool.name.replace(/\W+/g, '-')}`;
}

/** One timed run; a failed run is kept as a failure (NaN seconds and its reason), not a figure. */
function runOnce(tool: Tool, dialect: Dialect, dir: string, check: number | null): Measured & { failure?: string } {
  const db = freshDatabase(dialect, tool.name, `${WORK_DIR}/db`);
  try {
    const m = measure(tool.upgrade(dir, db), `${tool.name} upgrade on ${DIALECT_TITLE[dialect]}`);
    if (check !== null) {
      const tables = countBenchTables(db);
      if (tables !== check) throw new Error(`reported success but made ${tables} of ${check} tables`);
    }
    return m;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    // the driver's own words are the useful part (e.g. PostgreSQL's "out of shared memory")
    const reason = /out of shared memory|deadlock|too many|timeout|ENOMEM/i.exec(text)?.[0] ?? text.split('\n').find((l) => /error/i.test(l))?.trim() ?? text.split('\n')[0];
    console.log(`  ${tool.name}: run failed: ${reason}`);
    return { seconds: NaN, peakMiB: NaN, cpuSeconds: NaN, status: -1, stdout: '', stderr: text, failure: reason ?? 'failed' };
  } finally {
    dropDatabase(db);
  }
}

export function benchUpgrade(dialect: Dialect, tools: readonly Tool[], options: UpgradeOptions): UpgradeFigures[] {
  const { runs, migrations } = options;
  console.log(`\n### upgrade: ${migrations} migrations on ${DIALECT_TITLE[dialect]} (table + 5 columns + index + FK each)`);
  console.log(`${runs} interleaved cold runs per tool, fresh database each; load before: ${machineLoad()}`);
  const usable: Tool[] = [];
  const skipped: Array<[string, string]> = [];
  for (const tool of tools) {
    const why = tool.dialects.includes(dialect) ? tool.unavailable(dialect) : 'n/a (dialect not supported)';
    if (why) skipped.push([tool.name, why]);
    else usable.push(tool);
  }
  for (const tool of usable) {
    const dir = projectDir(dialect, migrations, tool);
    emptyDir(dir);
    tool.write(dir, dialect, migrations);
    // the warm-up fills caches (OS files, athanor's compile cache, Python's .pyc) and checks the result
    if (options.warmup) runOnce(tool, dialect, dir, migrations);
  }
  const figures = new Map<Tool, Array<Measured & { failure?: string }>>(usable.map((t) => [t, []]));
  for (let round = 0; round < runs; round++) {
    const order = usable.map((_, i) => usable[(i + round) % usable.length] as Tool);
    for (const tool of order) figures.get(tool)?.push(runOnce(tool, dialect, projectDir(dialect, migrations, tool), options.warmup ? null : migrations));
  }
  const secondsOf = (name: string) => figures.get(usable.find((t) => t.name === name) as Tool)?.map((m) => m.seconds) ?? [];
  const athanorRuns = secondsOf('athanor');
  const clientRuns = secondsOf('native client');
  const rows = usable.map((tool) => {
    const runs = figures.get(tool) ?? [];
    const s = runs.map((m) => m.seconds);
    const peak = Math.max(...runs.map((m) => m.peakMiB).filter(Number.isFinite));
    const cpu = median(runs.map((m) => m.cpuSeconds));
    const failed = runs.filter((m) => m.failure !== undefined);
    const name = tool.name === 'native client' ? CLIENT_NAME[dialect] : tool.name;
    const note = failed.length ? `${failed.length}/${runs.length} runs failed: ${failed[0]?.failure}` : '';
    return [name, fmt.s(min(s)), fmt.s(median(s)), fmt.s(cpu), fmt.mib(peak), fmt.x(roundRatio(s, athanorRuns)), fmt.x(roundRatio(s, clientRuns)), note];
  });
  for (const [name, why] of skipped) rows.push([name, '', '', '', '', '', '', why]);
  printTable(['tool', 'min', 'median', 'CPU', 'peak RSS', '× athanor', '× client', ''], rows);
  console.log(`load after: ${machineLoad()}`);
  return usable.map((t) => ({ dialect, tool: t.name, runs: figures.get(t) ?? [] }));
}
