// Reading CREATE TABLE and CREATE INDEX text as SQLite keeps it in sqlite_master: constraint names, CHECK
// expressions, generated columns, AUTOINCREMENT and the clauses the PRAGMAs do not report.
import type { ReferentialAction } from '../../schema/types.js';
import {
  closingParen,
  identName,
  isPunct,
  isWord,
  sourceOf,
  splitTopLevel,
  tokenize,
  type Token,
} from './tokenize.js';

export interface ParsedForeignKey {
  name?: string;
  columns: string[];
  refTable: string;
  /** empty when the clause names no columns (the parent's primary key) */
  refColumns: string[];
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  /** `DEFERRABLE INITIALLY DEFERRED` and the like, verbatim */
  deferrable?: string;
}

export interface ParsedCheck {
  name?: string;
  expression: string;
}

export interface ParsedColumn {
  name: string;
  declaredType: string;
  primaryKey?: { name?: string; autoincrement: boolean };
  unique?: { name?: string };
  collate?: string;
  default?: string;
  generated?: { expression: string; stored: boolean };
}

export interface ParsedTable {
  columns: ParsedColumn[];
  primaryKey?: { name?: string; columns: string[] };
  uniques: { name?: string; columns: string[] }[];
  /** table-level and column-level CHECKs, with the column for a column-level one */
  checks: (ParsedCheck & { column?: string })[];
  foreignKeys: ParsedForeignKey[];
  /** what follows the column list: `WITHOUT ROWID`, `STRICT` */
  options: string;
}

/** Reads tokens left to right; every read is bounds-safe. */
class Cursor {
  pos = 0;
  constructor(
    readonly tokens: readonly Token[],
    readonly sql: string,
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  /** Consumes the words if they come next (case-insensitive), else consumes nothing. */
  accept(...words: string[]): boolean {
    if (!words.every((w, i) => isWord(this.peek(i), w))) return false;
    this.pos += words.length;
    return true;
  }

  name(): string {
    const token = this.tokens[this.pos++];
    return token ? identName(token) : '';
  }

  /** The tokens of a parenthesised group at the cursor (without the parentheses), consumed. */
  group(): Token[] {
    if (!isPunct(this.peek(), '(')) return [];
    const close = closingParen(this.tokens, this.pos);
    const end = close === -1 ? this.tokens.length : close;
    const inner = this.tokens.slice(this.pos + 1, end);
    this.pos = end + 1;
    return inner;
  }

  /** Skips `ON CONFLICT <resolution>`. */
  skipConflictClause(): void {
    if (this.accept('on', 'conflict')) this.pos++;
  }
}

/** Column names of an indexed-column list: `(a, b DESC, c COLLATE nocase)` → a, b, c. */
function columnNames(tokens: Token[]): string[] {
  return splitTopLevel(tokens).map((part) => (part[0] ? identName(part[0]) : ''));
}

const ACTIONS: Record<string, ReferentialAction> = {
  'set null': 'set null',
  'set default': 'set default',
  cascade: 'cascade',
  restrict: 'restrict',
  'no action': 'no action',
};

function readAction(cursor: Cursor): ReferentialAction | undefined {
  for (const words of [['set', 'null'], ['set', 'default'], ['cascade'], ['restrict'], ['no', 'action']]) {
    if (cursor.accept(...words)) return ACTIONS[words.join(' ')];
  }
  cursor.pos++;
  return undefined;
}

/** `REFERENCES parent (cols) ON DELETE … ON UPDATE … MATCH … DEFERRABLE …` (REFERENCES already consumed). */
function readReferences(cursor: Cursor, columns: string[], name: string | undefined): ParsedForeignKey {
  const fk: ParsedForeignKey = { columns, refTable: cursor.name(), refColumns: [] };
  if (name !== undefined) fk.name = name;
  // schema.table: SQLite only allows the bare name here, but read past a qualified one
  if (isPunct(cursor.peek(), '.')) {
    cursor.pos++;
    fk.refTable = cursor.name();
  }
  fk.refColumns = columnNames(cursor.group());
  for (;;) {
    if (cursor.accept('on', 'delete')) {
      const action = readAction(cursor);
      if (action) fk.onDelete = action;
    } else if (cursor.accept('on', 'update')) {
      const action = readAction(cursor);
      if (action) fk.onUpdate = action;
    } else if (cursor.accept('match')) {
      cursor.pos++;
    } else if (isWord(cursor.peek(), 'not', 'deferrable')) {
      const start = cursor.pos;
      cursor.accept('not');
      cursor.accept('deferrable');
      if (cursor.accept('initially')) cursor.pos++;
      fk.deferrable = sourceOf(cursor.sql, cursor.tokens.slice(start, cursor.pos));
    } else {
      return fk;
    }
  }
}

const COLUMN_CONSTRAINT_WORDS = [
  'constraint', 'primary', 'not', 'null', 'unique', 'check', 'default', 'collate', 'references', 'generated', 'as',
];

function readDefault(cursor: Cursor): string {
  const start = cursor.pos;
  if (isPunct(cursor.peek(), '(')) {
    cursor.group();
  } else {
    const sign = cursor.peek();
    if (sign?.kind === 'op' && (sign.text === '-' || sign.text === '+')) cursor.pos++;
    cursor.pos++;
  }
  return sourceOf(cursor.sql, cursor.tokens.slice(start, cursor.pos));
}

function readColumn(tokens: Token[], sql: string, table: ParsedTable): void {
  const cursor = new Cursor(tokens, sql);
  const column: ParsedColumn = { name: cursor.name(), declaredType: '' };
  const typeStart = cursor.pos;
  let depth = 0;
  while (!cursor.done()) {
    const token = cursor.peek();
    if (isPunct(token, '(')) depth++;
    if (isPunct(token, ')')) depth--;
    if (depth === 0 && token?.kind === 'word' && COLUMN_CONSTRAINT_WORDS.includes(token.text.toLowerCase())) break;
    cursor.pos++;
  }
  column.declaredType = sourceOf(sql, tokens.slice(typeStart, cursor.pos));
  let name: string | undefined;
  while (!cursor.done()) {
    if (cursor.accept('constraint')) {
      name = cursor.name();
      continue;
    }
    if (cursor.accept('primary', 'key')) {
      cursor.accept('asc') || cursor.accept('desc');
      cursor.skipConflictClause();
      const autoincrement = cursor.accept('autoincrement');
      column.primaryKey = { ...(name !== undefined ? { name } : {}), autoincrement };
      table.primaryKey = { ...(name !== undefined ? { name } : {}), columns: [column.name] };
    } else if (cursor.accept('not', 'null') || cursor.accept('null')) {
      cursor.skipConflictClause();
    } else if (cursor.accept('unique')) {
      cursor.skipConflictClause();
      column.unique = name !== undefined ? { name } : {};
      table.uniques.push({ ...(name !== undefined ? { name } : {}), columns: [column.name] });
    } else if (cursor.accept('check')) {
      const expression = sourceOf(sql, cursor.group());
      table.checks.push({ ...(name !== undefined ? { name } : {}), expression, column: column.name });
    } else if (cursor.accept('default')) {
      column.default = readDefault(cursor);
    } else if (cursor.accept('collate')) {
      column.collate = cursor.name();
    } else if (cursor.accept('references')) {
      table.foreignKeys.push(readReferences(cursor, [column.name], name));
    } else if (cursor.accept('generated', 'always', 'as') || cursor.accept('as')) {
      const expression = sourceOf(sql, cursor.group());
      const stored = cursor.accept('stored');
      if (!stored) cursor.accept('virtual');
      column.generated = { expression, stored };
    } else {
      cursor.pos++;
    }
    name = undefined;
  }
  table.columns.push(column);
}

function readTableConstraint(tokens: Token[], sql: string, table: ParsedTable): void {
  const cursor = new Cursor(tokens, sql);
  const name = cursor.accept('constraint') ? cursor.name() : undefined;
  const named = name !== undefined ? { name } : {};
  if (cursor.accept('primary', 'key')) {
    table.primaryKey = { ...named, columns: columnNames(cursor.group()) };
  } else if (cursor.accept('unique')) {
    table.uniques.push({ ...named, columns: columnNames(cursor.group()) });
  } else if (cursor.accept('check')) {
    table.checks.push({ ...named, expression: sourceOf(sql, cursor.group()) });
  } else if (cursor.accept('foreign', 'key')) {
    const columns = columnNames(cursor.group());
    if (cursor.accept('references')) table.foreignKeys.push(readReferences(cursor, columns, name));
  }
}

const TABLE_CONSTRAINT_START = ['constraint', 'primary', 'unique', 'check', 'foreign'];

/** The parts of a CREATE TABLE statement; unknown clauses are skipped, never fatal. */
export function parseCreateTable(sql: string): ParsedTable {
  const tokens = tokenize(sql);
  const table: ParsedTable = { columns: [], uniques: [], checks: [], foreignKeys: [], options: '' };
  const open = tokens.findIndex((t) => isPunct(t, '('));
  if (open === -1) return table;
  const close = closingParen(tokens, open);
  const body = tokens.slice(open + 1, close === -1 ? tokens.length : close);
  for (const item of splitTopLevel(body)) {
    const first = item[0];
    // `"primary"` quoted is a column name; only the bare words start a table constraint
    if (first?.kind === 'word' && TABLE_CONSTRAINT_START.includes(first.text.toLowerCase())) {
      readTableConstraint(item, sql, table);
    } else if (first) {
      readColumn(item, sql, table);
    }
  }
  if (close !== -1) table.options = sourceOf(sql, tokens.slice(close + 1).filter((t) => !isPunct(t, ';')));
  return table;
}

export interface ParsedIndex {
  /** each indexed part's text, ASC/DESC and COLLATE included */
  parts: string[];
  where?: string;
}

/** The indexed parts and the WHERE clause of a CREATE INDEX statement. */
export function parseCreateIndex(sql: string): ParsedIndex {
  const tokens = tokenize(sql);
  const on = tokens.findIndex((t) => isWord(t, 'on'));
  const open = tokens.findIndex((t, i) => i > on && isPunct(t, '('));
  if (on === -1 || open === -1) return { parts: [] };
  const close = closingParen(tokens, open);
  const end = close === -1 ? tokens.length : close;
  const parts = splitTopLevel(tokens.slice(open + 1, end)).map((part) => sourceOf(sql, part));
  const rest = tokens.slice(end + 1);
  const index: ParsedIndex = { parts };
  if (isWord(rest[0], 'where')) index.where = sourceOf(sql, rest.slice(1).filter((t) => !isPunct(t, ';')));
  return index;
}
