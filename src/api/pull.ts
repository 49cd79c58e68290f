// pull: write models from a live database — the introspected schema (normalised as `check` reads it) printed
// in the athanor DSL (codegen/models.ts), as Drizzle tables (codegen/drizzle.ts) or as declarative SQL
// (api/pull-sql.ts), with a header naming what the format cannot declare.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import { renderDrizzleSource } from '../codegen/drizzle.js';
import { renderModelsSource } from '../codegen/models.js';
import { displayPath } from '../loader/display-path.js';
import { withSession } from '../runner/session.js';
import type { UnmanagedObject } from '../schema/types.js';
import { renderSchemaSql } from './pull-sql.js';

export type PullFormat = 'athanor' | 'drizzle' | 'sql';
export const PULL_FORMATS: readonly PullFormat[] = ['athanor', 'drizzle', 'sql'];

export interface PullOptions {
  /** the file to write; default the config's `models` when it has the format's extension, else a name per format */
  output?: string;
  /** replace a file whose content differs */
  force?: boolean;
  /** default athanor (the DSL) */
  format?: PullFormat;
  /** camelCase property names over snake_case columns (Drizzle) */
  camelCase?: boolean;
}

export interface PullResult {
  file: string;
  tables: number;
  enums: number;
  unmanaged: UnmanagedObject[];
  /** what the format cannot declare, by name (listed in the file's header; `check` ignores it) */
  notRepresentable: string[];
  /** other migration tools' bookkeeping tables, left in the database and out of the models */
  otherToolsTables: string[];
  /** the file already held exactly this text: nothing was written */
  unchanged: boolean;
}

const DEFAULT_FILE: Record<PullFormat, string> = { athanor: 'models.ts', drizzle: 'schema.ts', sql: 'schema.sql' };

function outputFile(config: ResolvedConfig, output: string | undefined, format: PullFormat): string {
  if (output !== undefined) return resolve(output);
  const models = config.modelsFile;
  if (models !== null && models.endsWith('.sql') === (format === 'sql')) return models;
  return join(config.root, DEFAULT_FILE[format]);
}

export interface PulledSource {
  text: string;
  tables: number;
  enums: number;
  unmanaged: UnmanagedObject[];
  notRepresentable: string[];
  otherToolsTables: string[];
}

/** The models text for the configured database. */
export async function pullSource(config: ResolvedConfig, options: Pick<PullOptions, 'format' | 'camelCase'> = {}): Promise<PulledSource> {
  const format = options.format ?? 'athanor';
  if (options.camelCase && format !== 'drizzle') {
    throw new UsageError(`--camel-case names the properties of Drizzle columns: use it with --format drizzle (athanor's DSL and SQL name columns by their keys)`);
  }
  return withSession(config, async ({ conn, dialect }) => {
    const scope = {
      ...(config.schemas ? { schemas: config.schemas } : {}),
      ...(config.includeTables ? { includeTables: config.includeTables } : {}),
      ...(config.excludeTables ? { excludeTables: config.excludeTables } : {}),
    };
    await dialect.checkUnqualifiedSchema?.(conn, scope);
    const read = await dialect.introspect(conn, scope);
    const schema = dialect.normalize(read);
    const unmanaged = await dialect.listUnmanaged(conn, scope);
    const counts = { tables: schema.tables.length, enums: schema.enums.length, unmanaged, otherToolsTables: read.otherToolsTables ?? [] };
    if (format === 'sql') {
      const defined = (await dialect.unmanagedDefinitions?.(conn, scope)) ?? [];
      return { text: renderSchemaSql({ dialect, schema, unmanaged, defined }), ...counts, notRepresentable: [] };
    }
    if (format === 'drizzle') {
      const printed = renderDrizzleSource({ schema, unmanaged, dialect: dialect.name, camelCase: options.camelCase === true, typeSql: (type) => dialect.formatType(type) });
      return { text: printed.text, ...counts, notRepresentable: printed.notRepresentable };
    }
    return { text: renderModelsSource({ schema, unmanaged, dialect: dialect.name }), ...counts, notRepresentable: [] };
  });
}

export async function pull(config: ResolvedConfig, options: PullOptions = {}): Promise<PullResult> {
  const format = options.format ?? 'athanor';
  const file = outputFile(config, options.output, format);
  const source = await pullSource(config, options);
  const { text, ...facts } = source;
  if (facts.tables === 0 && facts.enums === 0) throw new UsageError('the database has no tables: there is nothing to pull');
  if (existsSync(file)) {
    if ((await readFile(file, 'utf8')) === text) return { file, ...facts, unchanged: true };
    if (!options.force) {
      throw new UsageError(`${displayPath(file)} already exists and differs from the database's models: pass --force to replace it, or -o FILE to write elsewhere`);
    }
  }
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  return { file, ...facts, unchanged: false };
}
