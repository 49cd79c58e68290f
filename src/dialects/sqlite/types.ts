// SQLite spellings of ColumnType. SQLite stores any declared type text verbatim (only its affinity matters to
// the engine), so the model's intent is written as its own name — `varchar(255)`, `boolean`, `timestamptz(3)` —
// and read back from PRAGMA table_info. Serial types are `integer` + PRIMARY KEY AUTOINCREMENT (the rowid
// alias), read back as serial; bytea is `blob` (BLOB affinity keeps bytes and text apart).
import type { ColumnType, TypeName } from '../../schema/types.js';
import { withArgs } from '../shared/sql-text.js';

export function quoteSqliteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const SERIAL_TYPES: ReadonlySet<TypeName> = new Set<TypeName>(['smallserial', 'serial', 'bigserial']);

export function isSerialType(type: ColumnType): boolean {
  return SERIAL_TYPES.has(type.name);
}


/** The declared type written in DDL. Enum columns have no SQLite spelling: the renderer refuses them first. */
export function formatSqliteType(type: ColumnType): string {
  switch (type.name) {
    case 'smallserial':
    case 'serial':
    case 'bigserial':
      // only `integer` (exactly) makes a primary key column the rowid alias
      return 'integer';
    case 'numeric':
      return withArgs('numeric', type.precision, type.precision === undefined ? undefined : type.scale);
    case 'varchar':
    case 'char':
      return withArgs(type.name, type.length);
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return withArgs(type.name, type.precision);
    case 'bytea':
      return 'blob';
    case 'enum':
      throw new Error(`enum column type ${type.enumName ?? ''} has no SQLite spelling`);
    case 'custom':
      return type.raw ?? '';
    default:
      return type.name;
  }
}

/** Lower case, single spaces, none around parentheses and commas: `NUMERIC( 10, 2 )` → `numeric(10,2)`. */
export function typeKey(declared: string): string {
  return declared
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),])\s*/g, '$1');
}

const PLAIN: Record<string, TypeName> = {
  smallint: 'smallint',
  integer: 'integer',
  bigint: 'bigint',
  real: 'real',
  double: 'double',
  boolean: 'boolean',
  text: 'text',
  date: 'date',
  interval: 'interval',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'jsonb',
  blob: 'bytea',
};

const WITH_LENGTH = /^(varchar|char)(?:\((\d+)\))?$/;
const NUMERIC = /^numeric(?:\((\d+)(?:,(\d+))?\))?$/;
const WITH_PRECISION = /^(time|timestamp|timestamptz)(?:\((\d+)\))?$/;

function num(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}

function typed(name: TypeName, extra: Partial<ColumnType>): ColumnType {
  const type: ColumnType = { name };
  for (const [key, value] of Object.entries(extra) as [keyof ColumnType, ColumnType[keyof ColumnType]][]) {
    if (value !== undefined) Object.assign(type, { [key]: value });
  }
  return type;
}

/** The spellings formatSqliteType writes, read back (any case and spacing). */
function parseOwnSpelling(key: string): ColumnType | undefined {
  const plain = PLAIN[key];
  if (plain) return { name: plain };
  let m = WITH_LENGTH.exec(key);
  if (m) return typed(m[1] as 'varchar' | 'char', { length: num(m[2]) });
  m = NUMERIC.exec(key);
  if (m) return typed('numeric', { precision: num(m[1]), scale: num(m[2]) });
  m = WITH_PRECISION.exec(key);
  if (m) return typed(m[1] as 'time' | 'timestamp' | 'timestamptz', { precision: num(m[2]) });
  return undefined;
}

/**
 * A declared type as introspection reports it: athanor's own spellings become their ColumnType, anything
 * else stays `custom` with the text as written, so a table rebuild writes it back unchanged (`INT PRIMARY KEY`
 * is not the rowid alias `INTEGER PRIMARY KEY` is; rewriting one as the other would change the table).
 */
export function parseDeclaredType(declared: string): ColumnType {
  return parseOwnSpelling(typeKey(declared)) ?? { name: 'custom', raw: declared };
}

const ALIASES: Record<string, TypeName> = {
  int: 'integer',
  int4: 'integer',
  mediumint: 'integer',
  int2: 'smallint',
  tinyint: 'smallint',
  int8: 'bigint',
  'unsigned big int': 'bigint',
  float: 'double',
  float8: 'double',
  'double precision': 'double',
  float4: 'real',
  bool: 'boolean',
  clob: 'text',
  bytea: 'bytea',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  'time without time zone': 'time',
};

const ALIAS_WITH_LENGTH = /^(character varying|varying character|nvarchar|native character|nchar|character)(?:\((\d+)\))?$/;
const DECIMAL = /^decimal(?:\((\d+)(?:,(\d+))?\))?$/;
const ALIAS_WITH_PRECISION = /^(time|timestamp)(?:\((\d+)\))? (with|without) time zone$/;

/**
 * The meaning of a declared type, for comparison: own spellings and common aliases (`INT`, `float8`,
 * `character varying(20)`, `DECIMAL(10,2)`…) become their ColumnType; the rest compares by its text in lower
 * case with normalised spacing.
 */
export function parseTypeAlias(declared: string): ColumnType {
  const key = typeKey(declared);
  const own = parseOwnSpelling(key);
  if (own) return own;
  const alias = ALIASES[key];
  if (alias) return { name: alias };
  let m = ALIAS_WITH_LENGTH.exec(key);
  if (m) return typed(m[1] === 'character varying' || m[1] === 'varying character' || m[1] === 'nvarchar' ? 'varchar' : 'char', { length: num(m[2]) });
  m = DECIMAL.exec(key);
  if (m) return typed('numeric', { precision: num(m[1]), scale: num(m[2]) });
  m = ALIAS_WITH_PRECISION.exec(key);
  // time with time zone has no model type
  if (m && !(m[1] === 'time' && m[3] === 'with')) {
    const name = m[1] === 'time' ? 'time' : m[3] === 'with' ? 'timestamptz' : 'timestamp';
    return typed(name, { precision: num(m[2]) });
  }
  return { name: 'custom', raw: key };
}
