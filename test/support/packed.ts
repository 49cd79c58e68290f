// athanor as a user gets it: `npm pack` of this checkout, installed into a fresh app folder. The tarball is packed
// once per build (cached in the temp folder under a hash of package.json and dist/), so several test files and
// reruns share it; the install goes through npm and its cache like a user's.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, type CliResult } from './project.js';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** A key that changes when what `npm pack` would ship changes (dist/ must be built: `npm run build`). */
function buildKey(): string {
  const dist = join(REPO_ROOT, 'dist');
  if (!existsSync(join(dist, 'index.js'))) throw new Error('dist/ is not built: run `npm run build` first');
  const hash = createHash('sha256').update(readFileSync(join(REPO_ROOT, 'package.json')));
  for (const file of filesUnder(dist).sort()) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${relative(dist, file)}:${size}:${mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** The packed tarball of this checkout (packed without scripts: dist/ is what the tests already run). */
export async function packedTarball(): Promise<string> {
  const cacheDir = join(tmpdir(), `athanor-pack-${buildKey()}`);
  const existing = existsSync(cacheDir) ? readdirSync(cacheDir).find((f) => f.endsWith('.tgz')) : undefined;
  if (existing) return join(cacheDir, existing);
  const staging = mkdtempSync(join(tmpdir(), 'athanor-pack-staging-'));
  await run(NPM, ['pack', '--ignore-scripts', '--silent', '--pack-destination', staging], { cwd: REPO_ROOT });
  try {
    renameSync(staging, cacheDir);
  } catch {
    // another test file packed the same build first: use theirs
    rmSync(staging, { recursive: true, force: true });
  }
  const tarball = readdirSync(cacheDir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack wrote no tarball in ${cacheDir}`);
  return join(cacheDir, tarball);
}

export interface PackedApp {
  dir: string;
  /** seconds `npm install` took */
  installSeconds: number;
  /** the installed athanor binary, as `npx athanor` runs it (in the app folder unless `cwd` says) */
  cli(args: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv; node?: string }): Promise<CliResult>;
  remove(): void;
}

/** A fresh app (package.json as `npm init -y` writes it) with the tarball and `extra` packages installed. */
export async function installPackedApp(extra: string[] = [], packageJson: Record<string, unknown> = {}): Promise<PackedApp> {
  const tarball = await packedTarball();
  const dir = mkdtempSync(join(tmpdir(), 'ath-app-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'commonjs', ...packageJson }, null, 2));
  const started = performance.now();
  await run(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball, ...extra], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
  const installSeconds = (performance.now() - started) / 1000;
  const bin = join(dir, 'node_modules', 'athanor', 'bin', 'athanor.js');
  return {
    dir,
    installSeconds,
    cli: (args, options = {}) => spawnIn(options.cwd ?? dir, bin, args, options.env ?? {}, options.node ?? process.execPath),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function spawnIn(cwd: string, bin: string, args: string[], env: NodeJS.ProcessEnv, node: string): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    execFile(
      node,
      [bin, ...args],
      { cwd, env: { ...process.env, DATABASE_URL: '', NO_COLOR: '1', ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}

/**
 * A Node >= 22.13 binary (node:sqlite without a flag) when one is at hand: ATHANOR_TEST_NODE22, else the `node`
 * npm package from npm's cache (`npm exec --offline --package=node@22`, which never downloads). Undefined: none.
 */
export async function recentNode(): Promise<string | undefined> {
  const given = process.env['ATHANOR_TEST_NODE22'];
  if (given) return given;
  try {
    const { stdout } = await run(NPM, ['exec', '--offline', '--yes', '--package=node@22', '--', 'node', '-p', 'process.execPath'], { cwd: tmpdir() });
    const path = stdout.trim().split('\n').at(-1) ?? '';
    return path !== '' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Native addons the install compiled (node-gyp leaves build/Release/*.node behind). */
export function compiledAddons(dir: string): string[] {
  const modules = join(dir, 'node_modules');
  const found: string[] = [];
  const visit = (folder: string, depth: number) => {
    if (depth > 4 || !existsSync(folder)) return;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const path = join(folder, entry.name);
      if (entry.name === 'build' && existsSync(join(path, 'Release'))) found.push(relative(modules, folder));
      else visit(path, depth + 1);
    }
  };
  visit(modules, 0);
  return found;
}
