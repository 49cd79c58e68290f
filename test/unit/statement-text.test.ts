import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { mysqlSqlSyntax } from '../../src/dialects/mysql/sql-syntax.js';
import { postgresSqlSyntax } from '../../src/dialects/postgres/sql-syntax.js';
import type { SqlSyntax } from '../../src/dialects/shared/sql-lexer.js';
import { withoutTerminator, withoutTerminatorByTokens } from '../../src/dialects/shared/statement-text.js';
import { sqliteSqlSyntax } from '../../src/dialects/sqlite/sql-syntax.js';

const SYNTAXES: Record<string, SqlSyntax> = { postgres: postgresSqlSyntax, mysql: mysqlSqlSyntax, sqlite: sqliteSqlSyntax };

describe('withoutTerminator', () => {
  test('cuts the terminator and the comments and space around it, nothing else', () => {
    const pg = postgresSqlSyntax;
    assert.equal(withoutTerminator('CREATE TABLE "t" (\n  "a" integer\n)', pg), 'CREATE TABLE "t" (\n  "a" integer\n)');
    assert.equal(withoutTerminator('SELECT 1;', pg), 'SELECT 1');
    assert.equal(withoutTerminator('SELECT 1 ; -- done\n', pg), 'SELECT 1');
    assert.equal(withoutTerminator('SELECT 1 /* a; */', pg), 'SELECT 1');
    assert.equal(withoutTerminator("SELECT 'a;b'", pg), "SELECT 'a;b'");
    assert.equal(withoutTerminator('SELECT 1  ', pg), 'SELECT 1  ');
    assert.equal(withoutTerminator('-- only a comment', pg), '');
    assert.equal(withoutTerminator('', pg), '');
  });

  test("a `#` is a comment on MySQL only", () => {
    assert.equal(withoutTerminator('SELECT 1 # note', mysqlSqlSyntax), 'SELECT 1');
    assert.equal(withoutTerminator('SELECT 1 # note', postgresSqlSyntax), 'SELECT 1 # note');
    assert.equal(withoutTerminator('SELECT `a#b`', mysqlSqlSyntax), 'SELECT `a#b`');
  });

  test('gives what the tokens of the whole text give, on every dialect', () => {
    const piece = fc.constantFrom('SELECT', ' ', '\n', '1', ';', "'a;b'", '"x"', '--', ' c', '/*', '*/', '#', '-', '/', '*', '$$', 'x', '`', "'");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.constantFrom(...Object.keys(SYNTAXES)), (pieces, name) => {
        const syntax = SYNTAXES[name] as SqlSyntax;
        const sql = pieces.join('');
        assert.equal(withoutTerminator(sql, syntax), withoutTerminatorByTokens(sql, syntax));
      }),
      { numRuns: 2000 },
    );
  });
});
