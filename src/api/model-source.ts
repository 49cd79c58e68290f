// Where the target schema comes from: the config's `models` module, written with athanor's DSL or with Drizzle
// tables (pgTable / mysqlTable / sqliteTable: drizzle-orm is loaded only then), or a .sql file of CREATE statements;
// or several of one kind (a list or a glob), read together.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import { modelsFiles } from '../loader/models-files.js';
import { importUserModule } from '../loader/module-loader.js';
import { isTable, schemaFromModule } from '../schema/dsl.js';
import { drizzleDialectOf, schemaFromDrizzle } from '../schema/sources/drizzle.js';
import type { SchemaSpec } from '../schema/types.js';

export interface LoadedModels {
  schema: SchemaSpec;
  /** what the models declare that athanor does not manage, by name (migrate and check print these) */
  warnings: string[];
  /** which kind of models module it was */
  source: 'athanor' | 'drizzle' | 'sql';
}

function modelsPatternsOf(config: ResolvedConfig): string[] {
  if (config.modelsPatterns.length === 0 && config.migrationFormat === 'sql') {
    throw new UsageError(
      "this project writes .sql migrations (migrationFormat 'sql') and has no models to compare the database with: `athanor revision -m MSG` writes a migration to fill in; for `migrate` and `check`, set `models` in the config (a schema.sql, or a models module with migrationFormat 'ts')",
    );
  }
  if (config.modelsPatterns.length === 0) {
    throw new UsageError(`no models module: set \`models: './models.ts'\` in ${config.configFile ?? 'athanor.config.ts'}`);
  }
  return config.modelsPatterns;
}

/** The files `models` names, globs expanded; none is an error naming what was looked for. */
function modelsFilesOf(config: ResolvedConfig): string[] {
  const patterns = modelsPatternsOf(config);
  const files = modelsFiles(patterns);
  const shown = patterns.map((p) => relative(config.root, p) || p).join(', ');
  if (files.length === 0) throw new UsageError(`models ${shown} matches no file: check the \`models\` path or glob in ${config.configFile ?? 'the config'}`);
  const sql = files.filter((f) => f.endsWith('.sql')).length;
  if (sql > 0 && sql < files.length) throw new UsageError(`models ${shown} names both .sql files and modules: keep one kind of models`);
  return files;
}

function checksumOf(file: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined; // importUserModule reports the missing file
  }
}

/** The exports of the models modules as one namespace (a name two modules export is kept apart by file). */
async function importAll(files: readonly string[]): Promise<Record<string, unknown>> {
  const merged: Record<string, unknown> = {};
  for (const file of files) {
    // by content, so a models module edited within one process (watch mode, tests) is read again
    const ns = await importUserModule(file, checksumOf(file));
    for (const [name, value] of Object.entries(ns)) {
      const key = name in merged && merged[name] !== value ? `${basename(file)}:${name}` : name;
      merged[key] = value;
    }
  }
  return merged;
}

export async function loadModelSource(config: ResolvedConfig): Promise<LoadedModels> {
  const files = modelsFilesOf(config);
  if (files.every((f) => f.endsWith('.sql'))) {
    const { schemaFromSqlFiles } = await import('./sql-models.js');
    return { ...(await schemaFromSqlFiles(config, files)), source: 'sql' };
  }
  const ns = await importAll(files);
  const shown = files.length === 1 ? (files[0] as string) : `models ${files.map((f) => relative(config.root, f)).join(', ')}`;
  const dialect = drizzleDialectOf(ns);
  if (!dialect) return { schema: schemaFromModule(ns), warnings: [], source: 'athanor' };
  if (Object.values(ns).some(isTable)) {
    throw new UsageError(`${shown} export${files.length === 1 ? 's' : ''} both athanor tables and Drizzle tables: keep one kind of models`);
  }
  if (dialect !== config.dialect) {
    throw new UsageError(`${shown} declare${files.length === 1 ? 's' : ''} ${dialect} tables (Drizzle) but the project's dialect is ${config.dialect}: set \`dialect: '${dialect}'\` in the config or use a ${dialect} URL`);
  }
  const { loadDrizzleRuntime } = await import('../loader/drizzle-runtime.js');
  const models = schemaFromDrizzle(ns, await loadDrizzleRuntime(files[0] as string, dialect, config.drizzleCasing));
  return { schema: models.schema, warnings: models.warnings, source: 'drizzle' };
}
