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
