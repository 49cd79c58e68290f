import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mysqlSqlSyntax } from '../../src/dialects/mysql/sql-syntax.js';
import { postgresSqlSyntax } from '../../src/dialects/postgres/sql-syntax.js';
import { parseSqlMigration } from '../../src/loader/sql-migration.js';

const sqlOf = (statements: { sql: string }[] | null) => statements?.map((s) => s.sql) ?? null;

test('a .sql migration has an upgrade section and an optional downgrade', () => {
  const parsed = parseSqlMigration('-- revision: a\n-- +upgrade\nCREATE TABLE t (id int);\n-- +downgrade\nDROP TABLE t;\n', 'm.sql', postgresSqlSyntax);
  assert.deepEqual(sqlOf(parsed.upgrade), ['CREATE TABLE t (id int)']);
  assert.deepEqual(sqlOf(parsed.downgrade), ['DROP TABLE t']);
  assert.equal(parseSqlMigration('-- +upgrade\nSELECT 1;\n', 'm.sql', postgresSqlSyntax).downgrade, null);
  assert.throws(() => parseSqlMigration('SELECT 1;', 'm.sql', postgresSqlSyntax), /no `-- \+upgrade` section/);
  assert.throws(() => parseSqlMigration('-- +upgrade\n-- +upgrade\n', 'm.sql', postgresSqlSyntax), /two `-- \+upgrade` sections/);
});

// qa-session9: an unterminated dollar quote was sent to the server (exit 1, "database refused"); a malformed file is exit 2
test('a file ending inside a string, dollar quote, quoted name or comment is refused, naming the file and line', () => {
  const cases: Array<[string, RegExp]> = [
    ['-- +upgrade\nCREATE TABLE a (id int);\nCREATE FUNCTION f() RETURNS int AS $body$\n  SELECT 1;\n$$ LANGUAGE sql;\n-- +downgrade\nDROP FUNCTION f();\n', /^m\.sql:3: unterminated dollar-quoted string \(`\$body\$` with no closing `\$body\$`\)/],
    ["-- +upgrade\nINSERT INTO t VALUES ('it''s);\n", /^m\.sql:2: unterminated string/],
    ['-- +upgrade\nSELECT 1;\n/* a note\n-- +downgrade\nSELECT 2;\n', /^m\.sql:3: unterminated block comment/],
    ['-- +upgrade\nSELECT "a FROM t;\n', /^m\.sql:2: unterminated quoted name/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseSqlMigration(text, 'm.sql', postgresSqlSyntax), (error: Error) => error.name === 'UsageError' && message.test(error.message));
  }
  // closed ones, nested comments and a quote inside a comment are fine
  assert.equal(parseSqlMigration("-- +upgrade\n/* a /* b */ c */ SELECT 'x''y', $t$ ' $t$; -- it's\n", 'm.sql', postgresSqlSyntax).upgrade.length, 1);
  assert.throws(() => parseSqlMigration("-- +upgrade\nSELECT 'a\\';\n", 'm.sql', mysqlSqlSyntax), /m\.sql:2: unterminated string/);
});

test('a marker inside a dollar-quoted body or a string is text, not a section', () => {
  const text = "-- +upgrade\nCREATE FUNCTION f() RETURNS text AS $$\n-- +downgrade\nSELECT 'x';\n$$ LANGUAGE sql;\nSELECT '\n-- +downgrade\n';\n";
  const parsed = parseSqlMigration(text, 'm.sql', postgresSqlSyntax);
  assert.equal(parsed.downgrade, null);
  assert.equal(parsed.upgrade.length, 2);
});

test('MySQL sections run as the mariadb client runs them: DELIMITER per section, --#notes, executable comments', () => {
  const text = [
    '-- +upgrade',
    '--#1234 shipped upgrade notes',
    '/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;',
    'DELIMITER //',
    'CREATE PROCEDURE p() BEGIN SELECT 1; END //',
    '-- +downgrade',
    'DROP PROCEDURE p;',
  ].join('\n');
  const parsed = parseSqlMigration(text, 'm.sql', mysqlSqlSyntax);
  assert.deepEqual(sqlOf(parsed.upgrade), [
    '/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */',
    'CREATE PROCEDURE p() BEGIN SELECT 1; END',
  ]);
  assert.deepEqual(sqlOf(parsed.downgrade), ['DROP PROCEDURE p']);
  assert.equal(text.slice(parsed.upgrade[1]?.offset).startsWith('CREATE PROCEDURE'), true);
});
