// Declarative SQL as models: `models: './schema.sql'` holds the whole desired schema as CREATE statements.
// athanor applies it to a throw-away database (PGlite in memory for PostgreSQL, SQLite :memory:, a temporary
// database on the MySQL server, or the config's devUrl), introspects that, and the diff goes on as usual.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { loadDialect } from '../dialects/index.js';
import type { Dialect } from '../dialects/dialect.js';
import { splitSqlStatements } from '../dialects/shared/sql-statements.js';
import type { Connection } from '../drivers/connection.js';
import { openConnection } from '../drivers/open.js';
import { pgliteProjectOf } from '../drivers/pglite-extensions.js';
import { UsageError } from '../errors.js';
import { describeUnmanaged } from '../schema/unmanaged.js';
import type { SchemaSpec, UnmanagedDefinition, UnmanagedObject } from '../schema/types.js';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';

export interface SqlModels {
  schema: SchemaSpec;
  /** objects the file creates that athanor does not manage (views, functions, triggers, …), by name */
  warnings: string[];
}

async function scratchFor(config: ResolvedConfig): Promise<ScratchDatabase> {
  if (config.devUrl) return { url: config.devUrl, cleanup: async () => undefined };
  const inMemory = (await loadDialect(config.dialect)).inMemoryUrl;
  if (inMemory) return { url: inMemory, cleanup: async () => undefined };
  return createScratchDatabase(config, 'a .sql models file');
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

interface SqlFile {
  /** the path as messages show it */
  shown: string;
  text: string;
}

/** An extension PGlite does not ship (those it ships are loaded when a models file creates them): say where it can come from. */
function extensionHint(reason: string, inMemory: boolean): string {
  if (!inMemory || !/^extension ".*" is not available/.test(reason)) return '';
  return ' (the scratch database is PGlite in memory: set `devUrl` in the config to an empty database on a server that has it)';
}

async function applyFile(conn: Connection, dialect: Dialect, { text, shown }: SqlFile, inMemory: boolean): Promise<void> {
  // read as the database's command-line client reads a script (DELIMITER lines around a MySQL routine body)
  for (const statement of splitSqlStatements(text, dialect.sqlSyntax, { client: true })) {
    try {
      await conn.exec(statement.sql);
    } catch (error) {
      const reason = (error instanceof Error ? error.message.split('\n')[0] : undefined) ?? String(error);
      const where = `${shown}:${lineOf(text, statement.start)}`;
      throw new UsageError(`${where}: the database refused this statement: ${reason}${extensionHint(reason, inMemory)}`, { cause: error });
    }
  }
}

/**
 * What a file's text gave, by text and where it was applied: `migrate` then `check` (or a watch loop) in one
 * process read the same file again, and a scratch PGlite costs seconds to start.
 */
const recent = new Map<string, SqlModels>();
const RECENT_LIMIT = 4;

function readSqlFile(file: string): SqlFile {
  const shown = relative(process.cwd(), file) || file;
  try {
    return { shown, text: readFileSync(file, 'utf8') };
  } catch (error) {
    throw new UsageError(`cannot read the models file ${shown}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** The schema the .sql models files create, applied in order to one scratch database. */
export async function schemaFromSqlFiles(config: ResolvedConfig, files: readonly string[]): Promise<SqlModels> {
  const sqlFiles = files.map(readSqlFile);
  const key = JSON.stringify([config.dialect, config.devUrl ?? null, config.schemas ?? null, sqlFiles]);
  const seen = recent.get(key);
  if (seen) return structuredClone(seen);
  const models = await applyToScratch(config, sqlFiles);
  recent.set(key, structuredClone(models));
  if (recent.size > RECENT_LIMIT) recent.delete(recent.keys().next().value as string);
  return models;
}

/** The files applied in order, and the schema read back from the database they were applied to. */
async function readFilesBack(
  conn: Connection,
  dialect: Dialect,
  files: readonly SqlFile[],
  options: { scope: { schemas?: string[] }; inMemory: boolean },
): Promise<SqlModels> {
  for (const file of files) await applyFile(conn, dialect, file, options.inMemory);
  const schema = await dialect.introspect(conn, options.scope);
  const unmanaged = await dialect.listUnmanaged(conn, options.scope);
  const defined = (await dialect.unmanagedDefinitions?.(conn, options.scope)) ?? [];
  const where = files.map((f) => f.shown).join(', ');
  return { schema, warnings: unmanagedWarnings(unmanaged, defined, where) };
}

/**
 * What a file creates that athanor does not manage. What a baseline creates first (an extension, domain or
 * collation the tables may use) is said to be so: only a change to it needs a migration of the user's own.
 */
export function unmanagedWarnings(unmanaged: readonly UnmanagedObject[], defined: readonly UnmanagedDefinition[], where: string): string[] {
  const written = new Map(defined.map((d) => [describeUnmanaged(d.object), d.afterTables ? 'sets it after the tables' : 'creates it first']));
  return unmanaged.map((o) => {
    const name = describeUnmanaged(o);
    const how = written.get(name);
    return how !== undefined
      ? `${name} in ${where} is not managed by athanor: a baseline ${how}, as the database has it, and \`migrate\` neither creates nor changes it (a change to it needs op.execute in a migration)`
      : `${name} in ${where} is not managed by athanor: create it in a migration (op.execute)`;
  });
}

async function applyToScratch(config: ResolvedConfig, files: readonly SqlFile[]): Promise<SqlModels> {
  const dialect = await loadDialect(config.dialect);
  const scope = config.schemas ? { schemas: config.schemas } : {};
  const scratch = await scratchFor(config);
  try {
    const conn = await openConnection(scratch.url, { connectTimeoutMs: config.connectTimeoutMs, pglite: pgliteProjectOf(config) });
    try {
      if (config.devUrl && (await dialect.introspect(conn, scope)).tables.length > 0) {
        throw new UsageError(`devUrl ${config.devUrl} is not empty: it must be an empty database the models file can be applied to`);
      }
      // devUrl is kept, not thrown away: where DDL rolls back, what the files create is rolled back after reading it,
      // so the database is empty again for the next run
      const rollBack = config.devUrl !== undefined && dialect.capabilities.transactionalDdl;
      if (rollBack) await conn.exec(dialect.beginSql);
      try {
        return await readFilesBack(conn, dialect, files, { scope, inMemory: !config.devUrl && scratch.url === dialect.inMemoryUrl });
      } finally {
        if (rollBack) await conn.exec('ROLLBACK');
      }
    } finally {
      await conn.close();
    }
  } finally {
    await scratch.cleanup();
  }
}
