// A small SQLite lexer: enough to read CREATE TABLE / CREATE INDEX text back (SQLite keeps the original SQL)
// and to compare expressions by their tokens instead of with regular expressions.

export type TokenKind =
  /** 'text' (also X'…' blobs) */
  | 'string'
  /** "name", `name` or [name] */
  | 'ident'
  /** unquoted word: keyword or name */
  | 'word'
  | 'number'
  /** ?, ?1, :name, @name, $name */
  | 'param'
  /** ( ) , ; . */
  | 'punct'
  | 'op';

export interface Token {
  kind: TokenKind;
  /** the source text of the token */
  text: string;
  /** offsets in the source, so callers can cut the original text between tokens */
  start: number;
  end: number;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;
const TWO_CHAR_OPS = new Set(['||', '<<', '>>', '<=', '>=', '==', '!=', '<>', '->']);

function quotedEnd(sql: string, start: number, close: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === close) {
      // a doubled quote is an escaped quote; ] cannot be escaped
      if (close !== ']' && sql[i + 1] === close) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

function numberEnd(sql: string, start: number): number {
  let i = start;
  if (sql[i] === '0' && (sql[i + 1] === 'x' || sql[i + 1] === 'X')) {
    i += 2;
    while (i < sql.length && /[0-9A-Fa-f_]/.test(sql[i] ?? '')) i++;
    return i;
  }
  while (i < sql.length && /[0-9_]/.test(sql[i] ?? '')) i++;
  if (sql[i] === '.') {
    i++;
    while (i < sql.length && /[0-9_]/.test(sql[i] ?? '')) i++;
  }
  if (sql[i] === 'e' || sql[i] === 'E') {
    let j = i + 1;
    if (sql[j] === '+' || sql[j] === '-') j++;
    if (DIGIT.test(sql[j] ?? '')) {
      i = j;
      while (i < sql.length && DIGIT.test(sql[i] ?? '')) i++;
    }
  }
  return i;
}

/** Tokens of an SQL text, comments and whitespace dropped. Never throws: unknown characters become 'op' tokens. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number): void => {
    tokens.push({ kind, text: sql.slice(i, end), start: i, end });
    i = end;
  };
  while (i < sql.length) {
    const ch = sql[i] ?? '';
    const next = sql[i + 1] ?? '';
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? sql.length : nl + 1;
    } else if (ch === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close === -1 ? sql.length : close + 2;
    } else if (ch === "'") {
      push('string', quotedEnd(sql, i, "'"));
    } else if ((ch === 'x' || ch === 'X') && next === "'") {
      const end = quotedEnd(sql, i + 1, "'");
      push('string', end);
    } else if (ch === '"' || ch === '`') {
      push('ident', quotedEnd(sql, i, ch));
    } else if (ch === '[') {
      push('ident', quotedEnd(sql, i, ']'));
    } else if (DIGIT.test(ch) || (ch === '.' && DIGIT.test(next))) {
      push('number', numberEnd(sql, i));
    } else if (WORD_START.test(ch)) {
      let end = i + 1;
      while (end < sql.length && WORD_PART.test(sql[end] ?? '')) end++;
      push('word', end);
    } else if (ch === '?' || ((ch === ':' || ch === '@' || ch === '$') && WORD_PART.test(next))) {
      let end = i + 1;
      while (end < sql.length && WORD_PART.test(sql[end] ?? '')) end++;
      push('param', end);
    } else if ('(),;.'.includes(ch)) {
      push('punct', i + 1);
    } else if (ch === '-' && next === '>' && sql[i + 2] === '>') {
      push('op', i + 3);
    } else if (TWO_CHAR_OPS.has(ch + next)) {
      push('op', i + 2);
    } else {
      push('op', i + 1);
    }
  }
  return tokens;
}

/** The name a word or quoted identifier stands for. */
export function identName(token: Token): string {
  if (token.kind !== 'ident') return token.text;
  const body = token.text.slice(1, -1);
  const open = token.text[0];
  if (open === '[') return body;
  return open === '`' ? body.replace(/``/g, '`') : body.replace(/""/g, '"');
}

/** The value of a 'text' literal. */
export function stringValue(token: Token): string {
  return token.text.slice(1, -1).replace(/''/g, "'");
}

export function isWord(token: Token | undefined, ...words: string[]): boolean {
  return token?.kind === 'word' && words.includes(token.text.toLowerCase());
}

export function isPunct(token: Token | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text;
}

/** Index of the ')' closing the '(' at `open`, or -1. */
export function closingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const token = tokens[i];
    if (isPunct(token, '(')) depth++;
    else if (isPunct(token, ')')) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Splits tokens at commas that are not inside parentheses. */
export function splitTopLevel(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (isPunct(token, '(')) depth++;
    if (isPunct(token, ')')) depth--;
    if (depth === 0 && isPunct(token, ',')) {
      parts.push(current);
      current = [];
    } else {
      current.push(token);
    }
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** The original source text covered by a run of tokens (comments inside it included). */
export function sourceOf(sql: string, tokens: readonly Token[]): string {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  return first && last ? sql.slice(first.start, last.end) : '';
}
