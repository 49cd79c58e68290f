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
import { UsageError } from '../errors.js';
import { describeUnmanaged } from '../schema/unmanaged.js';
import type { SchemaSpec } from '../schema/types.js';
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

async function applyFile(conn: Connection, dialect: Dialect, text: string, shown: string): Promise<void> {
  for (const statement of splitSqlStatements(text, dialect.sqlSyntax)) {
    try {
      await conn.exec(statement.sql);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new UsageError(`${shown}:${lineOf(text, statement.start)}: the database refused this statement: ${reason}`, { cause: error });
    }
  }
}

export async function schemaFromSqlFile(config: ResolvedConfig, file: string): Promise<SqlModels> {
  const shown = relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the models file ${shown}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const dialect = await loadDialect(config.dialect);
  const scope = config.schemas ? { schemas: config.schemas } : {};
  const scratch = await scratchFor(config);
  try {
    const conn = await openConnection(scratch.url, { connectTimeoutMs: config.connectTimeoutMs });
    try {
      if (config.devUrl && (await dialect.introspect(conn, scope)).tables.length > 0) {
        throw new UsageError(`devUrl ${config.devUrl} is not empty: it must be an empty database the models file can be applied to`);
      }
      await applyFile(conn, dialect, text, shown);
      const schema = await dialect.introspect(conn, scope);
      const unmanaged = await dialect.listUnmanaged(conn, scope);
      const warnings = unmanaged.map((o) => `${describeUnmanaged(o)} in ${shown} is not managed by athanor: create it in a migration (op.execute)`);
      return { schema, warnings };
    } finally {
      await conn.close();
    }
  } finally {
    await scratch.cleanup();
  }
}
