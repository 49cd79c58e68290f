// Timing cold processes for the peers bench: wall time from here, peak resident memory from GNU time,
// and the statistics the tables print (min, median, median of per-round ratios).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Command {
  command: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  input?: string;
}

export interface Measured {
  seconds: number;
  peakMiB: number;
  /** user + system CPU seconds of the process (and the children it waited for) */
  cpuSeconds: number;
  status: number;
  stdout: string;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Settings of this machine, not of any tool, that cost every Node tool at start and no native client: left out of
 * every tool's environment unless --keep-env. NODE_EXTRA_CA_CERTS makes Node parse its whole CA store at start.
 */
const MACHINE_SETTINGS = ['NODE_EXTRA_CA_CERTS'];
let keepMachineSettings = false;

export function keepEnvironment(keep: boolean): void {
  keepMachineSettings = keep;
}

function toolEnvironment(own: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...own };
  if (!keepMachineSettings) for (const name of MACHINE_SETTINGS) delete env[name];
  return env;
}

/** What the bench leaves out of the tools' environment here, with what it costs a bare `node -e 0` (medians of 5). */
export function environmentNote(): string | null {
  const set = MACHINE_SETTINGS.filter((name) => process.env[name] !== undefined);
  if (set.length === 0) return null;
  const chosen = keepMachineSettings;
  const start = (keep: boolean): number => {
    keepEnvironment(keep);
    return median(Array.from({ length: 5 }, () => measure({ command: process.execPath, args: ['-e', '0'], cwd: tmpdir() }, 'node -e 0').seconds));
  };
  const without = start(false);
  const withIt = start(true);
  keepEnvironment(chosen);
  return `${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set on this machine: \`node -e 0\` takes ${(withIt * 1000).toFixed(0)} ms with it, ${(without * 1000).toFixed(0)} ms without; `
    + (chosen ? 'kept for every tool (--keep-env)' : 'left out for every tool (--keep-env keeps it)');
}
const hasGnuTime = existsSync(GNU_TIME);

/** Runs one command as a fresh process; throws with its output when it fails (a failed run is no figure). */
export function measure(cmd: Command, what: string): Measured {
  const out = join(tmpdir(), `athanor-bench-time-${process.pid}.txt`);
  const [command, args] = hasGnuTime ? [GNU_TIME, ['-o', out, '-f', '%M %U %S', cmd.command, ...cmd.args]] : [cmd.command, cmd.args];
  const started = performance.now();
  const r = spawnSync(command, args, {
    cwd: cmd.cwd,
    env: toolEnvironment(cmd.env),
    input: cmd.input,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  let peakMiB = NaN;
  let cpuSeconds = NaN;
  if (hasGnuTime && existsSync(out)) {
    const [kb, user, system] = (readFileSync(out, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
    if (kb !== undefined && Number.isFinite(kb)) peakMiB = kb / 1024;
    if (user !== undefined && system !== undefined) cpuSeconds = user + system;
    rmSync(out, { force: true });
  }
  const result = { seconds, peakMiB, cpuSeconds, status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  if (result.status !== 0) {
    const tail = (result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n');
    throw new Error(`${what} failed (exit ${result.status}):\n${tail}`);
  }
  return result;
}

export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function min(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length ? Math.min(...finite) : NaN;
}

/** Median over rounds of a/b measured in the same round: steadier than a ratio of medians on a busy machine. */
export function roundRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, i) => x / (b[i] ?? NaN)));
}

export function machineLoad(): string {
  const r = spawnSync('uptime', [], { encoding: 'utf8' });
  const match = /load average:\s*(.*)$/.exec((r.stdout ?? '').trim());
  return match?.[1] ?? 'unknown';
}

/** A plain-text table, columns padded to their widest cell. */
export function printTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  // the first column (names) and an unnamed last one (notes) read left to right; figures align right
  const left = (i: number) => i === 0 || headers[i] === '';
  const line = (cells: readonly string[]) => cells.map((c, i) => (left(i) ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

export const fmt = {
  s: (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)} s` : 'n/a'),
  x: (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : 'n/a'),
  mib: (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} MiB` : 'n/a'),
};
