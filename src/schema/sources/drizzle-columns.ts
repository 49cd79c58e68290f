// One Drizzle column → a ColumnSpec. The type is the SQL drizzle-kit would write (column.getSQLType()), kept as
// a custom type that each dialect's normalisation reads into its model type (varchar(255), timestamp(3) with time
// zone…), so the mapping is exactly drizzle's; enums, serial and identity columns get their model shapes.
import { UsageError } from '../../errors.js';
import type { ColumnSpec, ColumnType, DefaultValue } from '../types.js';
import type { DrizzleColumn, DrizzleDialect, DrizzleRuntime } from './drizzle-types.js';

export interface DrizzleContext {
  runtime: DrizzleRuntime;
  dialect: DrizzleDialect;
  /** what Drizzle declares that athanor does not manage, by name (printed by migrate and check) */
  warnings: string[];
}

export function refuse(where: string, what: string): never {
  throw new UsageError(`Drizzle models: ${where}: ${what}`);
}

/** MySQL's `serial` is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE. */
export function isMysqlSerial(column: DrizzleColumn): boolean {
  return column.columnType === 'MySqlSerial';
}

function columnType(column: DrizzleColumn, ctx: DrizzleContext): ColumnType {
  if (column.enum && column.columnType === 'PgEnumColumn') {
    const e = column.enum;
    return { name: 'enum', enumName: e.enumName, ...(e.schema ? { enumSchema: e.schema } : {}), values: [...e.enumValues] };
  }
  if (ctx.dialect === 'mysql' && isMysqlSerial(column)) return { name: 'custom', raw: 'bigint unsigned' };
  // SQLite: INTEGER PRIMARY KEY AUTOINCREMENT is what athanor's serial is there
  if (ctx.dialect === 'sqlite' && column.autoIncrement) return { name: 'serial' };
  return { name: 'custom', raw: column.getSQLType() };
}

/** drizzle-kit's spelling of a Date default for a column of this SQL type. */
function dateDefault(value: Date, sqlType: string): string {
  const iso = value.toISOString();
  if (sqlType === 'date') return iso.split('T')[0] ?? iso;
  if (sqlType.startsWith('timestamp') && !sqlType.includes('with time zone')) return iso.replace('T', ' ').slice(0, 23);
  return iso;
}

function arrayLiteral(values: readonly unknown[], where: string): string {
  const items = values.map((v) => {
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
    if (typeof v === 'string') return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    return refuse(where, 'an array default may hold only numbers, strings and booleans (use default(sql`…`))');
  });
  return `'{${items.join(',').replace(/'/g, "''")}}'`;
}

function defaultOf(column: DrizzleColumn, ctx: DrizzleContext, where: string): DefaultValue | undefined {
  const value = column.default;
  // $defaultFn / $onUpdateFn values are computed by Drizzle at insert time: nothing in the database
  if (value === undefined || value === null) return undefined;
  if (ctx.runtime.isSql(value)) return { kind: 'sql', sql: ctx.runtime.sqlText(value, ctx.dialect) };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { kind: 'value', value };
  if (typeof value === 'bigint') return { kind: 'sql', sql: value.toString() };
  const sqlType = column.getSQLType().toLowerCase();
  if (value instanceof Date) return { kind: 'value', value: dateDefault(value, sqlType) };
  if (Array.isArray(value) && sqlType.endsWith('[]')) return { kind: 'sql', sql: arrayLiteral(value, where) };
  if (typeof value === 'object') return { kind: 'value', value: JSON.stringify(value) };
  return refuse(where, `default of type ${typeof value} has no SQL form (use default(sql\`…\`))`);
}

function generatedOf(column: DrizzleColumn, ctx: DrizzleContext, where: string): string | undefined {
  const generated = column.generated;
  if (!generated) return undefined;
  const as = typeof generated.as === 'function' ? (generated.as as () => unknown)() : generated.as;
  if (typeof as === 'string') return as;
  if (ctx.runtime.isSql(as)) return ctx.runtime.sqlText(as, ctx.dialect);
  return refuse(where, 'generatedAlwaysAs() needs an sql`…` expression or a string');
}

function identityOf(column: DrizzleColumn, where: string, ctx: DrizzleContext): ColumnSpec['identity'] {
  const identity = column.generatedIdentity;
  if (!identity) return undefined;
  const options = Object.entries(identity.sequenceOptions ?? {}).filter(([, v]) => v !== undefined);
  if (identity.sequenceName !== undefined || options.length > 0) {
    // as athanor reads a database's identity sequences: the column is managed, its sequence's options are not
    // (a baseline sets them as the database has them); a refusal here stopped check on any startWith
    const named = [...(identity.sequenceName !== undefined ? ['name'] : []), ...options.map(([k]) => k)];
    ctx.warnings.push(`${where}: identity sequence options (${named.join(', ')}) are not managed by athanor: left out of the comparison; set them in a migration (op.execute) where a new database needs them`);
  }
  return identity.type;
}

export function columnSpecFromDrizzle(column: DrizzleColumn, table: string, ctx: DrizzleContext): ColumnSpec {
  const name = ctx.runtime.columnName(column);
  const where = `column ${table}.${name}`;
  const spec: ColumnSpec = { name, type: columnType(column, ctx), nullable: !column.notNull };
  // MySQL: ON UPDATE CURRENT_TIMESTAMP, at the column's own precision (MySQL refuses another)
  if (column.hasOnUpdateNow) spec.onUpdate = column.fsp ? `CURRENT_TIMESTAMP(${column.fsp})` : 'CURRENT_TIMESTAMP';
  const generated = generatedOf(column, ctx, where);
  if (generated !== undefined) spec.generated = generated;
  // PostgreSQL's are always stored; MySQL and SQLite default to VIRTUAL
  if (generated !== undefined && ctx.dialect !== 'postgres' && column.generated?.mode !== 'stored') spec.virtual = true;
  const identity = identityOf(column, where, ctx);
  if (identity) spec.identity = identity;
  if (ctx.dialect === 'mysql' && (column.autoIncrement || isMysqlSerial(column))) {
    spec.identity = 'byDefault';
    spec.nullable = false;
  }
  const value = generated === undefined ? defaultOf(column, ctx, where) : undefined;
  if (value) spec.default = value;
  return spec;
}
