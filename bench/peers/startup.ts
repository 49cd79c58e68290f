// Start-up: `heads`, `current`, `history` on N revisions, athanor next to the tools that have an equivalent
// (Alembic has all three, knex `migrate:currentVersion`/`migrate:list`, TypeORM `migration:show`), and
// athanor's compile cache cold against warm (`upgrade --sql` loads every migration module).
import { rmSync } from 'node:fs';
import { DIALECT_TITLE, dropDatabase, freshDatabase, type Database, type Dialect } from './databases.js';
import { fmt, machineLoad, measure, median, min, printTable, roundRatio, type Command, type Measured } from './measure.js';
import { ATHANOR_BIN, emptyDir, WORK_DIR } from './paths.js';
import type { StartupCommand, Tool } from './tool.js';

export interface StartupOptions {
  runs: number;
  revisions: readonly number[];
}

interface Case {
  label: string;
  tool: string;
  command: () => Command;
  /** runs before each timed run (emptying a cache) */
  before?: () => void;
}

const COMMANDS: readonly StartupCommand[] = ['heads', 'current', 'history'];
function isAthanor(tool: Tool): boolean {
  return tool.name === 'athanor' || tool.name.startsWith('athanor@');
}

/** The bin/athanor.js an athanor tool runs (its heads command names it). */
function bin(tool: Tool, dir: string): string {
  return tool.startup?.heads?.(dir, null as unknown as Database).args[0] ?? ATHANOR_BIN;
}

/** A database at head for the tool: stamped when it can, else really upgraded (then only at the smallest count). */
function databaseAtHead(tool: Tool, dialect: Dialect, dir: string, canUpgrade: boolean): Database | null {
  if (!tool.stamp && !canUpgrade) return null;
  const db = freshDatabase(dialect, `startup_${tool.name}`, `${WORK_DIR}/db`);
  measure(tool.stamp ? tool.stamp(dir, db) : tool.upgrade(dir, db), `${tool.name}: database at head`);
  return db;
}

function casesFor(tool: Tool, dir: string, db: Database | null, compileCache: boolean): Case[] {
  const cases: Case[] = [];
  for (const name of COMMANDS) {
    const command = tool.startup?.[name];
    if (!command) continue;
    const needsDb = name === 'current' || !(isAthanor(tool) || tool.name === 'alembic');
    if (needsDb && !db) continue;
    cases.push({ label: name, tool: tool.name, command: () => command(dir, db as Database) });
  }
  if (isAthanor(tool) && compileCache) {
    const offline = (project: string) => (): Command => ({ command: process.execPath, args: [bin(tool, dir), 'upgrade', '--sql'], cwd: project });
    cases.push({ label: 'upgrade --sql, warm compile cache', tool: tool.name, command: offline(dir) });
    // a copy of the project with its own node_modules: its caches can be emptied without touching the others'
    const cold = `${dir}-cold`;
    cases.push({ label: 'upgrade --sql, cold compile cache', tool: tool.name, command: offline(cold), before: () => rmSync(`${cold}/node_modules/.cache`, { recursive: true, force: true }) });
  }
  return cases;
}

export function benchStartup(dialect: Dialect, tools: readonly Tool[], options: StartupOptions): void {
  const withStartup = tools.filter((t) => t.startup && t.dialects.includes(dialect) && !t.unavailable(dialect));
  const smallest = Math.min(...options.revisions);
  for (const count of options.revisions) {
    console.log(`\n### start-up on ${count} revisions (${DIALECT_TITLE[dialect]} for \`current\`), ${options.runs} interleaved cold runs; load before: ${machineLoad()}`);
    const databases: Database[] = [];
    const cases: Case[] = [];
    try {
      for (const tool of withStartup) {
        const dir = `${WORK_DIR}/startup-${dialect}-${count}/${tool.name}`;
        emptyDir(dir);
        tool.write(dir, dialect, count);
        if (isAthanor(tool) && count === smallest) {
          emptyDir(`${dir}-cold/node_modules`);
          tool.write(`${dir}-cold`, dialect, count);
        }
        const db = databaseAtHead(tool, dialect, dir, count === smallest);
        if (db) databases.push(db);
        // the compile cache rows load every module: measured at the smallest count only
        cases.push(...casesFor(tool, dir, db, count === smallest));
      }
      for (const c of cases) measure(c.command(), `${c.tool} ${c.label}`); // warm-up
      const figures = new Map<Case, Measured[]>(cases.map((c) => [c, []]));
      for (let round = 0; round < options.runs; round++) {
        for (let i = 0; i < cases.length; i++) {
          const c = cases[(i + round) % cases.length] as Case;
          c.before?.();
          figures.get(c)?.push(measure(c.command(), `${c.tool} ${c.label}`));
        }
      }
      const seconds = (c: Case) => (figures.get(c) ?? []).map((m) => m.seconds);
      const rows = cases.map((c) => {
        const reference = cases.find((r) => r.tool === 'athanor' && r.label === c.label) ?? c;
        const s = seconds(c);
        return [c.label, c.tool, fmt.s(min(s)), fmt.s(median(s)), fmt.mib(Math.max(...(figures.get(c) ?? []).map((m) => m.peakMiB))), fmt.x(roundRatio(s, seconds(reference)))];
      });
      const order = (label: string | undefined) => (COMMANDS as readonly string[]).indexOf(label ?? '') >>> 0; // others last
      rows.sort((a, b) => order(a[0]) - order(b[0]));
      printTable(['command', 'tool', 'min', 'median', 'peak RSS', '× athanor'], rows);
      for (const tool of withStartup.filter(isAthanor)) {
        const warm = cases.find((c) => c.tool === tool.name && c.label.includes('warm'));
        const cold = cases.find((c) => c.tool === tool.name && c.label.includes('cold'));
        if (warm && cold) console.log(`${tool.name} compile cache: cold / warm = ${fmt.x(roundRatio(seconds(cold), seconds(warm)))} (target: under 1.5x)`);
      }
      console.log(`load after: ${machineLoad()}`);
    } finally {
      for (const db of databases) dropDatabase(db);
    }
  }
}
