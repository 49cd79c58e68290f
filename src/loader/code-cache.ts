// V8's code cache for compiled migrations: the bytecode of a module and of the functions it ran (its upgrade()),
// kept in one file per migrations folder (in the compile cache's folder) and handed back to V8 on the next run. Without it every run compiles every
// module and then, lazily, every upgrade() it calls: ~0.1 ms each, 0.1–0.15 s of CPU over 1000 migrations.
// The cache of a module is taken after it ran (so its upgrade() is in it), when the process exits, and only for
// modules that came from the compile cache: a run that compiled them pays nothing more. V8 checks each entry
// against the source and its own version and flags, and refuses one that does not match (then the module is
// compiled as without a cache, and its entry is taken again).
// Layout: one line of JSON, {"format":…, "entries":[[name, byteLength], …]}, then the entries back to back.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cachedDataVersionTag } from 'node:v8';
import { Script } from 'node:vm';
import { replaceFile } from './replace-file.js';

const FORMAT = 'v8-1';
/** above this, entries this process did not use are dropped when the file is written again */
const KEEP_UNUSED_BYTES = 16 * 1024 * 1024;

/** The function a CommonJS module's body runs in. */
export type ModuleBody = (exports: object, require: (specifier: string) => unknown, module: { exports: object }, filename: string, dirname: string) => void;

const WRAPPER = '(function (exports, require, module, __filename, __dirname) {\n';

interface Store {
  entries: Map<string, Buffer>;
  used: Set<string>;
  /** modules compiled without a usable entry: their cache is taken at exit */
  toTake: Map<string, Script>;
}

const stores = new Map<string, Store>();
let exitHookSet = false;

/**
 * The store of the modules compiled from one source folder, in the compile cache's folder `cacheDir`: one per V8
 * version and set of flags (V8 refuses an entry made under others), so runs with other flags do not undo each other.
 */
export function codeCacheFile(cacheDir: string, sourceFolder: string): string {
  return join(cacheDir, `v8-${createHash('sha256').update(sourceFolder).digest('hex').slice(0, 24)}-${cachedDataVersionTag().toString(16)}.bin`);
}

function readStore(file: string): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  try {
    const bytes = readFileSync(file);
    const newline = bytes.indexOf(0x0a);
    const index = JSON.parse(bytes.toString('utf8', 0, newline)) as { format?: string; entries?: Array<[string, number]> };
    if (index.format !== FORMAT || !Array.isArray(index.entries)) return entries;
    let at = newline + 1;
    for (const [name, length] of index.entries) {
      if (at + length > bytes.length) return new Map();
      entries.set(name, bytes.subarray(at, at + length));
      at += length;
    }
  } catch {
    // none yet, or damaged: compile without
  }
  return entries;
}

function storeFor(file: string): Store {
  let store = stores.get(file);
  if (!store) {
    store = { entries: readStore(file), used: new Set(), toTake: new Map() };
    stores.set(file, store);
  }
  return store;
}

/**
 * Compiles a cached module's code (`compiledFile`: its path in the compile cache, content-addressed; compiled
 * from `sourceFile`) with its code cache when there is one; otherwise its cache is taken when the process exits.
 */
export function compileWithCodeCache(code: string, compiledFile: string, sourceFile: string): ModuleBody {
  // the entry is named by the code too: V8 compares only a cache's length with the source it is handed
  const name = `${basename(compiledFile)}:${createHash('sha256').update(code).digest('hex').slice(0, 16)}`;
  const store = storeFor(codeCacheFile(dirname(compiledFile), dirname(sourceFile)));
  const cachedData = store.entries.get(name);
  // the wrapper on a line of its own, and line numbers shifted back: stack traces and source maps stay exact
  const script = new Script(`${WRAPPER}${code}\n})`, { filename: compiledFile, lineOffset: -1, ...(cachedData ? { cachedData } : {}) });
  if (cachedData && !script.cachedDataRejected) store.used.add(name);
  else {
    store.toTake.set(name, script);
    if (!exitHookSet) {
      exitHookSet = true;
      process.once('exit', writeCodeCaches);
    }
  }
  return script.runInThisContext() as ModuleBody;
}

/** Writes the code caches taken in this process (at exit: after the modules' functions ran). */
export function writeCodeCaches(): void {
  for (const [file, store] of stores) {
    if (store.toTake.size === 0) continue;
    const entries = new Map<string, Buffer>();
    for (const [name, script] of store.toTake) entries.set(name, script.createCachedData());
    store.toTake.clear();
    let bytes = [...entries.values()].reduce((sum, b) => sum + b.length, 0);
    for (const [name, data] of store.entries) {
      if (entries.has(name)) continue;
      if (!store.used.has(name) && bytes + data.length > KEEP_UNUSED_BYTES) continue;
      entries.set(name, data);
      bytes += data.length;
    }
    const index = JSON.stringify({ format: FORMAT, entries: [...entries].map(([name, data]) => [name, data.length]) });
    try {
      replaceFile(file, Buffer.concat([Buffer.from(`${index}\n`), ...entries.values()]));
    } catch {
      // read-only or full disk: the next run compiles without
    }
    store.entries = entries;
  }
}
