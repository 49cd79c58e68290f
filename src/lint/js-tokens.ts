// Migration source as tokens, for reading op calls without running the code (literal-calls.ts): the `js-tokens`
// package splits JavaScript/TypeScript (strings, templates, regular expressions and division told apart); this
// keeps what a call's arguments need: names, numbers, punctuation, and the values of strings and of templates
// without `${}`. Comments, whitespace and what is inside a template's `${}` are dropped.
import jsTokens from 'js-tokens';

export type TokenKind = 'name' | 'num' | 'str' | 'tpl' | 'regex' | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  /** a string's value; a template's when it has no `${}` */
  value?: string;
}

const SKIPPED = new Set(['WhiteSpace', 'LineTerminatorSequence', 'SingleLineComment', 'MultiLineComment', 'HashbangComment']);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let start = 0;
  // inside a template's `${…}` (nested templates counted): nothing is kept
  let substitutions = 0;
  for (const token of jsTokens(text)) {
    const at = start;
    start += token.value.length;
    if (substitutions > 0) {
      if (token.type === 'TemplateHead') substitutions++;
      else if (token.type === 'TemplateTail') substitutions--;
      continue;
    }
    if (SKIPPED.has(token.type)) continue;
    const kept = tokenOf(token.type, token.value, at, 'closed' in token ? token.closed : true);
    if (token.type === 'TemplateHead') substitutions = 1;
    tokens.push(kept);
  }
  return tokens;
}

function tokenOf(type: string, raw: string, start: number, closed: boolean): Token {
  const inner = (open: number) => raw.slice(open, closed ? raw.length - 1 : raw.length);
  switch (type) {
    case 'StringLiteral':
      return { kind: 'str', text: raw, start, value: cooked(inner(1)) };
    case 'NoSubstitutionTemplate':
      return { kind: 'tpl', text: raw, start, value: cooked(inner(1)) };
    case 'TemplateHead':
      return { kind: 'tpl', text: raw, start };
    case 'RegularExpressionLiteral':
      return { kind: 'regex', text: raw, start };
    case 'IdentifierName':
    case 'PrivateIdentifier':
      return { kind: 'name', text: raw, start };
    case 'NumericLiteral':
      return { kind: 'num', text: raw, start };
    default:
      return { kind: 'punct', text: raw, start };
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** A string's or template's text with its escapes read (`\n`, `\x41`, `\u{1F600}`, a line continuation). */
function cooked(text: string): string {
  let value = '';
  for (let at = 0; at < text.length; ) {
    if (text[at] !== '\\') {
      value += text[at++];
      continue;
    }
    value += unescape(text, at);
    at += escapeLength(text, at);
  }
  return value;
}

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
  // a malformed escape is the compiler's error to report, not the reader's: read as nothing
  if (next === 'u' && text[at + 2] === '{') return fromCode(text.slice(at + 3, text.indexOf('}', at)));
  if (next === 'u') return fromCode(text.slice(at + 2, at + 6));
  if (next === 'x') return fromCode(text.slice(at + 2, at + 4));
  if (next === '\n' || next === '\r') return '';
  return SIMPLE_ESCAPES[next] ?? next;
}

function fromCode(hex: string): string {
  const code = /^[0-9a-f]+$/i.test(hex) ? parseInt(hex, 16) : NaN;
  return Number.isInteger(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}
