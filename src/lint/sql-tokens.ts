// A tokenizer for light-weight SQL inspection: comments vanish, string literals and dollar-quoted bodies
// become opaque 'string' tokens (so `'drop table x'` never reads as a DROP), words are lower-cased,
// quoted identifiers keep their case. Not a parser: lint only matches statement shapes on these tokens.

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct';

export interface Token {
  kind: TokenKind;
  /** word: lower-cased; quoted: the identifier without quotes; string: the literal's content; punct: the symbol */
  text: string;
}

export function tokenizeSql(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (ch === "'") {
      // E'…' strings allow backslash escapes; the preceding `e` was read as a word: drop it
      const last = tokens[tokens.length - 1];
      const escapes = last?.kind === 'word' && last.text === 'e' && sql[i - 1]?.toLowerCase() === 'e';
      if (escapes) tokens.pop();
      const end = skipQuoted(sql, i, "'", escapes);
      tokens.push({ kind: 'string', text: sql.slice(i + 1, end - 1).replace(/''/g, "'") });
      i = end;
    } else if (ch === '"' || ch === '`') {
      const end = skipQuoted(sql, i, ch, false);
      tokens.push({ kind: 'quoted', text: sql.slice(i + 1, end - 1).split(ch + ch).join(ch) });
      i = end;
    } else if (ch === '$' && next !== undefined && /[A-Za-z_$]/.test(next)) {
      const tag = /^\$[A-Za-z_0-9]*\$/.exec(sql.slice(i, i + 64))?.[0];
      if (tag) {
        const end = sql.indexOf(tag, i + tag.length);
        const stop = end === -1 ? n : end;
        tokens.push({ kind: 'string', text: sql.slice(i + tag.length, stop) });
        i = end === -1 ? n : end + tag.length;
      } else {
        tokens.push({ kind: 'punct', text: '$' });
        i++;
      }
    } else if (/[A-Za-z_\u0080-\uffff]/.test(ch)) {
      const match = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(sql.slice(i, i + 256));
      const word = match?.[0] ?? ch;
      tokens.push({ kind: 'word', text: word.toLowerCase() });
      i += word.length;
    } else if (/[0-9]/.test(ch)) {
      const match = /^[0-9][0-9.eE_]*/.exec(sql.slice(i, i + 64));
      const number = match?.[0] ?? ch;
      tokens.push({ kind: 'number', text: number });
      i += number.length;
    } else if (ch === ':' && next === ':') {
      tokens.push({ kind: 'punct', text: '::' });
      i += 2;
    } else {
      tokens.push({ kind: 'punct', text: ch });
      i++;
    }
  }
  return tokens;
}

function skipQuoted(sql: string, from: number, quote: string, backslashEscapes: boolean): number {
  let i = from + 1;
  while (i < sql.length) {
    if (backslashEscapes && sql[i] === '\\') i += 2;
    else if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
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
