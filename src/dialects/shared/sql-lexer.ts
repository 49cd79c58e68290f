// The one SQL lexer. Every reader of SQL text (the .sql migration splitter, lint, the expression normalisers,
// SQLite's CREATE TABLE reader) lexes through here; each dialect only supplies its SqlSyntax (data), so they
// can no longer disagree on where a string, a comment or a statement ends.
//
// Tokens carry source offsets, never a rewritten text: callers cut the original SQL between tokens.

/** How one dialect spells the lexical parts of SQL. */
export interface SqlSyntax {
  /** `\` escapes the next character inside '…' (and "…" when those are strings): MySQL */
  readonly backslashEscapes: boolean;
  /** letters that may prefix a '…' literal (X'ff', B'01', N'x', E'\n'), lower case */
  readonly stringPrefixes: string;
  /** prefixes whose strings take backslash escapes even without backslashEscapes (PostgreSQL E'…') */
  readonly escapeStringPrefixes: string;
  /** "…" is a quoted identifier (standard) or a string literal (MySQL without ANSI_QUOTES) */
  readonly doubleQuotes: 'identifier' | 'string';
  /** further identifier quotes: '`' (MySQL, SQLite), '[' (SQLite, closed by ']') */
  readonly identifierQuotes: string;
  /** $tag$ … $tag$ strings (PostgreSQL) */
  readonly dollarQuotes: boolean;
  /** parameter markers: `$1` (PostgreSQL), `?` / `?1` (MySQL, SQLite), `:name` `@name` `$name` (SQLite) */
  readonly params: { readonly dollarNumbers: boolean; readonly question: boolean; readonly namedPrefixes: string };
  /** `#` starts a comment to the end of the line (MySQL) */
  readonly hashComments: boolean;
  /** `--` starts a comment only when whitespace (or the end) follows (MySQL: `1--1` is 1 - -1) */
  readonly dashCommentNeedsSpace: boolean;
  /** block comments nest: `/* a /* b *\/ c *\/` is one comment (PostgreSQL) */
  readonly nestedComments: boolean;
  /** `/*! … *\/`, `/*!40014 … *\/`, `/*M!100100 … *\/` hold SQL the server runs (MySQL, MariaDB) */
  readonly executableComments: boolean;
  /** a word may start with a digit when it is not a number (`1st_col`: MySQL) */
  readonly wordsMayStartWithDigit: boolean;
  /** multi-character operators, or 'postgres' for PostgreSQL's rule (any run of operator characters) */
  readonly operators: 'postgres' | readonly string[];
  /** characters that make up operators (anything else that is not a word, number or quote is punctuation) */
  readonly operatorChars: string;
  /** where statements end, beyond a top-level terminator */
  readonly statements: StatementSyntax;
  /** what the command-line client does with a script (used with `{ client: true }`) */
  readonly client: ClientSyntax;
}

/** Where a statement ends: at a terminator, unless one of these holds it open. */
export interface StatementSyntax {
  /** a `;` inside parentheses does not end the statement (psql) */
  readonly parenthesesHoldSemicolons: boolean;
  /**
   * Statements whose BEGIN … END bodies hold semicolons, by their leading words (psql: CREATE [OR REPLACE]
   * FUNCTION|PROCEDURE … BEGIN ATOMIC; sqlite3: CREATE [TEMP] TRIGGER … BEGIN … END).
   */
  readonly bodyStatements: readonly (readonly string[])[];
  /**
   * The server takes several statements in one query and splits them itself, compound bodies included
   * (MySQL with multipleStatements): raw SQL is sent whole instead of split here.
   */
  readonly serverSplits: boolean;
}

/** The command-line client's own rules for a script (psql, mariadb, sqlite3). */
export interface ClientSyntax {
  /** `DELIMITER //` lines change the statement terminator (mariadb/mysql client) */
  readonly delimiterCommand: boolean;
  /** `--` at the start of a statement is a comment even without whitespace after it (`--#1234`: mariadb) */
  readonly dashCommentAtStatementStart: boolean;
  /** the client strips comments (but not executable ones) before sending a statement (mariadb --skip-comments) */
  readonly stripsComments: boolean;
  /**
   * backslash commands the client runs itself that change nothing of what the server is sent, skipped as client
   * commands at the start of a statement (psql: `\restrict KEY` in pg_dump's output, `\set ON_ERROR_STOP on`)
   */
  readonly backslashCommands: readonly string[];
}

export type SqlTokenKind =
  /** unquoted word: keyword or name */
  | 'word'
  /** quoted identifier: "name", `name`, [name] */
  | 'quoted'
  /** string literal, with its prefix and quotes: 'a', E'\n', X'ff', $$…$$ (MySQL: "a" too) */
  | 'string'
  | 'number'
  /** parameter marker: $1, ?, ?2, :name */
  | 'param'
  | 'operator'
  /** ( ) [ ] { } , . : and a `;` that is not a statement terminator */
  | 'punct'
  /** the statement terminator: `;`, or the client's DELIMITER string */
  | 'terminator'
  /** a comment the server ignores */
  | 'comment'
  /** the opening `/*!40014 ` or the closing `*\/` of an executable comment: the SQL between is code */
  | 'executable'
  /** a client command line (`DELIMITER //`), never sent to the server */
  | 'client-command';

export interface SqlToken {
  kind: SqlTokenKind;
  /** the token's source text */
  text: string;
  /** offsets into the lexed text */
  start: number;
  end: number;
  /** a string, quoted name or comment the text ends inside: its closing quote (or `*\/`) never came */
  unterminated?: true;
}

export interface LexOptions {
  /** lex a script as the dialect's command-line client reads it (DELIMITER, client comment rules) */
  client?: boolean;
}

const PUNCT = '()[]{},.:;';
// sticky patterns, matched in place (no substring per token)
const NUMBER = /0[xX][0-9A-Fa-f_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?/y;
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;
const DOLLAR_NUMBER = /\$\d+/y;
const EXECUTABLE_OPENER = /\/\*(?:!|M!)(?:\d{5,6})?/y;
const DELIMITER_COMMAND = /delimiter[ \t]+([^\s]+)/iy;
const BACKSLASH_COMMAND = /[a-z]+/y;

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/.test(String.fromCharCode(code)));
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isWordStart(code: number): boolean {
  const lower = code | 32;
  return (lower >= 97 && lower <= 122) || code === 95 || (code > 127 && !isSpace(code));
}

function isWordPart(code: number): boolean {
  return isWordStart(code) || isDigit(code) || code === 36;
}

/** The length of a sticky pattern's match at `at`, or 0. */
function matchAt(pattern: RegExp, sql: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.exec(sql)?.[0].length ?? 0;
}

/** The tokens of an SQL text, comments included, whitespace left out. Never throws. */
export function lexSql(sql: string, syntax: SqlSyntax, options: LexOptions = {}): SqlToken[] {
  return new Lexer(sql, syntax, options.client === true).run();
}

/** The tokens that carry meaning: no comments, no executable-comment markers, no client commands. */
export function codeTokens(tokens: readonly SqlToken[]): SqlToken[] {
  return tokens.filter((t) => t.kind !== 'comment' && t.kind !== 'executable' && t.kind !== 'client-command');
}

class Lexer {
  private readonly tokens: SqlToken[] = [];
  private i = 0;
  private delimiter = ';';
  private inExecutable = false;
  /** no code token since the last terminator */
  private statementStart = true;
  /** the token being pushed runs to the end of the text without its closing quote or `*\/` */
  private unclosed = false;

  constructor(
    private readonly sql: string,
    private readonly syntax: SqlSyntax,
    private readonly client: boolean,
  ) {}

  run(): SqlToken[] {
    const { sql } = this;
    while (this.i < sql.length) {
      if (isSpace(sql.charCodeAt(this.i))) this.i++;
      else this.token();
    }
    return this.tokens;
  }

  private push(kind: SqlTokenKind, end: number): void {
    const start = this.i;
    this.tokens.push({ kind, text: this.sql.slice(start, end), start, end, ...(this.unclosed ? { unterminated: true as const } : {}) });
    this.unclosed = false;
    this.i = end;
    if (kind === 'terminator' || kind === 'client-command') this.statementStart = true;
    else if (kind !== 'comment') this.statementStart = false;
  }

  private token(): void {
    const { sql, i, syntax } = this;
    const ch = sql[i] as string;
    const next = sql[i + 1] ?? '';
    if (this.client && this.statementStart && syntax.client.delimiterCommand && this.atDelimiterCommand()) {
      this.push('client-command', lineEnd(sql, i));
    } else if (this.client && this.statementStart && ch === '\\' && this.atBackslashCommand()) {
      this.push('client-command', lineEnd(sql, i));
    } else if (this.delimiter !== ';' && sql.startsWith(this.delimiter, i)) {
      this.push('terminator', i + this.delimiter.length);
    } else if (ch === ';') {
      this.push(this.delimiter === ';' ? 'terminator' : 'punct', i + 1);
    } else if (ch === '-' && next === '-' && this.dashComment()) {
      this.push('comment', lineEnd(sql, i));
    } else if (ch === '#' && syntax.hashComments) {
      this.push('comment', lineEnd(sql, i));
    } else if (ch === '/' && next === '*') {
      this.blockComment();
    } else if (ch === '*' && next === '/' && this.inExecutable) {
      this.inExecutable = false;
      this.push('executable', i + 2);
    } else if (ch === "'") {
      this.push('string', this.quotedEnd(i, "'", syntax.backslashEscapes));
    } else if (ch === '"') {
      const string = syntax.doubleQuotes === 'string';
      this.push(string ? 'string' : 'quoted', this.quotedEnd(i, '"', string && syntax.backslashEscapes));
    } else if (syntax.identifierQuotes.includes(ch)) {
      this.push('quoted', this.quotedEnd(i, ch === '[' ? ']' : ch, false));
    } else if (ch === '$' && this.dollar()) {
      // handled
    } else if (isDigit(sql.charCodeAt(i)) || (ch === '.' && isDigit(sql.charCodeAt(i + 1)))) {
      this.number();
    } else if (isWordStart(sql.charCodeAt(i))) {
      this.word();
    } else if ((ch === '?' && syntax.params.question) || (syntax.params.namedPrefixes.includes(ch) && isWordPart(sql.charCodeAt(i + 1)))) {
      this.push('param', this.wordEnd(i + 1));
    } else if (PUNCT.includes(ch) && !(ch === ':' && (next === ':' || next === '='))) {
      this.push('punct', i + 1);
    } else {
      this.push('operator', this.operatorEnd());
    }
  }

  private dashComment(): boolean {
    if (!this.syntax.dashCommentNeedsSpace) return true;
    const after = this.sql.charCodeAt(this.i + 2);
    if (Number.isNaN(after) || isSpace(after)) return true;
    return this.client && this.statementStart && this.syntax.client.dashCommentAtStatementStart;
  }

  /** `DELIMITER x` (any case) at the start of a statement, as the mariadb client reads it. */
  private atDelimiterCommand(): boolean {
    if ((this.sql.charCodeAt(this.i) | 32) !== 100) return false; // d
    DELIMITER_COMMAND.lastIndex = this.i;
    const match = DELIMITER_COMMAND.exec(this.sql);
    if (!match) return false;
    const argument = match[1] as string;
    // the client takes a quoted argument up to its closing quote
    const quoted = /^(['"`])(.*?)\1/.exec(argument);
    this.delimiter = quoted ? (quoted[2] as string) || ';' : argument;
    return true;
  }

  /** `\name` (psql: up to the end of its line) naming one of the client's backslash commands that send nothing. */
  private atBackslashCommand(): boolean {
    BACKSLASH_COMMAND.lastIndex = this.i + 1;
    const name = BACKSLASH_COMMAND.exec(this.sql)?.[0];
    return name !== undefined && this.syntax.client.backslashCommands.includes(name);
  }

  private blockComment(): void {
    const { sql, i, syntax } = this;
    if (syntax.executableComments && !this.inExecutable) {
      const opener = matchAt(EXECUTABLE_OPENER, sql, i);
      if (opener > 0) {
        this.inExecutable = true;
        this.push('executable', i + opener);
        return;
      }
    }
    let depth = 0;
    let j = i;
    while (j < sql.length) {
      if (sql[j] === '/' && sql[j + 1] === '*' && (depth === 0 || syntax.nestedComments)) {
        depth++;
        j += 2;
      } else if (sql[j] === '*' && sql[j + 1] === '/') {
        depth--;
        j += 2;
        if (depth === 0) break;
      } else j++;
    }
    this.unclosed = depth > 0;
    this.push('comment', Math.min(j, sql.length));
  }

  /** The end of a quoted token opened at `from` (a doubled closing quote stands for itself). */
  private quotedEnd(from: number, close: string, backslashEscapes: boolean): number {
    const { sql } = this;
    let j = from + 1;
    while (j < sql.length) {
      const c = sql[j];
      if (backslashEscapes && c === '\\') j += 2;
      else if (c === close) {
        if (close !== ']' && sql[j + 1] === close) j += 2;
        else return j + 1;
      } else j++;
    }
    this.unclosed = true;
    return sql.length;
  }

  /** A $tag$…$tag$ string or a $1 / $name parameter; false when the `$` is neither. */
  private dollar(): boolean {
    const { sql, i, syntax } = this;
    const tagLength = syntax.dollarQuotes ? matchAt(DOLLAR_TAG, sql, i) : 0;
    if (tagLength > 0) {
      const tag = sql.slice(i, i + tagLength);
      const close = sql.indexOf(tag, i + tagLength);
      this.unclosed = close === -1;
      this.push('string', close === -1 ? sql.length : close + tagLength);
      return true;
    }
    const numberLength = syntax.params.dollarNumbers ? matchAt(DOLLAR_NUMBER, sql, i) : 0;
    if (numberLength > 0) {
      this.push('param', i + numberLength);
      return true;
    }
    return false;
  }

  /** End of the word characters from `from`; a client DELIMITER cuts a word (`END$$` is END, then $$). */
  private wordEnd(from: number): number {
    const { sql } = this;
    let end = from;
    const cut = this.delimiter === ';' ? undefined : this.delimiter;
    while (end < sql.length && isWordPart(sql.charCodeAt(end)) && !(cut !== undefined && sql.startsWith(cut, end))) end++;
    return end;
  }

  private number(): void {
    const { sql, i, syntax } = this;
    const end = i + (matchAt(NUMBER, sql, i) || 1);
    const wordEnd = this.wordEnd(end);
    if (syntax.wordsMayStartWithDigit && wordEnd > end && sql[end] !== '$') {
      this.push('word', wordEnd);
      return;
    }
    this.push('number', end);
  }

  private word(): void {
    const { sql, i, syntax } = this;
    const end = this.wordEnd(i + 1);
    const prefix = end === i + 1 ? (sql[i] as string).toLowerCase() : '';
    if (sql[end] === "'" && prefix !== '' && syntax.stringPrefixes.includes(prefix)) {
      this.push('string', this.quotedEnd(end, "'", syntax.backslashEscapes || syntax.escapeStringPrefixes.includes(prefix)));
    } else if (prefix === 'u' && sql[end] === '&' && (sql[end + 1] === "'" || sql[end + 1] === '"') && syntax.stringPrefixes.includes('u')) {
      const quote = sql[end + 1] as string;
      this.push(quote === "'" ? 'string' : 'quoted', this.quotedEnd(end + 1, quote, false));
    } else {
      this.push('word', end);
    }
  }

  private operatorEnd(): number {
    const { sql, i, syntax } = this;
    if (syntax.operators !== 'postgres') {
      const fixed = syntax.operators.find((op) => sql.startsWith(op, i));
      return i + (fixed?.length ?? 1);
    }
    if (sql.startsWith('::', i) || sql.startsWith(':=', i)) return i + 2;
    let j = i;
    while (j < sql.length && syntax.operatorChars.includes(sql[j] as string) && !sql.startsWith('--', j) && !sql.startsWith('/*', j)) j++;
    // PostgreSQL: a multi-character operator ends in + or - only if it holds one of ~ ! @ # % ^ & | ` ?
    let op = sql.slice(i, Math.max(j, i + 1));
    while (op.length > 1 && /[+-]$/.test(op) && !/[~!@#%^&|`?]/.test(op)) op = op.slice(0, -1);
    return i + op.length;
  }
}

/** What an unterminated token is, for a message: `dollar-quoted string $tag$`, `string`, `quoted name`, `comment`. */
export function unterminatedWhat(token: Pick<SqlToken, 'kind' | 'text'>): string {
  if (token.kind === 'comment') return 'block comment (`/*` with no `*/`)';
  if (token.kind === 'quoted') return `quoted name (\`${token.text[0] ?? ''}\` with no closing quote)`;
  const tag = /^\$[^$]*\$/.exec(token.text)?.[0];
  return tag ? `dollar-quoted string (\`${tag}\` with no closing \`${tag}\`)` : 'string (a quote with no closing quote)';
}

function lineEnd(sql: string, from: number): number {
  const nl = sql.indexOf('\n', from);
  return nl === -1 ? sql.length : nl;
}

/** The name a quoted identifier stands for ("a""b" → a"b, `a``b` → a`b, [a] → a, U&"…" left as written). */
export function quotedName(token: Pick<SqlToken, 'text'>): string {
  const text = token.text;
  const open = text[0];
  if (open === '[') return text.slice(1, -1);
  if (open !== '"' && open !== '`') return text;
  const body = text.endsWith(open) && text.length > 1 ? text.slice(1, -1) : text.slice(1);
  return body.split(open + open).join(open);
}

/** MySQL's backslash escapes; \% and \_ keep their backslash (LIKE patterns). Any other \x is x. */
const BACKSLASH_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', '0': '\0', Z: '\x1a', '%': '\\%', _: '\\_' };

/** The value of a string literal token (prefix and quotes removed, escapes resolved). */
export function stringValue(token: Pick<SqlToken, 'text'>, syntax: SqlSyntax): string {
  const text = token.text;
  if (text.startsWith('$')) {
    const tag = /^\$[^$]*\$/.exec(text)?.[0] ?? '$$';
    return text.slice(tag.length, text.endsWith(tag) && text.length >= 2 * tag.length ? -tag.length : undefined);
  }
  const quoteAt = text.search(/['"]/);
  const prefix = text.slice(0, Math.max(quoteAt, 0)).toLowerCase();
  const quote = text[quoteAt] ?? "'";
  const body = text.endsWith(quote) && text.length > quoteAt + 1 ? text.slice(quoteAt + 1, -1) : text.slice(quoteAt + 1);
  const escapes = syntax.backslashEscapes || (prefix !== '' && syntax.escapeStringPrefixes.includes(prefix));
  if (!escapes) return body.split(quote + quote).join(quote);
  return body.replace(new RegExp(`\\\\([\\s\\S])|${quote}${quote}`, 'g'), (whole, escaped: string | undefined) =>
    escaped === undefined ? quote : (BACKSLASH_ESCAPES[escaped] ?? escaped),
  );
}
