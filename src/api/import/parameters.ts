// A recorded query's parameters written into its SQL as literals, as the statement would have run: the imported
// migration is plain SQL with no bindings. Markers are found by the dialect's lexer, so a `?` or `$1` inside a
// string, a quoted name or a comment stays as it is.
import type { Dialect } from '../../dialects/dialect.js';
import { lexSql } from '../../dialects/shared/sql-lexer.js';
import { sqlSyntaxOf } from '../../dialects/sql-syntax.js';
import { UsageError } from '../../errors.js';

/** `$1`/`$2` (PostgreSQL) by number, `?` (MySQL, SQLite) in order. */
export function inlineParameters(sql: string, parameters: readonly unknown[], dialect: Dialect): string {
  if (parameters.length === 0) return sql;
  const markers = lexSql(sql, sqlSyntaxOf(dialect.name)).filter((t) => t.kind === 'param');
  let out = '';
  let at = 0;
  let next = 0;
  for (const marker of markers) {
    const index = /^\$\d+$/.test(marker.text) ? Number(marker.text.slice(1)) - 1 : marker.text === '?' ? next++ : -1;
    if (index < 0) continue;
    if (index >= parameters.length) throw new UsageError(`the statement has parameter ${marker.text} but only ${parameters.length} value(s): ${sql.slice(0, 80)}`);
    out += sql.slice(at, marker.start) + dialect.literal(parameters[index]);
    at = marker.end;
  }
  return out + sql.slice(at);
}
