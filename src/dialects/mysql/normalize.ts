// One canonical form for a MySQL/MariaDB SchemaSpec, applied to the models and to the introspected database
// alike, so both compare equal field by field when they mean the same schema on MySQL.
//
// Decisions (and what is lossy on MySQL):
// - Types: jsonb is json; char(36) is uuid; varchar without a length is varchar(255); numeric without a precision
//   is decimal(10,0); time/timestamp/timestamptz without a precision have 6 digits; custom types are parsed, so
//   custom('INT(11)') is integer and custom('tinyint(1)') boolean; integer display widths and letter case vanish.
// - Enums: MySQL has no enum types. An enum column becomes custom `enum('a','b')` with the values of the schema's
//   enum, and `enums` is empty: a changed enum is a changed column type (MODIFY COLUMN).
// - Identity columns are AUTO_INCREMENT like serial ones: an identity smallint/integer/bigint is the serial type
//   ('always' and 'byDefault' are the same thing on MySQL).
// - Generated columns are nullable (MariaDB refuses NOT NULL on them) and have no default.
// - Defaults: an SQL default that is only a literal is a value; values are coerced to the column's kind
//   (booleans stored as 0/1 on a boolean column are true/false); now()/CURRENT_TIMESTAMP become
//   current_timestamp(p) with the column's precision, as MariaDB prints them.
// - Foreign keys: RESTRICT and NO ACTION are the same on InnoDB (checked at once), and the default: omitted.
// - The primary key has no name (it is always PRIMARY). A unique index over plain ascending columns is a unique
//   constraint (MySQL cannot tell them apart); btree/hash access methods are omitted (InnoDB builds btrees).
// - An index named like a foreign key of its table, over the same columns, is the key's own index: omitted.
// - Schemas are kept as given: normalize cannot know the connection's database (introspection omits it).
import { byName, bySchemaAndName } from '../shared/ordering.js';
import type {
  ColumnSpec,
  ColumnType,
  DefaultValue,
  ForeignKeySpec,
  IndexPart,
  IndexSpec,
  SchemaSpec,
  TableSpec,
  UniqueSpec,
} from '../../schema/types.js';
import { NUMERIC_TYPES } from '../../schema/type-families.js';
import { numberFromLiteral } from '../shared/number-literal.js';
import { canonicalDefaultSql, literalDefault } from './defaults.js';
import { canonicalMysqlExpression } from './expression.js';
import {
  DEFAULT_DECIMAL,
  DEFAULT_TIME_PRECISION,
  DEFAULT_VARCHAR_LENGTH,
  enumTypeSql,
  enumValuesOf,
  parseMysqlType,
  serialStorage,
  serialTypeFor,
} from './types.js';

const BY_SCHEMA_AND_NAME = bySchemaAndName('');

type EnumValues = ReadonlyMap<string, readonly string[]>;

const enumKey = (schema: string | undefined, name: string): string => `${schema ?? ''}\u0000${name}`;

export function normalizeMysqlType(type: ColumnType, enums: EnumValues = new Map()): ColumnType {
  switch (type.name) {
    case 'enum': {
      const values = enumValuesOf(type) ?? enums.get(enumKey(type.enumSchema, type.enumName ?? ''));
      if (values) return { name: 'custom', raw: enumTypeSql(values) };
      return { name: 'enum', enumName: type.enumName ?? '', ...(type.enumSchema ? { enumSchema: type.enumSchema } : {}) };
    }
    case 'custom': {
      const parsed = parseMysqlType(type.raw ?? '');
      return parsed.name === 'custom' ? parsed : normalizeMysqlType(parsed, enums);
    }
    case 'jsonb':
      return { name: 'json' };
    case 'varchar':
      return { name: 'varchar', length: type.length ?? DEFAULT_VARCHAR_LENGTH };
    case 'char':
      return type.length === 36 ? { name: 'uuid' } : { name: 'char', length: type.length ?? 1 };
    case 'numeric':
      return type.precision === undefined
        ? { name: 'numeric', ...DEFAULT_DECIMAL }
        : { name: 'numeric', precision: type.precision, scale: type.scale ?? 0 };
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return { name: type.name, precision: type.precision ?? DEFAULT_TIME_PRECISION };
    default:
      return { name: type.name };
  }
}

const NUMERIC_CUSTOM = /^(?:tinyint|smallint|mediumint|int|integer|bigint|decimal|numeric|float|double|real|bit)\b/;

function isNumeric(type: ColumnType): boolean {
  return NUMERIC_TYPES.has(type.name) || (type.name === 'custom' && NUMERIC_CUSTOM.test(type.raw ?? ''));
}

/** A value default as MySQL gives it back for a column of this type. */
function coerceValue(value: string | number | boolean, type: ColumnType): string | number | boolean {
  if (type.name === 'boolean') {
    const text = String(value).trim().toLowerCase();
    if (text === '1' || text === 'true') return true;
    if (text === '0' || text === 'false') return false;
    return value;
  }
  if (isNumeric(type)) {
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (typeof value === 'string') return numberFromLiteral(value) ?? value;
    return value;
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

function normalizeDefault(value: DefaultValue, type: ColumnType): DefaultValue | undefined {
  if (value.kind === 'sql') {
    const literal = literalDefault(value.sql);
    if (!literal) return { kind: 'sql', sql: canonicalDefaultSql(value.sql, type) };
    return literal.value === null ? undefined : { kind: 'value', value: coerceValue(literal.value, type) };
  }
  return value.value === null ? undefined : { kind: 'value', value: coerceValue(value.value, type) };
}

function normalizeColumn(column: ColumnSpec, primaryKey: readonly string[], enums: EnumValues): ColumnSpec {
  let type = normalizeMysqlType(column.type, enums);
  let identity = column.identity;
  if (identity) {
    const serial = serialTypeFor(type.name);
    if (serial) {
      type = { name: serial };
      identity = undefined;
    } else {
      identity = 'byDefault';
    }
  }
  const autoIncrement = serialStorage(type.name) !== undefined || identity !== undefined;
  const result: ColumnSpec = { name: column.name, type, nullable: column.nullable };
  if (autoIncrement || primaryKey.includes(column.name)) result.nullable = false;
  if (identity) result.identity = identity;
  if (column.generated !== undefined) {
    result.generated = canonicalMysqlExpression(column.generated);
    result.nullable = true;
  } else if (column.default !== undefined && !autoIncrement) {
    const value = normalizeDefault(column.default, type);
    if (value) result.default = value;
  }
  if (column.comment) result.comment = column.comment;
  return result;
}

function normalizeIndexPart(part: IndexPart): IndexPart {
  if ('column' in part) return part.desc ? { column: part.column, desc: true } : { column: part.column };
  const expression = canonicalMysqlExpression(part.expression);
  return /^[a-z_][a-z0-9_$]*$/.test(expression) ? { column: expression } : { expression };
}

function normalizeIndex(index: IndexSpec): IndexSpec {
  const result: IndexSpec = { name: index.name, parts: index.parts.map(normalizeIndexPart) };
  if (index.unique) result.unique = true;
  if (index.where !== undefined && index.where.trim() !== '') result.where = canonicalMysqlExpression(index.where);
  const using = index.using?.trim().toLowerCase();
  if (using && using !== 'btree' && using !== 'hash') result.using = using;
  return result;
}

/** The columns of a unique index MySQL cannot tell from a unique constraint, else undefined. */
function uniqueConstraintColumns(index: IndexSpec): string[] | undefined {
  if (!index.unique || index.where !== undefined || index.using !== undefined) return undefined;
  const columns: string[] = [];
  for (const part of index.parts) {
    if (!('column' in part) || part.desc) return undefined;
    columns.push(part.column);
  }
  return columns;
}

const sameColumns = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((c, i) => c === b[i]);

function isForeignKeyIndex(index: IndexSpec, foreignKeys: readonly ForeignKeySpec[]): boolean {
  if (index.unique || index.where !== undefined || index.using !== undefined) return false;
  const columns: string[] = [];
  for (const part of index.parts) {
    if (!('column' in part) || part.desc) return false;
    columns.push(part.column);
  }
  return foreignKeys.some((fk) => fk.name === index.name && sameColumns(fk.columns, columns));
}

function normalizeForeignKey(fk: ForeignKeySpec): ForeignKeySpec {
  const result: ForeignKeySpec = {
    ...(fk.name !== undefined ? { name: fk.name } : {}),
    columns: [...fk.columns],
    ...(fk.refSchema ? { refSchema: fk.refSchema } : {}),
    refTable: fk.refTable,
    refColumns: [...fk.refColumns],
  };
  const meaningful = (action: ForeignKeySpec['onDelete']): boolean => action !== undefined && action !== 'no action' && action !== 'restrict';
  if (meaningful(fk.onDelete)) result.onDelete = fk.onDelete;
  if (meaningful(fk.onUpdate)) result.onUpdate = fk.onUpdate;
  return result;
}

export function normalizeMysqlTable(table: TableSpec, enums: EnumValues = new Map()): TableSpec {
  const pkColumns = table.primaryKey?.columns ?? [];
  const foreignKeys = table.foreignKeys.map(normalizeForeignKey).sort(byName);
  const uniques: UniqueSpec[] = table.uniques.map((u) => ({ ...(u.name !== undefined ? { name: u.name } : {}), columns: [...u.columns] }));
  const indexes: IndexSpec[] = [];
  for (const index of table.indexes.map(normalizeIndex)) {
    const columns = uniqueConstraintColumns(index);
    if (columns) uniques.push({ name: index.name, columns });
    else if (!isForeignKeyIndex(index, foreignKeys)) indexes.push(index);
  }
  const result: TableSpec = {
    ...(table.schema ? { schema: table.schema } : {}),
    name: table.name,
    columns: table.columns.map((c) => normalizeColumn(c, pkColumns, enums)),
    uniques: uniques.sort(byName),
    indexes: indexes.sort(byName),
    foreignKeys,
    checks: table.checks.map((c) => ({ name: c.name, expression: canonicalMysqlExpression(c.expression) })).sort(byName),
  };
  if (table.primaryKey) result.primaryKey = { columns: [...table.primaryKey.columns] };
  if (table.comment) result.comment = table.comment;
  return result;
}

export function normalizeMysql(schema: SchemaSpec): SchemaSpec {
  const enums = new Map(schema.enums.map((e) => [enumKey(e.schema, e.name), e.values]));
  return { tables: schema.tables.map((t) => normalizeMysqlTable(t, enums)).sort(BY_SCHEMA_AND_NAME), enums: [] };
}
