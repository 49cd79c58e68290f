// Many cached migrations compiled by V8 as one script, with one code cache. Handing V8 a code cache per module
// costs ~0.12 ms each (a Script and a deserialisation per module): 1000 migrations spent ~0.15 s there, where
// one script holding every module's function, read back from one cache, takes ~0.03 s (measured on the bench's
// 1000 migrations). Used when a run loads many modules at once (precompile); a few go through the per-module
// code cache (code-cache.ts) as before.
// A bundle's code cache is named by the bundle's source, so it is only ever handed the source it was made from
// (V8 itself compares only lengths). Stack frames of a bundled module name the bundle; where a
// module's lines sit in it is kept (bundleLocationOf), so positions still map back to the migration's own lines.
// Layout of a cache file: V8's cached data, as createCachedData() returned it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { basename, join } from 'node:path';
import { cachedDataVersionTag } from 'node:v8';
import { Script } from 'node:vm';
import type { ModuleBody } from './code-cache.js';
import { folderPrefix } from './folder-prefix.js';
import { replaceFile } from './replace-file.js';

/** Below this many modules, the per-module code cache is as quick and keeps no extra file. */
export const BUNDLE_MIN_MODULES = 32;
/** Bundles kept per migrations folder: a few sets of pending migrations (a fresh database's, a deploy's). */
const BUNDLES_KEPT = 3;

export interface BundledModule {
  compiledFile: string;
  code: string;
}

/**
 * Where a module's code sits in a bundle: the name its stack frames carry, its first and last line there, and
 * how many of its own first lines (the shared helpers) are not there: bundle line firstLine is its line
 * skippedLines + 1.
 */
export interface BundleLocation {
  bundleFile: string;
  firstLine: number;
  lastLine: number;
  skippedLines: number;
}

const WRAPPER = '(function (exports, require, module, __filename, __dirname) {\n';
const locations = new Map<string, BundleLocation>();
let pendingWrites: Array<{ file: string; script: Script }> = [];

export function bundleLocationOf(compiledFile: string): BundleLocation | undefined {
  return locations.get(compiledFile);
}

function lineCount(text: string): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

/**
 * A module's code without its inline source map (its last line): most of its bytes, which V8 would otherwise
 * scan on a compile without cache. Positions read the map from the module's own cached copy.
 */
function withoutSourceMap(code: string): string {
  const at = code.lastIndexOf('\n//# sourceMappingURL=');
  return at === -1 ? code : code.slice(0, at);
}

/**
 * A top-level line of what esbuild's CommonJS modules start with: the strict-mode directive of an ES module, an
 * interop helper's definition, its closing brace, or its body. Shared by every module, the directive then heads
 * the bundle and makes every module in it strict; where modules differ, each keeps its own.
 */
const HELPER_LINE = /^(?:"use strict";$|var __\w+ = |\}|[ \t])/;

/**
 * The interop helpers every module of the bundle starts with (`var __defProp = …` … `var __toCommonJS = …`), as
 * the length of that shared beginning: complete helper definitions only, never a module's own statement. Defined
 * once for all modules, they are compiled and cached once instead of once per module (1000 migrations: the
 * bundle's code cache 3.7 -> 2.2 MB).
 */
function sharedHelpersLength(codes: readonly string[]): number {
  const first = codes[0] ?? '';
  let cut = helpersWithin(first, first.length);
  let shared = first.slice(0, cut);
  for (const code of codes) {
    if (code.startsWith(shared)) continue; // one native comparison per module: a loop over characters cost ~12 ms per 1000
    let same = 0;
    while (same < cut && code.charCodeAt(same) === first.charCodeAt(same)) same++;
    cut = helpersWithin(first, same);
    shared = first.slice(0, cut);
  }
  return cut;
}

/** The length of the complete helper definitions `first` starts with, within its first `limit` characters. */
function helpersWithin(first: string, limit: number): number {
  let cut = 0;
  for (let at = 0; at < limit; ) {
    const end = first.indexOf('\n', at);
    const line = first.slice(at, end === -1 ? first.length : end);
    if (!line.startsWith(' ') && !line.startsWith('\t') && !line.startsWith('}')) cut = at; // a statement starts here
    if (!HELPER_LINE.test(line) || end === -1) break;
    at = end + 1;
  }
  return cut;
}

/**
 * The bundle's source: the shared helpers, then an array of module functions, each module's code (what follows
 * the helpers) starting on a line of its own.
 */
function bundleSource(modules: readonly BundledModule[], bundleFile: string): { source: string; located: Map<string, BundleLocation> } {
  const codes = modules.map((m) => withoutSourceMap(m.code));
  const helpers = sharedHelpersLength(codes);
  const skippedLines = lineCount(codes[0]?.slice(0, helpers) ?? '') - 1;
  const head = `(() => {\n${codes[0]?.slice(0, helpers) ?? ''}return [\n`;
  const parts = [head];
  const located = new Map<string, BundleLocation>();
  let line = lineCount(head); // the wrapper's line
  modules.forEach((module, i) => {
    const code = (codes[i] as string).slice(helpers);
    const lines = lineCount(code);
    located.set(module.compiledFile, { bundleFile, firstLine: line + 1, lastLine: line + lines, skippedLines });
    parts.push(WRAPPER, code, '\n}),\n');
    line += lines + 2;
  });
  parts.push(']; })()');
  return { source: parts.join(''), located };
}

/**
 * Compiles `modules` (code from the compile cache in `cacheDir`, compiled from `sourceFolder`) as one script
 * with its code cache when there is one; otherwise its cache is taken when the process exits (after the modules'
 * functions ran, so they are in it). Returns each module's body by compiled file; empty when V8 refused the
 * bundle (each module then compiles on its own, as without one).
 */
export function compileBundle(modules: readonly BundledModule[], cacheDir: string, sourceFolder: string): Map<string, ModuleBody> {
  const prefix = folderPrefix('bundle', sourceFolder);
  const names = modules.map((m) => basename(m.compiledFile)).join('\0');
  const shownAs = join(cacheDir, `${prefix}${createHash('sha256').update(names).digest('hex').slice(0, 32)}.cjs`);
  const { source, located } = bundleSource(modules, shownAs);
  const ran = runWithCodeCache(source, shownAs, join(cacheDir, prefix));
  const bodies = ran?.value;
  if (!Array.isArray(bodies) || bodies.length !== modules.length) return new Map();
  for (const [file, at] of located) locations.set(file, at);
  return new Map(modules.map((m, i) => [m.compiledFile, bodies[i] as ModuleBody]));
}

interface RunOptions {
  /** lines before the script's first (a wrapper added on a line of its own) */
  lineOffset?: number;
  /** a digest the caller has of exactly what makes `source` (cheaper than hashing the string) */
  sourceKey?: string;
}

/**
 * Runs `source` as a script shown as `shownAs` and returns what it evaluates to, with V8's code cache when
 * `cachePrefix` (a path and a file name's start) has one made from this very source; otherwise the cache is
 * taken when the process exits (after the functions ran, so they are in it). A null prefix takes no cache (a run
 * that has just compiled the code pays enough). Undefined when V8 refused the source.
 */
export function runWithCodeCache(source: string, shownAs: string, cachePrefix: string | null, options: RunOptions = {}): { value: unknown } | undefined {
  const { lineOffset = 0 } = options;
  // named by the source itself: V8 checks only a cache's length against the source it is handed
  const key = cachePrefix === null ? null : (options.sourceKey ?? createHash('sha256').update(source).digest('hex').slice(0, 32));
  const cacheFile = key === null ? null : `${cachePrefix}${key}-${cachedDataVersionTag().toString(16)}.bin`;
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile !== null) cachedData = readFileSync(cacheFile);
  } catch {
    // none yet
  }
  let value: unknown;
  let script: Script;
  try {
    script = new Script(source, { filename: shownAs, lineOffset, ...(cachedData ? { cachedData } : {}) });
    value = script.runInThisContext();
  } catch {
    return undefined;
  }
  if (cacheFile === null) return { value };
  if (!cachedData || script.cachedDataRejected) takeAtExit(cacheFile, script);
  else touch(cacheFile);
  return { value };
}

function takeAtExit(file: string, script: Script): void {
  if (pendingWrites.length === 0) process.once('exit', writeBundles);
  pendingWrites.push({ file, script });
}

/** Marks a bundle as used, so pruning keeps the ones runs ask for. */
function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // read-only: nothing to mark
  }
}

/** Writes the bundles' code caches taken in this process, and drops the oldest of a folder beyond a few. */
export function writeBundles(): void {
  for (const { file, script } of pendingWrites) {
    try {
      replaceFile(file, script.createCachedData());
      prune(file);
    } catch {
      // read-only or full disk: the next run compiles without
    }
  }
  pendingWrites = [];
}

/** Keeps the newest BUNDLES_KEPT code caches of the folder `file` belongs to. */
function prune(file: string): void {
  const dir = join(file, '..');
  const prefix = basename(file).split('-').slice(0, 2).join('-') + '-';
  const bundles = readdirSync(dir)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.bin'))
    .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of bundles.slice(BUNDLES_KEPT)) rmSync(old.path, { force: true });
}
