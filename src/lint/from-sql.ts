// Raw SQL (op.execute, .sql migrations) → actions, by statement shape. Light-weight on purpose: comments and
// literals are gone before matching (sql-tokens.ts, on the shared lexer); anything unrecognised is ignored
// rather than guessed.
import type { SqlSyntax } from '../dialects/shared/sql-lexer.js';
import { splitSqlStatements } from '../dialects/shared/sql-statements.js';
import { parsePgType } from '../dialects/postgres/types.js';
import type { ColumnType } from '../schema/types.js';
import { inDefaultSchema, tableKey, type Action, type ConstraintKind, type TableKey } from './actions.js';
import { isSerialTypeWord, notNullCheckColumn, volatileCall } from './postgres-facts.js';
import { hasSequence, hasWord, lintTokens, splitTopLevel, TokenCursor, type Token } from './sql-tokens.js';

/**
 * Every statement of an SQL text (several may share one op.execute call), split as the runner splits them;
 * `defaultSchema`: the schema a bare name lives in (Dialect.defaultSchema).
 */
export function actionsOfSql(sql: string, syntax: SqlSyntax, defaultSchema: string): Action[] {
  const actions = splitSqlStatements(sql, syntax).flatMap((statement) => actionsOfStatement(lintTokens(statement.tokens, syntax)));
  return inDefaultSchema(actions, defaultSchema);
}

function keyOf(cursor: TokenCursor): TableKey | undefined {
  const name = cursor.qualifiedName();
  return name ? tableKey(name) : undefined;
}

export function actionsOfStatement(tokens: Token[]): Action[] {
  const c = new TokenCursor(tokens);
  if (c.accept('create')) return createStatement(c);
  if (c.accept('alter', 'table')) return alterTable(c);
  if (c.accept('drop', 'table')) {
    c.accept('if', 'exists');
    return splitTopLevel(c.rest()).flatMap((part) => {
      const table = keyOf(new TokenCursor(part));
      return table ? [{ kind: 'dropTable', table } as const] : [];
    });
  }
  if (c.accept('drop', 'index')) {
    const concurrently = c.accept('concurrently');
    c.accept('if', 'exists');
    const name = c.qualifiedName();
    return [{ kind: 'dropIndex', name: name?.name ?? '?', concurrently }];
  }
  if (c.accept('update')) {
    c.accept('only');
    const table = keyOf(c);
    return table ? [{ kind: 'dml', table, verb: 'UPDATE' }] : [];
  }
  if (c.accept('delete', 'from')) {
    c.accept('only');
    const table = keyOf(c);
    return table ? [{ kind: 'dml', table, verb: 'DELETE' }] : [];
  }
  if (c.accept('truncate')) {
    c.accept('table');
    c.accept('only');
    const table = keyOf(c);
    return [{ kind: 'tableLock', ...(table ? { table } : {}), what: 'TRUNCATE' }];
  }
  if (c.accept('lock')) {
    c.accept('table');
    c.accept('only');
    const table = keyOf(c);
    return [{ kind: 'tableLock', ...(table ? { table } : {}), what: 'LOCK TABLE' }];
  }
  if (c.isWord('set') || c.isWord('select') || c.isWord('reset')) return settingStatement(c);
  if (c.isWord('begin') || c.accept('start', 'transaction') || c.isWord('commit') || c.isWord('end') || c.isWord('abort')) {
    return [{ kind: 'transactionControl', statement: statementHead(tokens) }];
  }
  if (c.isWord('rollback') && !c.isWord('to', 1)) return [{ kind: 'transactionControl', statement: 'ROLLBACK' }];
  if (c.accept('reindex')) {
    return hasWord(c.rest(), 'concurrently') ? [{ kind: 'noTransaction', statement: 'REINDEX CONCURRENTLY' }] : [{ kind: 'tableLock', what: 'REINDEX' }];
  }
  if (c.accept('vacuum')) return [{ kind: 'noTransaction', statement: 'VACUUM' }];
  if (c.accept('refresh', 'materialized', 'view')) {
    return c.accept('concurrently') ? [] : [{ kind: 'tableLock', what: 'REFRESH MATERIALIZED VIEW' }];
  }
  if (c.accept('cluster')) return [{ kind: 'tableLock', what: 'CLUSTER' }];
  return [];
}

function statementHead(tokens: Token[]): string {
  return tokens
    .slice(0, 2)
    .filter((t) => t.kind === 'word')
    .map((t) => t.text.toUpperCase())
    .join(' ');
}

function createStatement(c: TokenCursor): Action[] {
  c.accept('or', 'replace');
  const unique = c.accept('unique');
  if (c.accept('index')) {
    const concurrently = c.accept('concurrently');
    c.accept('if', 'not', 'exists');
    const name = c.isWord('on') ? undefined : c.qualifiedName()?.name;
    if (!c.accept('on')) return [];
    c.accept('only');
    const table = keyOf(c);
    if (!table) return [];
    return [{ kind: 'createIndex', table, ...(name !== undefined ? { name } : {}), concurrently, unique }];
  }
  if (unique) return [];
  while (c.accept('temp') || c.accept('temporary') || c.accept('unlogged') || c.accept('global') || c.accept('local'));
  if (c.accept('table')) {
    c.accept('if', 'not', 'exists');
    const table = keyOf(c);
    if (!table) return [];
    const rest = c.rest();
    return [{ kind: 'createTable', table, refTables: referencedTables(rest), columns: columnsOf(new TokenCursor(rest).group()) }];
  }
  if (c.accept('trigger') || c.accept('constraint', 'trigger')) return [{ kind: 'tableLock', what: 'CREATE TRIGGER' }];
  if (c.accept('database')) return [{ kind: 'noTransaction', statement: 'CREATE DATABASE' }];
  return [];
}

/** The columns (name and type) of a CREATE TABLE's definition list; table constraints and LIKE skipped. */
function columnsOf(definitions: Token[]): Array<{ name: string; type: ColumnType }> {
  return splitTopLevel(definitions).flatMap((part) => {
    const first = part[0];
    if (!first || (first.kind === 'word' && (TABLE_CONSTRAINT_START.has(first.text) || first.text === 'like'))) return [];
    const c = new TokenCursor(part);
    const name = c.identifier();
    const type = name === undefined ? undefined : typeOf(c.rest());
    return name !== undefined && type ? [{ name, type }] : [];
  });
}

/** The type a column definition starts with (up to its first constraint keyword), as PostgreSQL reads it. */
function typeOf(definition: Token[]): ColumnType | undefined {
  const end = definition.findIndex((t) => t.kind === 'word' && COLUMN_CONSTRAINT_START.has(t.text));
  const tokens = end === -1 ? definition : definition.slice(0, end);
  if (tokens.length === 0) return undefined;
  const text = tokens
    .map((t) => (t.kind === 'quoted' ? `"${t.text.replace(/"/g, '""')}"` : t.text))
    .join(' ')
    .replace(/ ?([(\[]) ?/g, '$1')
    .replace(/ ([)\]])/g, '$1')
    .replace(/ ?, ?/g, ',');
  return parsePgType(text);
}

function referencedTables(tokens: Token[]): TableKey[] {
  const tables: TableKey[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind === 'word' && token.text === 'references') {
      const cursor = new TokenCursor(tokens.slice(i + 1));
      const table = keyOf(cursor);
      if (table) tables.push(table);
    }
  }
  return tables;
}

function alterTable(c: TokenCursor): Action[] {
  c.accept('if', 'exists');
  c.accept('only');
  const table = keyOf(c);
  if (!table) return [];
  c.accept('*');
  return splitTopLevel(c.rest()).flatMap((part) => alterTableCommand(table, part));
}

const COLUMN_CONSTRAINT_START = new Set(['not', 'null', 'default', 'constraint', 'primary', 'unique', 'references', 'check', 'generated', 'collate']);
const TABLE_CONSTRAINT_START = new Set(['constraint', 'primary', 'unique', 'foreign', 'check', 'exclude']);

function alterTableCommand(table: TableKey, tokens: Token[]): Action[] {
  const c = new TokenCursor(tokens);
  if (c.accept('rename', 'to')) {
    const name = c.identifier();
    const schema = table.slice(0, table.indexOf('.'));
    return name ? [{ kind: 'renameTable', table, newTable: tableKey({ schema: schema || undefined, name }) }] : [];
  }
  if (c.accept('rename', 'constraint')) return [{ kind: 'tableLock', table, what: 'RENAME CONSTRAINT' }];
  if (c.accept('rename')) {
    c.accept('column');
    const column = c.identifier();
    if (!column || !c.accept('to')) return [];
    const newName = c.identifier();
    return newName ? [{ kind: 'renameColumn', table, column, newName }] : [];
  }
  if (c.accept('add')) {
    if (c.isWord('column') || !TABLE_CONSTRAINT_START.has(c.peek()?.text ?? '') || c.peek()?.kind === 'quoted') {
      c.accept('column');
      c.accept('if', 'not', 'exists');
      return addColumn(table, c);
    }
    return [addConstraint(table, c)];
  }
  if (c.accept('drop', 'constraint')) {
    c.accept('if', 'exists');
    return [{ kind: 'dropConstraint', table, name: c.identifier() ?? '?' }];
  }
  if (c.accept('drop')) {
    if (!c.accept('column') && (c.isWord('default') || c.isWord('not'))) return [{ kind: 'tableLock', table, what: 'ALTER TABLE' }];
    c.accept('if', 'exists');
    const column = c.identifier();
    return column ? [{ kind: 'dropColumn', table, column }] : [];
  }
  if (c.accept('alter')) {
    c.accept('column');
    const column = c.identifier();
    if (!column) return [];
    if (c.accept('set', 'data', 'type') || c.accept('type')) {
      const rest = c.rest();
      const usingAt = rest.findIndex((t) => t.kind === 'word' && t.text === 'using');
      const to = typeOf(usingAt === -1 ? rest : rest.slice(0, usingAt));
      const using = usingAt === -1 ? undefined : rest.slice(usingAt + 1).map((t) => t.text).join(' ');
      // the old type is the run's (an earlier CREATE TABLE or ADD COLUMN), looked up when the rules run
      return to ? [{ kind: 'alterType', table, column, to, ...(using !== undefined ? { using } : {}) }] : [];
    }
    if (c.accept('set', 'not', 'null')) return [{ kind: 'setNotNull', table, column }];
    return [{ kind: 'alterColumnOther', table, column }];
  }
  if (c.accept('validate', 'constraint')) {
    const name = c.identifier();
    return name ? [{ kind: 'validateConstraint', table, name }] : [];
  }
  if (c.accept('detach', 'partition')) {
    c.qualifiedName();
    if (c.accept('concurrently')) return [{ kind: 'noTransaction', statement: 'DETACH PARTITION CONCURRENTLY' }];
  }
  return [{ kind: 'tableLock', table, what: 'ALTER TABLE' }];
}

function addColumn(table: TableKey, c: TokenCursor): Action[] {
  const column = c.identifier();
  if (!column) return [];
  const rest = c.rest();
  const typeEnd = rest.findIndex((t) => t.kind === 'word' && COLUMN_CONSTRAINT_START.has(t.text));
  const typeTokens = typeEnd === -1 ? rest : rest.slice(0, typeEnd);
  const constraints = typeEnd === -1 ? [] : rest.slice(typeEnd);
  const firstTypeWord = typeTokens[0]?.kind === 'word' ? typeTokens[0].text : '';
  const identity = hasSequence(constraints, 'as', 'identity');
  const storedGenerated = hasSequence(constraints, 'generated', 'always', 'as') && hasWord(constraints, 'stored') && !identity;
  const sequence = isSerialTypeWord(firstTypeWord) ? 'serial' : identity ? 'identity' : undefined;
  const defaultTokens = clauseAfter(constraints, 'default');
  const volatileDefault = defaultTokens ? volatileCall(defaultTokens) : undefined;
  const primaryKey = hasSequence(constraints, 'primary', 'key');
  const type = typeOf(typeTokens);
  const actions: Action[] = [
    {
      kind: 'addColumn',
      table,
      column,
      notNull: hasSequence(constraints, 'not', 'null') || primaryKey,
      hasDefault: defaultTokens !== undefined,
      ...(volatileDefault ? { volatileDefault } : {}),
      ...(sequence ? { sequence } : {}),
      storedGenerated,
      ...(type ? { type } : {}),
    },
  ];
  const base = { kind: 'addConstraint', table, notValid: hasSequence(constraints, 'not', 'valid'), usingIndex: false, viaColumn: column } as const;
  if (primaryKey) actions.push({ ...base, type: 'primaryKey' });
  if (hasWord(constraints, 'unique')) actions.push({ ...base, type: 'unique' });
  const refAt = constraints.findIndex((t) => t.kind === 'word' && t.text === 'references');
  if (refAt !== -1) {
    const refTable = keyOf(new TokenCursor(constraints.slice(refAt + 1)));
    actions.push({ ...base, type: 'foreignKey', ...(refTable ? { refTable } : {}) });
  }
  const checkAt = constraints.findIndex((t) => t.kind === 'word' && t.text === 'check');
  if (checkAt !== -1) actions.push({ ...base, type: 'check' });
  return actions;
}

/** The tokens of a column clause (`default …`) up to the next constraint keyword at the same depth. */
function clauseAfter(tokens: Token[], word: string): Token[] | undefined {
  const at = tokens.findIndex((t) => t.kind === 'word' && t.text === word);
  if (at === -1) return undefined;
  const clause: Token[] = [];
  let depth = 0;
  for (const token of tokens.slice(at + 1)) {
    if (token.kind === 'punct' && token.text === '(') depth++;
    if (token.kind === 'punct' && token.text === ')') depth--;
    if (depth === 0 && token.kind === 'word' && COLUMN_CONSTRAINT_START.has(token.text) && token.text !== 'null') break;
    clause.push(token);
  }
  return clause;
}

function addConstraint(table: TableKey, c: TokenCursor): Action {
  const name = c.accept('constraint') ? c.identifier() : undefined;
  const rest = c.rest();
  const notValid = hasSequence(rest, 'not', 'valid');
  const usingIndex = hasSequence(rest, 'using', 'index');
  let type: ConstraintKind = 'check';
  let refTable: TableKey | undefined;
  let notNullColumn: string | undefined;
  if (c.accept('primary', 'key')) type = 'primaryKey';
  else if (c.accept('unique')) type = 'unique';
  else if (c.accept('exclude')) type = 'exclude';
  else if (c.accept('foreign', 'key')) {
    type = 'foreignKey';
    c.group();
    if (c.accept('references')) refTable = keyOf(c);
  } else if (c.accept('check')) {
    notNullColumn = notNullCheckColumn(c.group());
  }
  return {
    kind: 'addConstraint',
    table,
    type,
    ...(name !== undefined ? { name } : {}),
    notValid,
    usingIndex,
    ...(notNullColumn !== undefined ? { notNullColumn } : {}),
    ...(refTable !== undefined ? { refTable } : {}),
  };
}

/** SET [SESSION|LOCAL] lock_timeout …, or SELECT set_config('lock_timeout', …, is_local). */
function settingStatement(c: TokenCursor): Action[] {
  if (c.accept('set')) {
    const local = c.accept('local');
    c.accept('session');
    return c.isWord('lock_timeout') ? [{ kind: 'lockTimeout', local }] : [];
  }
  const tokens = c.rest();
  for (let i = 0; i + 2 < tokens.length; i++) {
    const [fn, open, name] = [tokens[i], tokens[i + 1], tokens[i + 2]] as [Token, Token, Token];
    if (fn.kind === 'word' && fn.text === 'set_config' && open.text === '(' && name.kind === 'string' && name.text.toLowerCase() === 'lock_timeout') {
      const args = splitTopLevel(new TokenCursor(tokens.slice(i + 1)).group());
      return [{ kind: 'lockTimeout', local: args[2]?.[0]?.text === 'true' }];
    }
  }
  return [];
}
