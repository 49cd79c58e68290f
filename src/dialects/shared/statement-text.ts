// One statement's text, prepared to travel with others in one batch: its trailing terminator cut, read with the
// one lexer so a `;` inside a string or a comment is left alone.
import { lexSql, type SqlSyntax } from './sql-lexer.js';

/**
 * True when the text cannot hold a terminator or a comment token: no `;`, `--`, `/*` (or `#` where it starts a
 * comment). A statement athanor renders is such a text; lexing it whole per statement only to find nothing
 * to cut was most of the lexer's time in an upgrade.
 */
function cannotEndInTerminatorOrComment(sql: string, syntax: SqlSyntax): boolean {
  return !sql.includes(';') && !sql.includes('--') && !sql.includes('/*') && !(syntax.hashComments && sql.includes('#'));
}

/** The statement without the `;` (and the comments and space around it) at its end. */
export function withoutTerminator(sql: string, syntax: SqlSyntax): string {
  return cannotEndInTerminatorOrComment(sql, syntax) ? sql : withoutTerminatorByTokens(sql, syntax);
}

/** withoutTerminator read off the tokens of the whole text, without the shortcut for texts that cannot end in one. */
export function withoutTerminatorByTokens(sql: string, syntax: SqlSyntax): string {
  const tokens = lexSql(sql, syntax);
  let end = tokens.length;
  while (end > 0 && (tokens[end - 1]?.kind === 'terminator' || tokens[end - 1]?.kind === 'comment')) end--;
  if (end === tokens.length) return sql;
  const last = tokens[end - 1];
  return last ? sql.slice(0, last.end) : '';
}
