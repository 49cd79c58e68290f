// SQLite tokens: enough to read CREATE TABLE / CREATE INDEX text back (SQLite keeps the original SQL) and to
// compare expressions by their tokens instead of with regular expressions. Lexing is the shared lexer's.
import { codeTokens, lexSql, quotedName, stringValue as sqlStringValue, type SqlTokenKind } from '../shared/sql-lexer.js';
import { sqliteSqlSyntax } from './sql-syntax.js';

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

/** Tokens of an SQL text, comments and whitespace dropped (the shared lexer's, in this file's vocabulary). */
export function tokenize(sql: string): Token[] {
  return codeTokens(lexSql(sql, sqliteSqlSyntax)).map((token) => ({ ...token, kind: KIND[token.kind] }));
}

const KIND: Record<SqlTokenKind, TokenKind> = {
  word: 'word',
  quoted: 'ident',
  string: 'string',
  number: 'number',
  param: 'param',
  operator: 'op',
  punct: 'punct',
  terminator: 'punct',
  comment: 'punct',
  executable: 'punct',
  'client-command': 'punct',
};

/** The name a word or quoted identifier stands for. */
export function identName(token: Token): string {
  return token.kind === 'ident' ? quotedName(token) : token.text;
}

/** The value of a 'text' literal. */
export function stringValue(token: Token): string {
  return sqlStringValue(token, sqliteSqlSyntax);
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
