import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mysqlSqlSyntax } from '../../src/dialects/mysql/sql-syntax.js';
import { postgresSqlSyntax } from '../../src/dialects/postgres/sql-syntax.js';
import { codeTokens, lexSql, quotedName, stringValue, type SqlSyntax } from '../../src/dialects/shared/sql-lexer.js';
import { scriptStatement, splitSqlStatements } from '../../src/dialects/shared/sql-statements.js';
import { sqliteSqlSyntax } from '../../src/dialects/sqlite/sql-syntax.js';

const kinds = (sql: string, syntax: SqlSyntax): string[] => lexSql(sql, syntax).map((t) => `${t.kind}:${t.text}`);
const split = (sql: string, syntax: SqlSyntax, client = true): string[] => splitSqlStatements(sql, syntax, { client }).map((s) => s.sql);

describe('PostgreSQL', () => {
  const pg = postgresSqlSyntax;

  test('strings, dollar quotes, quoted names and nested comments hide semicolons', () => {
    const sql = `SELECT 'a;b', E'it\\'s;', $$x;y$$, $tag$ $$ ; $tag$, "we;ird" /* a /* nested; */ still; */; SELECT 2`;
    assert.deepEqual(split(sql, pg), [`SELECT 'a;b', E'it\\'s;', $$x;y$$, $tag$ $$ ; $tag$, "we;ird"`, 'SELECT 2']);
  });

  test('a backslash is an ordinary character in a standard string', () => {
    assert.deepEqual(split(`SELECT 'a\\'; SELECT 2`, pg), [`SELECT 'a\\'`, 'SELECT 2']);
  });

  test('psql keeps semicolons inside parentheses and BEGIN ATOMIC bodies', () => {
    const rule = 'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))';
    const fn = 'CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 1 END; END';
    assert.deepEqual(split(`${rule}; ${fn};\nBEGIN; SELECT 1; COMMIT;`, pg), [rule, fn, 'BEGIN', 'SELECT 1', 'COMMIT']);
  });

  test('operators, casts, parameters and words with $', () => {
    assert.deepEqual(kinds('a$b::int <-> $1 >= -2 -- c', pg), [
      'word:a$b', 'operator:::', 'word:int', 'operator:<->', 'param:$1', 'operator:>=', 'operator:-', 'number:2', 'comment:-- c',
    ]);
    // a multi-character operator does not end in + or - unless it holds one of ~!@#%^&|`?
    assert.deepEqual(kinds('a=-1', pg).slice(1, 3), ['operator:=', 'operator:-']);
    assert.deepEqual(kinds('a @- b', pg)[1], 'operator:@-');
  });

  test('prefixed strings and their values', () => {
    const tokens = codeTokens(lexSql(`E'a\\nb' B'01' X'ff' U&'d\\0061' 'it''s' $q$x$q$ "Mixed""Case"`, pg));
    assert.deepEqual(tokens.map((t) => t.kind), ['string', 'string', 'string', 'string', 'string', 'string', 'quoted']);
    assert.equal(stringValue(tokens[0]!, pg), 'a\nb');
    assert.equal(stringValue(tokens[4]!, pg), "it's");
    assert.equal(stringValue(tokens[5]!, pg), 'x');
    assert.equal(quotedName(tokens[6]!), 'Mixed"Case');
  });

  test("as psql: pg_dump's \\restrict lines and psql settings send nothing; other backslash commands are left to the server", () => {
    const dump = '--\n-- PostgreSQL database dump\n--\n\n\\restrict AbC123\n\nSET statement_timeout = 0;\n\\set ON_ERROR_STOP on\nCREATE TABLE t (id int);\n\\unrestrict AbC123\n';
    assert.deepEqual(split(dump, pg), ['SET statement_timeout = 0', 'CREATE TABLE t (id int)']);
    assert.deepEqual(split('\\copy t FROM stdin\nSELECT 1;', pg), ['\\copy t FROM stdin\nSELECT 1']);
    // not a client script (op.execute): a backslash is not psql's
    assert.deepEqual(split('\\set x 1\nSELECT 1;', pg, false), ['\\set x 1\nSELECT 1']);
    // inside a statement or a string it is not a command either
    assert.deepEqual(split("SELECT '\\set' \\set;", pg), ["SELECT '\\set' \\set"]);
  });

  test('an unterminated string or comment runs to the end instead of throwing', () => {
    assert.deepEqual(kinds(`SELECT 'abc`, pg), ['word:SELECT', "string:'abc"]);
    assert.deepEqual(kinds('SELECT /* x', pg), ['word:SELECT', 'comment:/* x']);
    assert.deepEqual(split('SELECT $$ a; b', pg), ['SELECT $$ a; b']);
  });
});

describe('MySQL / MariaDB', () => {
  const my = mysqlSqlSyntax;

  test('backslash escapes: a quote after a backslash does not close the string', () => {
    const words = codeTokens(lexSql(`ALTER TABLE users COMMENT = 'x\\'', DROP COLUMN secret;`, my)).map((t) => t.text);
    assert.deepEqual(words.slice(-5), [',', 'DROP', 'COLUMN', 'secret', ';']);
    const [value] = codeTokens(lexSql(`"x\\"y\\n\\%"`, my));
    assert.equal(stringValue(value!, my), 'x"y\n\\%');
  });

  test('"…" is a string, `…` a name', () => {
    assert.deepEqual(kinds('SELECT "a;b", `we``ird`', my), ['word:SELECT', 'string:"a;b"', 'punct:,', 'quoted:`we``ird`']);
    assert.equal(quotedName(lexSql('`we``ird`', my)[0]!), 'we`ird');
  });

  test('-- needs whitespace after it; # comments; a word may start with a digit', () => {
    assert.deepEqual(kinds('1--1', my), ['number:1', 'operator:-', 'operator:-', 'number:1']);
    assert.deepEqual(kinds('1 -- c\n# d\n2', my), ['number:1', 'comment:-- c', 'comment:# d', 'number:2']);
    assert.deepEqual(kinds('1st_col', my), ['word:1st_col']);
  });

  test('as the client: --#1234 at the start of a statement is a comment, and comments are stripped', () => {
    const script = '--#1234 upgrade notes\nSELECT 1 /* x */+1, 2 -- two\n;\nSELECT 2 --#not at the start\n, 3;';
    assert.deepEqual(split(script, my), ['SELECT 1  +1, 2', 'SELECT 2 --\n, 3']);
  });

  test('executable comments are code: their content is lexed and sent', () => {
    const script = '/*!40014 SET @OLD_FK=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n/*M!100100 SET x = 1 */;\n/* plain */;';
    assert.deepEqual(split(script, my), ['/*!40014 SET @OLD_FK=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */', '/*M!100100 SET x = 1 */']);
    const code = codeTokens(lexSql('/*!40014 SET FOREIGN_KEY_CHECKS=0 */', my)).map((t) => t.text);
    assert.deepEqual(code, ['SET', 'FOREIGN_KEY_CHECKS', '=', '0']);
  });

  test('DELIMITER changes the terminator until the next DELIMITER', () => {
    const script = [
      'DELIMITER //',
      'CREATE PROCEDURE p()',
      'BEGIN',
      '  SELECT 1; -- first',
      '  SELECT 2;',
      'END //',
      'delimiter ;;',
      '/*!50003 CREATE*/ /*!50003 TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1; */;;',
      'DELIMITER ;',
      "SELECT 'DELIMITER //';",
    ].join('\n');
    assert.deepEqual(split(script, my), [
      'CREATE PROCEDURE p()\nBEGIN\n  SELECT 1; \n  SELECT 2;\nEND',
      '/*!50003 CREATE*/ /*!50003 TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1; */',
      "SELECT 'DELIMITER //'",
    ]);
  });

  test('a DELIMITER right after a word ends the statement (END$$)', () => {
    const script = 'DELIMITER $$\nCREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW BEGIN SET @n = 1; END$$\nDELIMITER ;\nSELECT 1$$;';
    assert.deepEqual(split(script, my), ['CREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW BEGIN SET @n = 1; END', 'SELECT 1$$']);
  });

  test('upgrade --sql wraps a statement the client would cut in DELIMITER lines, and only that', () => {
    const trigger = 'CREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW BEGIN SET @n = 1; SET @m = 2; END';
    const script = scriptStatement(trigger, my);
    assert.equal(script, `DELIMITER //\n${trigger} //\nDELIMITER ;`);
    assert.deepEqual(split(script, my), [trigger]);
    assert.equal(scriptStatement("INSERT INTO a VALUES ('x;y')", my), "INSERT INTO a VALUES ('x;y');");
    assert.equal(scriptStatement('CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql', postgresSqlSyntax), 'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;');
  });

  test('outside a client script DELIMITER is only a word, and comments stay', () => {
    assert.deepEqual(split('DELIMITER //\nSELECT 1 /* c */ + 1; --#x\nSELECT 2', my, false), ['DELIMITER //\nSELECT 1 /* c */ + 1', '--#x\nSELECT 2']);
  });
});

describe('SQLite', () => {
  const lite = sqliteSqlSyntax;

  test('trigger bodies hold semicolons until their END', () => {
    const trigger = 'CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN UPDATE x SET a = CASE WHEN 1 THEN 2 END; INSERT INTO y VALUES (1); END';
    assert.deepEqual(split(`${trigger};\nSELECT 1; BEGIN; COMMIT`, lite), [trigger, 'SELECT 1', 'BEGIN', 'COMMIT']);
  });

  test('names quoted three ways, blobs, parameters', () => {
    assert.deepEqual(kinds(`[my col] "a""b" \`c\` X'FF' :name ?1 @v $x`, lite), [
      'quoted:[my col]', 'quoted:"a""b"', 'quoted:`c`', "string:X'FF'", 'param::name', 'param:?1', 'param:@v', 'param:$x',
    ]);
    assert.equal(quotedName(lexSql('[my col]', lite)[0]!), 'my col');
  });

  test('a backslash is ordinary, block comments do not nest', () => {
    assert.deepEqual(split(`SELECT 'a\\'; /* x /* y */ SELECT 2`, lite), [`SELECT 'a\\'`, 'SELECT 2']);
  });
});
