// PostgreSQL's rules for the one normalize walker (../shared/normalize.ts): the canonical form of a SchemaSpec,
// applied to the models and to the introspected database alike.
//
// Decisions:
// - Types: char without a length is char(1); numeric(p) is numeric(p,0); custom types that name a model type are it.
// - Defaults: an SQL default that is just a literal (`'{}'::jsonb`, `'-1'::integer`, `(-1)`, `true`) becomes a
//   value default, because PostgreSQL prints `.default('{}')` on a jsonb column as `'{}'::jsonb` too. Values are
//   then coerced to the column's kind: numbers on numeric columns, strings on text-like columns.
//   Any other SQL default is compared by its canonical spelling (see expression.ts): `now()` and
//   CURRENT_TIMESTAMP stay different because PostgreSQL keeps them different.
// - Check expressions, index predicates, expression index parts and generated expressions are compared in
//   canonical spelling, with their table's column types in view: the `::text` casts PostgreSQL adds to varchar
//   and char columns (`lower((email)::text)`) and to literals beside a comparison are dropped, and
//   `= ANY (ARRAY[…])` of literals reads as the `IN (…)` it was. PostgreSQL also rewrites `LIKE` as `~~` and
//   `BETWEEN` as two comparisons; such expressions only converge when the model spells them as printed.
import { canonicalObject } from '../shared/objects.js';
import { postgresSqlSyntax } from './sql-syntax.js';
import { quotePgIdent } from './types.js';
import { normalizeSchema, type NormalizeRules } from '../shared/normalize.js';
import type { SchemaSpec } from '../../schema/types.js';
import { parsePgDefault } from './defaults.js';
import { canonicalExpression } from './expression.js';
import { parsePgType, serialStorageType } from './types.js';


/** An index expression that is only a column name (possibly quoted) is that column. */
function bareColumn(expression: string): string | undefined {
  const canonical = canonicalExpression(expression);
  if (/^[a-z_][a-z0-9_$]*$/.test(canonical)) return canonical;
  return /^"((?:[^"]|"")+)"$/.exec(canonical)?.[1]?.replace(/""/g, '"');
}

export const postgresNormalizeRules: NormalizeRules = {
  objectCanonical: (object) => canonicalObject(object, postgresSqlSyntax, quotePgIdent),
  defaultSchema: 'public',
  types: { parse: parsePgType, implied: { char: 1 } },
  defaults: { parse: parsePgDefault, booleansAreNumbers: false },
  expression: canonicalExpression,
  bareColumn,
  // serial, identity and primary key columns are NOT NULL whatever the model says
  column: (column, inPrimaryKey) =>
    serialStorageType(column.type.name) || column.identity || inPrimaryKey ? { ...column, nullable: false } : column,
  defaultActions: ['no action'],
  defaultIndexMethods: ['btree'],
  constraintNames: { primaryKey: 'keep', unique: 'keep', foreignKey: 'keep' },
  comments: true,
  enums: 'named',
};

export function normalizePostgres(schema: SchemaSpec): SchemaSpec {
  return normalizeSchema(schema, postgresNormalizeRules);
}
