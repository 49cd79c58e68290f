// The files a config's `models` names: paths as given, globs expanded (`*` and `?` within a name, `**` across
// folders, `{a,b}` alternatives), as drizzle-kit's `schema` takes them. Each glob's matches in name order.
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const GLOB_CHARS = /[*?[\]{}]/;

/** A glob as a regular expression over '/'-separated paths relative to its base folder. */
function globRegExp(glob: string): RegExp {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` is any number of folders, `**` at the end anything
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += c.replace(/[.+^$()|\\[\]]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Every file under `dir` (not into node_modules or hidden folders), relative with '/'. */
function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(join(folder, entry.name));
      } else if (entry.isFile()) found.push(relative(dir, join(folder, entry.name)).split(sep).join('/'));
    }
  };
  walk(dir);
  return found;
}

/** The files one absolute pattern names: itself when it has no glob characters. */
function expand(pattern: string): string[] {
  const parts = pattern.split(/[\\/]/);
  const firstGlob = parts.findIndex((p) => GLOB_CHARS.test(p));
  if (firstGlob < 0) return [pattern];
  const base = parts.slice(0, firstGlob).join('/') || '/';
  const matcher = globRegExp(parts.slice(firstGlob).join('/'));
  return filesUnder(base)
    .filter((f) => matcher.test(f))
    .sort()
    .map((f) => join(base, f));
}

/** The models files of absolute patterns, in order, each once; a glob matching nothing adds nothing. */
export function modelsFiles(patterns: readonly string[]): string[] {
  return [...new Set(patterns.flatMap(expand))];
}
