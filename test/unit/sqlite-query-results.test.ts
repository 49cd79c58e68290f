// The SQLite driver runs schema and transaction statements without preparing them (speed over 1000 migrations):
// whatever path a statement takes, query() must give back the rows and change counts a caller relies on.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connectSqlite } from '../../src/drivers/sqlite.js';
import { runsWithoutResult } from '../../src/drivers/sqlite-no-rows.js';

describe('SQLite query() results', () => {
  test('rows of SELECT and RETURNING, change counts of DML, nothing from DDL and transaction control', async () => {
    const conn = await connectSqlite(':memory:');
    try {
      assert.deepEqual(await conn.query('CREATE TABLE t (id integer PRIMARY KEY, name text)'), { rows: [], rowCount: 0 });
      assert.deepEqual(await conn.query('BEGIN'), { rows: [], rowCount: 0 });
      assert.equal((await conn.query("INSERT INTO t (name) VALUES ('a'), ('b')")).rowCount, 2);
      assert.deepEqual((await conn.query("INSERT INTO t (name) VALUES ('c') RETURNING id")).rows, [{ id: 3 }]);
      assert.deepEqual(await conn.query('COMMIT'), { rows: [], rowCount: 0 });
      // DDL after DML reports no stale change count of the INSERT before it
      assert.equal((await conn.query('CREATE INDEX ix_t_name ON t (name)')).rowCount, 0);
      assert.equal((await conn.query("UPDATE t SET name = 'z' WHERE id > ?", [1])).rowCount, 2);
      assert.deepEqual((await conn.query('SELECT count(*) AS n FROM t')).rows, [{ n: 3 }]);
      await assert.rejects(conn.query('CREATE TABLE t (id integer)'), /already exists/);
    } finally {
      await conn.close();
    }
  });

  test('only parameterless schema and transaction statements skip preparing', () => {
    assert.ok(runsWithoutResult('CREATE TABLE x (a int)', undefined));
    assert.ok(runsWithoutResult('  drop index ix', []));
    assert.ok(runsWithoutResult('BEGIN IMMEDIATE', undefined));
    assert.ok(!runsWithoutResult('SELECT 1', undefined));
    assert.ok(!runsWithoutResult('PRAGMA foreign_key_check', undefined));
    assert.ok(!runsWithoutResult('INSERT INTO t VALUES (1)', undefined));
    assert.ok(!runsWithoutResult('CREATE TABLE x (a int)', [1]));
    assert.ok(!runsWithoutResult('DELETE FROM t RETURNING *', undefined));
    assert.ok(!runsWithoutResult('-- note\nSELECT 1', undefined));
  });
});
