// One statement's text, prepared to travel with others in one batch: its trailing terminator cut, read with the
// one lexer so a `;` inside a string or a comment is left alone.
import { lexSql, type SqlSyntax } from './sql-lexer.js';

/** The statement without the `;` (and the comments and space around it) at its end. */
export function withoutTerminator(sql: string, syntax: SqlSyntax): string {
  const tokens = lexSql(sql, syntax);
  let end = tokens.length;
  while (end > 0 && (tokens[end - 1]?.kind === 'terminator' || tokens[end - 1]?.kind === 'comment')) end--;
  if (end === tokens.length) return sql;
  const last = tokens[end - 1];
  return last ? sql.slice(0, last.end) : '';
}
