// One canonical form for a PostgreSQL SchemaSpec, applied to the models and to the introspected database alike,
// so that both compare equal field by field when they mean the same schema.
//
// Decisions:
// - Defaults: an SQL default that is just a literal (`'{}'::jsonb`, `'-1'::integer`, `(-1)`, `true`) becomes a
//   value default, because PostgreSQL prints `.default('{}')` on a jsonb column as `'{}'::jsonb` too. Values are
//   then coerced to the column's kind: numbers on numeric columns, strings on text-like columns.
//   Any other SQL default is compared by its canonical spelling (see expression.ts): `now()` and
//   CURRENT_TIMESTAMP stay different because PostgreSQL keeps them different.
// - Check expressions, index predicates, expression index parts and generated expressions are compared in
//   canonical spelling. PostgreSQL adds casts and rewrites `IN (…)` as `= ANY (ARRAY[…])`; such expressions only
//   converge when the model spells them as PostgreSQL prints them.
import { byName, bySchemaAndName } from '../shared/ordering.js';
import type {
  ColumnSpec,
  ColumnType,
  DefaultValue,
  EnumSpec,
  ForeignKeySpec,
  IndexPart,
  IndexSpec,
  SchemaSpec,
  TableSpec,
} from '../../schema/types.js';
import { parsePgDefault } from './defaults.js';
import { numberFromLiteral } from '../shared/number-literal.js';
import { canonicalExpression } from './expression.js';
import { NUMERIC_TYPES } from '../../schema/type-families.js';
import { parsePgType, serialStorageType } from './types.js';

const BY_SCHEMA_AND_NAME = bySchemaAndName('public');

const schemaOf = (schema: string | undefined): { schema?: string } =>
  schema && schema !== 'public' ? { schema } : {};

export function normalizePgType(type: ColumnType): ColumnType {
  switch (type.name) {
    case 'custom': {
      const parsed = parsePgType(type.raw ?? '');
      return parsed.name === 'custom' ? parsed : normalizePgType(parsed);
    }
    case 'enum':
      return { name: 'enum', enumName: type.enumName ?? '', ...(type.enumSchema && type.enumSchema !== 'public' ? { enumSchema: type.enumSchema } : {}) };
    case 'varchar':
      return type.length === undefined ? { name: 'varchar' } : { name: 'varchar', length: type.length };
    case 'char':
      // char without a length is char(1)
      return { name: 'char', length: type.length ?? 1 };
    case 'numeric':
      // numeric(p) is numeric(p,0)
      return type.precision === undefined
        ? { name: 'numeric' }
        : { name: 'numeric', precision: type.precision, scale: type.scale ?? 0 };
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return type.precision === undefined ? { name: type.name } : { name: type.name, precision: type.precision };
    default:
      return { name: type.name };
  }
}

/** A value default in the form PostgreSQL gives back for a column of this type. */
function coerceValue(value: string | number | boolean, type: ColumnType): string | number | boolean {
  if (NUMERIC_TYPES.has(type.name)) {
    if (typeof value === 'string') return numberFromLiteral(value) ?? value;
    return value;
  }
  if (type.name === 'boolean') {
    if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
    return value;
  }
  return typeof value === 'string' ? value : String(value);
}

function normalizeDefault(value: DefaultValue, type: ColumnType): DefaultValue | undefined {
  const parsed = value.kind === 'sql' ? parsePgDefault(value.sql) : value;
  if (!parsed) return undefined;
  if (parsed.kind === 'sql') return { kind: 'sql', sql: canonicalExpression(parsed.sql) };
  if (parsed.value === null) return undefined;
  return { kind: 'value', value: coerceValue(parsed.value, type) };
}

function normalizeColumn(column: ColumnSpec, primaryKey: readonly string[]): ColumnSpec {
  const type = normalizePgType(column.type);
  const result: ColumnSpec = { name: column.name, type, nullable: column.nullable };
  // serial, identity and primary key columns are NOT NULL whatever the model says
  if (serialStorageType(type.name) || column.identity || primaryKey.includes(column.name)) result.nullable = false;
  if (column.default !== undefined) {
    const value = normalizeDefault(column.default, type);
    if (value) result.default = value;
  }
  if (column.identity) result.identity = column.identity;
  if (column.generated !== undefined) {
    result.generated = canonicalExpression(column.generated);
    delete result.default;
  }
  if (column.comment) result.comment = column.comment;
  return result;
}

function normalizeIndexPart(part: IndexPart): IndexPart {
  if ('column' in part) return part.desc ? { column: part.column, desc: true } : { column: part.column };
  const expression = canonicalExpression(part.expression);
  // an expression that is only a column name is that column
  const bare = /^[a-z_][a-z0-9_$]*$/.test(expression) ? expression : /^"((?:[^"]|"")+)"$/.exec(expression)?.[1]?.replace(/""/g, '"');
  return bare !== undefined ? { column: bare } : { expression };
}

function normalizeIndex(index: IndexSpec): IndexSpec {
  const result: IndexSpec = { name: index.name, parts: index.parts.map(normalizeIndexPart) };
  if (index.unique) result.unique = true;
  if (index.where !== undefined && index.where.trim() !== '') result.where = canonicalExpression(index.where);
  const using = index.using?.trim().toLowerCase();
  if (using && using !== 'btree') result.using = using;
  return result;
}

function normalizeForeignKey(fk: ForeignKeySpec): ForeignKeySpec {
  const result: ForeignKeySpec = {
    ...(fk.name !== undefined ? { name: fk.name } : {}),
    columns: [...fk.columns],
    ...(fk.refSchema && fk.refSchema !== 'public' ? { refSchema: fk.refSchema } : {}),
    refTable: fk.refTable,
    refColumns: [...fk.refColumns],
  };
  if (fk.onDelete && fk.onDelete !== 'no action') result.onDelete = fk.onDelete;
  if (fk.onUpdate && fk.onUpdate !== 'no action') result.onUpdate = fk.onUpdate;
  return result;
}

export function normalizePgTable(table: TableSpec): TableSpec {
  const pkColumns = table.primaryKey?.columns ?? [];
  const result: TableSpec = {
    ...schemaOf(table.schema),
    name: table.name,
    columns: table.columns.map((c) => normalizeColumn(c, pkColumns)),
    uniques: table.uniques.map((u) => ({ ...(u.name !== undefined ? { name: u.name } : {}), columns: [...u.columns] })).sort(byName),
    indexes: table.indexes.map(normalizeIndex).sort(byName),
    foreignKeys: table.foreignKeys.map(normalizeForeignKey).sort(byName),
    checks: table.checks.map((c) => ({ name: c.name, expression: canonicalExpression(c.expression) })).sort(byName),
  };
  if (table.primaryKey) {
    result.primaryKey = {
      ...(table.primaryKey.name !== undefined ? { name: table.primaryKey.name } : {}),
      columns: [...table.primaryKey.columns],
    };
  }
  if (table.comment) result.comment = table.comment;
  return result;
}

function normalizeEnum(spec: EnumSpec): EnumSpec {
  return { ...schemaOf(spec.schema), name: spec.name, values: [...spec.values] };
}

export function normalizePostgres(schema: SchemaSpec): SchemaSpec {
  return {
    tables: schema.tables.map(normalizePgTable).sort(BY_SCHEMA_AND_NAME),
    enums: schema.enums.map(normalizeEnum).sort(BY_SCHEMA_AND_NAME),
  };
}
