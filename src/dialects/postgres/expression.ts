// SQL expression text in one canonical spelling, so a model's `length(x)>0` and PostgreSQL's re-printed
// `(length(x) > 0)` compare equal. Only spelling changes: case of unquoted words, whitespace, needless quotes
// on identifiers, parentheses that precedence makes redundant, casts PostgreSQL adds to literals compared with
// a column, the `::text` casts it adds to varchar/char columns (`lower((email)::text)` for the model's
// `lower(email)`), `= ANY (ARRAY[…])` for the model's `IN (…)` of literals — never the meaning. Lexing is the
// shared lexer's (dialects/shared/sql-lexer.ts).
import type { ExpressionContext } from '../shared/normalize.js';
import { codeTokens, lexSql } from '../shared/sql-lexer.js';
import { postgresSqlSyntax } from './sql-syntax.js';

export type TokenKind = 'string' | 'ident' | 'dollar' | 'number' | 'word' | 'param' | 'op' | 'cast' | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
}

/** Words PostgreSQL prints in upper case between operands (`a > 0 AND b IS NOT NULL`). */
const KEYWORDS = new Set([
  'and', 'or', 'not', 'is', 'null', 'in', 'like', 'ilike', 'similar', 'between', 'symmetric', 'case', 'when',
  'then', 'else', 'end', 'any', 'all', 'some', 'array', 'distinct', 'from', 'escape', 'exists', 'collate',
  'current_timestamp', 'current_date', 'current_time', 'localtime', 'localtimestamp', 'current_user',
  'session_user', 'current_role', 'current_catalog', 'current_schema', 'user', 'overlaps', 'isnull', 'notnull',
]);

/** Function-like keywords PostgreSQL prints in upper case, directly followed by `(`. */
const FUNCTION_KEYWORDS = new Set(['coalesce', 'greatest', 'least', 'nullif', 'extract']);

/** Reserved words: a quoted identifier spelling one of these must stay quoted. */
const RESERVED = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case', 'cast', 'check',
  'collate', 'column', 'constraint', 'create', 'current_catalog', 'current_date', 'current_role', 'current_time',
  'current_timestamp', 'current_user', 'default', 'deferrable', 'desc', 'distinct', 'do', 'else', 'end', 'except',
  'false', 'fetch', 'for', 'foreign', 'from', 'grant', 'group', 'having', 'in', 'initially', 'intersect', 'into',
  'lateral', 'leading', 'limit', 'localtime', 'localtimestamp', 'not', 'null', 'offset', 'on', 'only', 'or',
  'order', 'placing', 'primary', 'references', 'returning', 'select', 'session_user', 'some', 'symmetric', 'table',
  'then', 'to', 'trailing', 'true', 'union', 'unique', 'user', 'using', 'variadic', 'when', 'where', 'window',
  'with', 'authorization', 'binary', 'collation', 'concurrently', 'cross', 'current_schema', 'freeze', 'full',
  'ilike', 'inner', 'is', 'isnull', 'join', 'left', 'like', 'natural', 'notnull', 'outer', 'overlaps', 'right',
  'similar', 'tablesample', 'verbose', 'between', 'coalesce', 'greatest', 'least', 'nullif', 'extract',
]);

/** The lexer's tokens in this normaliser's vocabulary: comments dropped, casts and dollar-quoted bodies apart. */
export function tokenize(sql: string): Token[] {
  return codeTokens(lexSql(sql, postgresSqlSyntax)).map((token): Token => {
    switch (token.kind) {
      case 'string':
        // e'…' and E'…' are one spelling
        return { kind: token.text.startsWith('$') ? 'dollar' : 'string', text: /^[a-z]'/.test(token.text) ? token.text[0]?.toUpperCase() + token.text.slice(1) : token.text };
      case 'quoted':
        return { kind: 'ident', text: token.text };
      case 'operator':
        return { kind: token.text === '::' ? 'cast' : 'op', text: token.text };
      case 'word':
      case 'number':
      case 'param':
        return { kind: token.kind, text: token.text };
      default:
        return { kind: 'punct', text: token.text };
    }
  });
}

function canonicalToken(token: Token): Token {
  if (token.kind === 'word') {
    const lower = token.text.toLowerCase();
    const upper = KEYWORDS.has(lower) || FUNCTION_KEYWORDS.has(lower);
    return { kind: 'word', text: upper ? lower.toUpperCase() : lower };
  }
  if (token.kind === 'ident') {
    const inner = token.text.slice(1, -1).replace(/""/g, '"');
    // "email" means email; "Email" and "user" need their quotes
    if (/^[a-z_][a-z0-9_$]*$/.test(inner) && !RESERVED.has(inner)) return { kind: 'word', text: inner };
  }
  if (token.kind === 'number') {
    return { kind: 'number', text: token.text.toLowerCase() };
  }
  return token;
}

function isKeyword(token: Token | undefined): boolean {
  return token?.kind === 'word' && KEYWORDS.has(token.text.toLowerCase());
}

function isOpenParen(token: Token | undefined): boolean {
  return token?.kind === 'punct' && (token.text === '(' || token.text === '[');
}

/** A prefix + or - (`-1`, `(-x)`, `AND -1`), printed without a space after it. */
function isUnary(token: Token, prev: Token | undefined): boolean {
  if (token.kind !== 'op' || (token.text !== '-' && token.text !== '+')) return false;
  return prev === undefined || prev.kind === 'op' || isOpenParen(prev) || (prev.kind === 'punct' && prev.text === ',') || isKeyword(prev);
}

function separator(prev: Token | undefined, token: Token, prevUnary: boolean): string {
  if (!prev) return '';
  if (prevUnary) return '';
  if (prev.kind === 'cast' || token.kind === 'cast') return '';
  if (prev.kind === 'punct' && (prev.text === '(' || prev.text === '[' || prev.text === '.')) return '';
  if (token.kind === 'punct' && [')', ']', ',', '.', '['].includes(token.text)) return '';
  if (prev.kind === 'punct' && prev.text === ',') return ' ';
  if (token.kind === 'punct' && token.text === '(') {
    // a function call or type modifier sticks to its name; a keyword (`IN (`, `ANY (`) does not
    const callee = (prev.kind === 'word' && !isKeyword(prev)) || prev.kind === 'ident';
    return callee ? '' : ' ';
  }
  return ' ';
}

function matchingClose(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i];
    if (t?.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

export function stripOuterParens(tokens: Token[]): Token[] {
  let result = tokens;
  while (
    result.length >= 2 &&
    result[0]?.kind === 'punct' &&
    result[0].text === '(' &&
    matchingClose(result, 0) === result.length - 1
  ) {
    result = result.slice(1, -1);
  }
  return result;
}

export function joinTokens(tokens: Token[]): string {
  let out = '';
  let prev: Token | undefined;
  let prevUnary = false;
  for (const token of tokens) {
    out += separator(prev, token, prevUnary) + token.text;
    prevUnary = isUnary(token, prev);
    prev = token;
  }
  return out;
}

const isWord = (token: Token | undefined, ...words: string[]): boolean =>
  token?.kind === 'word' && words.includes(token.text);

// the LIKE family as PostgreSQL stores it (`~~` LIKE, `~~*` ILIKE) compares like `=`
const COMPARISONS = new Set(['=', '<>', '!=', '<', '>', '<=', '>=', '~~', '!~~', '~~*', '!~~*']);
const isComparison = (token: Token | undefined): boolean => token?.kind === 'op' && COMPARISONS.has(token.text);
const isPunct = (token: Token | undefined, text: string): boolean => token?.kind === 'punct' && token.text === text;

/** Index after the type name that starts at `start` (words, quoted names, modifiers, [], schema dots). */
function typeEnd(tokens: Token[], start: number): number {
  let i = start;
  while (i < tokens.length) {
    const t = tokens[i];
    if ((t?.kind === 'word' && !isKeyword(t)) || t?.kind === 'ident' || isPunct(t, '.')) i++;
    else if (isPunct(t, '[') && isPunct(tokens[i + 1], ']')) i += 2;
    else if (isPunct(t, '(') && i > start) {
      const close = matchingClose(tokens, i);
      if (close < 0) return i;
      i = close + 1;
    } else break;
  }
  return i;
}

/** Types PostgreSQL prints a negative constant of as a quoted literal with a cast (`'-5'::integer`). */
const NUMERIC_TYPES = new Set(['integer', 'bigint', 'smallint', 'numeric', 'real', 'double']);

/**
 * `score >= 0::numeric` → `score >= 0`, `status = 'a'::text` → `status = 'a'`: PostgreSQL adds these casts
 * when it resolves a comparison; a bare literal on one side of a comparison resolves to the same type. A
 * negative number it prints quoted (`n >= '-5'::integer`) is the number the model wrote (`n >= -5`).
 */
function stripComparisonLiteralCasts(tokens: Token[]): Token[] {
  const out = [...tokens];
  for (let i = 0; i < out.length; i++) {
    const literal = out[i];
    const isLiteral = literal?.kind === 'number' || (literal?.kind === 'string' && literal.text.startsWith("'"));
    if (!isLiteral || out[i + 1]?.kind !== 'cast') continue;
    const end = typeEnd(out, i + 2);
    if (end === i + 2) continue;
    const prev = out[i - 1];
    const next = out[end];
    const operandEnds = next === undefined || isPunct(next, ')') || isWord(next, 'AND', 'OR');
    const operandStarts = prev === undefined || isPunct(prev, '(') || isWord(prev, 'AND', 'OR');
    if (!((isComparison(prev) && operandEnds) || (isComparison(next) && operandStarts))) continue;
    const negative = /^'-(\d+(?:\.\d+)?)'$/.exec(literal.text);
    const numeric = negative !== null && NUMERIC_TYPES.has(out[i + 2]?.text ?? '');
    out.splice(i, end - i, ...(numeric ? [{ kind: 'op', text: '-' } as Token, { kind: 'number', text: negative[1] ?? '' } as Token] : [literal]));
  }
  return out;
}

const LIKE_OPERATORS: Readonly<Record<string, string>> = { LIKE: '~~', ILIKE: '~~*' };

/** `'a'::text` → `'a'` throughout `tokens`. */
function withoutTextCastsOfLiterals(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    out.push(token);
    if (token.kind === 'string' && tokens[i + 1]?.kind === 'cast' && isWord(tokens[i + 2], 'text')) i += 2;
  }
  return out;
}

/**
 * `x LIKE 'a%'` → `x ~~ 'a%'`, `NOT ILIKE` → `!~~*`, `LIKE p ESCAPE e` → `~~ like_escape(p, e)`: the operators
 * PostgreSQL stores the LIKE family as.
 */
function rewriteLikes(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const operator = token.kind === 'word' ? LIKE_OPERATORS[token.text] : undefined;
    // PostgreSQL's spelling of an ESCAPE clause: the `::text` casts of its literals are the type they resolve to
    const close = isWord(token, 'like_escape') && isPunct(tokens[i + 1], '(') ? matchingClose(tokens, i + 1) : -1;
    if (close > 0) {
      out.push(...withoutTextCastsOfLiterals(tokens.slice(i, close + 1)));
      i = close;
      continue;
    }
    if (operator === undefined) {
      out.push(token);
      continue;
    }
    const negated = isWord(out[out.length - 1], 'NOT');
    if (negated) out.pop();
    out.push({ kind: 'op', text: `${negated ? '!' : ''}${operator}` });
    const [pattern, escape, escapeChar] = [tokens[i + 1], tokens[i + 2], tokens[i + 3]];
    if (pattern && escapeChar && isWord(escape, 'ESCAPE')) {
      out.push({ kind: 'word', text: 'like_escape' }, { kind: 'punct', text: '(' }, pattern, { kind: 'punct', text: ',' }, escapeChar, { kind: 'punct', text: ')' });
      i += 3;
    }
  }
  return out;
}

/** Tokens that end an operand of BETWEEN (everything binding looser than it), at its own depth. */
function endsBetweenOperand(token: Token | undefined): boolean {
  if (token === undefined || isPunct(token, ',')) return true;
  return isComparison(token) || isWord(token, 'AND', 'OR', 'NOT', 'IS', 'ISNULL', 'NOTNULL', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'IN', 'BETWEEN');
}

/** Where the operand ending before `end` starts: back to the first token binding looser than BETWEEN. */
function operandStart(tokens: Token[], end: number): number {
  let depth = 0;
  for (let i = end - 1; i >= 0; i--) {
    const t = tokens[i];
    if (isPunct(t, ')') || isPunct(t, ']')) depth++;
    else if (isPunct(t, '(') || isPunct(t, '[')) {
      if (depth === 0) return i + 1;
      depth--;
    } else if (depth === 0 && endsBetweenOperand(t)) return i + 1;
  }
  return 0;
}

/** Where the operand starting at `start` ends (exclusive): at the first token binding looser than BETWEEN. */
function operandEnd(tokens: Token[], start: number): number {
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i];
    if (isPunct(t, '(') || isPunct(t, '[')) depth++;
    else if (isPunct(t, ')') || isPunct(t, ']')) {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && endsBetweenOperand(t)) return i;
  }
  return tokens.length;
}

/** An operand as PostgreSQL prints it beside a comparison: parenthesised unless it is one term. */
function asTerm(operand: Token[]): Token[] {
  const [first, second] = operand;
  const whole = (open: number) => matchingClose(operand, open) === operand.length - 1;
  const single = operand.length === 1 || (operand.length === 2 && first?.kind === 'op' && first.text === '-' && second?.kind === 'number');
  const qualified = operand.every((t, i) => (i % 2 === 1 ? isPunct(t, '.') : t.kind === 'word' || t.kind === 'ident'));
  const call = (first?.kind === 'word' || first?.kind === 'ident') && isPunct(second, '(') && whole(1);
  if (single || qualified || call || (isPunct(first, '(') && whole(0))) return operand;
  return [{ kind: 'punct', text: '(' }, ...operand, { kind: 'punct', text: ')' }];
}

const word = (text: string): Token => ({ kind: 'word', text });
const op = (text: string): Token => ({ kind: 'op', text });
const group = (...parts: Token[][]): Token[] => [{ kind: 'punct', text: '(' }, ...parts.flat(), { kind: 'punct', text: ')' }];

/**
 * `x BETWEEN a AND b` → `(x >= a AND x <= b)`, `NOT BETWEEN` → `(x < a OR x > b)`, `BETWEEN SYMMETRIC` → both
 * orders OR'ed: how PostgreSQL stores them. Left as written where it is not one of these shapes.
 */
function rewriteBetween(tokens: Token[]): Token[] {
  let out = tokens;
  for (let from = 0; ; ) {
    const at = out.findIndex((t, i) => i >= from && isWord(t, 'BETWEEN'));
    if (at < 0) return out;
    from = at + 1;
    const negated = isWord(out[at - 1], 'NOT');
    const leftEnd = negated ? at - 1 : at;
    const start = operandStart(out, leftEnd);
    const symmetric = isWord(out[at + 1], 'SYMMETRIC');
    const low = at + 1 + (symmetric || isWord(out[at + 1], 'ASYMMETRIC') ? 1 : 0);
    const and = operandEnd(out, low);
    if (!isWord(out[and], 'AND') || start === leftEnd || and === low || (negated && symmetric)) continue;
    const end = operandEnd(out, and + 1);
    if (end === and + 1) continue;
    const [x, a, b] = [asTerm(out.slice(start, leftEnd)), asTerm(out.slice(low, and)), asTerm(out.slice(and + 1, end))];
    const within = (lo: Token[], hi: Token[]) => group([...x, op('>='), ...lo], [word('AND')], [...x, op('<='), ...hi]);
    const replacement = negated
      ? group([...x, op('<'), ...a], [word('OR')], [...x, op('>'), ...b])
      : symmetric
        ? group(within(a, b), [word('OR')], within(b, a))
        : within(a, b);
    out = [...out.slice(0, start), ...replacement, ...out.slice(end)];
    from = start + replacement.length;
  }
}

/** The boolean operators at the top level of tokens[from..to) (not inside parentheses). */
function topLevelBooleans(tokens: Token[], from: number, to: number): Set<string> {
  const found = new Set<string>();
  let depth = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (isPunct(t, '(') || isPunct(t, '[')) depth++;
    else if (isPunct(t, ')') || isPunct(t, ']')) depth--;
    else if (depth === 0 && isWord(t, 'AND', 'OR', 'NOT', 'CASE')) found.add(t?.text ?? '');
    // a list or a subquery is never a plain group
    else if (depth === 0 && (isPunct(t, ',') || isWord(t, 'select', 'values'))) found.add(',');
  }
  return found;
}

/**
 * Parentheses precedence makes redundant, as PostgreSQL's pretty printer leaves them out:
 * `(a > 0) AND (b > 0)` → `a > 0 AND b > 0`, `(a AND b) OR c` → `a AND b OR c`.
 */
function stripRedundantGroups(tokens: Token[]): Token[] {
  let out = tokens;
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < out.length; i++) {
      if (!isPunct(out[i], '(')) continue;
      const prev = out[i - 1];
      const close = matchingClose(out, i);
      if (close < 0) break;
      const next = out[close + 1];
      const inner = topLevelBooleans(out, i + 1, close);
      if (inner.has(',') || inner.has('CASE') || close === i + 1) continue;
      // OR binds loosest: a group holding an OR may only sit beside OR; anything else beside AND or OR
      const allowed = inner.has('OR') ? ['OR'] : ['AND', 'OR'];
      const fits = (t: Token | undefined, paren: string): boolean => t === undefined || isPunct(t, paren) || isWord(t, ...allowed);
      if (fits(prev, '(') && fits(next, ')')) {
        out = [...out.slice(0, i), ...out.slice(i + 1, close), ...out.slice(close + 1)];
        changed = true;
        break;
      }
    }
  }
  return out;
}

/** Column types whose values PostgreSQL casts to text for every text function and operator. */
const TEXT_CAST_TYPES = new Set(['varchar', 'char']);

/** The column a (canonical) token names, when the context's table has it with a type PostgreSQL casts to text. */
function textCastColumn(token: Token | undefined, context: ExpressionContext): boolean {
  if (token?.kind !== 'word' && token?.kind !== 'ident') return false;
  const name = token.kind === 'ident' ? token.text.slice(1, -1).replace(/""/g, '"') : token.text;
  const type = context.columns.get(name);
  return type !== undefined && TEXT_CAST_TYPES.has(type.name);
}

/**
 * `(email)::text` and `email::text` → `email` for a varchar/char column: PostgreSQL resolves `lower(email)` or
 * `email <> ''` through text and prints the implicit cast; the model rarely spells it.
 */
function stripColumnTextCasts(tokens: Token[], context: ExpressionContext): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const qualified = isPunct(tokens[i - 1], '.');
    const wrapped = isPunct(token, '(') && textCastColumn(tokens[i + 1], context) && isPunct(tokens[i + 2], ')') ? 1 : 0;
    const column = tokens[i + wrapped] as Token;
    const cast = i + 2 * wrapped + 1;
    const isTextCast = !qualified && textCastColumn(column, context) && tokens[cast]?.kind === 'cast' && isWord(tokens[cast + 1], 'text');
    if (isTextCast && typeEnd(tokens, cast + 1) === cast + 2) {
      out.push(column);
      i = cast + 1;
    } else out.push(token);
  }
  return out;
}

/** The literal an ARRAY[…] element stands for: `'a'::character varying` → `'a'`, `(2)::numeric` → `2`. */
function arrayElementLiteral(item: Token[]): Token | undefined {
  const [first, second, third] = item;
  const isLiteral = (t: Token | undefined): t is Token => t?.kind === 'number' || (t?.kind === 'string' && t.text.startsWith("'"));
  if (item.length === 1 && isLiteral(first)) return first;
  if (isLiteral(first) && second?.kind === 'cast' && typeEnd(item, 2) === item.length) return first;
  const wrapped = isPunct(first, '(') && second?.kind === 'number' && isPunct(third, ')');
  if (wrapped && item[3]?.kind === 'cast' && typeEnd(item, 4) === item.length) return second;
  return undefined;
}

/** The literals of `ARRAY[…]`, `ARRAY[…]::type[]` or `(ARRAY[…])::type[]` filling tokens[from..to), else undefined. */
function arrayLiterals(tokens: Token[], from: number, to: number): Token[] | undefined {
  const wrapped = isPunct(tokens[from], '(') ? 1 : 0;
  const start = from + wrapped;
  if (!isWord(tokens[start], 'ARRAY') || !isPunct(tokens[start + 1], '[')) return undefined;
  const end = tokens.findIndex((t, i) => i > start + 1 && isPunct(t, ']'));
  if (end < 0) return undefined;
  if (wrapped && !isPunct(tokens[end + 1], ')')) return undefined;
  // the array's own cast (`::text[]`), parenthesised or not as pretty printing goes
  const after = end + 1 + wrapped;
  const castEnd = tokens[after]?.kind === 'cast' ? typeEnd(tokens, after + 1) : after;
  if (castEnd !== to || (wrapped && castEnd === after)) return undefined;
  const items: Token[][] = [[]];
  for (const t of tokens.slice(start + 2, end)) {
    if (isPunct(t, ',')) items.push([]);
    else items[items.length - 1]?.push(t);
  }
  const literals = items.map(arrayElementLiteral);
  return literals.every((l): l is Token => l !== undefined) ? literals : undefined;
}

/**
 * `x = ANY (ARRAY['a'::text, 'b'::text])` → `x IN ('a', 'b')`, `<> ALL (…)` → `NOT IN (…)`: how PostgreSQL
 * prints the model's IN list of literals.
 */
function rewriteArrayComparisons(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const quantifier = token.kind === 'op' && token.text === '=' ? 'ANY' : token.kind === 'op' && token.text === '<>' ? 'ALL' : undefined;
    const open = i + 2;
    const close = quantifier && isWord(tokens[i + 1], quantifier) && isPunct(tokens[open], '(') ? matchingClose(tokens, open) : -1;
    const literals = close > 0 ? arrayLiterals(tokens, open + 1, close) : undefined;
    if (!literals) {
      out.push(token);
      continue;
    }
    if (quantifier === 'ALL') out.push({ kind: 'word', text: 'NOT' });
    out.push({ kind: 'word', text: 'IN' }, { kind: 'punct', text: '(' });
    literals.forEach((literal, n) => out.push(...(n > 0 ? [{ kind: 'punct', text: ',' } as Token] : []), literal));
    out.push({ kind: 'punct', text: ')' });
    i = close;
  }
  return out;
}

/** The canonical tokens of an SQL expression (see the file comment); context: the table it is on. */
export function canonicalTokens(sql: string, context?: ExpressionContext): Token[] {
  const tokens = stripComparisonLiteralCasts(rewriteBetween(rewriteLikes(tokenize(sql).map(canonicalToken))));
  return stripOuterParens(stripRedundantGroups(rewriteArrayComparisons(context ? stripColumnTextCasts(tokens, context) : tokens)));
}

/** The canonical spelling of an SQL expression (see the file comment); context: the table it is on. */
export function canonicalExpression(sql: string, context?: ExpressionContext): string {
  return joinTokens(canonicalTokens(sql, context));
}
