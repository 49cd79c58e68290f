// Loading a TypeScript config through tsx costs ~0.3 s per command; a config is nearly always a plain object
// literal, so compile it once with esbuild and import the cached JavaScript on later runs.
// Configs with relative imports fall back to tsx (their imports would need compiling too).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

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

const ATHANOR_IMPORT = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])athanor\2/g;
const RELATIVE_IMPORT = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])\.\.?\//;

/** The config module's exports, or null when this config cannot be served from the cache. */
export async function importCompiledConfig(file: string): Promise<Record<string, unknown> | null> {
  const cacheDir = findCacheDir(dirname(file));
  if (!cacheDir) return null;
  const source = await readFile(file, 'utf8');
  if (RELATIVE_IMPORT.test(source)) return null;
  const athanorUrl = new URL('../index.js', import.meta.url).href;
  const key = createHash('sha256').update(athanorUrl).update('\0').update(source).digest('hex').slice(0, 32);
  const cached = join(cacheDir, `config-${key}.mjs`);
  if (!existsSync(cached)) {
    const { transform } = await import('esbuild');
    const { code } = await transform(source, { loader: 'ts', format: 'esm', sourcefile: file, target: 'node20' });
    await mkdir(cacheDir, { recursive: true });
    await writeFile(cached, code.replace(ATHANOR_IMPORT, (_m, lead: string, quote: string) => `${lead}${quote}${athanorUrl}${quote}`));
  }
  return (await import(pathToFileURL(cached).href)) as Record<string, unknown>;
}
