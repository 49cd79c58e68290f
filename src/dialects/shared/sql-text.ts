// Small pieces of SQL text that read the same in every dialect.

/** `base(a,b)` with the arguments that are given, or `base` alone. */
export function withArgs(base: string, ...args: (number | undefined)[]): string {
  const given = args.filter((a): a is number => a !== undefined);
  return given.length ? `${base}(${given.join(',')})` : base;
}

/**
 * One multi-row INSERT for rows that may name different columns: the union of their columns, in first-seen
 * order, with DEFAULT where a row leaves a column out. [] for no rows.
 */
export function multiRowInsert(
  tableSql: string,
  rows: readonly Record<string, unknown>[],
  quoteIdent: (name: string) => string,
  literal: (value: unknown) => string,
): string[] {
  if (rows.length === 0) return [];
  const columns: string[] = [];
  for (const row of rows) {
    for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  }
  const values = rows.map((row) => `(${columns.map((c) => (Object.hasOwn(row, c) ? literal(row[c]) : 'DEFAULT')).join(', ')})`);
  return [`INSERT INTO ${tableSql} (${columns.map(quoteIdent).join(', ')}) VALUES\n  ${values.join(',\n  ')}`];
}

/**
 * `-- text` as one comment line in every dialect: line breaks (and other control characters) are written as
 * escapes, so no text can end the comment and put SQL of its own on the next line.
 */
export function sqlLineComment(text: string): string {
  const escaped = text.replace(/[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/g, (ch) =>
    ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `-- ${escaped}`;
}
