// PostgreSQL's lexical rules (scan.l) and psql's statement splitting (psqlscan.l), as data for the shared lexer.
import type { SqlSyntax } from '../shared/sql-lexer.js';

export const postgresSqlSyntax: SqlSyntax = {
  // standard_conforming_strings is on (the default since 9.1): only E'…' strings take backslash escapes
  backslashEscapes: false,
  stringPrefixes: 'ebxnu',
  escapeStringPrefixes: 'e',
  doubleQuotes: 'identifier',
  identifierQuotes: '',
  dollarQuotes: true,
  params: { dollarNumbers: true, question: false, namedPrefixes: '' },
  hashComments: false,
  dashCommentNeedsSpace: false,
  nestedComments: true,
  executableComments: false,
  wordsMayStartWithDigit: false,
  operators: 'postgres',
  operatorChars: '+-*/<>=~!@#%^&|`?',
  statements: {
    parenthesesHoldSemicolons: true,
    bodyStatements: [
      ['create', 'function'],
      ['create', 'procedure'],
      ['create', 'or', 'replace', 'function'],
      ['create', 'or', 'replace', 'procedure'],
    ],
    serverSplits: false,
  },
  client: {
    delimiterCommand: false,
    dashCommentAtStatementStart: false,
    stripsComments: false,
    // psql's own settings and messages: a script with them (pg_dump's \restrict lines) runs as psql runs it. Commands
    // that send or read something (\i, \copy, \connect, \g…) are not among them: the server refuses them.
    backslashCommands: ['restrict', 'unrestrict', 'set', 'unset', 'echo', 'qecho', 'warn', 'timing', 'pset', 'encoding'],
  },
};
