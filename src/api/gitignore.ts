// init's lines for the project's .gitignore: what athanor and the database write next to the code, never to commit.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { Dialect } from '../dialects/dialect.js';

/**
 * `.athanor/` holds the embedded PostgreSQL data and athanor's caches; the dialect names its own local files (a
 * SQLite project's default database is a file: a branch switch must not swap it under the version table).
 */
export function ignoredPaths(dialect: Dialect): string[] {
  return ['.athanor/', ...(dialect.localFiles ?? [])];
}

export type GitignoreChange = 'created' | 'updated' | 'unchanged';

/** Creates `file` or appends the entries it lacks (a line already there, with or without a leading slash, counts). */
export async function ensureIgnored(file: string, entries: string[]): Promise<GitignoreChange> {
  const text = existsSync(file) ? await readFile(file, 'utf8') : null;
  const present = new Set((text ?? '').split(/\r?\n/).map((line) => line.trim().replace(/^\//, '')));
  const missing = entries.filter((entry) => !present.has(entry) && !present.has(entry.replace(/\/$/, '')));
  if (missing.length === 0) return 'unchanged';
  const block = `# athanor\n${missing.join('\n')}\n`;
  if (text === null) {
    await writeFile(file, block);
    return 'created';
  }
  const separator = text === '' || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  await writeFile(file, `${text}${separator}${block}`);
  return 'updated';
}
