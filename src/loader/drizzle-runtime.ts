// drizzle-orm, loaded only when a models module exports Drizzle tables (it is an optional peer dependency), from
// the models' own project so the same drizzle-orm reads the tables that built them. What the pure Drizzle model
// source needs of it: getTableConfig per dialect and the dialect's SQL printer.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.js';
import type { DrizzleDialect, DrizzleRuntime } from '../schema/sources/drizzle.js';
import type { DrizzleCasing } from '../config/types.js';
import type { DrizzleNamed, DrizzleSql, DrizzleTableConfig } from '../schema/sources/drizzle-types.js';

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
interface Casing {
  toSnakeCase(name: string): string;
  toCamelCase(name: string): string;
}

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

/** casing: how a column declared without a name is named from its key, by drizzle-orm's own converters. */
export async function loadDrizzleRuntime(modelsFile: string, dialect: DrizzleDialect, casing?: DrizzleCasing): Promise<DrizzleRuntime> {
  const root = (await importFrom(modelsFile, 'drizzle-orm')) as Root;
  const core = (await importFrom(modelsFile, CORE[dialect])) as Core;
  const Printer = core[DIALECT_CLASS[dialect]] as new (config?: { casing?: DrizzleCasing }) => Printer;
  // the printer names key-named columns in sql`…` objects with the same casing
  const printer = new Printer(casing ? { casing } : undefined);
  const isSql = (value: unknown): value is DrizzleSql => root.is(value, root.SQL);
  const converters = casing ? ((await importFrom(modelsFile, 'drizzle-orm/casing')) as Casing) : undefined;
  const convert = converters && (casing === 'snake_case' ? converters.toSnakeCase : converters.toCamelCase);
  return {
    tableConfig: (table) => core.getTableConfig(table),
    columnName: (column: DrizzleNamed) => (convert && column.keyAsName ? convert(column.name) : column.name),
    isSql,
    // wrapped, so inlining the parameters leaves the user's object alone; 'indexes' prints columns unqualified
    sqlText: (value) => printer.sqlToQuery(root.sql`${value}`.inlineParams(), 'indexes').sql,
  };
}
