// Many migrations of a folder compiled by esbuild as one bundle. esbuild spends ~0.5 ms of CPU on every file it
// compiles to an output of its own (a transform, or a build with an entry point per file: each output is linked
// and printed alone), where one bundle of the same 1000 migrations takes ~0.2 s in all; V8 then compiles one
// script instead of 1000 module functions. Measured on the bench's 1000 migrations: esbuild per file ~0.85 s of
// CPU, one bundle ~0.2 s.
// Each migration stays a module of its own in the bundle (esbuild's lazy wrapper, entered through require()), so
// its top-level code runs when it is loaded, as from a file of its own. Only self-contained migrations are bundled
// (imports of 'athanor' and Node's own modules); one that imports anything else, that needs its own file (import(),
// import.meta, __dirname) or that esbuild refuses (a syntax error, top-level await) is left to the one-by-one path,
// which gives it its own file, reports its own problem or hands it to tsx.
// A bundle is cached whole, named by its files and their checksums: a run asking for the same set of migrations
// (a fresh database's, a deploy's, in any order) runs it again, with V8's code cache.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, utimesSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createRequire, SourceMap, type SourceMapPayload } from 'node:module';
import type { Metafile, Message } from 'esbuild';
import { runWithCodeCache } from './code-bundle.js';
import { isAthanorOrNode, keptRequires } from './kept-requires.js';
import { folderPrefix } from './folder-prefix.js';
import { replaceFile } from './replace-file.js';
import { esbuildBuild } from './esbuild-service.js';

const FORMAT = 'esb-3';
/** Bundles kept per migrations folder: a few sets of pending migrations. */
const BUNDLES_KEPT = 3;
/** The entry esbuild starts from (given as stdin): it requires each migration. */
const ENTRY = 'athanor-bundle-entry.js';
const WRAPPER = '(function (exports, require, module, __filename, __dirname) {\n';

/** A migration to bundle: its absolute path and the sha256 of its bytes. */
export interface BundleInput {
  file: string;
  checksum: string;
}

/** A bundle's code and source map, as cached, and the files it holds (by name, in its order). */
export interface BundleCode {
  files: string[];
  code: string;
  /** the source map's JSON when built in this process; one read back from the cache reads it beside the bundle */
  map?: string;
  /** read back from the cache: what names its V8 code cache (a digest of the bytes, not of the decoded string) */
  codeKey?: string;
}

/** A bundle loaded in this process: each module's exports, made when first asked for. */
export interface LoadedBundle {
  /** the cached file its stack frames name */
  file: string;
  modules: Map<string, () => Record<string, unknown>>;
  positionIn(file: string, line: number, column: number): { line: number; column: number } | undefined;
}

/** The files of a bundle in the order they are bundled: by path, so a set is one bundle whatever order it came in. */
function inOrder(inputs: readonly BundleInput[]): BundleInput[] {
  return [...inputs].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** The cache file name of the bundle of `inputs` (all in `folder`). */
export function bundleFileName(folder: string, inputs: readonly BundleInput[]): string {
  const hash = createHash('sha256').update(FORMAT);
  for (const { file, checksum } of inOrder(inputs)) hash.update('\0').update(file).update('\0').update(checksum);
  return `${folderPrefix('esb', folder)}${hash.digest('hex').slice(0, 32)}.cjs`;
}

/** What esbuild made of a set: the bundle (files it left out go the one-by-one path), null when too few remain. */
export interface Built {
  code: BundleCode | null;
  /** compiled, but their content is not the one asked for (edited meanwhile): not to be cached */
  changed: boolean;
}

/**
 * Bundles the self-contained migrations of `inputs` (all in `folder`). Files that are not self-contained or that
 * esbuild refuses are left out (a build again without them); null code when fewer than `minimum` remain.
 */
export async function buildBundle(folder: string, inputs: readonly BundleInput[], minimum: number): Promise<Built> {
  const left = new Set<string>();
  // esbuild's errors stop a build before it says what the files import: one build may find each
  for (let attempt = 0; attempt < 3; attempt++) {
    const kept = inOrder(inputs).filter((input) => !left.has(input.file));
    if (kept.length < minimum) break;
    const outcome = await esbuildOnce(folder, kept);
    const checked = 'code' in outcome ? checkSources(kept) : { changed: false, refused: outcome.refused };
    if ('code' in outcome && checked.refused.size === 0) return { code: outcome.code, changed: checked.changed };
    if (checked.refused.size === 0) break;
    for (const file of checked.refused) left.add(file);
  }
  return { code: null, changed: false };
}

type Outcome = { code: BundleCode } | { refused: Set<string> };

async function esbuildOnce(folder: string, inputs: readonly BundleInput[]): Promise<Outcome> {
  try {
    // esbuild's metafile costs ~20 % of the build: asked for only when the output may hold a forbidden import
    const built = await bundleOf(folder, inputs, false);
    if (built.code !== undefined && built.map !== undefined && isSelfContained(built.code, built.map, inputs.length)) {
      return { code: { files: inputs.map((input) => basename(input.file)), code: built.code, map: built.map } };
    }
    const checked = await bundleOf(folder, inputs, true);
    const refused = checked.metafile ? notSelfContained(checked.metafile, folder) : new Set<string>();
    if (refused.size > 0 || checked.code === undefined || checked.map === undefined) return { refused };
    return { code: { files: inputs.map((input) => basename(input.file)), code: checked.code, map: checked.map } };
  } catch (error) {
    return { refused: filesOfErrors(error, folder) };
  }
}

async function bundleOf(folder: string, inputs: readonly BundleInput[], metafile: boolean): Promise<{ code?: string; map?: string; metafile?: Metafile }> {
  const entry = `module.exports = [\n${inputs.map((input) => `() => require(${JSON.stringify(`./${basename(input.file)}`)}),`).join('\n')}\n];\n`;
  // esbuild names what it read relative to the real folder: a folder reached through a symbolic link is given so
  const real = realpathSync(folder);
  const result = await esbuildBuild({
    stdin: { contents: entry, resolveDir: real, sourcefile: ENTRY, loader: 'js' },
    absWorkingDir: real,
    // a migration that is a symbolic link keeps its own name (the folder's name for it)
    preserveSymlinks: true,
    bundle: true,
    // names as each file had them alone (a function's or class's name would get a suffix where two files share it)
    keepNames: true,
    // ES modules, all of them (only TypeScript is bundled): strict, as each compiled alone is
    banner: { js: '"use strict";' },
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // what a single file's compile sees: no tsconfig.json of the project
    tsconfigRaw: '{}',
    sourcemap: 'external',
    sourcesContent: false,
    outfile: join(real, 'athanor-bundle.cjs'),
    write: false,
    metafile,
    logLevel: 'silent',
  });
  const code = result.outputFiles.find((output) => output.path.endsWith('.cjs'))?.text;
  const map = result.outputFiles.find((output) => output.path.endsWith('.map'))?.text;
  return { ...(code !== undefined ? { code } : {}), ...(map !== undefined ? { map } : {}), ...(result.metafile ? { metafile: result.metafile } : {}) };
}

/**
 * Whether a bundle certainly holds only the migrations asked for and imports of 'athanor' and Node's own modules:
 * its source map names the entry and each migration, no other file, and each require() it keeps is of those. A
 * require() written in a string or a comment only sends the set through the metafile's check.
 */
function isSelfContained(code: string, map: string, migrations: number): boolean {
  const { sources } = JSON.parse(map) as { sources?: unknown };
  if (!Array.isArray(sources) || sources.length !== migrations + 1) return false;
  return keptRequires(code).every(isAthanorOrNode);
}

/** The migrations that import anything but 'athanor' and Node's own modules (bundled or not). */
function notSelfContained(metafile: Metafile, folder: string): Set<string> {
  const refused = new Set<string>();
  for (const [path, input] of Object.entries(metafile.inputs)) {
    if (path === ENTRY || path === '<stdin>') continue;
    for (const imported of input.imports) {
      if (imported.path === '<runtime>') continue; // esbuild's own helpers (keepNames' __name)
      if (imported.external === true && isAthanorOrNode(imported.path)) continue;
      refused.add(join(folder, path));
    }
  }
  return refused;
}

/** The files esbuild's errors are in: those are left out; an error without a file leaves the whole set out. */
function filesOfErrors(error: unknown, folder: string): Set<string> {
  const errors = (error as { errors?: Message[] }).errors ?? [];
  const files = new Set<string>();
  for (const message of errors) {
    const file = message.location?.file;
    if (file === undefined || file === '' || file === ENTRY || file === '<stdin>') return new Set();
    files.add(join(folder, file));
  }
  return files;
}

/**
 * Code that runs differently in a bundle than alone: import() (a bundle's script has no module loader behind it:
 * tsx loads such a file), import.meta and __dirname/__filename (a file compiled alone is given its own).
 */
const NOT_BUNDLED = /\bimport\s*\(|\bimport\.meta\b|\b__dirname\b|\b__filename\b/;

/**
 * The files read again after the build: whether one no longer holds what its checksum says (esbuild read them
 * itself, after the checksums were taken), and those whose code must not run from a bundle.
 */
function checkSources(inputs: readonly BundleInput[]): { changed: boolean; refused: Set<string> } {
  const refused = new Set<string>();
  let changed = false;
  for (const input of inputs) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(input.file);
    } catch {
      changed = true;
      continue;
    }
    if (createHash('sha256').update(bytes).digest('hex') !== input.checksum) changed = true;
    if (NOT_BUNDLED.test(bytes.toString('utf8'))) refused.add(input.file);
  }
  return { changed, refused };
}

/** Stores a bundle in `cacheDir` under `name` and drops the folder's oldest beyond a few. Unwritable: kept in memory only. */
export function storeBundle(cacheDir: string, name: string, built: BundleCode): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    replaceFile(join(cacheDir, `${name}.map`), built.map ?? '');
    // the files it holds on its first line: a set with files left out is still found by the set asked for
    replaceFile(join(cacheDir, name), `${JSON.stringify(built.files)}\n${built.code}`);
    pruneBundles(cacheDir, name);
  } catch {
    // read-only or full disk: the next run builds it again
  }
}

/** A cached bundle's code (its map is read when a position is asked for); null when it cannot be read. */
export function readBundle(cacheDir: string, name: string): BundleCode | null {
  const file = join(cacheDir, name);
  try {
    const bytes = readFileSync(file);
    if (!existsSync(`${file}.map`)) return null; // built again: positions need it
    const newline = bytes.indexOf(0x0a);
    const files = JSON.parse(bytes.toString('utf8', 0, newline)) as unknown;
    if (!Array.isArray(files) || !files.every((name) => typeof name === 'string')) return null;
    touch(file);
    // esbuild writes ASCII (its default charset escapes the rest): a one-byte string is a copy, UTF-8 decoding
    // and hashing the decoded string cost ~10 ms per MB
    const code = bytes.subarray(newline + 1);
    const codeKey = createHash('sha256').update(WRAPPER).update(code).digest('hex').slice(0, 32);
    return { files, code: code.toString(isAscii(code) ? 'latin1' : 'utf8'), codeKey };
  } catch {
    return null;
  }
}

/**
 * Runs a bundle's code (once per process): each migration's exports are made when first asked for. Null when V8
 * refused the code (a damaged cache file): the caller compiles the files again. A bundle read from the cache runs
 * with V8's code cache; one just built takes none (the next run takes it).
 */
export function loadBundle(where: { cacheDir: string; name: string; folder: string }, built: BundleCode, api: object): LoadedBundle | null {
  const { cacheDir, name, folder } = where;
  const file = join(cacheDir, name);
  // read back from the cache: its code cache too (one just built takes none)
  const codeCache = built.map === undefined ? join(cacheDir, folderPrefix('esb', folder)) : null;
  const ran = runWithCodeCache(`${WRAPPER}${built.code}\n})`, file, codeCache, { lineOffset: -1, ...(built.codeKey ? { sourceKey: built.codeKey } : {}) });
  if (typeof ran?.value !== 'function') return null;
  const module = { exports: {} as unknown };
  let nodeRequire: NodeRequire | undefined;
  const requireForBundle = (specifier: string): unknown => {
    if (specifier === 'athanor') return api;
    nodeRequire ??= createRequire(file);
    return nodeRequire(specifier);
  };
  try {
    (ran.value as (...args: unknown[]) => void)(module.exports, requireForBundle, module, file, dirname(file));
  } catch {
    return null;
  }
  const thunks = module.exports;
  if (!Array.isArray(thunks) || thunks.length !== built.files.length) return null;
  const modules = new Map(built.files.map((name, i) => [join(folder, name), thunks[i] as () => Record<string, unknown>]));
  return { file, modules, positionIn: positionsIn(built.map ?? { file: `${file}.map` }) };
}

/** Where a position in a bundle is in one of its files, read from its source map when first asked. */
function positionsIn(source: string | { file: string }): LoadedBundle['positionIn'] {
  let map: SourceMap | null | undefined;
  return (file, line, column) => {
    map ??= sourceMapOf(source);
    const entry = map?.findEntry(line - 1, column - 1);
    // every module of a bundle is in one folder: its name says which (esbuild writes names as URLs: %-encoded)
    if (!entry || !('originalSource' in entry) || decodedName(entry.originalSource) !== basename(file)) return undefined;
    return { line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  };
}

function decodedName(source: string): string {
  try {
    return decodeURIComponent(basename(source));
  } catch {
    return basename(source);
  }
}

function sourceMapOf(map: string | { file: string }): SourceMap | null {
  try {
    const json = typeof map === 'string' ? map : readFileSync(map.file, 'utf8');
    return new SourceMap(JSON.parse(json) as SourceMapPayload);
  } catch {
    return null;
  }
}

function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // read-only: nothing to mark
  }
}

/** Keeps the newest BUNDLES_KEPT bundles (code and map) of the folder `name` belongs to. */
function pruneBundles(cacheDir: string, name: string): void {
  const prefix = name.split('-').slice(0, 2).join('-') + '-';
  const bundles = readdirSync(cacheDir)
    .filter((entry) => entry.startsWith(prefix) && entry.endsWith('.cjs'))
    .map((entry) => ({ entry, mtime: statSync(join(cacheDir, entry)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of bundles.slice(BUNDLES_KEPT)) {
    rmSync(join(cacheDir, old.entry), { force: true });
    rmSync(join(cacheDir, `${old.entry}.map`), { force: true });
  }
}
