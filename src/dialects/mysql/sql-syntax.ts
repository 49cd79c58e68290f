// MySQL/MariaDB lexical rules (sql_mode without ANSI_QUOTES or NO_BACKSLASH_ESCAPES) and what the
// mariadb/mysql command-line client does with a script (client/mysql.cc add_line), as data for the shared lexer.
import type { SqlSyntax } from '../shared/sql-lexer.js';

export const mysqlSqlSyntax: SqlSyntax = {
  backslashEscapes: true,
  stringPrefixes: 'bxn',
  escapeStringPrefixes: '',
  doubleQuotes: 'string',
  identifierQuotes: '`',
  dollarQuotes: false,
  params: { dollarNumbers: false, question: true, namedPrefixes: '' },
  hashComments: true,
  dashCommentNeedsSpace: true,
  nestedComments: false,
  executableComments: true,
  wordsMayStartWithDigit: true,
  operators: ['<=>', '->>', '<>', '!=', '>=', '<=', '<<', '>>', '&&', '||', ':=', '->'],
  operatorChars: '+-*/<>=~!@%^&|?',
  // compound statements (CREATE PROCEDURE … BEGIN …; END) need the client's DELIMITER; the server splits them itself
  statements: { parenthesesHoldSemicolons: false, bodyStatements: [], serverSplits: true },
  client: { delimiterCommand: true, dashCommentAtStatementStart: true, stripsComments: true, backslashCommands: [] },
};
