// pull: write models from a live database — the introspected schema (normalised as `check` reads it) printed
// in the athanor DSL (codegen/models.ts), with a header naming what the models cannot declare.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import { renderModelsSource } from '../codegen/models.js';
import { displayPath } from '../loader/display-path.js';
import { withSession } from '../runner/session.js';
import type { UnmanagedObject } from '../schema/types.js';

export interface PullOptions {
  /** the file to write; default the config's `models`, else models.ts beside the config */
  output?: string;
  /** replace a file whose content differs */
  force?: boolean;
}

export interface PullResult {
  file: string;
  tables: number;
  enums: number;
  unmanaged: UnmanagedObject[];
  /** the file already held exactly this text: nothing was written */
  unchanged: boolean;
}

function outputFile(config: ResolvedConfig, output: string | undefined): string {
  if (output !== undefined) return resolve(output);
  return config.modelsFile ?? join(config.root, 'models.ts');
}

/** The models text for the configured database. */
export async function pullSource(config: ResolvedConfig): Promise<{ text: string; tables: number; enums: number; unmanaged: UnmanagedObject[] }> {
  return withSession(config, async ({ conn, dialect }) => {
    const scope = {
      ...(config.schemas ? { schemas: config.schemas } : {}),
      ...(config.includeTables ? { includeTables: config.includeTables } : {}),
      ...(config.excludeTables ? { excludeTables: config.excludeTables } : {}),
    };
    const schema = dialect.normalize(await dialect.introspect(conn, scope));
    const unmanaged = await dialect.listUnmanaged(conn, scope);
    const text = renderModelsSource({ schema, unmanaged, dialect: dialect.name });
    return { text, tables: schema.tables.length, enums: schema.enums.length, unmanaged };
  });
}

export async function pull(config: ResolvedConfig, options: PullOptions = {}): Promise<PullResult> {
  const file = outputFile(config, options.output);
  const { text, tables, enums, unmanaged } = await pullSource(config);
  if (tables === 0 && enums === 0) throw new UsageError('the database has no tables: there is nothing to pull');
  if (existsSync(file)) {
    if ((await readFile(file, 'utf8')) === text) return { file, tables, enums, unmanaged, unchanged: true };
    if (!options.force) {
      throw new UsageError(`${displayPath(file)} already exists and differs from the database's models: pass --force to replace it, or -o FILE to write elsewhere`);
    }
  }
  await writeFile(file, text);
  return { file, tables, enums, unmanaged, unchanged: false };
}
