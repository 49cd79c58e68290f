// One canonical form for a SQLite SchemaSpec, applied to the models and to the introspected database alike,
// so that both compare equal field by field when they mean the same schema on SQLite.
//
// Decisions:
// - Types compare by the declared text's meaning (SQLite keeps any text): case and spacing do not matter and
//   common aliases (`INT`, `float8`, `character varying(20)`, `DECIMAL`) are their model types. smallserial,
//   serial, bigserial and identity columns are all `serial` (SQLite's one auto-numbered column, the
//   AUTOINCREMENT rowid alias).
// - Defaults: literal SQL (`'abc'`, `-1`, `TRUE`) is a value; values are coerced to the column's kind
//   (booleans are 0/1 to SQLite: 1, '1', true and TRUE are all `true` on a boolean column); NULL is no default;
//   other SQL compares by its canonical spelling (expression.ts).
// - Comments are dropped: SQLite stores none. Schema "main" is the default (omitted).
// - Unnamed constraints get the names the models would give them (`<t>_pkey`, `<t>_<cols>_key`,
//   `<t>_<cols>_fkey`), so a hand-written table converges with its model.
// - Enums stay as the models declare them: the diff then produces operations the renderer refuses with
//   a clear message (SQLite has no enum types).
import { byName, bySchemaAndName } from '../shared/ordering.js';
import { defaultForeignKeyName, defaultPrimaryKeyName, defaultUniqueName } from '../../schema/table.js';
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
import { parseSqliteDefault } from './defaults.js';
import { numberFromLiteral } from '../shared/number-literal.js';
import { canonicalExpression } from './expression.js';
import { identName, tokenize } from './tokenize.js';
import { NUMERIC_TYPES } from '../../schema/type-families.js';
import { isSerialType, parseTypeAlias } from './types.js';

const BY_SCHEMA_AND_NAME = bySchemaAndName('main');

const schemaOf = (schema: string | undefined): { schema?: string } => (schema && schema !== 'main' ? { schema } : {});

export function normalizeSqliteType(type: ColumnType): ColumnType {
  switch (type.name) {
    case 'custom': {
      const parsed = parseTypeAlias(type.raw ?? '');
      return parsed.name === 'custom' ? parsed : normalizeSqliteType(parsed);
    }
    case 'smallserial':
    case 'bigserial':
      return { name: 'serial' };
    case 'enum':
      return { name: 'enum', enumName: type.enumName ?? '', ...(type.enumSchema ? { enumSchema: type.enumSchema } : {}) };
    case 'varchar':
    case 'char':
      return type.length === undefined ? { name: type.name } : { name: type.name, length: type.length };
    case 'numeric':
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

function coerceValue(value: string | number | boolean, type: ColumnType): string | number | boolean {
  if (type.name === 'boolean') {
    if (typeof value === 'number') return value !== 0;
    if (typeof value === 'string' && /^(true|false|1|0)$/i.test(value.trim())) return /^(true|1)$/i.test(value.trim());
    return value;
  }
  if (NUMERIC_TYPES.has(type.name)) {
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (typeof value === 'string') return numberFromLiteral(value) ?? value;
    return value;
  }
  // text-like: SQLite stores what was written; TRUE is stored as 1
  if (typeof value === 'boolean') return value ? '1' : '0';
  return typeof value === 'string' ? value : String(value);
}

function normalizeDefault(value: DefaultValue, type: ColumnType): DefaultValue | undefined {
  const parsed = value.kind === 'sql' ? parseSqliteDefault(value.sql) : value;
  if (!parsed) return undefined;
  if (parsed.kind === 'sql') return { kind: 'sql', sql: canonicalExpression(parsed.sql) };
  if (parsed.value === null) return undefined;
  return { kind: 'value', value: coerceValue(parsed.value, type) };
}

function normalizeColumn(column: ColumnSpec, primaryKey: readonly string[]): ColumnSpec {
  const type = column.identity !== undefined ? { name: 'serial' as const } : normalizeSqliteType(column.type);
  const inPrimaryKey = primaryKey.some((c) => c.toLowerCase() === column.name.toLowerCase());
  const result: ColumnSpec = { name: column.name, type, nullable: column.nullable && !inPrimaryKey && !isSerialType(type) };
  if (column.generated !== undefined) {
    result.generated = canonicalExpression(column.generated);
  } else if (column.default !== undefined) {
    const value = normalizeDefault(column.default, type);
    if (value) result.default = value;
  }
  return result;
}

function normalizeIndexPart(part: IndexPart): IndexPart {
  if ('column' in part) return part.desc ? { column: part.column, desc: true } : { column: part.column };
  // an expression that is only a column name (possibly quoted) is that column
  const tokens = tokenize(part.expression);
  const [only] = tokens;
  if (tokens.length === 1 && only && (only.kind === 'word' || only.kind === 'ident')) return { column: identName(only) };
  return { expression: canonicalExpression(part.expression) };
}

function normalizeIndex(index: IndexSpec): IndexSpec {
  const result: IndexSpec = { name: index.name, parts: index.parts.map(normalizeIndexPart) };
  if (index.unique) result.unique = true;
  if (index.where !== undefined && index.where.trim() !== '') result.where = canonicalExpression(index.where);
  const using = index.using?.trim().toLowerCase();
  // kept so the diff produces the createIndex the renderer refuses: SQLite only has b-trees
  if (using && using !== 'btree') result.using = using;
  return result;
}

function normalizeForeignKey(table: string, fk: ForeignKeySpec): ForeignKeySpec {
  const result: ForeignKeySpec = {
    name: fk.name ?? defaultForeignKeyName(table, fk.columns),
    columns: [...fk.columns],
    ...(fk.refSchema && fk.refSchema !== 'main' ? { refSchema: fk.refSchema } : {}),
    refTable: fk.refTable,
    refColumns: [...fk.refColumns],
  };
  if (fk.onDelete && fk.onDelete !== 'no action') result.onDelete = fk.onDelete;
  if (fk.onUpdate && fk.onUpdate !== 'no action') result.onUpdate = fk.onUpdate;
  return result;
}

export function normalizeSqliteTable(table: TableSpec): TableSpec {
  const pkColumns = table.primaryKey?.columns ?? [];
  const result: TableSpec = {
    ...schemaOf(table.schema),
    name: table.name,
    columns: table.columns.map((c) => normalizeColumn(c, pkColumns)),
    uniques: table.uniques
      .map((u) => ({ name: u.name ?? defaultUniqueName(table.name, u.columns), columns: [...u.columns] }))
      .sort(byName),
    indexes: table.indexes.map(normalizeIndex).sort(byName),
    foreignKeys: table.foreignKeys.map((fk) => normalizeForeignKey(table.name, fk)).sort(byName),
    checks: table.checks.map((c) => ({ name: c.name, expression: canonicalExpression(c.expression) })).sort(byName),
  };
  if (table.primaryKey) {
    result.primaryKey = { name: table.primaryKey.name ?? defaultPrimaryKeyName(table.name), columns: [...table.primaryKey.columns] };
  }
  return result;
}

function normalizeEnum(spec: EnumSpec): EnumSpec {
  return { ...schemaOf(spec.schema), name: spec.name, values: [...spec.values] };
}

export function normalizeSqlite(schema: SchemaSpec): SchemaSpec {
  return {
    tables: schema.tables.map(normalizeSqliteTable).sort(BY_SCHEMA_AND_NAME),
    enums: schema.enums.map(normalizeEnum).sort(BY_SCHEMA_AND_NAME),
  };
}
