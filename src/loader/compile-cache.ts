// TypeScript and JavaScript migrations, models and configs (ES modules or CommonJS, whatever the package's "type"
// says) compiled once with esbuild to CommonJS in a cache
// (node_modules/.cache/athanor, or the OS temp folder) and run as CommonJS. Going through tsx's loader hooks
// costs ~3 ms per module (messages to the hooks thread) and even plain import() ~1 ms (asynchronous reads);
// a synchronous read + compile is far cheaper, so 1000 migrations load in a fraction of a second.
// Only self-contained files take this path: each gets a require() that serves 'athanor' from this copy of
// athanor's user API (passed in, since Node 20 cannot require() an ES module) and node: builtins as usual;
// anything else (relative or package imports, top-level await) falls back to tsx.
// Many uncached migrations of one folder are compiled together, as one esbuild bundle (esbuild-bundle.ts): esbuild
// costs ~0.5 ms per file compiled alone.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { createRequire, SourceMap, type SourceMapPayload } from 'node:module';
import { pathToFileURL } from 'node:url';
import { compileFunction } from 'node:vm';
import { UsageError } from '../errors.js';
import { compileWithCodeCache } from './code-cache.js';
import { BUNDLE_MIN_MODULES, bundleLocationOf, compileBundle, type BundledModule } from './code-bundle.js';
import { PACK_SUFFIX, packedCode, packPrefix, readPackIndex, writePack, type PackEntry } from './compile-pack.js';
import { migrationFormat } from '../revisions/header.js';
import { replaceFile } from './replace-file.js';
import { esbuildTransform } from './esbuild-service.js';
import { isAthanorOrNode, keptRequires } from './kept-requires.js';
import { buildBundle, bundleFileName, loadBundle, readBundle, storeBundle, type BundleInput, type LoadedBundle } from './esbuild-bundle.js';

/** The nearest node_modules/.cache/athanor above `from`, like other tools' caches; null when there is none. */
export function findCacheDir(from: string): string | null {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'athanor');
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

const FORMAT = 'cjs-8';
const STRICT = '"use strict";';

/** The files this cache compiles: TypeScript and JavaScript in either module system. */
export const COMPILED_FILE = /\.(?:[cm]?ts|[cm]?js)$/;

/** A JavaScript file (esbuild's `js` loader), not TypeScript. */
function isJavaScript(file: string): boolean {
  return /\.[cm]?js$/.test(file);
}

/** original file → its compiled file, for the modules this process loaded through the cache */
const compiledFiles = new Map<string, string>();
const sourceMaps = new Map<string, SourceMap | null>();

/** The compiled file a loaded module runs from, if it came through the cache. */
export function compiledPathOf(file: string): string | undefined {
  return compiledFiles.get(file);
}

/**
 * The source position of a stack frame at `path:line:column` when the frame is in the compiled code `file` runs
 * from (a compiled file of its own, or its lines in a bundle); undefined when the frame is elsewhere or `file`
 * did not come through the cache.
 */
export function compiledFramePosition(file: string, path: string, line: number, column: number): { line: number; column: number } | undefined {
  const compiledFile = compiledFiles.get(file);
  if (compiledFile === undefined) return undefined;
  const inBundle = bundledModules.get(compiledFile);
  if (inBundle) return path === inBundle.bundle.file ? inBundle.bundle.positionIn(file, line, column) : undefined;
  const bundled = bundleLocationOf(compiledFile);
  if (bundled === undefined) return path === compiledFile ? (sourcePosition(compiledFile, line, column) ?? { line, column }) : undefined;
  if (path !== bundled.bundleFile || line < bundled.firstLine || line > bundled.lastLine) return undefined;
  const lineInModule = line - bundled.firstLine + 1 + bundled.skippedLines;
  return sourcePosition(compiledFile, lineInModule, column) ?? { line: lineInModule, column };
}

/**
 * The .ts position (1-based) of a position in a compiled file, read from its inline source map. Only lint
 * asks, and only for what it reports: Node's own source-map support would parse every module's map at load.
 */
export function sourcePosition(compiledFile: string, line: number, column: number): { line: number; column: number } | undefined {
  let map = sourceMaps.get(compiledFile);
  if (map === undefined) {
    map = null;
    try {
      const match = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(compiledCode(compiledFile));
      if (match?.[1]) map = new SourceMap(JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) as SourceMapPayload);
    } catch {
      map = null;
    }
    sourceMaps.set(compiledFile, map);
  }
  const entry = map?.findEntry(line - 1, column - 1);
  if (!entry || !('originalLine' in entry)) return undefined;
  return { line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}

/** What is known of a file's content: its text, or the sha256 of its bytes (a migration header's checksum). */
export interface KnownContent {
  text?: string;
  checksum?: string;
}

// Per-process memos: a migration is compiled or looked up once even though lint, the unsupported-operation
// precheck and the runner each load it, and the cache folder is listed once instead of probed per file.
const cacheDirs = new Map<string, string>();
const cacheListings = new Map<string, string[]>();
const cachedNamesMemo = new Map<string, Set<string>>();
const resolved = new Map<string, Promise<string | null>>();
/** compiled path → where its code sits, for modules stored in a pack rather than a file of their own */
const packed = new Map<string, PackEntry>();

function cacheDirFor(dir: string): string {
  let cacheDir = cacheDirs.get(dir);
  if (cacheDir === undefined) {
    cacheDir = findCacheDir(dir) ?? join(tmpdir(), 'athanor-cache');
    cacheDirs.set(dir, cacheDir);
  }
  return cacheDir;
}

/** The cache folder's listing, read once per process. */
function cacheListing(cacheDir: string): string[] {
  let listing = cacheListings.get(cacheDir);
  if (!listing) {
    try {
      listing = readdirSync(cacheDir);
    } catch {
      listing = []; // no cache yet
    }
    cacheListings.set(cacheDir, listing);
  }
  return listing;
}

/**
 * The names of the modules cached in `cacheDir` for files of `sourceFolder`: files of their own and the entries
 * of the folder's packs (another folder's packs, in a cache folder shared by projects, are not read).
 */
function cachedNames(cacheDir: string, sourceFolder: string): Set<string> {
  const memo = `${cacheDir}\0${sourceFolder}`;
  let names = cachedNamesMemo.get(memo);
  if (!names) {
    names = new Set();
    const ownPacks = packPrefix(sourceFolder);
    for (const name of cacheListing(cacheDir)) {
      if (!name.endsWith(PACK_SUFFIX)) {
        names.add(name);
        continue;
      }
      if (!name.startsWith(ownPacks)) continue;
      for (const [entry, where] of readPackIndex(join(cacheDir, name))) {
        names.add(entry);
        packed.set(join(cacheDir, entry), where);
      }
    }
    cachedNamesMemo.set(memo, names);
  }
  return names;
}

/** cache folders known to exist in this process */
const madeDirs = new Set<string>();
/** what this process compiled, by cached file: run from memory instead of read back */
const freshCode = new Map<string, string>();
/** compiled by precompile and not yet stored (its pack is written when all are in), by cached file */
const unpackedCode = new Map<string, string>();
/** compiled while esbuild worked on other files (precompile): V8's compile of a module, done before it runs */
const preparedBodies = new Map<string, ModuleBody>();

type ModuleBody = (...args: unknown[]) => unknown;

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The code of a compiled module, wherever the cache keeps it. */
function compiledCode(compiledFile: string): string {
  const fresh = freshCode.get(compiledFile) ?? unpackedCode.get(compiledFile);
  if (fresh !== undefined) return fresh;
  const entry = packed.get(compiledFile);
  return entry ? packedCode(entry) : readFileSync(compiledFile, 'utf8');
}

function memoKey(file: string, checksum: string): string {
  return `${file}\0${checksum}`;
}

/** Where the compiled form of `file` lives (compiled now if missing); null when the file must go through tsx. */
function compiled(file: string, content: KnownContent = {}): Promise<string | null> {
  // synchronous reads on purpose: fs/promises costs a thread-pool round trip per file, which adds up over 1000 migrations
  const bytes = content.checksum === undefined && content.text === undefined ? readFileSync(file) : undefined;
  const checksum = content.checksum ?? sha256(content.text ?? (bytes as Buffer));
  const memo = memoKey(file, checksum);
  let result = resolved.get(memo);
  if (!result) {
    result = compileOnce(file, checksum, content.text ?? bytes?.toString('utf8'));
    resolved.set(memo, result);
  }
  return result;
}

function keyOf(file: string, checksum: string): string {
  return createHash('sha256').update(FORMAT).update('\0').update(file).update('\0').update(checksum).digest('hex').slice(0, 40);
}

/** The cached compiled file for this content of `file`, if there is one. */
function cachedPath(file: string, checksum: string): string | undefined {
  const cacheDir = cacheDirFor(dirname(file));
  const names = cachedNames(cacheDir, dirname(file));
  const key = keyOf(file, checksum);
  // the name says whether the module needs athanor's API, so a config that only imports types loads without it
  if (names.has(`${key}.cjs`)) return join(cacheDir, `${key}.cjs`);
  if (names.has(`${key}.api.cjs`)) return join(cacheDir, `${key}.api.cjs`);
  return undefined;
}

/** A module esbuild compiled, to be stored under `name` in the cache folder. */
interface CompiledModule {
  cacheDir: string;
  /** the folder of the file it was compiled from */
  folder: string;
  name: string;
  code: string;
}

async function compileOnce(file: string, expectedChecksum: string, knownText: string | undefined): Promise<string | null> {
  const hit = cachedPath(file, expectedChecksum);
  if (hit !== undefined) return hit;
  const module = await compileSource(file, expectedChecksum, knownText);
  if (module === null) return null;
  return storeOne(module);
}

/** esbuild's CommonJS form of `file`, or null when the file must go through tsx. */
async function compileSource(file: string, expectedChecksum: string, knownText: string | undefined): Promise<CompiledModule | null> {
  const source = knownText ?? readFileSync(file, 'utf8');
  // the file changed since its checksum was taken: compile what is there now, under its own key
  const key = keyOf(file, knownText === undefined ? sha256(source) : expectedChecksum);
  if (/\bimport\s*\(/.test(source)) return null;
  let code: string;
  try {
    const loader = isJavaScript(file) ? 'js' : 'ts';
    const define = importMetaOf(file);
    // an ES module runs in strict mode; its CommonJS form says so (a CommonJS .js file stays as it is)
    const banner = loader === 'ts' || file.endsWith('.mjs') ? STRICT : '';
    code = await esbuildTransform(source, { loader, format: 'cjs', sourcefile: file, sourcemap: 'inline', target: 'node20', define, banner });
  } catch (error) {
    // top-level await has no CommonJS form: let tsx load it as an ES module
    if (/top-level await/i.test(String(error))) return null;
    throw error;
  }
  const required = keptRequires(code);
  if (!required.every(isAthanorOrNode)) return null;
  const name = required.includes('athanor') ? `${key}.api.cjs` : `${key}.cjs`;
  return { cacheDir: cacheDirFor(dirname(file)), folder: dirname(file), name, code };
}

/**
 * `import.meta` as an ES module at `file` sees it (CommonJS output has none): a migration reading a file beside
 * it with `new URL('./x.sql', import.meta.url)` or `import.meta.dirname` reads the same file as under tsx.
 */
function importMetaOf(file: string): Record<string, string> {
  const meta = { url: pathToFileURL(file).href, dirname: dirname(file), filename: file };
  return {
    'import.meta': JSON.stringify(meta),
    'import.meta.url': JSON.stringify(meta.url),
    'import.meta.dirname': JSON.stringify(meta.dirname),
    'import.meta.filename': JSON.stringify(meta.filename),
  };
}

function ensureCacheDir(cacheDir: string): void {
  if (!madeDirs.has(cacheDir)) mkdirSync(cacheDir, { recursive: true });
  madeDirs.add(cacheDir);
}

/** Stores one compiled module as a file of its own; returns its path. */
function storeOne(module: CompiledModule): string {
  const cached = join(module.cacheDir, module.name);
  try {
    // synchronous writes, as the reads: a cold cache of 1000 migrations spent ~0.3 s in thread-pool round trips
    ensureCacheDir(module.cacheDir);
    // write then rename: concurrent runners never import a half-written file
    replaceFile(cached, module.code);
    cachedNames(module.cacheDir, module.folder).add(module.name);
  } catch {
    // read-only or full disk: the module runs from memory and the next run compiles it again
  }
  freshCode.set(cached, module.code);
  return cached;
}

/**
 * Stores modules precompile compiled, one pack per cache folder and source folder (a lone module gets a file of
 * its own). A pack that cannot be written is skipped: the modules run from memory and the next run compiles them
 * again.
 */
function storeMany(modules: readonly CompiledModule[]): void {
  const byDir = groupBy(modules, (module) => `${module.cacheDir}\0${module.folder}`);
  for (const inDir of byDir.values()) {
    const { cacheDir, folder } = inDir[0] as CompiledModule;
    try {
      if (inDir.length === 1) {
        storeOne(inDir[0] as CompiledModule);
      } else {
        ensureCacheDir(cacheDir);
        const names = cachedNames(cacheDir, folder);
        for (const [name, entry] of writePack(cacheDir, folder, inDir)) {
          names.add(name);
          packed.set(join(cacheDir, name), entry);
        }
      }
    } catch {
      continue; // read-only or full disk: keep the code in memory
    }
    for (const module of inDir) unpackedCode.delete(join(cacheDir, module.name));
  }
}

/** A module run from an esbuild bundle (esbuild-bundle.ts), by the name it is known by here: the bundle and its file. */
const bundledModules = new Map<string, { bundle: LoadedBundle; file: string }>();

/**
 * Takes the many TypeScript migrations of one folder that esbuild compiles as one bundle: a cached bundle of this
 * very set, or a new one when many of them are not in the cache yet. Returns the files left to the other paths.
 */
function withoutBundled(wanted: ReadonlyMap<string, BundleInput>, hitOf: (input: BundleInput) => string | undefined): Map<string, BundleInput> {
  const rest = new Map(wanted);
  const typescript = [...wanted.values()].filter((input) => migrationFormat(input.file) === 'ts');
  for (const [folder, inputs] of groupBy(typescript, (input) => dirname(input.file))) {
    if (inputs.length < BUNDLE_MIN_MODULES) continue;
    const cacheDir = cacheDirFor(folder);
    const name = bundleFileName(folder, inputs);
    const isCached = cachedNames(cacheDir, folder).has(name);
    if (!isCached && inputs.filter((input) => hitOf(input) === undefined).length < BUNDLE_MIN_MODULES) continue;
    const jobs = inputs.map((input) => ({ ...input, ...settleable(memoKey(input.file, input.checksum)) }));
    for (const input of inputs) rest.delete(memoKey(input.file, input.checksum));
    void settleFromBundle({ folder, cacheDir, name, isCached }, jobs);
  }
  return rest;
}

type Job = BundleInput & ReturnType<typeof settleable>;

/** Settles each job from the bundle (read from the cache, else built); a file the bundle lacks is compiled alone. */
async function settleFromBundle(where: { folder: string; cacheDir: string; name: string; isCached: boolean }, jobs: readonly Job[]): Promise<void> {
  const { folder, cacheDir, name } = where;
  let loaded: LoadedBundle | null = null;
  try {
    const api = await userApi();
    const cached = where.isCached ? readBundle(cacheDir, name) : null;
    loaded = cached && loadBundle(where, cached, api);
    if (!loaded) {
      const built = await buildBundle(folder, jobs, BUNDLE_MIN_MODULES);
      loaded = built.code && loadBundle(where, built.code, api);
      if (loaded && built.code && !built.changed) storeBundle(cacheDir, name, built.code);
    }
  } catch {
    loaded = null; // compiled one by one below, which reports what is wrong
  }
  for (const job of jobs) {
    // known here by a name of its own in the bundle: what the memos of loaded modules are keyed by
    const run = loaded?.modules.has(job.file) ? `${loaded.file}#${basename(job.file)}` : undefined;
    if (run !== undefined && loaded) {
      bundledModules.set(run, { bundle: loaded, file: job.file });
      job.resolve(run);
    } else {
      compileOnce(job.file, job.checksum, undefined).then(job.resolve, job.reject);
    }
  }
}

/** How many files esbuild works on at once: enough to keep its threads busy, few enough to stream results. */
const IN_FLIGHT = 64;

/**
 * Starts compiling many files and returns before they are done: each file's load waits for its own result, so
 * the first migrations load (and lint runs them) while esbuild works on the rest, in parallel. V8 compiles each
 * module as its code arrives; when all are in, they are written as one pack instead of a file each. A file that
 * fails to compile fails its load with that error, as without precompiling.
 */
export async function precompile(files: ReadonlyArray<{ file: string; checksum?: string }>): Promise<void> {
  const wanted = new Map<string, BundleInput>();
  for (const { file, checksum } of files) {
    if (!COMPILED_FILE.test(file)) continue;
    if (checksum === undefined) compiled(file).catch(() => null);
    else if (!resolved.has(memoKey(file, checksum))) wanted.set(memoKey(file, checksum), { file, checksum });
  }
  // each file looked up in the cache once, and only where a cached bundle does not serve it
  const looked = new Map<string, string | undefined>();
  const hitOf = ({ file, checksum }: BundleInput): string | undefined => {
    const memo = memoKey(file, checksum);
    if (!looked.has(memo)) looked.set(memo, cachedPath(file, checksum));
    return looked.get(memo);
  };
  const pending = new Map<string, { file: string; checksum: string }>();
  const hits: Array<{ file: string; compiledFile: string }> = [];
  for (const [memo, input] of withoutBundled(wanted, hitOf)) {
    const { file, checksum } = input;
    const hit = hitOf(input);
    if (hit === undefined) {
      pending.set(memo, { file, checksum });
      continue;
    }
    resolved.set(memo, Promise.resolve(hit));
    if (!loadedModules.has(hit) && !preparedBodies.has(hit)) hits.push({ file, compiledFile: hit });
  }
  if (hits.length >= BUNDLE_MIN_MODULES) prepareBundles(hits);
  if (pending.size === 1) {
    for (const { file, checksum } of pending.values()) compiled(file, { checksum }).catch(() => null);
    return;
  }
  const jobs = [...pending].map(([memo, job]) => ({ ...job, ...settleable(memo) }));
  // in the order asked, whatever order esbuild answers in: the same files make the same pack
  const done: Array<CompiledModule | undefined> = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++, job = jobs[index]; job !== undefined; index = next++, job = jobs[index]) {
      try {
        const module = await compileSource(job.file, job.checksum, undefined);
        if (module === null) {
          job.resolve(null);
          continue;
        }
        const cached = join(module.cacheDir, module.name);
        unpackedCode.set(cached, module.code);
        prepare(cached, module.code);
        done[index] = module;
        job.resolve(cached);
      } catch (error) {
        job.reject(error);
      }
    }
  };
  void Promise.all(Array.from({ length: Math.min(IN_FLIGHT, jobs.length) }, worker)).then(() => storeMany(done.filter((module) => module !== undefined)));
}

/** A memo entry whose result comes later: the promise loads wait on, and how to settle it. */
function settleable(memo: string): { resolve: (path: string | null) => void; reject: (error: unknown) => void } {
  let resolve: (path: string | null) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<string | null>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  promise.catch(() => undefined); // a failure is reported by the file's load, not as an unhandled rejection
  resolved.set(memo, promise);
  return { resolve, reject };
}

/** V8's compile of a module's code as CommonJS (the function a module body runs in). */
function compileModule(code: string, compiledFile: string): ModuleBody {
  return compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: compiledFile }) as ModuleBody;
}

/** `items` by `groupOf` (Map.groupBy needs Node 21). */
function groupBy<T>(items: readonly T[], groupOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = groupOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** V8's compile of many cached modules at once, one bundle per migrations folder (code-bundle.ts). */
function prepareBundles(hits: ReadonlyArray<{ file: string; compiledFile: string }>): void {
  const byFolder = groupBy(hits, (hit) => dirname(hit.file));
  for (const [folder, inFolder] of byFolder) {
    if (inFolder.length < BUNDLE_MIN_MODULES) continue;
    let modules: BundledModule[];
    try {
      modules = inFolder.map((hit) => ({ compiledFile: hit.compiledFile, code: compiledCode(hit.compiledFile) }));
    } catch {
      continue; // an unreadable cache entry: each load reports its own
    }
    const cacheDir = dirname(inFolder[0]?.compiledFile ?? '');
    for (const [compiledFile, body] of compileBundle(modules, cacheDir, folder)) preparedBodies.set(compiledFile, body as ModuleBody);
  }
}

/** Compiles a module ahead of its load; a failure is left for the load to report. */
function prepare(compiledFile: string, code: string): void {
  try {
    preparedBodies.set(compiledFile, compileModule(code, compiledFile));
  } catch {
    // the load compiles it again and reports the error there
  }
}

/** The module's exports, or null when the file is not self-contained and must go through tsx. */
export async function importCompiled(file: string, content: KnownContent = {}): Promise<Record<string, unknown> | null> {
  const cached = await compiled(file, content);
  if (cached === null) return null;
  compiledFiles.set(file, cached);
  const inBundle = bundledModules.get(cached);
  if (inBundle) return exportsFromBundle(cached, inBundle);
  const api = cached.endsWith('.api.cjs') ? await userApi() : null;
  return runCommonJs(cached, api, file);
}

let userApiModule: object | undefined;

async function userApi(): Promise<object> {
  userApiModule ??= userApiWithClearMisses(await import('../user-api.js'));
  return userApiModule;
}

/** What each compiled module exported, by compiled file: a module runs once per process, as under require(). */
const loadedModules = new Map<string, Record<string, unknown>>();

/**
 * Runs a compiled CommonJS file with a require() that hands it this copy of athanor's user API for 'athanor'
 * (explicitly, not through a global) and Node's own modules for node: specifiers.
 */
function runCommonJs(compiledFile: string, api: object | null, sourceFile: string): Record<string, unknown> {
  const loaded = loadedModules.get(compiledFile);
  if (loaded) return loaded;
  // created on first use: most migrations import only 'athanor', and a require per module costs ~50 µs
  let nodeRequire: NodeRequire | undefined;
  const requireForModule = (specifier: string): unknown => {
    if (specifier === 'athanor' && api) return api;
    nodeRequire ??= createRequire(compiledFile);
    return nodeRequire(specifier);
  };
  const module = { exports: {} as Record<string, unknown> };
  // a module read back from the cache is compiled with V8's code cache (one compiled in this run gets none: it pays enough)
  const body = preparedBodies.get(compiledFile) ?? (freshCode.has(compiledFile) ? compileModule(compiledCode(compiledFile), compiledFile) : compileWithCodeCache(compiledCode(compiledFile), compiledFile, sourceFile));
  preparedBodies.delete(compiledFile);
  freshCode.delete(compiledFile);
  // __filename and __dirname are the migration's own, as when Node runs a CommonJS file
  body(module.exports, requireForModule, module, sourceFile, dirname(sourceFile));
  loadedModules.set(compiledFile, module.exports);
  return module.exports;
}

/** A bundled module's exports: its code runs when first asked for, as a module of its own would when loaded. */
function exportsFromBundle(name: string, inBundle: { bundle: LoadedBundle; file: string }): Record<string, unknown> {
  let exports = loadedModules.get(name);
  if (exports === undefined) {
    const run = inBundle.bundle.modules.get(inBundle.file);
    exports = run ? run() : {};
    loadedModules.set(name, exports);
  }
  return exports;
}

/** Names CommonJS interop code probes on any module; reading them must not throw. */
const INTEROP_KEYS = new Set(['__esModule', 'default', 'then', 'toJSON']);

/**
 * The user API as compiled modules see it: reading a name it lacks says what went wrong, where plain property
 * access would surface later as "import_athanor.x is not a function".
 */
function userApiWithClearMisses(api: object): object {
  return new Proxy(api, {
    get(target, key, receiver) {
      if (typeof key === 'string' && !(key in target) && !INTEROP_KEYS.has(key)) {
        throw new UsageError(`'${key}' is not exported to migrations, models and configs by 'athanor' (they get the models DSL, defineConfig and types)`);
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}
