// Finds and loads the project's config; resolves the database URL (--url > DATABASE_URL/.env > config > default).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { DialectName } from '../drivers/connection.js';
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../drivers/connect-timeout.js';
import { checkConfiguredExtensions } from '../drivers/pglite-extensions.js';
import { DEFAULT_PGLITE_URL, DEFAULT_SQLITE_URL, dialectOfUrl } from '../drivers/url.js';
import { DRIZZLE_CASINGS, MIGRATION_FORMATS, type AthanorConfig, type DrizzleCasing, type ResolvedConfig, type UrlSource } from './types.js';

export const CONFIG_FILE_NAMES = ['athanor.config.ts', 'athanor.config.mts', 'athanor.config.js', 'athanor.config.mjs', 'athanor.config.cjs', 'athanor.config.json'];

export interface LoadConfigOptions {
  cwd?: string;
  /** -c FILE */
  configFile?: string;
  /** --url */
  url?: string;
  /** environment to read DATABASE_URL from; default process.env */
  env?: NodeJS.ProcessEnv;
}

const DIALECTS: readonly DialectName[] = ['postgres', 'mysql', 'sqlite'];

export function findConfigFile(cwd: string): string | null {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = join(cwd, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

async function readConfigFile(file: string): Promise<AthanorConfig> {
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as AthanorConfig;
    } catch (error) {
      throw new UsageError(`bad config ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const { importUserModule } = await import('../loader/module-loader.js');
  const mod = await importUserModule(file);
  // `export default {…}`, `export const config`, or CommonJS `module.exports = {…}` (the exports are the config)
  const value = mod['default'] ?? mod['config'] ?? (Object.keys(mod).length > 0 ? mod : undefined);
  if (!value || typeof value !== 'object') {
    throw new UsageError(`bad config ${file}: export the config as \`export default { … }\``);
  }
  return value as AthanorConfig;
}

function checkConfig(config: AthanorConfig, file: string): void {
  const known = new Set(['url', 'dialect', 'migrations', 'models', 'devUrl', 'migrationFormat', 'schemas', 'includeTables', 'excludeTables', 'transactionPerMigration', 'lockTimeoutMs', 'lockRetries', 'lockRetryDelayMs', 'connectTimeoutMs', 'safe', 'drizzle', 'pglite']);
  for (const key of Object.keys(config)) {
    if (!known.has(key)) throw new UsageError(`bad config ${file}: unknown field "${key}" (known: ${[...known].join(', ')})`);
  }
  if (config.dialect !== undefined && !DIALECTS.includes(config.dialect)) {
    throw new UsageError(`bad config ${file}: dialect must be one of ${DIALECTS.join(', ')}, not "${String(config.dialect)}"`);
  }
  if (config.migrationFormat !== undefined && !MIGRATION_FORMATS.includes(config.migrationFormat)) {
    throw new UsageError(`bad config ${file}: migrationFormat must be one of ${MIGRATION_FORMATS.join(', ')}, not "${String(config.migrationFormat)}"`);
  }
  for (const key of ['lockTimeoutMs', 'lockRetries', 'lockRetryDelayMs', 'connectTimeoutMs'] as const) {
    const value = config[key];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      throw new UsageError(`bad config ${file}: "${key}" must be a number ≥ 0`);
    }
  }
  for (const key of ['url', 'migrations'] as const) {
    const value = config[key];
    if (value !== undefined && typeof value !== 'string') throw new UsageError(`bad config ${file}: "${key}" must be a string`);
  }
  const models: unknown = config.models;
  const modelsOk = models === undefined || typeof models === 'string' || (Array.isArray(models) && models.length > 0 && models.every((m) => typeof m === 'string'));
  if (!modelsOk) throw new UsageError(`bad config ${file}: "models" must be a path, a glob or a list of them ('./db/schema/*.ts')`);
  const pglite: unknown = config.pglite;
  if (pglite !== undefined) {
    if (typeof pglite !== 'object' || pglite === null || Array.isArray(pglite)) throw new UsageError(`bad config ${file}: "pglite" must be an object ({ extensions: ['citext'] })`);
    for (const key of Object.keys(pglite)) {
      if (key !== 'extensions') throw new UsageError(`bad config ${file}: unknown field "pglite.${key}" (known: extensions)`);
    }
  }
  const casing: unknown = config.drizzle?.casing;
  if (casing !== undefined && !DRIZZLE_CASINGS.includes(casing as DrizzleCasing)) {
    throw new UsageError(`bad config ${file}: drizzle.casing must be one of ${DRIZZLE_CASINGS.join(', ')}, not "${String(casing)}"`);
  }
}

/** A glob's characters: a `models` entry with one of these is a pattern, not a file. */
export const isGlob = (pattern: string): boolean => /[*?[\]{}]/.test(pattern);

/** Values from a .env file in `root`, without touching process.env. */
export async function readDotEnv(root: string): Promise<Record<string, string>> {
  const file = join(root, '.env');
  if (!existsSync(file)) return {};
  const { parse } = await import('dotenv');
  return parse(readFileSync(file));
}

export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  let configFile: string | null = null;
  if (options.configFile) {
    configFile = isAbsolute(options.configFile) ? options.configFile : resolve(cwd, options.configFile);
    if (!existsSync(configFile)) throw new UsageError(`config file not found: ${configFile}`);
  } else {
    configFile = findConfigFile(cwd);
  }
  const config = configFile ? await readConfigFile(configFile) : {};
  if (configFile) checkConfig(config, configFile);
  const pgliteExtensions = configFile && config.pglite?.extensions !== undefined ? checkConfiguredExtensions(config.pglite.extensions, configFile) : [];
  const root = configFile ? dirname(configFile) : cwd;

  const env = options.env ?? process.env;
  let url: string | null = null;
  let urlSource: UrlSource | null = null;
  const envUrl = env['DATABASE_URL'] || (await readDotEnv(root))['DATABASE_URL'];
  if (options.url) [url, urlSource] = [options.url, '--url'];
  else if (envUrl) [url, urlSource] = [envUrl, 'DATABASE_URL'];
  else if (config.url) [url, urlSource] = [config.url, 'config'];

  const dialect: DialectName = config.dialect ?? (url ? dialectOfUrl(url) : 'postgres');
  if (!url) {
    if (dialect === 'postgres') [url, urlSource] = [DEFAULT_PGLITE_URL, 'default'];
    else if (dialect === 'sqlite') [url, urlSource] = [DEFAULT_SQLITE_URL, 'default'];
  }
  if (url && urlSource !== 'default') {
    const urlDialect = dialectOfUrl(url);
    if (urlDialect !== dialect) {
      throw new UsageError(
        `${describeUrlSource(urlSource)} is a ${urlDialect} URL but the config says dialect "${dialect}": use a ${dialect} URL, or set dialect: '${urlDialect}' in the config`,
      );
    }
  }
  const resolveRelative = (value: string) => (isAbsolute(value) ? value : resolve(root, value));
  // a relative pglite/sqlite path is relative to the project, not to wherever the command runs
  if (url && urlSource !== '--url') url = anchorFileUrl(url, root);
  else if (url) url = anchorFileUrl(url, cwd);

  return {
    root,
    configFile,
    dialect,
    url,
    urlSource,
    migrationsDir: resolveRelative(config.migrations ?? 'migrations'),
    modelsFile: typeof config.models === 'string' && !isGlob(config.models) ? resolveRelative(config.models) : null,
    modelsPatterns: (typeof config.models === 'string' ? [config.models] : config.models ?? []).map(resolveRelative),
    ...drizzleCasingOf(config, root),
    migrationFormat: config.migrationFormat ?? 'ts',
    ...(config.devUrl ? { devUrl: anchorFileUrl(config.devUrl, root) } : {}),
    schemas: config.schemas,
    includeTables: config.includeTables,
    excludeTables: config.excludeTables,
    transactionPerMigration: config.transactionPerMigration ?? true,
    lockTimeoutMs: config.lockTimeoutMs ?? 5000,
    lockRetries: config.lockRetries ?? 3,
    lockRetryDelayMs: config.lockRetryDelayMs ?? 1000,
    connectTimeoutMs: config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    safe: config.safe ?? false,
    pgliteExtensions,
  };
}

/** drizzle-kit's config files, where a Drizzle project states its casing */
const DRIZZLE_CONFIGS = ['drizzle.config.ts', 'drizzle.config.mts', 'drizzle.config.js', 'drizzle.config.mjs', 'drizzle.config.json'];

/**
 * The config's drizzle.casing, else the `casing: '…'` literal of a drizzle.config.* beside it: read as text, so
 * drizzle-kit need not be importable (defineConfig) for athanor to know it.
 */
function drizzleCasingOf(config: AthanorConfig, root: string): { drizzleCasing?: DrizzleCasing } {
  if (config.drizzle?.casing) return { drizzleCasing: config.drizzle.casing };
  for (const name of DRIZZLE_CONFIGS) {
    const file = join(root, name);
    if (!existsSync(file)) continue;
    const found = /["']?casing["']?\s*:\s*["'](snake_case|camelCase)["']/.exec(readFileSync(file, 'utf8'))?.[1];
    return found ? { drizzleCasing: found as DrizzleCasing } : {};
  }
  return {};
}

function describeUrlSource(source: UrlSource | null): string {
  if (source === '--url') return 'the --url value';
  if (source === 'DATABASE_URL') return 'DATABASE_URL';
  return "the config's url";
}

function anchorFileUrl(url: string, base: string): string {
  const match = /^(pglite:|sqlite:)(?!\/\/)(.*)$/i.exec(url);
  if (!match?.[1] || match[2] === undefined) return url;
  const rest = match[2];
  if (!rest || rest === 'memory' || rest === ':memory:' || rest === 'memory:' || isAbsolute(rest)) return url;
  return `${match[1]}${resolve(base, rest)}`;
}
