// SQL text → statements, on the one lexer: a script as the dialect's client runs it (`.sql` migrations), or
// several statements in one op.execute call.
import { lexSql, type LexOptions, type SqlSyntax, type SqlToken } from './sql-lexer.js';

export interface SqlStatement {
  /** the statement as it is sent: no terminator, no comments around it (none at all where the client strips them) */
  sql: string;
  /** offset of its first token in the split text */
  start: number;
  /** its tokens (comments and executable-comment markers included), offsets into the split text */
  tokens: SqlToken[];
}

/** Splits SQL text into statements at terminators; statements holding only comments are dropped. */
export function splitSqlStatements(sql: string, syntax: SqlSyntax, options: LexOptions = {}): SqlStatement[] {
  const statements: SqlStatement[] = [];
  const boundary = new StatementBoundary(syntax);
  let current: SqlToken[] = [];
  const finish = (): void => {
    const statement = statementOf(sql, current, syntax, options);
    if (statement) statements.push(statement);
    current = [];
    boundary.reset();
  };
  for (const token of lexSql(sql, syntax, options)) {
    if (token.kind === 'client-command') continue;
    if (token.kind === 'terminator' && boundary.ends()) finish();
    else {
      current.push(token);
      boundary.see(token);
    }
  }
  finish();
  return statements;
}

/** Tracks what holds a statement open past a terminator: parentheses (psql), BEGIN … END bodies. */
class StatementBoundary {
  private parens = 0;
  private body = 0;
  private words: string[] = [];
  private inBodyStatement = false;

  constructor(private readonly syntax: SqlSyntax) {}

  reset(): void {
    this.parens = 0;
    this.body = 0;
    this.words = [];
    this.inBodyStatement = false;
  }

  ends(): boolean {
    return (this.parens <= 0 || !this.syntax.statements.parenthesesHoldSemicolons) && this.body <= 0;
  }

  see(token: SqlToken): void {
    if (token.kind === 'punct' && token.text === '(') this.parens++;
    else if (token.kind === 'punct' && token.text === ')') this.parens--;
    if (token.kind !== 'word') return;
    const word = token.text.toLowerCase();
    if (this.words.length < 4) {
      this.words.push(word);
      this.inBodyStatement ||= this.syntax.statements.bodyStatements.some(
        (lead) => lead.length === this.words.length && lead.every((w, i) => w === this.words[i]),
      );
    }
    if (!this.inBodyStatement || this.parens > 0) return;
    if (word === 'begin') this.body++;
    // CASE … END inside a body must not close it
    else if (word === 'case' && this.body > 0) this.body++;
    else if (word === 'end' && this.body > 0) this.body--;
  }
}

function statementOf(sql: string, tokens: readonly SqlToken[], syntax: SqlSyntax, options: LexOptions): SqlStatement | undefined {
  const code = tokens.filter((t) => t.kind !== 'comment');
  const first = code[0];
  const last = code[code.length - 1];
  if (!first || !last) return undefined;
  const inner = tokens.filter((t) => t.start >= first.start && t.end <= last.end);
  const text = options.client && syntax.client.stripsComments ? withoutComments(sql, inner) : sql.slice(first.start, last.end);
  return { sql: text.trim(), start: first.start, tokens: inner };
}

/**
 * The statement's text with its comments removed as the mariadb client removes them: a line comment up to
 * the end of its line, a block comment replaced by a space when code follows it directly.
 */
function withoutComments(sql: string, tokens: readonly SqlToken[]): string {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (!first || !last) return '';
  let out = '';
  let at = first.start;
  for (const token of tokens) {
    if (token.kind !== 'comment') continue;
    out += sql.slice(at, token.start);
    const blockComment = token.text.startsWith('/*');
    if (blockComment && !/\s/.test(sql[token.end] ?? ' ')) out += ' ';
    at = token.end;
  }
  return out + sql.slice(at, last.end);
}

/**
 * One statement as a line of a client script (`upgrade --sql`): `sql;`, or wrapped in `DELIMITER` lines when
 * the client would otherwise cut it at an inner semicolon (a MySQL procedure or trigger body).
 */
export function scriptStatement(sql: string, syntax: SqlSyntax): string {
  if (!syntax.client.delimiterCommand || !sql.includes(';') || splitSqlStatements(sql, syntax, { client: true }).length <= 1) return `${sql};`;
  const delimiter = ['//', '$$', ';;', '@@'].find((d) => !sql.includes(d)) ?? '//';
  return `DELIMITER ${delimiter}\n${sql} ${delimiter}\nDELIMITER ;`;
}
