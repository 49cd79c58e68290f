// Tokens for light-weight SQL inspection: comments vanish, string literals and dollar-quoted bodies
// become opaque 'string' tokens (so `'drop table x'` never reads as a DROP), words are lower-cased,
// quoted identifiers keep their case. Not a parser: lint only matches statement shapes on these tokens.
import { codeTokens, lexSql, quotedName, stringValue, type SqlSyntax, type SqlToken } from '../dialects/shared/sql-lexer.js';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct';

export interface Token {
  kind: TokenKind;
  /** word: lower-cased; quoted: the identifier without quotes; string: the literal's content; punct: the symbol */
  text: string;
}

/** The tokens of SQL text as lint reads them (on the one lexer: dialects/shared/sql-lexer.ts). */
export function tokenizeSql(sql: string, syntax: SqlSyntax): Token[] {
  return lintTokens(lexSql(sql, syntax), syntax);
}

/** Lexer tokens as lint reads them: comments gone, words lower-cased, names and strings unquoted. */
export function lintTokens(tokens: readonly SqlToken[], syntax: SqlSyntax): Token[] {
  return codeTokens(tokens).map((token) => {
    switch (token.kind) {
      case 'word':
        return { kind: 'word', text: token.text.toLowerCase() };
      case 'quoted':
        return { kind: 'quoted', text: quotedName(token) };
      case 'string':
        return { kind: 'string', text: stringValue(token, syntax) };
      case 'number':
        return { kind: 'number', text: token.text };
      default:
        return { kind: 'punct', text: token.kind === 'terminator' ? ';' : token.text };
    }
  });
}

/** A reading position over tokens, with the few moves statement matching needs. */
export class TokenCursor {
  pos = 0;

  constructor(readonly tokens: readonly Token[]) {}

  get done(): boolean {
    return this.pos >= this.tokens.length;
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  /** true when the next token is the word (or punctuation) given */
  isWord(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token !== undefined && (token.kind === 'word' || token.kind === 'punct') && token.text === word;
  }

  /** Consumes the words if they come next, in order; otherwise consumes nothing. */
  accept(...words: string[]): boolean {
    for (const [i, word] of words.entries()) if (!this.isWord(word, i)) return false;
    this.pos += words.length;
    return true;
  }

  /** An identifier (a word or a quoted name), or undefined. */
  identifier(): string | undefined {
    const token = this.peek();
    if (!token || (token.kind !== 'word' && token.kind !== 'quoted')) return undefined;
    this.pos++;
    return token.text;
  }

  /** `name` or `schema.name` */
  qualifiedName(): { schema?: string; name: string } | undefined {
    const first = this.identifier();
    if (first === undefined) return undefined;
    if (this.isWord('.')) {
      this.pos++;
      const second = this.identifier();
      if (second !== undefined) return { schema: first, name: second };
    }
    return { name: first };
  }

  /** Skips a parenthesised group starting at the cursor (which must be on `(`); returns its inner tokens. */
  group(): Token[] {
    if (!this.isWord('(')) return [];
    const start = this.pos + 1;
    let depth = 0;
    while (!this.done) {
      const token = this.peek() as Token;
      this.pos++;
      if (token.kind === 'punct' && token.text === '(') depth++;
      else if (token.kind === 'punct' && token.text === ')' && --depth === 0) return this.tokens.slice(start, this.pos - 1);
    }
    return this.tokens.slice(start);
  }

  rest(): Token[] {
    return this.tokens.slice(this.pos);
  }
}

/** Splits tokens on commas outside parentheses (the subcommands of ALTER TABLE). */
export function splitTopLevel(tokens: readonly Token[], separator = ','): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'punct') {
      if (token.text === '(') depth++;
      else if (token.text === ')') depth--;
      else if (token.text === separator && depth === 0) {
        parts.push([]);
        continue;
      }
    }
    (parts[parts.length - 1] as Token[]).push(token);
  }
  return parts.filter((part) => part.length > 0);
}

/** True when a word token with one of these texts occurs (at any depth). */
export function hasWord(tokens: readonly Token[], ...words: string[]): boolean {
  return tokens.some((token) => token.kind === 'word' && words.includes(token.text));
}

/** True when the words occur consecutively somewhere in the tokens. */
export function hasSequence(tokens: readonly Token[], ...words: string[]): boolean {
  outer: for (let i = 0; i + words.length <= tokens.length; i++) {
    for (const [j, word] of words.entries()) {
      const token = tokens[i + j];
      if (!token || token.kind === 'string' || token.kind === 'quoted' || token.text !== word) continue outer;
    }
    return true;
  }
  return false;
}
