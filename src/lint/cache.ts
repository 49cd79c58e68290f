// Lint results remembered between runs. A run's findings depend on the migrations it runs, in order, on the
// lint options and on athanor's own code, so they are kept under one key made of all of these: the files'
// paths and checksums (sha256 of their bytes), the options, and a stamp of athanor's installed code (every
// module's size and mtime). Only self-contained migrations are cached (a module that imports other files
// could change without its checksum changing), and never a run where a migration failed to load or threw.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledPathOf, findCacheDir } from '../loader/compile-cache.js';
import type { RevisionHeader } from '../revisions/header.js';
import type { Finding } from './lint-migration.js';
import { replaceFile } from '../loader/replace-file.js';

const FORMAT = 1;
/** runs remembered per migrations folder (a deploy and a CI lint of the same files use different options) */
const KEEP = 8;

interface CacheFile {
  format: number;
  /** run key → findings, most recent last */
  runs: Array<[string, Finding[]]>;
}

let codeStampMemo: string | undefined;

/** Size and mtime of every module of this athanor (dist/ when built, src/ under tsx): any change starts afresh. */
export function codeStamp(): string {
  if (codeStampMemo !== undefined) return codeStampMemo;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.[cm]?[jt]s$/.test(entry.name)) {
        const stats = statSync(full);
        hash.update(`${full}\0${stats.size}\0${stats.mtimeMs}\n`);
      }
    }
  };
  walk(root);
  codeStampMemo = hash.digest('hex');
  return codeStampMemo;
}

/** Whether a migration's findings can be trusted to follow from its checksum alone. */
export function selfContained(header: RevisionHeader): boolean {
  return header.format === 'sql' || compiledPathOf(header.file) !== undefined;
}

export class LintCache {
  private constructor(
    private readonly file: string,
    private readonly runs: Array<[string, Finding[]]>,
  ) {}

  /** The cache of a migrations folder (absolute); an unreadable one is empty. */
  static open(folder: string): LintCache {
    const dir = findCacheDir(folder) ?? path.join(tmpdir(), 'athanor-cache');
    const file = path.join(dir, `lint-${createHash('sha256').update(folder).digest('hex').slice(0, 24)}.json`);
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
      if (parsed.format === FORMAT && Array.isArray(parsed.runs)) return new LintCache(file, parsed.runs);
    } catch {
      // no cache yet, or a damaged one
    }
    return new LintCache(file, []);
  }

  /** The key of a run: the migrations it runs in order (and which are reported), the options, athanor's code. */
  static runKey(migrations: ReadonlyArray<{ header: RevisionHeader; report: boolean }>, options: object): string {
    const hash = createHash('sha256').update(`${FORMAT}\0${codeStamp()}\0${JSON.stringify(options)}\n`);
    for (const { header, report } of migrations) hash.update(`${header.file}\0${header.checksum}\0${report ? 1 : 0}\n`);
    return hash.digest('hex');
  }

  findings(key: string): Finding[] | undefined {
    return this.runs.find(([k]) => k === key)?.[1];
  }

  /** Remembers a run's findings; a cache that cannot be written is skipped. */
  save(key: string, findings: Finding[]): void {
    const runs = [...this.runs.filter(([k]) => k !== key), [key, findings] as [string, Finding[]]].slice(-KEEP);
    // a second run of the same lint (pending migrations, then with their history) keeps both
    this.runs.splice(0, this.runs.length, ...runs);
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      replaceFile(this.file, JSON.stringify({ format: FORMAT, runs } satisfies CacheFile));
    } catch {
      // read-only or full disk: lint runs again next time
    }
  }
}
