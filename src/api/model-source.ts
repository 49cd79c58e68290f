// Where the target schema comes from: the config's `models` module, written with athanor's DSL or with Drizzle
// tables (pgTable / mysqlTable / sqliteTable: drizzle-orm is loaded only then), or a .sql file of CREATE statements.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ResolvedConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
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

function modelsFileOf(config: ResolvedConfig): string {
  if (!config.modelsFile && config.migrationFormat === 'sql') {
    throw new UsageError(
      "this project writes .sql migrations (migrationFormat 'sql') and has no models: `athanor revision -m MSG` writes a migration to fill in",
    );
  }
  if (!config.modelsFile) {
    throw new UsageError(`no models module: set \`models: './models.ts'\` in ${config.configFile ?? 'athanor.config.ts'}`);
  }
  return config.modelsFile;
}

function checksumOf(file: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined; // importUserModule reports the missing file
  }
}

export async function loadModelSource(config: ResolvedConfig): Promise<LoadedModels> {
  const file = modelsFileOf(config);
  if (file.endsWith('.sql')) {
    const { schemaFromSqlFile } = await import('./sql-models.js');
    return { ...(await schemaFromSqlFile(config, file)), source: 'sql' };
  }
  // by content, so a models module edited within one process (watch mode, tests) is read again
  const ns = await importUserModule(file, checksumOf(file));
  const dialect = drizzleDialectOf(ns);
  if (!dialect) return { schema: schemaFromModule(ns), warnings: [], source: 'athanor' };
  if (Object.values(ns).some(isTable)) {
    throw new UsageError(`${file} exports both athanor tables and Drizzle tables: keep one kind of models per module`);
  }
  if (dialect !== config.dialect) {
    throw new UsageError(`${file} declares ${dialect} tables (Drizzle) but the project's dialect is ${config.dialect}: set \`dialect: '${dialect}'\` in the config or use a ${dialect} URL`);
  }
  const { loadDrizzleRuntime } = await import('../loader/drizzle-runtime.js');
  const models = schemaFromDrizzle(ns, await loadDrizzleRuntime(file, dialect));
  return { schema: models.schema, warnings: models.warnings, source: 'drizzle' };
}
