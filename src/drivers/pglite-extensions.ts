// PostgreSQL's contrib extensions on embedded PGlite. PGlite ships them as modules
// (@electric-sql/pglite/contrib/<name>) that must be registered when PGlite starts: a `CREATE EXTENSION` of one
// that was not is refused ("is not available"), and a data directory where one was created cannot use its types
// ("could not access file") when it is opened without it. Registering costs start-up time (each bundle is
// unpacked and its WebAssembly compiled: pgcrypto +0.25 s CPU, all of them +0.75 s on a 0.8 s start,
// docs/reports/pglite-extensions.md), so athanor registers only what the project can need: the config's
// `pglite.extensions`, the extensions its migration files and .sql models name in `CREATE EXTENSION`, and those a
// persisted data directory has (recorded in a small file in it when athanor closes it).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Extension, Extensions, PGlite } from '@electric-sql/pglite';
import type { ResolvedConfig } from '../config/types.js';
import { UsageError } from '../errors.js';

/** What the pglite driver needs to know of the project to register the extensions it can need. */
export interface PgliteProject {
  /** the config's `pglite.extensions` (SQL names, validated) */
  extensions: readonly string[];
  /** folders whose files (migrations) are scanned for `CREATE EXTENSION` */
  scanDirs: readonly string[];
  /** models entries (files or globs): the .sql ones are scanned */
  scanFiles: readonly string[];
}

/** What a project's PGlite may need: the config's list, its migrations folder, its models. */
export function pgliteProjectOf(config: Pick<ResolvedConfig, 'pgliteExtensions' | 'migrationsDir' | 'modelsPatterns'>): PgliteProject {
  return { extensions: config.pgliteExtensions ?? [], scanDirs: [config.migrationsDir], scanFiles: config.modelsPatterns };
}

/** Contrib modules that only work preloaded: PGlite writes them into the data directory's postgresql.conf, which could then no longer be opened without them. */
const PRELOAD_ONLY = new Set(['pg_stat_statements']);

/** The file in a persisted data directory that lists the extensions created in it (PostgreSQL ignores it). */
export const RECORD_FILE = 'athanor-extensions.json';

const sqlNameOf = (module: string) => (module === 'uuid_ossp' ? 'uuid-ossp' : module);
const moduleNameOf = (sqlName: string) => sqlName.replace(/-/g, '_');

let shipped: Map<string, string> | null = null;

/** The contrib extensions this PGlite ships, SQL name → module name, from its contrib folder. */
export function shippedExtensions(): ReadonlyMap<string, string> {
  if (shipped) return shipped;
  shipped = new Map();
  try {
    const anyModule = fileURLToPath(import.meta.resolve('@electric-sql/pglite/contrib/citext'));
    for (const file of readdirSync(dirname(anyModule))) {
      if (!file.endsWith('.js')) continue;
      const module = file.slice(0, -'.js'.length);
      if (!PRELOAD_ONLY.has(module)) shipped.set(sqlNameOf(module), module);
    }
  } catch {
    // no contrib folder: nothing can be registered
  }
  return shipped;
}

const SERVER_HINT = 'use a PostgreSQL server URL (DATABASE_URL, --url or `url` in the config)';

/** Why `name` cannot be registered, or null when PGlite ships it. */
export function unsupportedReason(name: string): string | null {
  if (shippedExtensions().has(name)) return null;
  if (PRELOAD_ONLY.has(moduleNameOf(name))) {
    return `athanor does not load the extension "${name}" on embedded PGlite (it must be preloaded, which ties the data directory to it): ${SERVER_HINT}`;
  }
  return `embedded PGlite does not ship the extension "${name}": ${SERVER_HINT}`;
}

/** The config's `pglite.extensions`, checked: a name PGlite does not ship is a usage error listing those it does. */
export function checkConfiguredExtensions(value: unknown, file: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new UsageError(`bad config ${file}: "pglite.extensions" must be a list of extension names (["citext", "uuid-ossp"])`);
  }
  return value.map((raw) => {
    const name = shippedExtensions().has(raw) ? raw : sqlNameOf(moduleNameOf(raw));
    const reason = shippedExtensions().has(name) ? null : unsupportedReason(raw);
    if (reason) throw new UsageError(`bad config ${file}: pglite.extensions: ${reason}; PGlite ships: ${[...shippedExtensions().keys()].sort().join(', ')}`);
    return name;
  });
}

/** between the words, white space or (inside a migration's string literal) its escapes */
const GAP = String.raw`(?:\s|\\[nrt])+`;
const CREATE_EXTENSION = new RegExp(String.raw`\bcreate${GAP}extension${GAP}(?:if${GAP}not${GAP}exists${GAP})?(?:\\?"([^"\\]+)\\?"|([a-z_][\w-]*))`, 'gi');

/** The extension names a text creates (`CREATE EXTENSION [IF NOT EXISTS] name`), in SQL or inside a migration's string. */
export function extensionsCreatedIn(text: string): string[] {
  return [...text.matchAll(CREATE_EXTENSION)].map((m) => (m[1] ?? m[2] ?? '').toLowerCase()).filter(Boolean);
}

function readText(file: string): string {
  try {
    return statSync(file).size < 4_000_000 ? readFileSync(file, 'utf8') : '';
  } catch {
    return '';
  }
}

/** Files of a folder and its subfolders (a migrations folder may hold branches' folders); none when it is absent. */
function filesUnder(dir: string, depth = 0): string[] {
  if (depth > 3 || !existsSync(dir)) return [];
  try {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') return [];
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return filesUnder(path, depth + 1);
      return /\.(sql|[cm]?[jt]s)$/.test(entry.name) ? [path] : [];
    });
  } catch {
    return [];
  }
}

/** A models entry's .sql files: the file itself, or for a glob the .sql files of its folder (a superset is harmless). */
function sqlFilesOf(entry: string): string[] {
  if (!/[*?[\]{}]/.test(entry)) return entry.endsWith('.sql') ? [entry] : [];
  let dir = entry;
  while (/[*?[\]{}]/.test(dir)) dir = dirname(dir);
  return filesUnder(dir).filter((f) => f.endsWith('.sql'));
}

/** The contrib extensions a persisted data directory has, as athanor recorded them. */
function recordedExtensions(dataDir: string): string[] {
  try {
    const value: unknown = JSON.parse(readFileSync(join(dataDir, RECORD_FILE), 'utf8'));
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** The contrib extensions to register when PGlite starts on `dataDir` (null: in memory), as PGlite's `extensions` option. */
export async function extensionsToRegister(project: PgliteProject | undefined, dataDir: string | null): Promise<Extensions> {
  const wanted = new Set<string>(project?.extensions ?? []);
  if (dataDir) for (const name of recordedExtensions(dataDir)) wanted.add(name);
  if (project) {
    const files = [...project.scanDirs.flatMap((d) => filesUnder(d)), ...project.scanFiles.flatMap(sqlFilesOf)];
    for (const file of files) for (const name of extensionsCreatedIn(readText(file))) wanted.add(name);
  }
  const extensions: Extensions = {};
  for (const name of wanted) {
    const module = shippedExtensions().get(name);
    if (!module) continue; // not shipped: CREATE EXTENSION says so (pgliteError)
    const loaded = (await import(`@electric-sql/pglite/contrib/${module}`)) as Record<string, Extension | undefined>;
    const extension = loaded[module];
    if (extension) extensions[module] = extension;
  }
  return extensions;
}

/** After a run on a persisted data directory: record the contrib extensions it has, when they changed. */
export async function recordExtensions(db: PGlite, dataDir: string): Promise<void> {
  const { rows } = await db.query<{ extname: string }>(`SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname`);
  const names = rows.map((r) => r.extname).filter((n) => shippedExtensions().has(n));
  const file = join(dataDir, RECORD_FILE);
  const before = existsSync(file) ? recordedExtensions(dataDir) : null;
  if (before === null ? names.length === 0 : JSON.stringify(before) === JSON.stringify(names)) return;
  writeFileSync(file, `${JSON.stringify(names)}\n`);
}

const CONFIG_HINT = (name: string) =>
  `PGlite ships the extension "${name}" but athanor did not load it: add it to the config (\`pglite: { extensions: ['${name}'] }\`, or "pglite": { "extensions": ["${name}"] } in athanor.config.json)`;

/** A PGlite error about an extension, said as what to do; the error itself (its code) is kept. */
export function explainPgliteError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const notAvailable = /^extension "([^"]+)" is not available/.exec(error.message);
  const name = notAvailable?.[1] ?? /^could not access file "(?:\$libdir\/)?([\w-]+)": No such file/.exec(error.message)?.[1];
  if (!name) return error;
  const sqlName = sqlNameOf(moduleNameOf(basename(name)));
  if (shippedExtensions().has(sqlName)) error.message = `${error.message}: ${CONFIG_HINT(sqlName)}`;
  else if (notAvailable) error.message = `${error.message}: ${unsupportedReason(name)}`;
  return error;
}
