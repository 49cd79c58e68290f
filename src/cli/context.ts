// What every command needs from the global flags: the resolved config, output helpers.
import type { Command } from 'commander';
import type { ResolvedConfig } from '../config/types.js';
import { stdout } from './io.js';

export interface GlobalOptions {
  config?: string;
  url?: string;
  verbose?: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

export async function configFor(command: Command): Promise<ResolvedConfig> {
  const { loadConfig } = await import('../config/load.js');
  const opts = globalOptions(command);
  return loadConfig({ ...(opts.config ? { configFile: opts.config } : {}), ...(opts.url ? { url: opts.url } : {}) });
}

export function printJson(value: unknown): void {
  stdout().write(`${JSON.stringify(value, null, 2)}\n`);
}

export function println(text = ''): void {
  stdout().write(`${text}\n`);
}

/** Commander reducer for a repeatable flag (`--depends-on a --depends-on b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The exit code of the command that ran: set from the value its action returns, not from process state. */
export interface ExitStatus {
  code: number;
}

/** An action that returns its exit code (check, lint, verify: 1 when they found problems). */
export function returningExitCode<A extends unknown[]>(status: ExitStatus, action: (...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    status.code = await action(...args);
  };
}

/** The database URL as a person reads it: credentials masked, a file or data directory relative to here. */
export async function describeTarget(url: string): Promise<string> {
  const { maskUrl } = await import('../drivers/url.js');
  const { displayPath } = await import('../loader/display-path.js');
  const file = /^(sqlite:|pglite:)(\/.*)$/i.exec(url);
  if (!file?.[1] || !file[2]) return maskUrl(url);
  const shown = displayPath(file[2]);
  return `${file[1]}${shown.startsWith('/') ? shown : `./${shown}`}`;
}

/** Commands that change the database say which one first (stdout: stderr holds an error's one line only). */
export async function announceTarget(config: ResolvedConfig): Promise<void> {
  if (config.url) println(`target: ${await describeTarget(config.url)}`);
}
