// A folder where `athanor init` ran, as a newcomer starts: the CLI in-process there, with an optional --url.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Connection } from '../../src/drivers/connection.js';
import { runCliInProcess, type CliResult } from './project.js';

/** A folder where `athanor init` ran, as a newcomer starts: no flags but the dialect. */
export interface FreshProject {
  dir: string;
  cli(args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult>;
  write(relativePath: string, text: string): void;
  read(relativePath: string): string;
  migrations(): string[];
  remove(): Promise<void>;
}

export async function freshProject(initArgs: string[] = ['--dialect', 'sqlite'], url?: string): Promise<FreshProject> {
  const dir = mkdtempSync(join(tmpdir(), 'ath-fresh-'));
  // an embedded PGlite stays open between in-process commands (each start costs seconds), as in project.ts
  let keeper: Promise<Connection> | null = null;
  const keepOpen = async (): Promise<void> => {
    if (url === undefined || !/^pglite:(?!(\/\/)?memory)/.test(url) || keeper) return;
    keeper = import('../../src/drivers/open.js').then(({ openConnection }) => openConnection(url));
    await keeper;
  };
  const project: FreshProject = {
    dir,
    async cli(args, env) {
      await keepOpen();
      return runCliInProcess(url === undefined ? args : ['--url', url, ...args], dir, env);
    },
    write(relativePath, text) {
      mkdirSync(dirname(join(dir, relativePath)), { recursive: true });
      writeFileSync(join(dir, relativePath), text);
    },
    read: (relativePath) => readFileSync(join(dir, relativePath), 'utf8'),
    migrations: () => readdirSync(join(dir, 'migrations')).filter((f) => /\.(ts|sql)$/.test(f)).sort(),
    async remove() {
      if (keeper) await (await keeper).close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const init = await project.cli(['init', ...initArgs]);
  assert.equal(init.code, 0, init.stderr);
  return project;
}

