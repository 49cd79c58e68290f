// Driver packages are optional peer dependencies (only PGlite ships with athanor): a user installs the one their
// URL needs. A missing one is one line naming the install command, not a module-resolution stack.
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

/** Runs `load` (a dynamic import of `driver`); the driver itself missing becomes a MissingDriverError. */
export async function importDriver<M>(driver: DriverPackage, load: () => Promise<M>): Promise<M> {
  try {
    return await load();
  } catch (error) {
    if (isMissingPackage(error, driver)) throw new MissingDriverError(driver);
    throw error;
  }
}

/** Node's "Cannot find package 'pg' imported from …": the package itself, not one of its own dependencies. */
function isMissingPackage(error: unknown, driver: DriverPackage): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return error.message.includes(`'${driver}'`) || error.message.includes(`'${driver}/`);
}
