// Column defaults as MySQL/MariaDB print them in information_schema.COLUMNS.COLUMN_DEFAULT, read back into
// DefaultValue, and written into DDL.
//
// MariaDB (10.2.7+) prints a default as SQL: `'abc'` for a string, `0` for a number, `NULL` for DEFAULT NULL,
// `current_timestamp()` or `(1 + 2)` for an expression; no default at all is SQL NULL. MySQL 8 prints the bare
// value and marks expressions with DEFAULT_GENERATED in EXTRA.
import type { ColumnType, DefaultValue } from '../../schema/types.js';
import { memoByText } from '../shared/memo-by-text.js';
import { numberFromLiteral } from '../shared/number-literal.js';
import { codeTokens, lexSql, quotedName } from '../shared/sql-lexer.js';
import { canonicalMysqlExpression } from './expression.js';
import { mysqlLiteral, unquoteMysqlString } from './literal.js';
import { portableMysqlDefault } from './portable-defaults.js';
import { mysqlSqlSyntax } from './sql-syntax.js';
import { DEFAULT_TIME_PRECISION, TEMPORAL_TYPES } from './types.js';

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

function stripParentheses(sql: string): string {
  let text = sql.trim();
  while (text.startsWith('(') && text.endsWith(')') && balanced(text.slice(1, -1))) text = text.slice(1, -1).trim();
  return text;
}

/** Parentheses outside quotes balance (so `(a) + (b)` is not taken for one parenthesised expression). */
function balanced(text: string): boolean {
  let depth = 0;
  for (const token of codeTokens(lexSql(text, mysqlSqlSyntax))) {
    if (token.kind === 'punct' && token.text === '(') depth++;
    else if (token.kind === 'punct' && token.text === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** A lone '…' or "…" string literal. */
function isQuoted(text: string): boolean {
  const tokens = codeTokens(lexSql(text, mysqlSqlSyntax));
  return tokens.length === 1 && tokens[0]?.kind === 'string' && /^['"]/.test(tokens[0].text);
}

/**
 * The value of an SQL default that is only a literal: `'abc'` → 'abc', `-1.5` → -1.5, `TRUE` → true;
 * `NULL` → null; undefined when it is an expression.
 */
export function literalDefault(sql: string): { value: string | number | boolean | null } | undefined {
  const text = stripParentheses(sql);
  if (isQuoted(text)) return { value: unquoteMysqlString(text) };
  if (NUMBER.test(text)) {
    const unsigned = text.replace(/^\+/, '');
    return { value: numberFromLiteral(unsigned) ?? unsigned };
  }
  if (/^(?:true|false)$/i.test(text)) return { value: text.toLowerCase() === 'true' };
  if (/^null$/i.test(text)) return { value: null };
  return undefined;
}

/** A column default from information_schema; undefined for none (and for DEFAULT NULL, which means the same). */
export function parseMysqlDefault(printed: string | null, options: { mariadb: boolean; expression: boolean }): DefaultValue | undefined {
  if (printed === null) return undefined;
  if (!options.mariadb) {
    if (options.expression) return { kind: 'sql', sql: printed };
    const value = NUMBER.test(printed) ? (numberFromLiteral(printed) ?? printed) : printed;
    return { kind: 'value', value };
  }
  const literal = literalDefault(printed);
  if (literal) return literal.value === null ? undefined : { kind: 'value', value: literal.value };
  return { kind: 'sql', sql: printed };
}

/**
 * `nextval(\`shop\`.\`invoice_numbers\`)` → `nextval(\`invoice_numbers\`)` in database `shop`: MariaDB names the
 * current database in the sequence a default uses, which the models (and a copy of the schema in another
 * database) do not.
 */
export function withoutDatabaseQualifier(sql: string, database: string): string {
  const tokens = lexSql(sql, mysqlSqlSyntax);
  let out = '';
  let at = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const next = tokens[i + 1];
    if (!token || next?.kind !== 'punct' || next.text !== '.') continue;
    const name = token.kind === 'quoted' ? quotedName(token) : token.kind === 'word' ? token.text : undefined;
    if (name !== database) continue;
    const before = tokens[i - 1];
    if (before?.kind === 'punct' && before.text === '.') continue;
    out += sql.slice(at, token.start);
    at = next.end;
  }
  return out + sql.slice(at);
}

const CURRENT_TIMESTAMP = /^current_timestamp\((\d*)\)$/;

/** The canonical spelling of an SQL text, whatever the column; lexed once per distinct text (memo-by-text.ts). */
const canonicalSql = memoByText((sql: string) => canonicalMysqlExpression(portableMysqlDefault(sql.trim())));

/** Whether an SQL default is only a literal (literalDefault), read once per distinct text. */
const isLiteralDefault = memoByText((sql: string) => literalDefault(sql) !== undefined);

/**
 * The canonical spelling of an SQL default for a column of this type. `now()`, `CURRENT_TIMESTAMP` and
 * `current_timestamp()` on a DATETIME(p)/TIMESTAMP(p) column are all printed back as `current_timestamp(p)`.
 */
export function canonicalDefaultSql(sql: string, type: ColumnType): string {
  const canonical = canonicalSql(sql);
  const m = CURRENT_TIMESTAMP.exec(canonical);
  if (m && m[1] === '' && TEMPORAL_TYPES.has(type.name)) {
    const precision = type.precision ?? DEFAULT_TIME_PRECISION;
    return precision > 0 ? `current_timestamp(${precision})` : 'current_timestamp()';
  }
  return canonical;
}

/** Types whose literal defaults MySQL 8 only takes as expressions `('…')` (MariaDB takes both). */
function needsExpressionDefault(type: ColumnType): boolean {
  if (type.name === 'text' || type.name === 'json' || type.name === 'jsonb' || type.name === 'bytea') return true;
  return type.name === 'custom' && /^(?:tiny|medium|long)?(?:text|blob)\b|^json\b|^geometry/.test((type.raw ?? '').toLowerCase());
}

/** The DEFAULT clause's value: a literal, CURRENT_TIMESTAMP as is, any other expression in parentheses. */
export function renderMysqlDefault(value: DefaultValue, type: ColumnType): string {
  if (value.kind === 'value') {
    const literal = mysqlLiteral(value.value);
    return needsExpressionDefault(type) && value.value !== null ? `(${literal})` : literal;
  }
  const sql = portableMysqlDefault(value.sql.trim());
  if (isLiteralDefault(sql)) return needsExpressionDefault(type) ? `(${stripParentheses(sql)})` : sql;
  // MySQL 8 wants CURRENT_TIMESTAMP's precision to match the column's
  const canonical = canonicalDefaultSql(sql, type);
  if (CURRENT_TIMESTAMP.test(canonical)) return canonical;
  return /^\(.*\)$/s.test(sql) && balanced(sql.slice(1, -1)) ? sql : `(${sql})`;
}
