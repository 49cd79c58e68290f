// SQL expressions in one canonical spelling, so the model's `length(x)>0` and the `(length("x") > 0)` a
// hand-written database holds compare equal. Only spelling changes: case of unquoted words and of identifiers
// (SQLite names are case-insensitive), whitespace, needless quotes, redundant outer parentheses and the table's
// own name as a qualifier (drizzle-kit writes `"todos"."done" = 0` in a check on todos; SQLite keeps the text).
import type { ExpressionContext } from '../shared/normalize.js';
import { closingParen, identName, isPunct, tokenize, type Token } from './tokenize.js';

/** Words after which `(` opens a sub-expression, not a function's arguments: `x IN (1, 2)`. */
const OPERATOR_WORDS = new Set([
  'and', 'or', 'not', 'in', 'is', 'exists', 'when', 'then', 'else', 'case', 'between', 'like', 'glob', 'regexp',
  'match', 'as', 'on', 'select', 'from', 'where', 'distinct', 'values', 'escape', 'collate', 'end', 'using',
]);

/** Reserved words: an identifier spelling one of these keeps its quotes. */
const RESERVED = new Set([
  'abort', 'action', 'add', 'after', 'all', 'alter', 'always', 'analyze', 'and', 'as', 'asc', 'attach',
  'autoincrement', 'before', 'begin', 'between', 'by', 'cascade', 'case', 'cast', 'check', 'collate', 'column',
  'commit', 'conflict', 'constraint', 'create', 'cross', 'current', 'current_date', 'current_time',
  'current_timestamp', 'database', 'default', 'deferrable', 'deferred', 'delete', 'desc', 'detach', 'distinct',
  'do', 'drop', 'each', 'else', 'end', 'escape', 'except', 'exclude', 'exclusive', 'exists', 'explain', 'fail',
  'filter', 'first', 'following', 'for', 'foreign', 'from', 'full', 'generated', 'glob', 'group', 'groups',
  'having', 'if', 'ignore', 'immediate', 'in', 'index', 'indexed', 'initially', 'inner', 'insert', 'instead',
  'intersect', 'into', 'is', 'isnull', 'join', 'key', 'last', 'left', 'like', 'limit', 'match', 'materialized',
  'natural', 'no', 'not', 'nothing', 'notnull', 'null', 'nulls', 'of', 'offset', 'on', 'or', 'order', 'others',
  'outer', 'over', 'partition', 'plan', 'pragma', 'preceding', 'primary', 'query', 'raise', 'range', 'recursive',
  'references', 'regexp', 'reindex', 'release', 'rename', 'replace', 'restrict', 'returning', 'right', 'rollback',
  'row', 'rows', 'savepoint', 'select', 'set', 'table', 'temp', 'temporary', 'then', 'ties', 'to', 'transaction',
  'trigger', 'true', 'false', 'unbounded', 'union', 'unique', 'update', 'using', 'vacuum', 'values', 'view',
  'virtual', 'when', 'where', 'window', 'with', 'without',
]);

/** Keywords written in upper case, as SQL is usually spelled (`a IS NOT NULL`, `DEFAULT CURRENT_TIMESTAMP`). */
const UPPER_KEYWORDS = new Set([
  'and', 'or', 'not', 'in', 'is', 'null', 'like', 'glob', 'regexp', 'match', 'between', 'exists', 'case', 'when',
  'then', 'else', 'end', 'cast', 'as', 'collate', 'escape', 'distinct', 'current_timestamp', 'current_date',
  'current_time', 'true', 'false', 'asc', 'desc', 'isnull', 'notnull',
]);

const SIMPLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Equivalent operator spellings. */
const OPERATORS: Record<string, string> = { '==': '=', '<>': '!=' };

/** Drops parentheses that wrap the whole token list, as often as they do. */
export function stripOuterParens(tokens: Token[]): Token[] {
  let current = tokens;
  while (current.length >= 2 && isPunct(current[0], '(') && closingParen(current, 0) === current.length - 1) {
    current = current.slice(1, -1);
  }
  return current;
}

function canonicalText(token: Token): string {
  switch (token.kind) {
    case 'word': {
      const word = token.text.toLowerCase();
      return UPPER_KEYWORDS.has(word) ? word.toUpperCase() : word;
    }
    case 'ident': {
      const name = identName(token).toLowerCase();
      return SIMPLE_NAME.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
    }
    case 'op':
      return OPERATORS[token.text] ?? token.text;
    case 'string':
      // X'ab' and x'AB' are the same blob
      return /^x'/i.test(token.text) ? `X${token.text.slice(1).toUpperCase()}` : token.text;
    default:
      return token.text;
  }
}

/** Joins canonical token texts with one space, except around punctuation and before a call's `(`. */
export function joinCanonical(tokens: readonly Token[]): string {
  let out = '';
  let previous: Token | undefined;
  for (const token of tokens) {
    const text = canonicalText(token);
    if (previous !== undefined) {
      const glue =
        isPunct(previous, '(') ||
        isPunct(previous, '.') ||
        isPunct(token, ')') ||
        isPunct(token, ',') ||
        isPunct(token, '.') ||
        (isPunct(token, '(') && (previous.kind === 'ident' || (previous.kind === 'word' && !OPERATOR_WORDS.has(previous.text.toLowerCase()))));
      if (!glue) out += ' ';
    }
    out += text;
    previous = token;
  }
  return out;
}

const isName = (token: Token | undefined): token is Token => token?.kind === 'word' || token?.kind === 'ident';

/** `"todos"."done"` → `"done"` in an expression on todos: within its own table a column needs no qualifier. */
function stripOwnQualifier(tokens: Token[], table: string): Token[] {
  const own = table.toLowerCase();
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const qualifier =
      isName(token) && identName(token).toLowerCase() === own && isPunct(tokens[i + 1], '.') && isName(tokens[i + 2]) && !isPunct(tokens[i - 1], '.');
    if (qualifier) i++; // skip the name and its dot
    else out.push(token);
  }
  return out;
}

/** The canonical spelling of an SQL expression (on `context.table`, whose own qualifier it drops). */
export function canonicalExpression(sql: string, context?: ExpressionContext): string {
  const tokens = stripOuterParens(tokenize(sql));
  return joinCanonical(context ? stripOwnQualifier(tokens, context.table) : tokens);
}

/** True when the expression names the column (case-insensitively), other than as a function name. */
export function referencesColumn(sql: string, column: string): boolean {
  const wanted = column.toLowerCase();
  const tokens = tokenize(sql);
  return tokens.some(
    (token, i) =>
      (token.kind === 'word' || token.kind === 'ident') &&
      identName(token).toLowerCase() === wanted &&
      !(token.kind === 'word' && isPunct(tokens[i + 1], '(')),
  );
}
