// MySQL/MariaDB spellings of ColumnType: formatting for DDL, parsing what information_schema.COLUMNS prints.
//
// Choices (see also normalize.ts):
// - timestamp → DATETIME(p), timestamptz → TIMESTAMP(p). DATETIME stores the wall-clock value as given, like
//   PostgreSQL's timestamp; TIMESTAMP converts from the session time zone to UTC and back, like timestamptz
//   (but only covers 1970–2038). Without a precision both get 6 fractional digits, PostgreSQL's default, so a
//   model keeps microseconds on both databases; time likewise.
// - uuid → CHAR(36); json and jsonb → JSON (MariaDB: LONGTEXT with a json_valid() check); bytea → LONGBLOB;
//   boolean → TINYINT(1); serial types → the integer type with AUTO_INCREMENT.
// - enum columns are inline ENUM('a','b') types: MySQL has no named enum types.
import type { OperationKind } from '../../operations/types.js';
import type { ColumnType, TypeName } from '../../schema/types.js';
import { UnsupportedOperationError } from '../dialect.js';
import { quoteMysqlString, unquoteMysqlString } from './literal.js';
import { lexSql } from '../shared/sql-lexer.js';
import { mysqlSqlSyntax } from './sql-syntax.js';

export function quoteMysqlIdent(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** Fractional-second digits of time/timestamp types written without a precision (PostgreSQL's default). */
export const DEFAULT_TIME_PRECISION = 6;

/** MySQL's decimal without arguments is decimal(10,0). */
export const DEFAULT_DECIMAL = { precision: 10, scale: 0 } as const;

/** varchar needs a length in MySQL; a model's varchar without one gets this. */
export const DEFAULT_VARCHAR_LENGTH = 255;

const SERIAL_STORAGE: Partial<Record<TypeName, string>> = { smallserial: 'smallint', serial: 'int', bigserial: 'bigint' };
const SERIAL_OF_STORAGE: Partial<Record<TypeName, TypeName>> = { smallint: 'smallserial', integer: 'serial', bigint: 'bigserial' };

/** The integer type behind an AUTO_INCREMENT serial type, or undefined for other types. */
export function serialStorage(name: TypeName): string | undefined {
  return SERIAL_STORAGE[name];
}

/** smallint/integer/bigint → the serial type with the same storage, else undefined. */
export function serialTypeFor(name: TypeName): TypeName | undefined {
  return SERIAL_OF_STORAGE[name];
}


export const TEMPORAL_TYPES: ReadonlySet<TypeName> = new Set<TypeName>(['time', 'timestamp', 'timestamptz']);

/**
 * The values of an enum column type when the type carries them. ColumnType has only enumName today; a `values`
 * field (requested) lets hand-written migrations render inline enums. The diff's specs never need it: normalize
 * turns enum columns into `custom` ENUM(…) types using the schema's enums.
 */
export function enumValuesOf(type: ColumnType): readonly string[] | undefined {
  const values: unknown = (type as { values?: unknown }).values;
  return Array.isArray(values) && values.every((v) => typeof v === 'string') ? (values as string[]) : undefined;
}

export function enumTypeSql(values: readonly string[]): string {
  return `enum(${values.map(quoteMysqlString).join(',')})`;
}

function args(base: string, ...values: (number | undefined)[]): string {
  const given = values.filter((v): v is number => v !== undefined);
  return given.length ? `${base}(${given.join(',')})` : base;
}

/** The MySQL type for a column type; `kind` names the operation in the error for types MySQL lacks. */
export function formatMysqlType(type: ColumnType, kind: OperationKind): string {
  switch (type.name) {
    case 'smallint':
    case 'bigint':
      return type.name;
    case 'integer':
      return 'int';
    case 'smallserial':
    case 'serial':
    case 'bigserial':
      return SERIAL_STORAGE[type.name] ?? 'int';
    case 'real':
      return 'float';
    case 'double':
      return 'double';
    case 'numeric':
      return args('decimal', type.precision, type.precision === undefined ? undefined : type.scale);
    case 'boolean':
      return 'tinyint(1)';
    case 'text':
    case 'date':
      return type.name;
    case 'varchar':
      return `varchar(${type.length ?? DEFAULT_VARCHAR_LENGTH})`;
    case 'char':
      return args('char', type.length);
    case 'time':
      return `time(${type.precision ?? DEFAULT_TIME_PRECISION})`;
    case 'timestamp':
      return `datetime(${type.precision ?? DEFAULT_TIME_PRECISION})`;
    case 'timestamptz':
      return `timestamp(${type.precision ?? DEFAULT_TIME_PRECISION})`;
    case 'uuid':
      return 'char(36)';
    case 'json':
    case 'jsonb':
      return 'json';
    case 'bytea':
      return 'longblob';
    case 'interval':
      throw new UnsupportedOperationError(kind, 'mysql', 'MySQL has no interval type (store seconds in a bigint, or use t.custom())');
    case 'enum': {
      const values = enumValuesOf(type);
      if (values) return enumTypeSql(values);
      throw new UnsupportedOperationError(
        kind,
        'mysql',
        `enum column type ${type.enumName ?? ''} without its values: MySQL enums are inline column types; ` +
          `use t.custom("enum('a','b')") in hand-written migrations`,
      );
    }
    case 'custom':
      if (!type.raw) throw new Error('custom column type without raw SQL type');
      return type.raw;
  }
}

/** Lower case outside quoted strings, whitespace collapsed, no spaces around commas or inside parentheses. */
function canonicalTypeText(text: string): string {
  let out = '';
  let at = 0;
  for (const token of lexSql(text, mysqlSqlSyntax)) {
    const string = token.kind === 'string' && /^['"]/.test(token.text);
    out += text.slice(at, token.start).toLowerCase() + (string ? quoteMysqlString(unquoteMysqlString(token.text)) : token.text.toLowerCase());
    at = token.end;
  }
  out += text.slice(at).toLowerCase();
  return out
    .replace(/\s+/g, ' ')
    .replace(/\s*,\s*/g, ',')
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s+\)/g, ')')
    .trim();
}

const INTEGER_NAMES: Record<string, TypeName | undefined> = {
  smallint: 'smallint',
  int: 'integer',
  integer: 'integer',
  bigint: 'bigint',
  tinyint: undefined,
  mediumint: undefined,
};

function custom(raw: string): ColumnType {
  return { name: 'custom', raw };
}

function num(text: string | undefined): number | undefined {
  return text === undefined || text === '' ? undefined : Number(text);
}

/**
 * A ColumnType for a MySQL type as COLUMN_TYPE prints it (`int(11)`, `decimal(10,2)`, `enum('a','b')`,
 * `int(10) unsigned`). Integer display widths are dropped; anything without a ColumnType of its own (unsigned
 * integers, mediumtext, enum, set…) becomes `custom` in one canonical spelling.
 */
export function parseMysqlType(columnType: string): ColumnType {
  const text = canonicalTypeText(columnType);
  if (text === 'double precision') return { name: 'double' };
  const m = /^([a-z ]+?)(?:\(([^()]*)\))?((?: [a-z ]+)?)$/.exec(text);
  if (!m) return custom(text);
  const base = (m[1] ?? '').trim();
  const argText = m[2];
  const rest = (m[3] ?? '').trim();
  const [a, b] = (argText ?? '').split(',');
  if (base in INTEGER_NAMES) {
    if (base === 'tinyint' && argText === '1' && rest === '') return { name: 'boolean' };
    const name = INTEGER_NAMES[base];
    if (name && rest === '') return { name };
    return custom(rest ? `${base} ${rest}` : base);
  }
  if (rest !== '') return custom(text);
  switch (base) {
    case 'bool':
    case 'boolean':
      return { name: 'boolean' };
    case 'float':
      return argText === undefined ? { name: 'real' } : custom(text);
    case 'double':
    case 'double precision':
    case 'real':
      return argText === undefined ? { name: 'double' } : custom(text);
    case 'decimal':
    case 'numeric':
    case 'dec':
    case 'fixed':
      return argText === undefined
        ? { name: 'numeric', ...DEFAULT_DECIMAL }
        : { name: 'numeric', precision: num(a) ?? DEFAULT_DECIMAL.precision, scale: num(b) ?? 0 };
    case 'varchar':
    case 'character varying':
      return argText === undefined ? { name: 'varchar' } : { name: 'varchar', length: Number(a) };
    case 'char':
    case 'character':
      return { name: 'char', length: num(a) ?? 1 };
    case 'text':
    case 'date':
    case 'json':
      return { name: base };
    case 'uuid':
      // MariaDB's own UUID type (10.7+: 16 bytes, its own order), not the char(36) t.uuid() stands for here
      return custom('uuid');
    case 'longblob':
      return { name: 'bytea' };
    case 'time':
      return { name: 'time', precision: num(a) ?? 0 };
    case 'datetime':
      return { name: 'timestamp', precision: num(a) ?? 0 };
    case 'timestamp':
      return { name: 'timestamptz', precision: num(a) ?? 0 };
    default:
      return custom(text);
  }
}
