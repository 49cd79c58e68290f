// Drizzle tables as models: the exports of a schema module written with drizzle-orm (pgTable / mysqlTable /
// sqliteTable, pgEnum, pgSchema tables) → the SchemaSpec athanor diffs. Pure: drizzle-orm itself comes in as a
// DrizzleRuntime (its public getTableConfig and SQL printer), loaded by the loader only when such exports appear.
import { UsageError } from '../../errors.js';
import { byQualifiedName } from '../collect.js';
import type { EnumSpec, SchemaSpec, TableSpec } from '../types.js';
import { drizzleDialectsOf, drizzleTableDialect, drizzleUnmanagedKind, isDrizzlePgEnum } from './drizzle-detect.js';
import { type DrizzleContext } from './drizzle-columns.js';
import { tableSpecFromDrizzle } from './drizzle-tables.js';
import type { DrizzleColumn, DrizzleDialect, DrizzleEnum, DrizzleRuntime } from './drizzle-types.js';

export { drizzleDialectsOf } from './drizzle-detect.js';
export type { DrizzleDialect, DrizzleRuntime } from './drizzle-types.js';

export interface DrizzleModels {
  schema: SchemaSpec;
  dialect: DrizzleDialect;
  /** what the module declares that athanor does not manage, by name */
  warnings: string[];
}

function key(schema: string | undefined, name: string): string {
  return schema !== undefined ? `${schema}.${name}` : name;
}

function enumSpec(e: DrizzleEnum): EnumSpec {
  return { name: e.enumName, ...(e.schema ? { schema: e.schema } : {}), values: [...e.enumValues] };
}

/** The enum a PostgreSQL column uses, looking through arrays. */
function columnEnum(column: DrizzleColumn): DrizzleEnum | undefined {
  let c: DrizzleColumn | undefined = column;
  while (c && c.columnType === 'PgArray') c = c.baseColumn;
  return c?.columnType === 'PgEnumColumn' ? c.enum : undefined;
}

/** The one dialect of a module's Drizzle exports; mixing dialects is an error. */
export function drizzleDialectOf(ns: Record<string, unknown>): DrizzleDialect | undefined {
  const dialects = [...drizzleDialectsOf(ns)];
  if (dialects.length > 1) throw new UsageError(`Drizzle models: the module mixes ${dialects.join(' and ')} tables; keep one dialect per models module`);
  return dialects[0];
}

export function schemaFromDrizzle(ns: Record<string, unknown>, runtime: DrizzleRuntime): DrizzleModels {
  const dialect = drizzleDialectOf(ns);
  if (!dialect) throw new UsageError('Drizzle models: the module exports no Drizzle tables');
  const ctx: DrizzleContext = { runtime, dialect, warnings: [] };
  const tables = new Map<string, { table: object; spec: TableSpec }>();
  const enums = new Map<string, EnumSpec>();
  const addEnum = (e: DrizzleEnum): void => {
    const spec = enumSpec(e);
    const k = key(spec.schema, spec.name);
    const seen = enums.get(k);
    if (seen && seen.values.join('\u0000') !== spec.values.join('\u0000')) throw new UsageError(`Drizzle models: enum "${k}" is declared twice with different values`);
    enums.set(k, spec);
  };
  for (const [exportName, value] of Object.entries(ns)) {
    if (drizzleTableDialect(value)) {
      const config = runtime.tableConfig(value as object, dialect);
      const k = key(config.schema, config.name);
      const seen = tables.get(k);
      const spec = seen && seen.table === value ? seen.spec : tableSpecFromDrizzle(value as object, ctx);
      // two module instances of one file (models spread over files that import each other) make equal tables
      if (seen && JSON.stringify(seen.spec) !== JSON.stringify(spec)) throw new UsageError(`Drizzle models: table "${k}" is declared twice`);
      if (!seen) tables.set(k, { table: value as object, spec });
      for (const column of config.columns) {
        const e = columnEnum(column);
        if (e) addEnum(e);
      }
    } else if (isDrizzlePgEnum(value)) {
      addEnum(value);
    } else {
      const kind = drizzleUnmanagedKind(value);
      if (kind) ctx.warnings.push(`${kind} ${exportName} (Drizzle) is not managed by athanor: create it in a migration (op.execute)`);
    }
  }
  const tableSpecs = [...tables.values()].map((t) => t.spec).sort(byQualifiedName);
  const enumSpecs = [...enums.values()].sort(byQualifiedName);
  return { schema: { tables: tableSpecs, enums: enumSpecs }, dialect, warnings: [...new Set(ctx.warnings)] };
}
