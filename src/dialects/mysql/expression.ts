// SQL expression text in one canonical spelling, so a model's `length(description) > 0` and MariaDB's re-printed
// `octet_length(`description`) > 0` compare equal. MariaDB re-prints check constraints, generated columns and
// expression defaults from its parse tree: lower case, backquoted names, no space after commas, parentheses only
// where precedence needs them, and some functions under another name. This applies the same rewrites to any
// spelling; rewrites it cannot mirror (e.g. `NOT (a = 3)` printed as `a <> 3`) only converge when the model
// spells them as MariaDB prints them.
import { codeTokens, lexSql, quotedName } from '../shared/sql-lexer.js';
import { quoteMysqlString, unquoteMysqlString } from './literal.js';
import { mysqlSqlSyntax } from './sql-syntax.js';

type TokenKind = 'string' | 'ident' | 'number' | 'word' | 'op' | 'punct';

interface Token {
  kind: TokenKind;
  text: string;
}

/** Functions MariaDB prints under another name. */
const FUNCTION_SYNONYMS: Record<string, string> = {
  lower: 'lcase',
  upper: 'ucase',
  substring: 'substr',
  character_length: 'char_length',
  length: 'octet_length',
  now: 'current_timestamp',
  localtimestamp: 'current_timestamp',
  localtime: 'current_timestamp',
  current_date: 'curdate',
  current_time: 'curtime',
};

/** Niladic functions MariaDB prints with parentheses. */
const NILADIC = new Set(['current_timestamp', 'curdate', 'curtime', 'current_user', 'utc_timestamp', 'utc_date', 'utc_time']);

const OPERATOR_SYNONYMS: Record<string, string> = { '!=': '<>', '&&': 'and', '||': 'or', '%': 'mod', '!': 'not' };

const OPERATORS = ['<=>', '->>', '<>', '!=', '>=', '<=', '<<', '>>', '&&', '||', ':=', '->', '=', '<', '>', '+', '-', '*', '/', '%', '!', '~', '^', '&', '|'];

/** Words that are operators or syntax, never function names: `in (` is not a call. */
const KEYWORDS = new Set([
  'and', 'or', 'xor', 'not', 'in', 'is', 'like', 'rlike', 'regexp', 'between', 'case', 'when', 'then', 'else',
  'end', 'exists', 'escape', 'as', 'mod', 'div', 'sounds', 'interval', 'null', 'select', 'from', 'where', 'any',
  'all', 'some', 'binary', 'collate', 'distinct', 'using', 'on',
]);

/** Reserved words: a backquoted name spelling one of these keeps its quotes. */
const RESERVED = new Set([
  ...KEYWORDS, 'add', 'alter', 'asc', 'by', 'check', 'column', 'constraint', 'create', 'current_date',
  'current_time', 'current_timestamp', 'current_user', 'default', 'delete', 'desc', 'drop', 'false', 'for',
  'foreign', 'group', 'having', 'index', 'insert', 'into', 'join', 'key', 'left', 'limit', 'order', 'primary',
  'references', 'right', 'set', 'table', 'to', 'true', 'union', 'unique', 'update', 'values', 'with',
]);

/** The lexer's tokens in this normaliser's vocabulary: names unquoted, strings in one quoting, words lower case. */
function tokenize(sql: string): Token[] {
  return codeTokens(lexSql(sql, mysqlSqlSyntax)).map((token): Token => {
    switch (token.kind) {
      case 'quoted':
        return { kind: 'ident', text: quotedName(token) };
      case 'string':
        return { kind: 'string', text: quoteMysqlString(unquoteMysqlString(token.text)) };
      case 'number':
      case 'word':
        return { kind: token.kind, text: token.text.toLowerCase() };
      case 'operator':
        return { kind: OPERATORS.includes(token.text) ? 'op' : 'punct', text: token.text };
      default:
        return { kind: 'punct', text: token.text };
    }
  });
}

/** Synonyms, quotes and niladic parentheses in MariaDB's spelling. */
function rewrite(tokens: Token[]): Token[] {
  const out: Token[] = [];
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    if (token.kind === 'ident') {
      const bare = /^[a-z_][a-z0-9_$]*$/i.test(token.text) && !RESERVED.has(token.text.toLowerCase());
      out.push(bare ? { kind: 'word', text: token.text.toLowerCase() } : { kind: 'ident', text: `\`${token.text.replace(/`/g, '``')}\`` });
      return;
    }
    if (token.kind === 'op' && OPERATOR_SYNONYMS[token.text]) {
      const text = OPERATOR_SYNONYMS[token.text] ?? token.text;
      out.push({ kind: /^[a-z]/.test(text) ? 'word' : 'op', text });
      return;
    }
    if (token.kind !== 'word') {
      out.push(token);
      return;
    }
    const last = out[out.length - 1];
    const afterIs = last?.text === 'is' || (last?.text === 'not' && out[out.length - 2]?.text === 'is');
    if ((token.text === 'true' || token.text === 'false') && !afterIs) {
      out.push({ kind: 'number', text: token.text === 'true' ? '1' : '0' });
      return;
    }
    const name = FUNCTION_SYNONYMS[token.text] ?? token.text;
    out.push({ kind: 'word', text: name });
    if (NILADIC.has(name) && next?.text !== '(') out.push({ kind: 'punct', text: '(' }, { kind: 'punct', text: ')' });
  });
  return out;
}

// A tree of parenthesised groups, so redundant grouping parentheses can be dropped by precedence.
type Node = Token | Group;
interface Group {
  kind: 'group';
  items: Node[];
}

const isGroup = (node: Node | undefined): node is Group => node?.kind === 'group';

function nest(tokens: Token[]): Node[] {
  const root: Group = { kind: 'group', items: [] };
  const stack: Group[] = [root];
  for (const token of tokens) {
    const top = stack[stack.length - 1] ?? root;
    if (token.text === '(' && token.kind === 'punct') {
      const group: Group = { kind: 'group', items: [] };
      top.items.push(group);
      stack.push(group);
    } else if (token.text === ')' && token.kind === 'punct' && stack.length > 1) {
      stack.pop();
    } else {
      top.items.push(token);
    }
  }
  return root.items;
}

const COMPARISON = new Set(['=', '<=>', '>=', '>', '<=', '<', '<>', 'is', 'like', 'rlike', 'regexp', 'in', 'between', 'sounds']);

/** Binding strength of a binary or prefix operator token (MySQL's table); undefined for operands. */
function precedenceOf(node: Node | undefined, previous: Node | undefined): number | undefined {
  if (node === undefined || isGroup(node)) return undefined;
  const text = node.text;
  if (node.kind === 'word') {
    if (text === 'or') return 1;
    if (text === 'xor') return 2;
    if (text === 'and') return 3;
    if (text === 'not') return previous?.kind === 'word' && previous.text === 'is' ? 6 : 4;
    if (COMPARISON.has(text)) return 6;
    if (text === 'mod' || text === 'div') return 11;
    return undefined;
  }
  if (node.kind !== 'op') return undefined;
  if (COMPARISON.has(text)) return 6;
  if (text === '|') return 7;
  if (text === '&') return 8;
  if (text === '<<' || text === '>>') return 9;
  if (text === '+' || text === '-') return isUnary(previous) ? 13 : 10;
  if (text === '*' || text === '/') return 11;
  if (text === '^') return 12;
  if (text === '~') return 13;
  return 5;
}

// `between x and y`: that `and` binds like a comparison; marked while scanning each level.
const betweenAnds = new WeakSet<Token>();

/** A `-`/`+` is unary at the start, after an operator, a keyword operator or a comma. */
function isUnary(previous: Node | undefined): boolean {
  if (previous === undefined) return true;
  if (isGroup(previous)) return false;
  if (previous.kind === 'op' || (previous.kind === 'punct' && previous.text === ',')) return true;
  return previous.kind === 'word' && KEYWORDS.has(previous.text) && previous.text !== 'end' && previous.text !== 'null';
}

/** Marks the `and` of each `between … and …` at this level. */
function markBetweenAnds(items: Node[]): void {
  let pending = 0;
  for (const item of items) {
    if (isGroup(item)) continue;
    if (item.kind === 'word' && item.text === 'between') pending++;
    else if (item.kind === 'word' && item.text === 'and' && pending > 0) {
      betweenAnds.add(item);
      pending--;
    }
  }
}

function bindingOf(item: Node | undefined, previous: Node | undefined): number | undefined {
  if (item !== undefined && !isGroup(item) && betweenAnds.has(item)) return 6;
  return precedenceOf(item, previous);
}

/** The loosest operator at the top level of a group (CASE … END counts as one operand); Infinity for none. */
function loosestInside(items: Node[]): number {
  let loosest = Infinity;
  let depth = 0;
  items.forEach((item, i) => {
    if (!isGroup(item) && item.kind === 'word' && item.text === 'case') depth++;
    else if (!isGroup(item) && item.kind === 'word' && item.text === 'end' && depth > 0) depth--;
    else if (depth === 0) {
      const p = bindingOf(item, items[i - 1]);
      if (p !== undefined) loosest = Math.min(loosest, p);
    }
  });
  return loosest;
}

const LOGICAL = new Set([1, 2, 3]);

function hasTopLevelComma(items: Node[]): boolean {
  return items.some((item) => !isGroup(item) && item.kind === 'punct' && item.text === ',');
}

/** A group right after a function name or IN is an argument list, never a grouping. */
function isArgumentList(previous: Node | undefined, group: Group): boolean {
  if (hasTopLevelComma(group.items) || group.items.length === 0) return true;
  if (previous === undefined || isGroup(previous)) return false;
  if (previous.kind === 'ident') return true;
  if (previous.kind !== 'word') return false;
  return !KEYWORDS.has(previous.text) || previous.text === 'in' || previous.text === 'exists' || previous.text === 'using';
}

/** Drops grouping parentheses that precedence makes redundant, innermost first. */
function simplify(items: Node[]): Node[] {
  for (const item of items) if (isGroup(item)) item.items = simplify(item.items);
  markBetweenAnds(items);
  const out: Node[] = [];
  items.forEach((item, i) => {
    const previous = out[out.length - 1];
    if (!isGroup(item) || isArgumentList(previous, item)) {
      out.push(item);
      return;
    }
    const inner = loosestInside(item.items);
    const left = bindingOf(previous, out[out.length - 2]) ?? 0;
    const right = bindingOf(items[i + 1], item) ?? 0;
    const sameLogical = (p: number): boolean => p === inner && LOGICAL.has(p);
    const fitsLeft = inner > left || sameLogical(left);
    // left associative: `(a - b) - c` needs no parentheses, `a - (b - c)` does
    const fitsRight = inner >= right;
    if (fitsLeft && fitsRight) out.push(...item.items);
    else out.push(item);
  });
  return out;
}

/** A name directly followed by its argument list. */
function isFunctionName(node: Node | undefined): boolean {
  if (node === undefined || isGroup(node)) return false;
  return node.kind === 'ident' || (node.kind === 'word' && !KEYWORDS.has(node.text));
}

function render(items: Node[]): string {
  let text = '';
  let previous: Node | undefined;
  let unaryPending = false;
  for (const item of items) {
    const piece = isGroup(item) ? `(${render(item.items)})` : item.text;
    let glue = ' ';
    if (text === '' || unaryPending) glue = '';
    else if (!isGroup(item) && item.kind === 'punct' && (item.text === ',' || item.text === '.')) glue = '';
    else if (!isGroup(previous) && previous?.kind === 'punct' && (previous.text === ',' || previous.text === '.')) glue = '';
    else if (isGroup(item) && isFunctionName(previous)) glue = '';
    unaryPending = !isGroup(item) && item.kind === 'op' && (item.text === '-' || item.text === '+' || item.text === '~') && isUnary(previous);
    text += glue + piece;
    previous = item;
  }
  return text;
}

/** The canonical spelling of a MySQL expression (see the file comment). */
export function canonicalMysqlExpression(sql: string): string {
  let items = simplify(nest(rewrite(tokenize(sql))));
  // outer parentheses around the whole expression
  while (items.length === 1 && isGroup(items[0]) && !hasTopLevelComma(items[0].items)) items = items[0].items;
  return render(items);
}
