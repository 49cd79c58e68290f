// The SQL syntax of each dialect by name, for readers of SQL text that do not load a whole dialect (the .sql
// migration loader, lint). Each dialect's rules live in dialects/<d>/sql-syntax.ts.
import type { DialectName } from '../dialect-name.js';
import { mysqlSqlSyntax } from './mysql/sql-syntax.js';
import { postgresSqlSyntax } from './postgres/sql-syntax.js';
import type { SqlSyntax } from './shared/sql-lexer.js';
import { sqliteSqlSyntax } from './sqlite/sql-syntax.js';

const SYNTAX: Record<DialectName, SqlSyntax> = { postgres: postgresSqlSyntax, mysql: mysqlSqlSyntax, sqlite: sqliteSqlSyntax };

export function sqlSyntaxOf(dialect: DialectName): SqlSyntax {
  return SYNTAX[dialect];
}
