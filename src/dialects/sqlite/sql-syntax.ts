// SQLite's lexical rules (tokenize.c) and the sqlite3 shell's statement splitting (sqlite3_complete), as data
// for the shared lexer.
import type { SqlSyntax } from '../shared/sql-lexer.js';

export const sqliteSqlSyntax: SqlSyntax = {
  backslashEscapes: false,
  stringPrefixes: 'x',
  escapeStringPrefixes: '',
  doubleQuotes: 'identifier',
  identifierQuotes: '`[',
  dollarQuotes: false,
  params: { dollarNumbers: false, question: true, namedPrefixes: ':@$' },
  hashComments: false,
  dashCommentNeedsSpace: false,
  nestedComments: false,
  executableComments: false,
  wordsMayStartWithDigit: false,
  operators: ['->>', '||', '<<', '>>', '<=', '>=', '==', '!=', '<>', '->'],
  operatorChars: '+-*/<>=~!&|%',
  statements: {
    parenthesesHoldSemicolons: false,
    bodyStatements: [
      ['create', 'trigger'],
      ['create', 'temp', 'trigger'],
      ['create', 'temporary', 'trigger'],
    ],
    serverSplits: false,
  },
  client: { delimiterCommand: false, dashCommentAtStatementStart: false, stripsComments: false, backslashCommands: [] },
};
