// SQLite's rules for the one normalize walker (../shared/normalize.ts): the canonical form of a SchemaSpec,
// applied to the models and to the introspected database alike.
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
// - Enums: SQLite has no enum types. An enum column is `text` with a named CHECK of its values
//   (enum-check.ts), and `enums` comes out empty: adding a value is a changed CHECK (a table rebuild).
import { canonicalObject } from '../shared/objects.js';
import { sqliteSqlSyntax } from './sql-syntax.js';
import { quoteSqliteIdent } from './types.js';
import { enumKey, normalizeSchema, type NormalizeRules } from '../shared/normalize.js';
import { defaultForeignKeyName, defaultPrimaryKeyName, defaultUniqueName } from '../../schema/table.js';
import type { ColumnSpec, ColumnType, SchemaSpec } from '../../schema/types.js';
import { enumsAsChecks } from './enum-check.js';
import { parseSqliteDefault } from './defaults.js';
import { canonicalExpression } from './expression.js';
import { identName, tokenize } from './tokenize.js';
import { isSerialType, parseTypeAlias } from './types.js';


/** SQLite's one auto-numbered column is the serial rowid alias; identity columns are that too. */
function normalizeColumn(column: ColumnSpec, inPrimaryKey: boolean): ColumnSpec {
  const { identity, ...rest } = column;
  const type = identity !== undefined ? { name: 'serial' as const } : rest.type;
  return { ...rest, type, nullable: rest.nullable && !inPrimaryKey && !isSerialType(type) };
}

/** An index expression that is only a column name (possibly quoted) is that column. */
function bareColumn(expression: string): string | undefined {
  const tokens = tokenize(expression);
  const [only] = tokens;
  return tokens.length === 1 && only && (only.kind === 'word' || only.kind === 'ident') ? identName(only) : undefined;
}

export const sqliteNormalizeRules: NormalizeRules = {
  objectCanonical: (object) => canonicalObject(object, sqliteSqlSyntax, quoteSqliteIdent),
  defaultSchema: 'main',
  caseInsensitiveNames: true,
  types: { parse: parseTypeAlias, renamed: { smallserial: 'serial', bigserial: 'serial' } },
  defaults: { parse: parseSqliteDefault, booleansAreNumbers: true },
  expression: canonicalExpression,
  bareColumn,
  column: normalizeColumn,
  defaultActions: ['no action'],
  // kept otherwise, so the diff produces the createIndex the renderer refuses: SQLite only has b-trees
  defaultIndexMethods: ['btree'],
  constraintNames: { primaryKey: 'fill', unique: 'fill', foreignKey: 'fill' },
  defaultNames: { primaryKey: defaultPrimaryKeyName, unique: defaultUniqueName, foreignKey: defaultForeignKeyName },
  comments: false,
  enums: 'named',
};

export function normalizeSqlite(schema: SchemaSpec): SchemaSpec {
  // enum columns become text + CHECK before the walker, so the CHECK is canonicalised like the database's
  const values = new Map(schema.enums.map((e) => [enumKey(e.schema === 'main' ? undefined : e.schema, e.name), e.values]));
  const valuesOf = (type: ColumnType) =>
    type.values ?? values.get(enumKey(type.enumSchema === 'main' ? undefined : type.enumSchema, type.enumName ?? ''));
  const tables = schema.tables.map((t) => enumsAsChecks(t, valuesOf));
  const normalized = normalizeSchema({ ...schema, tables }, sqliteNormalizeRules);
  // an enum the models export is nothing to create here (one models file serves every dialect); an enum column
  // whose values are unknown stays an enum, and the renderer refuses it by name
  const used = new Set(normalized.tables.flatMap((t) => t.columns.filter((c) => c.type.name === 'enum').map((c) => c.type.enumName)));
  return { ...normalized, enums: normalized.enums.filter((e) => used.has(e.name)) };
}
