// TypeScript and JavaScript migrations, models and configs (ES modules or CommonJS, whatever the package's "type"
// says) compiled once with esbuild to CommonJS in a cache
// (node_modules/.cache/athanor, or the OS temp folder) and run as CommonJS. Going through tsx's loader hooks
// costs ~3 ms per module (messages to the hooks thread) and even plain import() ~1 ms (asynchronous reads);
// a synchronous read + compile is far cheaper, so 1000 migrations load in a fraction of a second.
// Only self-contained files take this path: each gets a require() that serves 'athanor' from this copy of
// athanor's user API (passed in, since Node 20 cannot require() an ES module) and node: builtins as usual;
// anything else (relative or package imports, top-level await) falls back to tsx.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire, isBuiltin, SourceMap, type SourceMapPayload } from 'node:module';
import { compileFunction } from 'node:vm';
import { UsageError } from '../errors.js';

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

const REQUIRE = /\brequire\((['"])([^'"]+)\1\)/g;
const FORMAT = 'cjs-6';

/** The files this cache compiles: TypeScript and JavaScript in either module system. */
export const COMPILED_FILE = /\.(?:[cm]?ts|[cm]?js)$/;

/** A JavaScript file (esbuild's `js` loader), not TypeScript. */
function isJavaScript(file: string): boolean {
  return /\.[cm]?js$/.test(file);
}

/** original file → its compiled file, for the modules this process loaded through the cache */
const compiledFiles = new Map<string, string>();
const sourceMaps = new Map<string, SourceMap | null>();

/** The compiled file a loaded module runs from (stack frames name it), if it came through the cache. */
export function compiledPathOf(file: string): string | undefined {
  return compiledFiles.get(file);
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
      const match = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(readFileSync(compiledFile, 'utf8'));
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
const cacheListings = new Map<string, Set<string>>();
const resolved = new Map<string, Promise<string | null>>();

function cacheDirFor(dir: string): string {
  let cacheDir = cacheDirs.get(dir);
  if (cacheDir === undefined) {
    cacheDir = findCacheDir(dir) ?? join(tmpdir(), 'athanor-cache');
    cacheDirs.set(dir, cacheDir);
  }
  return cacheDir;
}

function cachedNames(cacheDir: string): Set<string> {
  let names = cacheListings.get(cacheDir);
  if (!names) {
    try {
      names = new Set(readdirSync(cacheDir));
    } catch {
      names = new Set();
    }
    cacheListings.set(cacheDir, names);
  }
  return names;
}

/** cache folders known to exist in this process */
const madeDirs = new Set<string>();
/** what this process compiled, by cached file: run from memory instead of read back */
const freshCode = new Map<string, string>();

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Where the compiled form of `file` lives (compiled now if missing); null when the file must go through tsx. */
function compiled(file: string, content: KnownContent = {}): Promise<string | null> {
  // synchronous reads on purpose: fs/promises costs a thread-pool round trip per file, which adds up over 1000 migrations
  const bytes = content.checksum === undefined && content.text === undefined ? readFileSync(file) : undefined;
  const checksum = content.checksum ?? sha256(content.text ?? (bytes as Buffer));
  const memo = `${file}\0${checksum}`;
  let result = resolved.get(memo);
  if (!result) {
    result = compileOnce(file, checksum, content.text ?? bytes?.toString('utf8'));
    resolved.set(memo, result);
  }
  return result;
}

async function compileOnce(file: string, expectedChecksum: string, knownText: string | undefined): Promise<string | null> {
  const cacheDir = cacheDirFor(dirname(file));
  const names = cachedNames(cacheDir);
  const keyOf = (checksum: string) => createHash('sha256').update(FORMAT).update('\0').update(file).update('\0').update(checksum).digest('hex').slice(0, 40);
  let key = keyOf(expectedChecksum);
  // the name says whether the module needs athanor's API, so a config that only imports types loads without it
  if (names.has(`${key}.cjs`)) return join(cacheDir, `${key}.cjs`);
  if (names.has(`${key}.api.cjs`)) return join(cacheDir, `${key}.api.cjs`);
  const source = knownText ?? readFileSync(file, 'utf8');
  // the file changed since its checksum was taken: compile what is there now, under its own key
  if (knownText === undefined) key = keyOf(sha256(source));
  if (/\bimport\s*\(/.test(source)) return null;
  const { transform } = await import('esbuild');
  let code: string;
  try {
    const loader = isJavaScript(file) ? 'js' : 'ts';
    ({ code } = await transform(source, { loader, format: 'cjs', sourcefile: file, sourcemap: 'inline', target: 'node20' }));
  } catch (error) {
    // top-level await has no CommonJS form: let tsx load it as an ES module
    if (/top-level await/i.test(String(error))) return null;
    throw error;
  }
  const specifiers = [...code.matchAll(REQUIRE)].map((match) => match[2] ?? '');
  if (!specifiers.every((specifier) => specifier === 'athanor' || isBuiltin(specifier))) return null;
  const name = specifiers.includes('athanor') ? `${key}.api.cjs` : `${key}.cjs`;
  const cached = join(cacheDir, name);
  // synchronous writes, as the reads: a cold cache of 1000 migrations spent ~0.3 s in thread-pool round trips
  if (!madeDirs.has(cacheDir)) mkdirSync(cacheDir, { recursive: true });
  madeDirs.add(cacheDir);
  // write then rename: concurrent runners never import a half-written file
  const partial = `${cached}.${process.pid}.tmp`;
  writeFileSync(partial, code);
  renameSync(partial, cached);
  names.add(name);
  freshCode.set(cached, code);
  return cached;
}

/** Compile many files at once: esbuild works on them in parallel instead of one request at a time. */
export async function precompile(files: ReadonlyArray<{ file: string; checksum?: string }>): Promise<void> {
  const typescript = files.filter((f) => COMPILED_FILE.test(f.file));
  const batch = 64;
  for (let i = 0; i < typescript.length; i += batch) {
    await Promise.all(typescript.slice(i, i + batch).map((f) => compiled(f.file, f.checksum === undefined ? {} : { checksum: f.checksum }).catch(() => null)));
  }
}

/** The module's exports, or null when the file is not self-contained and must go through tsx. */
export async function importCompiled(file: string, content: KnownContent = {}): Promise<Record<string, unknown> | null> {
  const cached = await compiled(file, content);
  if (cached === null) return null;
  compiledFiles.set(file, cached);
  const api = cached.endsWith('.api.cjs') ? await userApi() : null;
  return runCommonJs(cached, api);
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
function runCommonJs(compiledFile: string, api: object | null): Record<string, unknown> {
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
  const code = freshCode.get(compiledFile) ?? readFileSync(compiledFile, 'utf8');
  freshCode.delete(compiledFile);
  const body = compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: compiledFile });
  body(module.exports, requireForModule, module, compiledFile, dirname(compiledFile));
  loadedModules.set(compiledFile, module.exports);
  return module.exports;
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
