// Shared pieces of the benchmarks: timing commands, scratch databases, printing figures.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(REPO_ROOT, 'bin', 'athanor.js');

export interface Timed {
  seconds: number;
  stdout: string;
  stderr: string;
  status: number;
}

export function timeCommand(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Timed {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  return { seconds, stdout: result.stdout ?? '', stderr: result.stderr ?? '', status: result.status ?? -1 };
}

export function athanor(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Timed {
  const result = timeCommand(process.execPath, [BIN, ...args], { cwd, env });
  if (result.status !== 0) throw new Error(`athanor ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result;
}

/** Best (minimum) of several runs: the figure least disturbed by the machine. */
export function best(runs: number, fn: () => number): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) min = Math.min(min, fn());
  return min;
}

export function report(name: string, value: string, note = ''): void {
  console.log(`${name.padEnd(58)} ${value.padStart(12)}${note ? `  ${note}` : ''}`);
}

export function seconds(value: number): string {
  return `${value.toFixed(3)} s`;
}
