// What a project writes in athanor.config.ts, and what the loader resolves it to.
import type { DialectName } from '../dialect-name.js';

export interface AthanorConfig {
  /** database URL; overridden by DATABASE_URL and --url */
  url?: string;
  dialect?: DialectName;
  /** migrations folder, relative to the config file; default 'migrations' */
  migrations?: string;
  /**
   * the target schema: a module exporting athanor or Drizzle tables, or a .sql file of CREATE statements; or a
   * list of them / a glob ('./db/schema/*.ts'), read together (.sql files applied in name order)
   */
  models?: string | string[];
  /** how Drizzle models are read: `casing` as in drizzle-kit's config (default: drizzle.config.* next to the config) */
  drizzle?: DrizzleOptions;
  /** the kind of file `revision` and `migrate` write: 'ts' (default), 'js' (an ES module) or 'sql' */
  migrationFormat?: MigrationFormat;
  /** an empty database to apply a .sql models file to (default: PGlite in memory, SQLite :memory:, a temporary MySQL database) */
  devUrl?: string;
  /** schemas to compare (PostgreSQL); default ['public'] */
  schemas?: string[];
  includeTables?: string[];
  excludeTables?: string[];
  /** one transaction per migration (default) or one for the whole run */
  transactionPerMigration?: boolean;
  /** PostgreSQL lock_timeout for each migration, in ms (default 5000) */
  lockTimeoutMs?: number;
  /** retries of a migration that hit lock_timeout, with doubling backoff (default 3) */
  lockRetries?: number;
  /** first backoff delay in ms (default 1000) */
  lockRetryDelayMs?: number;
  /** how long opening a server connection may take, in ms (default 10000; 0: no limit); a URL's ?connect_timeout=SECONDS wins */
  connectTimeoutMs?: number;
  /** autogenerate lock-safe forms for existing tables: CONCURRENTLY indexes, NOT VALID + VALIDATE constraints */
  safe?: boolean;
  /** embedded PGlite (the default database) */
  pglite?: PgliteOptions;
}

export interface PgliteOptions {
  /**
   * contrib extensions to load at every start (['citext', 'uuid-ossp']), beyond those found by themselves: the ones
   * the migration files and .sql models create (`CREATE EXTENSION name`) and those the data directory has
   */
  extensions?: string[];
}

export const DRIZZLE_CASINGS = ['snake_case', 'camelCase'] as const;
export type DrizzleCasing = (typeof DRIZZLE_CASINGS)[number];

export interface DrizzleOptions {
  /** the name a column declared without one takes from its key (drizzle-kit's and drizzle()'s `casing`) */
  casing?: DrizzleCasing;
}

export const MIGRATION_FORMATS = ['ts', 'js', 'sql'] as const;
export type MigrationFormat = (typeof MIGRATION_FORMATS)[number];

export type UrlSource = '--url' | 'DATABASE_URL' | 'config' | 'default';

export interface ResolvedConfig {
  /** folder of the config file (or the working directory when there is none) */
  root: string;
  configFile: string | null;
  dialect: DialectName;
  url: string | null;
  urlSource: UrlSource | null;
  migrationsDir: string;
  /** the models file when `models` names one file; null for none, a list or a glob */
  modelsFile: string | null;
  /** every entry of `models`, absolute (files or globs); [] for none */
  modelsPatterns: string[];
  /** Drizzle models' casing: the config's `drizzle.casing`, else a literal `casing` in drizzle.config.* beside it */
  drizzleCasing?: DrizzleCasing;
  migrationFormat: MigrationFormat;
  /** where a .sql models file is applied, when not a throw-away database */
  devUrl?: string;
  schemas: string[] | undefined;
  includeTables: string[] | undefined;
  excludeTables: string[] | undefined;
  transactionPerMigration: boolean;
  lockTimeoutMs: number;
  lockRetries: number;
  lockRetryDelayMs: number;
  connectTimeoutMs: number;
  safe: boolean;
  /** the config's `pglite.extensions` (SQL names, checked against those PGlite ships) */
  pgliteExtensions: string[];
}

export function defineConfig(config: AthanorConfig): AthanorConfig {
  return config;
}
