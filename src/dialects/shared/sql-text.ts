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
