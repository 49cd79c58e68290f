// Driver packages are optional peer dependencies (only PGlite ships with athanor): a user installs the one their
// URL needs. A missing one is one line naming the install command, not a module-resolution stack.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.js';

export type DriverPackage = 'pg' | 'mysql2' | 'better-sqlite3';

const URLS_OF: Record<DriverPackage, string> = {
  pg: 'postgres://',
  mysql2: 'mysql:// and mariadb://',
  'better-sqlite3': 'sqlite:',
};

/** A driver package that is not installed: passed through as is by openConnection (it is not a connect failure). */
export class MissingDriverError extends UsageError {
  constructor(readonly driver: DriverPackage) {
    const builtIn = driver === 'better-sqlite3' ? ', or run on Node >= 22.13, whose built-in node:sqlite athanor uses' : '';
    super(`install \`${driver}\` to use ${URLS_OF[driver]} URLs (npm install ${driver}${builtIn})`);
    this.name = 'MissingDriverError';
  }
}

/** What each driver is imported as. */
const ENTRY: Record<DriverPackage, string> = { pg: 'pg', mysql2: 'mysql2/promise', 'better-sqlite3': 'better-sqlite3' };

/**
 * Runs `load` (a dynamic import of `driver`, or of the file given). Not found beside athanor — installed globally
 * (`npm i -g athanor`, a team with no JavaScript) or run by npx — the driver is looked up from the project, where
 * `npm install pg` put it. Missing there too, it becomes a MissingDriverError.
 */
export async function importDriver<M>(driver: DriverPackage, load: (file?: string) => Promise<M>, projectDir = process.cwd()): Promise<M> {
  try {
    return await load();
  } catch (error) {
    if (!isMissingPackage(error, driver)) throw error;
  }
  const file = resolveFrom(projectDir, ENTRY[driver]);
  if (file === undefined) throw new MissingDriverError(driver);
  return load(file);
}

function resolveFrom(dir: string, specifier: string): string | undefined {
  try {
    return pathToFileURL(createRequire(join(dir, 'package.json')).resolve(specifier)).href;
  } catch {
    return undefined;
  }
}

/** Node's "Cannot find package 'pg' imported from …": the package itself, not one of its own dependencies. */
function isMissingPackage(error: unknown, driver: DriverPackage): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return error.message.includes(`'${driver}'`) || error.message.includes(`'${driver}/`);
}
