import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSqlMigration, splitSqlStatements } from '../../src/loader/sql-migration.js';

test('statements split on top-level semicolons only', () => {
  const sql = `INSERT INTO t VALUES ('a;b'); -- a comment; not a break
CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
/* block; comment */ SELECT "odd;name" FROM t;
INSERT INTO t VALUES (E'it\\'s; fine');
SELECT 'plain\\'; SELECT 2`;
  assert.deepEqual(splitSqlStatements(sql), [
    `INSERT INTO t VALUES ('a;b')`,
    `-- a comment; not a break\nCREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql`,
    `/* block; comment */ SELECT "odd;name" FROM t`,
    `INSERT INTO t VALUES (E'it\\'s; fine')`,
    `SELECT 'plain\\'`,
    'SELECT 2',
  ]);
});

test('MySQL strings take backslash escapes', () => {
  assert.deepEqual(splitSqlStatements(`SELECT 'a\\';b'; SELECT 1`, { backslashEscapes: true }), [`SELECT 'a\\';b'`, 'SELECT 1']);
});

test('a .sql migration has an upgrade section and an optional downgrade', () => {
  const parsed = parseSqlMigration('-- revision: a\n-- +upgrade\nCREATE TABLE t (id int);\n-- +downgrade\nDROP TABLE t;\n', 'm.sql');
  assert.deepEqual(parsed, { upgrade: ['CREATE TABLE t (id int)'], downgrade: ['DROP TABLE t'] });
  assert.equal(parseSqlMigration('-- +upgrade\nSELECT 1;\n', 'm.sql').downgrade, null);
  assert.throws(() => parseSqlMigration('SELECT 1;', 'm.sql'), /no `-- \+upgrade` section/);
});
