// Reads the headers of every migration in a folder (not recursive).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { migrationFormat, parseHeaderBytes, type RevisionHeader } from '../revisions/header.js';
import { displayPath } from './display-path.js';
import { prestartEsbuild } from './esbuild-service.js';
import { HeaderCache } from './header-cache.js';

export interface LoadOptions {
  /**
   * The caller loads migrations next: at the first TS/JS file whose header is not cached (new or edited, so
   * probably not compiled either) esbuild is started, to be ready by the time that file is compiled.
   */
  prestartCompiler?: boolean;
}

/** Headers sorted by file name. Files are not imported: see header.ts. */
export async function loadRevisions(dir: string, options: LoadOptions = {}): Promise<RevisionHeader[]> {
  let prestart = options.prestartCompiler === true;
  const folder = path.resolve(dir);
  let entries: string[];
  try {
    // synchronous, as the reads below: nothing else runs meanwhile, and under load the wake-up after a
    // thread-pool round trip can cost more than listing the folder. Names only: the stat below says what is a
    // file (Dirent objects cost ~5 ms per 10,000 entries)
    entries = readdirSync(folder);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new UsageError(`no migrations folder at ${displayPath(folder)}: run \`athanor init\` to create one`, { cause: error });
    }
    throw error;
  }
  const candidates = entries.filter((name) => migrationFormat(name) !== undefined).sort();
  // Synchronous reads on purpose: for a thousand small files readFileSync takes ~10 ms where
  // Promise.all over fs/promises' readFile takes ~75–150 ms (Node 20: per-file thread-pool round trips).
  const cache = HeaderCache.open(folder);
  const shown = shownFolder(folder);
  // plain concatenation: the folder is resolved and the names are plain file names (path.join costs at 10,000)
  const prefix = folder.endsWith(path.sep) ? folder : folder + path.sep;
  const shownPrefix = shown === undefined ? prefix : shown === '' ? '' : shown + path.sep;
  const names: string[] = [];
  const headers: RevisionHeader[] = [];
  for (const name of candidates) {
    const file = prefix + name;
    // follows a symbolic link, as reading the file does: a folder named like a migration is not one
    const stats = statSync(file);
    if (!stats.isFile()) continue;
    names.push(name);
    const shownAs = shownPrefix + name;
    const cached = cache.lookup(name, stats, file, shownAs);
    if (cached) {
      headers.push(cached);
      continue;
    }
    if (prestart && migrationFormat(name) !== 'sql') {
      prestartEsbuild();
      prestart = false;
    }
    const header = parseHeaderBytes(readFileSync(file), file, shownAs);
    cache.remember(name, stats, header);
    headers.push(header);
  }
  cache.save(names);
  return headers;
}

/** The folder relative to the working directory when inside it (what displayPath gives its files), else undefined. */
function shownFolder(folder: string): string | undefined {
  const rel = path.relative(process.cwd(), folder);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel)) ? rel : undefined;
}
