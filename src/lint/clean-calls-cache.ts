// Migrations already read for op calls athanor refuses (literal-calls.ts) and found clean, remembered between runs
// by their checksum: `upgrade` reads every pending migration's text for them before anything runs, which costs
// ~0.2 s for 1000 migrations; a deploy of files read before skips them. The answer depends only on the file's
// bytes, the direction, the dialect and athanor's own code (a new athanor starts afresh).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findCacheDir } from '../loader/compile-cache.js';
import { replaceFile } from '../loader/replace-file.js';
import { codeStamp } from './cache.js';

interface CacheFile {
  code: string;
  clean: string[];
}

export class CleanCallsCache {
  private added = false;

  private constructor(
    private readonly file: string,
    private readonly clean: Set<string>,
  ) {}

  /** The cache of a migrations folder (absolute); an unreadable one, or one of another athanor, is empty. */
  static open(folder: string): CleanCallsCache {
    const dir = findCacheDir(folder) ?? path.join(tmpdir(), 'athanor-cache');
    const file = path.join(dir, `calls-${createHash('sha256').update(folder).digest('hex').slice(0, 24)}.json`);
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
      if (parsed.code === codeStamp() && Array.isArray(parsed.clean)) return new CleanCallsCache(file, new Set(parsed.clean));
    } catch {
      // no cache yet, or a damaged one
    }
    return new CleanCallsCache(file, new Set());
  }

  static key(checksum: string, direction: 'upgrade' | 'downgrade', dialect: string): string {
    return `${checksum}:${direction}:${dialect}`;
  }

  has(key: string): boolean {
    return this.clean.has(key);
  }

  add(key: string): void {
    if (this.clean.has(key)) return;
    this.clean.add(key);
    this.added = true;
  }

  /** Writes what was added; a cache that cannot be written is skipped (the files are read again next time). */
  save(): void {
    if (!this.added) return;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      replaceFile(this.file, JSON.stringify({ code: codeStamp(), clean: [...this.clean] } satisfies CacheFile));
    } catch {
      // read-only or full disk
    }
  }
}
