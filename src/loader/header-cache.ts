// The headers of a migrations folder remembered between runs, one JSON file per folder in the compile cache's
// directory. An entry is used only while its file keeps the same size, mtime, ctime and inode (ctime cannot be
// set back by hand), and the whole cache only while the header parser is the one that wrote it. A warm
// `heads` on 10,000 migrations then stats the files instead of reading, hashing and scanning them.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RevisionHeader } from '../revisions/header.js';
import { findCacheDir } from './compile-cache.js';
import { replaceFile } from './replace-file.js';

const FORMAT = 4;


type Entry = [
  size: number,
  mtimeMs: number,
  ctimeMs: number,
  ino: number,
  revision: string,
  downRevisions: string[],
  branchLabels: string[],
  dependsOn: string[],
  message: string | null,
  transactional: boolean,
  format: RevisionHeader['format'],
  checksum: string,
  /** a squash's `replaces` (absent otherwise) */
  replaces?: string[],
];

interface CacheFile {
  format: number;
  parser: string;
  entries: Record<string, Entry>;
}

function sameFile(entry: Entry, stats: Stats): boolean {
  return entry[0] === stats.size && entry[1] === stats.mtimeMs && entry[2] === stats.ctimeMs && entry[3] === stats.ino;
}

/** The header parser's own file stamp: a rebuilt or upgraded athanor starts a new cache. */
function parserStamp(): string | null {
  for (const candidate of ['../revisions/header.js', '../revisions/header.ts']) {
    try {
      const stats = statSync(fileURLToPath(new URL(candidate, import.meta.url)));
      return `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.ino}`;
    } catch {
      // not this one (compiled vs source)
    }
  }
  return null;
}

export class HeaderCache {
  /** entries parsed in this run */
  private readonly added = new Map<string, Entry>();
  private hits = 0;

  private constructor(
    private readonly file: string | null,
    private readonly parser: string,
    private readonly previous: Readonly<Record<string, Entry>>,
    private readonly previousCount: number,
  ) {}

  /** The cache for `folder` (absolute); an unreadable or stale cache file is an empty cache. */
  static open(folder: string): HeaderCache {
    const parser = parserStamp();
    if (parser === null) return new HeaderCache(null, '', {}, 0);
    const dir = findCacheDir(folder) ?? path.join(tmpdir(), 'athanor-cache');
    const file = path.join(dir, `headers-${createHash('sha256').update(folder).digest('hex').slice(0, 24)}.json`);
    let previous: Record<string, Entry> = {};
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
      if (parsed.format === FORMAT && parsed.parser === parser && parsed.entries) previous = parsed.entries;
    } catch {
      // no cache yet, or a damaged one: start empty
    }
    return new HeaderCache(file, parser, previous, Object.keys(previous).length);
  }

  /** The remembered header of `name` (at `file`, shown as `shownAs`) when its file is unchanged. */
  lookup(name: string, stats: Stats, file: string, shownAs: string): RevisionHeader | undefined {
    const entry = this.previous[name];
    if (!entry || !sameFile(entry, stats)) return undefined;
    this.hits++;
    const header: RevisionHeader = {
      revision: entry[4],
      downRevisions: entry[5],
      branchLabels: entry[6],
      dependsOn: entry[7],
      message: entry[8] ?? undefined,
      transactional: entry[9],
      file,
      shownAs,
      format: entry[10],
      checksum: entry[11],
    };
    // no spread of a conditional object: this runs once per migration, 10,000 times for a large folder
    if (entry[12]) header.replaces = entry[12];
    return header;
  }

  remember(name: string, stats: Stats, header: RevisionHeader): void {
    const { revision, downRevisions, branchLabels, dependsOn, message, transactional, format, checksum, replaces } = header;
    const entry: Entry = [stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino, revision, downRevisions, branchLabels, dependsOn, message ?? null, transactional, format, checksum];
    if (replaces) entry.push(replaces);
    this.added.set(name, entry);
  }

  /**
   * Writes the cache back for the folder's files `names` when one was added, changed or removed; a cache that
   * cannot be written is skipped.
   */
  save(names: readonly string[]): void {
    if (this.file === null) return;
    if (this.added.size === 0 && this.hits === this.previousCount) return;
    const entries: Record<string, Entry> = {};
    for (const name of names) {
      const entry = this.added.get(name) ?? this.previous[name];
      if (entry) entries[name] = entry;
    }
    const body: CacheFile = { format: FORMAT, parser: this.parser, entries };
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      replaceFile(this.file, JSON.stringify(body));
    } catch {
      // read-only or full disk: the next run reads the files again
    }
  }
}
