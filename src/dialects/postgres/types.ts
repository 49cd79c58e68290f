// PostgreSQL spellings of ColumnType: formatting for DDL, parsing what format_type() prints.
import type { ColumnType, TypeName } from '../../schema/types.js';
import { withArgs } from '../shared/sql-text.js';

export function quotePgIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}


export function formatPgType(type: ColumnType): string {
  switch (type.name) {
    case 'double':
      return 'double precision';
    case 'numeric':
      return withArgs('numeric', type.precision, type.precision === undefined ? undefined : type.scale);
    case 'varchar':
    case 'char':
      return withArgs(type.name, type.length);
    case 'time':
      return withArgs('time', type.precision);
    case 'timestamp':
      return withArgs('timestamp', type.precision);
    case 'timestamptz':
      return `${withArgs('timestamp', type.precision)} with time zone`;
    case 'enum': {
      if (!type.enumName) throw new Error('enum column type without enumName');
      const name = quotePgIdent(type.enumName);
      return type.enumSchema ? `${quotePgIdent(type.enumSchema)}.${name}` : name;
    }
    case 'custom':
      if (!type.raw) throw new Error('custom column type without raw SQL type');
      return type.raw;
    default:
      return type.name;
  }
}

/** Names format_type() and common aliases use for types without arguments. */
const SIMPLE_TYPES: Record<string, TypeName> = {
  smallint: 'smallint',
  int2: 'smallint',
  integer: 'integer',
  int: 'integer',
  int4: 'integer',
  bigint: 'bigint',
  int8: 'bigint',
  smallserial: 'smallserial',
  serial2: 'smallserial',
  serial: 'serial',
  serial4: 'serial',
  bigserial: 'bigserial',
  serial8: 'bigserial',
  real: 'real',
  float4: 'real',
  'double precision': 'double',
  float8: 'double',
  double: 'double',
  boolean: 'boolean',
  bool: 'boolean',
  text: 'text',
  date: 'date',
  interval: 'interval',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'jsonb',
  bytea: 'bytea',
};

const VARCHAR = /^(?:character varying|varchar)(?:\((\d+)\))?$/;
const CHAR = /^(?:character|char|bpchar)(?:\((\d+)\))?$/;
const NUMERIC = /^(?:numeric|decimal)(?:\((\d+)(?:,(\d+))?\))?$/;
const TIME = /^time(?:\((\d+)\))?(?: without time zone)?$/;
const TIMESTAMP = /^timestamp(?:\((\d+)\))?(?: without time zone)?$/;
const TIMESTAMPTZ = /^(?:timestamp(?:\((\d+)\))? with time zone|timestamptz(?:\((\d+)\))?)$/;

function num(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}

function withPrecision(name: TypeName, precision: number | undefined): ColumnType {
  return precision === undefined ? { name } : { name, precision };
}

/**
 * A ColumnType from a type as format_type() prints it (or as a user spells it in a custom type).
 * `enumType` is given by introspection when the catalog says the type is an enum.
 */
export function parsePgType(formatted: string, enumType?: { name: string; schema: string }): ColumnType {
  if (enumType) {
    return enumType.schema === 'public'
      ? { name: 'enum', enumName: enumType.name }
      : { name: 'enum', enumName: enumType.name, enumSchema: enumType.schema };
  }
  const raw = formatted.trim();
  // "char" (quoted) is PostgreSQL's internal one-byte type, not char(1)
  if (raw.startsWith('"')) return { name: 'custom', raw };
  const text = raw.toLowerCase().replace(/\s+/g, ' ').replace(/\s*\(\s*/g, '(').replace(/\s*,\s*/g, ',').replace(/\s*\)/g, ')');
  if (text.endsWith('[]')) return { name: 'custom', raw: canonicalArrayType(text) };
  const simple = SIMPLE_TYPES[text];
  if (simple) return { name: simple };
  let m = VARCHAR.exec(text);
  if (m) return m[1] === undefined ? { name: 'varchar' } : { name: 'varchar', length: Number(m[1]) };
  m = CHAR.exec(text);
  // char without a length means char(1) in PostgreSQL
  if (m) return { name: 'char', length: m[1] === undefined ? 1 : Number(m[1]) };
  m = NUMERIC.exec(text);
  if (m) {
    if (m[1] === undefined) return { name: 'numeric' };
    return { name: 'numeric', precision: Number(m[1]), scale: m[2] === undefined ? 0 : Number(m[2]) };
  }
  m = TIMESTAMPTZ.exec(text);
  if (m) return withPrecision('timestamptz', num(m[1] ?? m[2]));
  m = TIMESTAMP.exec(text);
  if (m) return withPrecision('timestamp', num(m[1]));
  m = TIME.exec(text);
  if (m) return withPrecision('time', num(m[1]));
  // unquoted names fold to lower case; type modifiers (e.g. PostGIS's) may be case-sensitive
  return { name: 'custom', raw: /^[\w .]+$/.test(raw) ? text : raw };
}

/** An array type spelled as format_type() spells it, so `int[]` and `integer[]` compare equal. */
function canonicalArrayType(text: string): string {
  const m = /^(.*?)((?:\[\d*\])+)$/.exec(text);
  if (!m || m[1] === undefined) return text;
  const element = parsePgType(m[1]);
  // PostgreSQL does not track dimensions: int[][] is int[]
  return `${catalogSpelling(element) ?? m[1]}[]`;
}

/** format_type()'s spelling of a built-in type; undefined for types it would print differently. */
function catalogSpelling(type: ColumnType): string | undefined {
  const p = (base: string, arg: number | undefined, suffix = ''): string =>
    `${base}${arg === undefined ? '' : `(${arg})`}${suffix}`;
  switch (type.name) {
    case 'double':
      return 'double precision';
    case 'varchar':
      return p('character varying', type.length);
    case 'char':
      return p('character', type.length);
    case 'numeric':
      return type.precision === undefined ? 'numeric' : `numeric(${type.precision},${type.scale ?? 0})`;
    case 'time':
      return p('time', type.precision, ' without time zone');
    case 'timestamp':
      return p('timestamp', type.precision, ' without time zone');
    case 'timestamptz':
      return p('timestamp', type.precision, ' with time zone');
    case 'smallserial':
    case 'serial':
    case 'bigserial':
    case 'enum':
      return undefined;
    case 'custom':
      return type.raw;
    default:
      return type.name;
  }
}

/** The integer type that stores a serial type (what ALTER COLUMN TYPE needs). */
export function serialStorageType(name: TypeName): 'smallint' | 'integer' | 'bigint' | undefined {
  if (name === 'smallserial') return 'smallint';
  if (name === 'serial') return 'integer';
  if (name === 'bigserial') return 'bigint';
  return undefined;
}

export function serialTypeFor(storage: string): TypeName | undefined {
  if (storage === 'smallint') return 'smallserial';
  if (storage === 'integer') return 'serial';
  if (storage === 'bigint') return 'bigserial';
  return undefined;
}
