// SQL expression text in one canonical spelling, so a model's `length(x)>0` and PostgreSQL's re-printed
// `(length(x) > 0)` compare equal. Only spelling changes: case of unquoted words, whitespace, needless quotes
// on identifiers, parentheses that precedence makes redundant, casts PostgreSQL adds to literals compared with
// a column — never the meaning.

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

const OP_CHARS = '+-*/<>=~!@#%^&|`?';

function readQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

/** PostgreSQL's lexer rule: a multi-character operator ends in + or - only if it contains one of ~!@#%^&|`? */
function trimOperator(op: string): string {
  let result = op;
  while (result.length > 1 && /[+-]$/.test(result) && !/[~!@#%^&|`?]/.test(result)) result = result.slice(0, -1);
  return result;
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] ?? '';
    const rest = sql.slice(i);
    if (/\s/.test(ch)) {
      i++;
    } else if (rest.startsWith('--')) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl;
    } else if (rest.startsWith('/*')) {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if (ch === "'" || (/[eEbBxXnN]/.test(ch) && sql[i + 1] === "'")) {
      const quoteAt = ch === "'" ? i : i + 1;
      const end = readQuoted(sql, quoteAt, "'", ch === 'e' || ch === 'E');
      const prefix = ch === "'" ? '' : ch.toUpperCase();
      tokens.push({ kind: 'string', text: prefix + sql.slice(quoteAt, end) });
      i = end;
    } else if (ch === '"') {
      const end = readQuoted(sql, i, '"', false);
      tokens.push({ kind: 'ident', text: sql.slice(i, end) });
      i = end;
    } else if (ch === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(rest);
      const param = /^\$\d+/.exec(rest);
      if (param) {
        tokens.push({ kind: 'param', text: param[0] });
        i += param[0].length;
      } else if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        const end = close < 0 ? sql.length : close + tag[0].length;
        tokens.push({ kind: 'dollar', text: sql.slice(i, end) });
        i = end;
      } else {
        tokens.push({ kind: 'punct', text: ch });
        i++;
      }
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(rest);
      const text = m ? m[0] : ch;
      tokens.push({ kind: 'number', text });
      i += text.length;
    } else if (/[\p{L}_]/u.test(ch)) {
      const m = /^[\p{L}_][\p{L}\p{N}_$]*/u.exec(rest);
      const text = m ? m[0] : ch;
      tokens.push({ kind: 'word', text });
      i += text.length;
    } else if (rest.startsWith('::')) {
      tokens.push({ kind: 'cast', text: '::' });
      i += 2;
    } else if (OP_CHARS.includes(ch)) {
      let j = i;
      while (j < sql.length && OP_CHARS.includes(sql[j] ?? '') && !sql.startsWith('--', j) && !sql.startsWith('/*', j)) {
        j++;
      }
      const op = trimOperator(sql.slice(i, Math.max(j, i + 1)));
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    } else {
      tokens.push({ kind: 'punct', text: ch });
      i++;
    }
  }
  return tokens;
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

const COMPARISONS = new Set(['=', '<>', '!=', '<', '>', '<=', '>=']);
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

/**
 * `score >= 0::numeric` → `score >= 0`, `status = 'a'::text` → `status = 'a'`: PostgreSQL adds these casts
 * when it resolves a comparison; a bare literal on one side of a comparison resolves to the same type.
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
    if ((isComparison(prev) && operandEnds) || (isComparison(next) && operandStarts)) out.splice(i + 1, end - i - 1);
  }
  return out;
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

/** The canonical tokens of an SQL expression (see the file comment). */
export function canonicalTokens(sql: string): Token[] {
  return stripOuterParens(stripRedundantGroups(stripComparisonLiteralCasts(tokenize(sql).map(canonicalToken))));
}

/** The canonical spelling of an SQL expression (see the file comment). */
export function canonicalExpression(sql: string): string {
  return joinTokens(canonicalTokens(sql));
}
