// A small JavaScript/TypeScript tokenizer for reading op calls in migration source without running it
// (literal-calls.ts): names, numbers, strings and templates with their values, regular expressions, punctuation.
// Comments and whitespace are dropped. It does not parse: it only has to keep strings, templates and regular
// expressions from being read as code.

export type TokenKind = 'name' | 'num' | 'str' | 'tpl' | 'regex' | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  /** a string's value; a template's when it has no `${}` */
  value?: string;
}

const PUNCT3 = ['...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??='];
const PUNCT2 = ['=>', '?.', '==', '!=', '<=', '>=', '&&', '||', '??', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**', '<<', '>>'];
/** after these names an expression starts, so `/` opens a regular expression */
const EXPRESSION_KEYWORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

const NAME = /[\w$\u0080-\uffff]+/y;
const NUMBER = /[0-9.][\w.]*/y;

export function tokenize(text: string): Token[] {
  return new Scanner(text).scan(false).tokens;
}

class Scanner {
  private pos = 0;

  constructor(private readonly text: string) {}

  /** Tokens up to the end, or (`inSubstitution`) up to the `}` closing a template's `${`. */
  scan(inSubstitution: boolean): { tokens: Token[] } {
    const tokens: Token[] = [];
    const text = this.text;
    let depth = 0;
    while (this.pos < text.length) {
      const c = text[this.pos] as string;
      const start = this.pos;
      if (/\s/.test(c)) {
        this.pos++;
        continue;
      }
      if (c === '/' && text[start + 1] === '/') {
        const end = text.indexOf('\n', start);
        this.pos = end === -1 ? text.length : end;
        continue;
      }
      if (c === '/' && text[start + 1] === '*') {
        const end = text.indexOf('*/', start + 2);
        this.pos = end === -1 ? text.length : end + 2;
        continue;
      }
      if (c === '"' || c === "'") {
        tokens.push(this.string(c));
        continue;
      }
      if (c === '`') {
        tokens.push(this.template());
        continue;
      }
      if (/[A-Za-z_$]/.test(c) || c.charCodeAt(0) > 127) {
        NAME.lastIndex = start;
        const match = NAME.exec(text) as RegExpExecArray;
        this.pos += match[0].length;
        tokens.push({ kind: 'name', text: match[0], start });
        continue;
      }
      if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[start + 1] ?? ''))) {
        NUMBER.lastIndex = start;
        const match = NUMBER.exec(text) as RegExpExecArray;
        this.pos += match[0].length;
        tokens.push({ kind: 'num', text: match[0], start });
        continue;
      }
      if (c === '/' && startsExpression(tokens[tokens.length - 1])) {
        tokens.push(this.regex());
        continue;
      }
      if (inSubstitution && c === '}' && depth === 0) return { tokens };
      if (c === '{') depth++;
      if (c === '}') depth--;
      const three = text.slice(start, start + 3);
      const two = text.slice(start, start + 2);
      const punct = PUNCT3.includes(three) ? three : PUNCT2.includes(two) ? two : c;
      this.pos += punct.length;
      tokens.push({ kind: 'punct', text: punct, start });
    }
    return { tokens };
  }

  private string(quote: string): Token {
    const text = this.text;
    const start = this.pos++;
    let value = '';
    while (this.pos < text.length && text[this.pos] !== quote && text[this.pos] !== '\n') {
      if (text[this.pos] === '\\') {
        value += unescape(text, this.pos);
        this.pos += escapeLength(text, this.pos);
      } else value += text[this.pos++];
    }
    this.pos++;
    return { kind: 'str', text: text.slice(start, this.pos), start, value };
  }

  private template(): Token {
    const text = this.text;
    const start = this.pos++;
    let value: string | undefined = '';
    while (this.pos < text.length && text[this.pos] !== '`') {
      if (text[this.pos] === '\\') {
        if (value !== undefined) value += unescape(text, this.pos);
        this.pos += escapeLength(text, this.pos);
      } else if (text.startsWith('${', this.pos)) {
        this.pos += 2;
        this.scan(true);
        this.pos++; // the closing }
        value = undefined;
      } else {
        if (value !== undefined) value += text[this.pos];
        this.pos++;
      }
    }
    this.pos++;
    return { kind: 'tpl', text: text.slice(start, this.pos), start, ...(value !== undefined ? { value } : {}) };
  }

  private regex(): Token {
    const text = this.text;
    const start = this.pos++;
    let inClass = false;
    while (this.pos < text.length && text[this.pos] !== '\n') {
      const c = text[this.pos];
      if (c === '\\') this.pos++;
      else if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) break;
      this.pos++;
    }
    this.pos++;
    while (/[a-z]/i.test(text[this.pos] ?? '')) this.pos++;
    return { kind: 'regex', text: text.slice(start, this.pos), start };
  }
}

/** Whether a `/` after `previous` opens a regular expression rather than dividing. */
function startsExpression(previous: Token | undefined): boolean {
  if (previous === undefined) return true;
  if (previous.kind === 'name') return EXPRESSION_KEYWORDS.has(previous.text);
  if (previous.kind === 'punct') return ![')', ']', '}'].includes(previous.text);
  return false;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

function escapeLength(text: string, at: number): number {
  const next = text[at + 1];
  if (next === 'u' && text[at + 2] === '{') return text.indexOf('}', at) - at + 1;
  if (next === 'u') return 6;
  if (next === 'x') return 4;
  if (next === '\r' && text[at + 2] === '\n') return 3;
  return 2;
}

function unescape(text: string, at: number): string {
  const next = text[at + 1] ?? '';
  if (next === 'u' && text[at + 2] === '{') return String.fromCodePoint(parseInt(text.slice(at + 3, text.indexOf('}', at)), 16));
  if (next === 'u') return String.fromCharCode(parseInt(text.slice(at + 2, at + 6), 16));
  if (next === 'x') return String.fromCharCode(parseInt(text.slice(at + 2, at + 4), 16));
  if (next === '\n' || next === '\r') return '';
  return SIMPLE_ESCAPES[next] ?? next;
}
