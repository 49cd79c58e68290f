// A throwaway project folder (config + migrations) and ways to drive athanor in it: the CLI as a user runs it,
// or the programmatic API in-process.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DialectName } from '../../src/drivers/connection.js';
import { loadConfig } from '../../src/config/load.js';
import type { ResolvedConfig } from '../../src/config/types.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(REPO_ROOT, 'bin', 'athanor.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestProject {
  dir: string;
  url: string;
  dialect: DialectName;
  write(relativePath: string, text: string): string;
  /** a linear TS migration; returns its path */
  migration(m: MigrationSpec): string;
  cli(args: string[], options?: { env?: NodeJS.ProcessEnv; url?: string | null }): Promise<CliResult>;
  config(): Promise<ResolvedConfig>;
  remove(): void;
}

export interface MigrationSpec {
  revision: string;
  down: string | string[] | null;
  upgrade: string;
  downgrade?: string;
  message?: string;
  branchLabels?: string[];
  dependsOn?: string[];
  extra?: string;
  file?: string;
}

export function migrationSource(m: MigrationSpec): string {
  const down = m.down === null ? 'null' : Array.isArray(m.down) ? JSON.stringify(m.down) : `'${m.down}'`;
  return [
    `import { t, index, type Op } from 'athanor';`,
    `export const revision = '${m.revision}';`,
    `export const downRevision = ${down};`,
    m.branchLabels ? `export const branchLabels = ${JSON.stringify(m.branchLabels)};` : '',
    m.dependsOn ? `export const dependsOn = ${JSON.stringify(m.dependsOn)};` : '',
    `export const message = '${m.message ?? `rev ${m.revision}`}';`,
    m.extra ?? '',
    `export async function upgrade(op: Op) {\n  void t; void index;\n  ${m.upgrade}\n}`,
    m.downgrade !== undefined ? `export async function downgrade(op: Op) {\n  ${m.downgrade}\n}` : '',
    '',
  ].join('\n');
}

export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, DATABASE_URL: '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

export function createProject(url: string, dialect: DialectName): TestProject {
  const dir = mkdtempSync(join(tmpdir(), 'ath-project-'));
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, 'athanor.config.json'), JSON.stringify({ dialect, migrations: 'migrations' }, null, 2));
  let counter = 0;
  const project: TestProject = {
    dir,
    url,
    dialect,
    write(relativePath, text) {
      const file = join(dir, relativePath);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    migration(m) {
      counter++;
      const name = m.file ?? `migrations/${String(counter).padStart(5, '0')}_${m.revision}_m.ts`;
      return project.write(name, migrationSource(m));
    },
    cli(args, options = {}) {
      const urlArgs = options.url === null ? [] : ['--url', options.url ?? url];
      return runCli([...urlArgs, ...args], dir, options.env);
    },
    config() {
      return loadConfig({ cwd: dir, url, env: {} });
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return project;
}
