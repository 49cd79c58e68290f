// MySQL/MariaDB's rules for the one normalize walker (../shared/normalize.ts): the canonical form of a SchemaSpec,
// applied to the models and to the introspected database alike.
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
// - A key part on a TEXT/BLOB column written without a prefix gets one from MariaDB (768 characters of utf8mb4
//   TEXT, 3072 bytes of BLOB, all of TINYTEXT): that prefix is no prefix (MySQL 8 refuses the key instead).
import { canonicalObject } from '../shared/objects.js';
import { mysqlSqlSyntax } from './sql-syntax.js';
import { quoteMysqlIdent } from './types.js';
import { byName } from '../shared/ordering.js';
import { normalizeSchema, type NormalizeRules } from '../shared/normalize.js';
import type { ColumnSpec, ColumnType, DefaultValue, ForeignKeySpec, IndexSpec, SchemaSpec, TableOptionsSpec, TableSpec, UniqueSpec } from '../../schema/types.js';
import { canonicalCharset, canonicalTableOptions, charsetOfCollation, restateCharsets } from './charsets.js';
import { canonicalDefaultSql, literalDefault } from './defaults.js';
import { canonicalMysqlExpression } from './expression.js';
import {
  DEFAULT_DECIMAL,
  DEFAULT_TIME_PRECISION,
  DEFAULT_VARCHAR_LENGTH,
  enumTypeSql,
  parseMysqlType,
  serialStorage,
  serialTypeFor,
} from './types.js';

const NUMERIC_CUSTOM = /^(?:tinyint|smallint|mediumint|int|integer|bigint|decimal|numeric|float|double|real|bit)\b/;

function isNumeric(type: ColumnType): boolean {
  return type.name === 'custom' && NUMERIC_CUSTOM.test(type.raw ?? '');
}

/** A literal SQL default is its value; other SQL is spelled canonically (CURRENT_TIMESTAMP(p) and the like). */
function parseDefault(sql: string, type: ColumnType): DefaultValue | undefined {
  const literal = literalDefault(sql);
  return literal ? { kind: 'value', value: literal.value } : { kind: 'sql', sql: canonicalDefaultSql(sql, type) };
}

/** AUTO_INCREMENT: identity columns are the serial types (or stay identity on other integer types). */
function normalizeColumn(column: ColumnSpec, inPrimaryKey: boolean): ColumnSpec {
  const result: ColumnSpec = canonicalCharset({ ...column });
  if (result.identity) {
    const serial = serialTypeFor(result.type.name);
    if (serial) {
      result.type = { name: serial };
      delete result.identity;
    } else {
      result.identity = 'byDefault';
    }
  }
  const autoIncrement = serialStorage(result.type.name) !== undefined || result.identity !== undefined;
  if (autoIncrement) delete result.default;
  if (autoIncrement || inPrimaryKey) result.nullable = false;
  // MariaDB refuses NOT NULL on generated columns
  if (result.generated !== undefined) result.nullable = true;
  if (result.onUpdate !== undefined) result.onUpdate = canonicalDefaultSql(result.onUpdate, result.type);
  return result;
}

function bareColumn(expression: string): string | undefined {
  const canonical = canonicalMysqlExpression(expression);
  return /^[a-z_][a-z0-9_$]*$/.test(canonical) ? canonical : undefined;
}

/** The columns of a unique index MySQL cannot tell from a unique constraint, else undefined. */
function uniqueConstraintColumns(index: IndexSpec): string[] | undefined {
  if (!index.unique || index.where !== undefined || index.using !== undefined) return undefined;
  const columns: string[] = [];
  for (const part of index.parts) {
    if (!('column' in part) || part.desc || part.prefix !== undefined) return undefined;
    columns.push(part.column);
  }
  return columns;
}

const sameColumns = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((c, i) => c === b[i]);

function isForeignKeyIndex(index: IndexSpec, foreignKeys: readonly ForeignKeySpec[]): boolean {
  if (index.unique || index.where !== undefined || index.using !== undefined) return false;
  const columns: string[] = [];
  for (const part of index.parts) {
    if (!('column' in part) || part.desc || part.prefix !== undefined) return false;
    columns.push(part.column);
  }
  return foreignKeys.some((fk) => fk.name === index.name && sameColumns(fk.columns, columns));
}

/** A column's charset or collation that its table's gives anyway is not said. */
function withoutInherited(column: ColumnSpec, options: TableOptionsSpec | undefined): ColumnSpec {
  if (!options || (column.charset === undefined && column.collation === undefined)) return column;
  const result = { ...column };
  if (result.collation !== undefined && result.collation === options.collation) delete result.collation;
  if (result.charset !== undefined && result.charset === (options.charset ?? (options.collation ? charsetOfCollation(options.collation) : undefined))) {
    if (result.collation === undefined && options.collation === undefined) delete result.charset;
  }
  return result;
}

/** Bytes a character of the charset may take (MariaDB's key prefix is 3072 bytes over this). */
const CHARSET_MAXLEN: Record<string, number> = { utf8mb4: 4, utf8mb3: 3, utf8: 3, utf16: 4, utf16le: 4, utf32: 4, ucs2: 2 };
const TEXT_OR_BLOB = /^(?:tiny|medium|long)?(?:text|blob)$/;

/**
 * The prefix MariaDB gives a TEXT/BLOB key part written without one (Note 1071: 3072 bytes, or the whole of a
 * TINYTEXT/TINYBLOB); undefined for other columns. The charset is the column's, else the table's, else utf8mb4.
 */
function automaticPrefix(column: ColumnSpec, options: TableOptionsSpec | undefined): number | undefined {
  const raw = column.type.name === 'text' ? 'text' : column.type.name === 'bytea' ? 'longblob' : column.type.name === 'custom' ? (column.type.raw ?? '') : '';
  if (!TEXT_OR_BLOB.test(raw)) return undefined;
  if (raw.startsWith('tiny')) return 255;
  if (raw.endsWith('blob')) return 3072;
  const collation = column.collation ?? options?.collation;
  const charset = column.charset ?? (column.collation ? charsetOfCollation(column.collation) : undefined) ?? options?.charset ?? (collation ? charsetOfCollation(collation) : 'utf8mb4');
  return Math.floor(3072 / (CHARSET_MAXLEN[charset] ?? 1));
}

/** A key part on a TEXT/BLOB column with the prefix MariaDB gives one written without: no prefix (the models' spelling). */
function withoutAutomaticPrefixes(index: IndexSpec, table: TableSpec): IndexSpec {
  let changed = false;
  const parts = index.parts.map((part) => {
    if (!('column' in part) || part.prefix === undefined) return part;
    const column = table.columns.find((c) => c.name === part.column);
    if (!column || part.prefix !== automaticPrefix(column, table.options)) return part;
    changed = true;
    const { prefix: _automatic, ...rest } = part;
    return rest;
  });
  return changed ? { ...index, parts } : index;
}

/** Unique indexes over plain columns are unique constraints; a foreign key's own index is omitted. */
function normalizeKeys(table: TableSpec): TableSpec {
  const uniques: UniqueSpec[] = [...table.uniques];
  const indexes: IndexSpec[] = [];
  for (const written of table.indexes) {
    const index = withoutAutomaticPrefixes(written, table);
    const columns = uniqueConstraintColumns(index);
    if (columns) uniques.push({ name: index.name, columns });
    else if (!isForeignKeyIndex(index, table.foreignKeys)) indexes.push(index);
  }
  return { ...table, columns: table.columns.map((c) => withoutInherited(c, table.options)), uniques: uniques.sort(byName), indexes };
}

export const mysqlNormalizeRules: NormalizeRules = {
  objectCanonical: (object) => canonicalObject(object, mysqlSqlSyntax, quoteMysqlIdent),
  defaultSchema: '',
  types: {
    parse: parseMysqlType,
    renamed: { jsonb: 'json' },
    implied: { char: 1, varchar: DEFAULT_VARCHAR_LENGTH, numeric: DEFAULT_DECIMAL, time: DEFAULT_TIME_PRECISION },
    uuidIsChar36: true,
    inlineEnum: (values) => ({ name: 'custom', raw: enumTypeSql(values) }),
  },
  defaults: { parse: parseDefault, booleansAreNumbers: true, isNumeric },
  expression: canonicalMysqlExpression,
  bareColumn,
  column: normalizeColumn,
  // RESTRICT and NO ACTION are the same on InnoDB (checked at once)
  defaultActions: ['no action', 'restrict'],
  // InnoDB builds b-trees whatever USING says
  defaultIndexMethods: ['btree', 'hash'],
  constraintNames: { primaryKey: 'drop', unique: 'keep', foreignKey: 'keep' },
  comments: true,
  enums: 'inline',
  tableOptions: canonicalTableOptions,
  table: normalizeKeys,
};

export function normalizeMysql(schema: SchemaSpec): SchemaSpec {
  return normalizeSchema(restateCharsets(schema), mysqlNormalizeRules);
}
