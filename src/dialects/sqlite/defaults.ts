// Column defaults: SQLite keeps the default's text as written (`'abc'`, `-1`, `TRUE`, `CURRENT_TIMESTAMP`,
// `(expr)` with one pair of parentheses removed) and PRAGMA table_info returns it as dflt_value.
import type { DefaultValue } from '../../schema/types.js';
import { stripOuterParens } from './expression.js';
import { sqliteLiteral } from './literal.js';
import { portableSqliteDefault } from './portable-defaults.js';
import { isWord, stringValue, tokenize, type Token } from './tokenize.js';

import { memoByText } from '../shared/memo-by-text.js';
import { numberFromLiteral } from '../shared/number-literal.js';


const KEYWORD_DEFAULTS = ['current_time', 'current_date', 'current_timestamp'];

/** `-1` / `+2.5`: a signed number literal as one text, or undefined. */
function signedNumber(tokens: readonly Token[]): string | undefined {
  const [first, second] = tokens;
  if (tokens.length === 1 && first?.kind === 'number') return first.text;
  if (tokens.length === 2 && first?.kind === 'op' && (first.text === '-' || first.text === '+') && second?.kind === 'number') {
    return first.text + second.text;
  }
  return undefined;
}

/** True when SQLite accepts the text after DEFAULT without parentheses (a literal, a signed number, CURRENT_…). */
function isBareLiteral(tokens: readonly Token[]): boolean {
  const [first] = tokens;
  if (signedNumber(tokens) !== undefined) return true;
  if (tokens.length !== 1 || !first) return false;
  return first.kind === 'string' || isWord(first, 'null', 'true', 'false', ...KEYWORD_DEFAULTS);
}

/**
 * dflt_value (or a model's SQL default) read as a DefaultValue: quoted text, numbers and TRUE/FALSE become
 * values, NULL means no default, anything else stays SQL as written.
 */
export function parseSqliteDefault(text: string | null | undefined): DefaultValue | undefined {
  if (text === null || text === undefined) return undefined;
  const tokens = stripOuterParens(tokenize(text));
  const [first] = tokens;
  if (!first) return undefined;
  if (tokens.length === 1 && first.kind === 'string' && first.text.startsWith("'")) {
    return { kind: 'value', value: stringValue(first) };
  }
  const number = signedNumber(tokens);
  if (number !== undefined) {
    const value = numberFromLiteral(number);
    if (value !== undefined) return { kind: 'value', value };
  }
  if (tokens.length === 1 && isWord(first, 'true', 'false')) return { kind: 'value', value: first.text.toLowerCase() === 'true' };
  if (tokens.length === 1 && isWord(first, 'null')) return undefined;
  return { kind: 'sql', sql: portableSqliteDefault(text.trim()) };
}

/** An SQL default's text after DEFAULT; read once per distinct text (memo-by-text.ts). */
const sqlDefaultText = memoByText((written: string): string => {
  const sql = portableSqliteDefault(written.trim());
  const tokens = tokenize(sql);
  if (isBareLiteral(tokens) || stripOuterParens(tokens).length < tokens.length) return sql;
  return `(${sql})`;
});

/** The text after DEFAULT: literals as they are, expressions in the parentheses SQLite requires. */
export function renderSqliteDefault(value: DefaultValue): string {
  // a default introspected as written (a table rebuild) keeps its text
  if (value.kind === 'value') return value.written ?? sqliteLiteral(value.value);
  return sqlDefaultText(value.sql);
}


/**
 * True when ALTER TABLE ADD COLUMN accepts the default: SQLite refuses CURRENT_… and any expression it
 * cannot evaluate once for all existing rows.
 */
export function isConstantDefault(value: DefaultValue | undefined): boolean {
  if (value === undefined || value.kind === 'value') return true;
  const tokens = stripOuterParens(tokenize(value.sql));
  return isBareLiteral(tokens) && !isWord(tokens[0], ...KEYWORD_DEFAULTS);
}

/** True when a default is absent or NULL (ADD COLUMN with REFERENCES needs that). */
export function isNullDefault(value: DefaultValue | undefined): boolean {
  if (value === undefined) return true;
  if (value.kind === 'value') return value.value === null;
  return parseSqliteDefault(value.sql) === undefined;
}
