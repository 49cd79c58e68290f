// drizzle-orm, loaded only when a models module exports Drizzle tables (it is an optional peer dependency), from
// the models' own project so the same drizzle-orm reads the tables that built them. What the pure Drizzle model
// source needs of it: getTableConfig per dialect and the dialect's SQL printer.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.js';
import type { DrizzleDialect, DrizzleRuntime } from '../schema/sources/drizzle.js';
import type { DrizzleSql, DrizzleTableConfig } from '../schema/sources/drizzle-types.js';

const CORE: Record<DrizzleDialect, string> = { postgres: 'drizzle-orm/pg-core', mysql: 'drizzle-orm/mysql-core', sqlite: 'drizzle-orm/sqlite-core' };
const DIALECT_CLASS: Record<DrizzleDialect, string> = { postgres: 'PgDialect', mysql: 'MySqlDialect', sqlite: 'SQLiteSyncDialect' };

interface SqlObject {
  inlineParams(): SqlObject;
}
interface Printer {
  sqlToQuery(sql: SqlObject, invokeSource?: 'indexes'): { sql: string };
}
interface Root {
  is(value: unknown, type: unknown): boolean;
  SQL: unknown;
  sql: (strings: TemplateStringsArray, ...values: unknown[]) => SqlObject;
}
type Core = Record<string, unknown> & { getTableConfig(table: object): DrizzleTableConfig };

/** drizzle-orm's module `specifier`, as the models file's project resolves it (else as athanor's does). */
async function importFrom(modelsFile: string, specifier: string): Promise<unknown> {
  let resolved: string;
  try {
    resolved = createRequire(modelsFile).resolve(specifier);
  } catch {
    try {
      return await import(specifier);
    } catch (error) {
      throw new UsageError(`the models export Drizzle tables: install drizzle-orm in the project (npm install drizzle-orm)`, { cause: error });
    }
  }
  return import(pathToFileURL(resolved).href);
}

export async function loadDrizzleRuntime(modelsFile: string, dialect: DrizzleDialect): Promise<DrizzleRuntime> {
  const root = (await importFrom(modelsFile, 'drizzle-orm')) as Root;
  const core = (await importFrom(modelsFile, CORE[dialect])) as Core;
  const Printer = core[DIALECT_CLASS[dialect]] as new () => Printer;
  const printer = new Printer();
  const isSql = (value: unknown): value is DrizzleSql => root.is(value, root.SQL);
  return {
    tableConfig: (table) => core.getTableConfig(table),
    isSql,
    // wrapped, so inlining the parameters leaves the user's object alone; 'indexes' prints columns unqualified
    sqlText: (value) => printer.sqlToQuery(root.sql`${value}`.inlineParams(), 'indexes').sql,
  };
}
