// JavaScript literals for generated migration code: single-quoted strings, plain values, object keys.

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
  '\0': '\\0',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** A single-quoted string literal; control characters and line separators are escaped. */
export function quoteString(value: string): string {
  // \0 followed by a digit would read as an octal escape, so control characters use \x/\u forms there
  const escaped = value.replace(/[\\'\n\r\t\b\f\v\0\u2028\u2029]|[\x01-\x1f\x7f]/g, (ch, offset: number) => {
    if (ch === '\0' && /[0-9]/.test(value.charAt(offset + 1))) return '\\x00';
    return ESCAPES[ch] ?? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return `'${escaped}'`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** An object key: bare when it is an identifier, quoted otherwise. */
export function printKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quoteString(key);
}

/** Property access on `c` in an extras function: `c.ownerId` or `c['owner id']`. */
export function printMember(object: string, key: string): string {
  return IDENTIFIER.test(key) ? `${object}.${key}` : `${object}[${quoteString(key)}]`;
}

export function printStringList(values: readonly string[]): string {
  return `[${values.map(quoteString).join(', ')}]`;
}

/** A plain value (rows of bulkInsert, params of execute, defaults). */
export function printValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return `new Date(${quoteString(value.toISOString())})`;
  if (Array.isArray(value)) return `[${value.map(printValue).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${printKey(k)}: ${printValue(v)}`).join(', ')} }`;
  }
  return quoteString(String(value));
}

/** `{ a: 1, b: 'x' }` from already printed values, leaving out absent ones; '' when nothing is left. */
export function printOptions(entries: Array<[string, string | undefined]>): string {
  const present = entries.filter((e): e is [string, string] => e[1] !== undefined);
  return present.length === 0 ? '' : `{ ${present.map(([k, v]) => `${printKey(k)}: ${v}`).join(', ')} }`;
}

/**
 * SQL text as a JS string: a template literal when it spans lines (a view's query, a function body reads as
 * it does in the database), a quoted string otherwise. Only `\`, backticks and `${` need escaping; other
 * control characters than newlines and tabs fall back to quoteString.
 */
export function printSqlText(value: string): string {
  if (!value.includes('\n') || /[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]/.test(value)) return quoteString(value);
  return `\`${value.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
}
