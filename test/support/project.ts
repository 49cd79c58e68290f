// A throwaway project folder (config + migrations) and ways to drive athanor in it: the CLI's main() in-process
// (the default: same argv, output and exit code as the binary, without starting a Node per command), the real
// binary in a child process (for the wiring: a few smoke tests per target), or the programmatic API.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection, DialectName } from '../../src/drivers/connection.js';
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
  /** the CLI in-process */
  cli(args: string[], options?: CliOptions): Promise<CliResult>;
  /** the CLI as a child process (`node bin/athanor.js`), for what only a real process shows */
  spawnCli(args: string[], options?: CliOptions): Promise<CliResult>;
  config(): Promise<ResolvedConfig>;
  remove(): void;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  /** --url to pass; null: none (the config or DATABASE_URL decides); default the project's database */
  url?: string | null;
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

/** One in-process run at a time: the working directory and the environment are the process's. */
let inProcessQueue: Promise<unknown> = Promise.resolve();

/** The CLI's main() in this process, in `cwd`, with the environment a spawned CLI would get. */
export function runCliInProcess(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const run = inProcessQueue.then(async () => {
    const { main } = await import('../../src/cli/main.js');
    let stdout = '';
    let stderr = '';
    const overrides: NodeJS.ProcessEnv = { DATABASE_URL: '', NO_COLOR: '1', ...env };
    const saved = new Map(Object.keys(overrides).map((key) => [key, process.env[key]]));
    const previousDir = process.cwd();
    Object.assign(process.env, overrides);
    process.chdir(cwd);
    try {
      const code = await main(['node', 'athanor', ...args], {
        stdout: { write: (text: string) => (stdout += text), isTTY: false },
        stderr: { write: (text: string) => (stderr += text), isTTY: false },
        interactive: false,
      });
      return { code, stdout, stderr };
    } finally {
      process.chdir(previousDir);
      for (const [key, value] of saved) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
  inProcessQueue = run.catch(() => undefined);
  return run;
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
    async cli(args, options = {}) {
      const urlArgs = options.url === null ? [] : ['--url', options.url ?? url];
      await keepPgliteOpen();
      return runCliInProcess([...urlArgs, ...args], dir, options.env);
    },
    async spawnCli(args, options = {}) {
      const urlArgs = options.url === null ? [] : ['--url', options.url ?? url];
      // a child process opens its own PGlite on the data directory: this process must let go of it first
      await releasePglite();
      return runCli([...urlArgs, ...args], dir, options.env);
    },
    config() {
      return loadConfig({ cwd: dir, url, env: {} });
    },
    remove() {
      void releasePglite();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  // In-process commands on an embedded PGlite share one instance, kept open between commands (a PGlite start
  // costs seconds); released before a child process needs the data directory and when the project goes.
  let keeper: Promise<Connection> | null = null;
  async function keepPgliteOpen(): Promise<void> {
    if (!url.startsWith('pglite:') || /^pglite:(\/\/)?memory/.test(url) || keeper) return;
    keeper = import('../../src/drivers/open.js').then(({ openConnection }) => openConnection(url));
    await keeper;
  }
  async function releasePglite(): Promise<void> {
    const held = keeper;
    keeper = null;
    if (held) await (await held).close();
  }
  return project;
}

/**
 * Projects each on a SQLite database file of its own, in a folder of its own: `fresh()` makes one,
 * `removeAll()` deletes the projects and their databases.
 */
export function sqliteFileProjects(): { fresh: () => { project: TestProject; file: string }; removeAll: () => void } {
  const made: Array<{ project: TestProject; dbDir: string }> = [];
  return {
    fresh() {
      const dbDir = mkdtempSync(join(tmpdir(), 'ath-sqlite-db-'));
      const file = join(dbDir, 'app.db');
      const project = createProject(`sqlite:${file}`, 'sqlite');
      made.push({ project, dbDir });
      return { project, file };
    },
    removeAll() {
      for (const { project, dbDir } of made.splice(0)) {
        project.remove();
        rmSync(dbDir, { recursive: true, force: true });
      }
    },
  };
}
