// A failed CREATE INDEX CONCURRENTLY: which index the clean-up looks for (and drops), as the statement names it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection, QueryResult } from '../../src/drivers/connection.js';
import { dropFailedConcurrentIndex } from '../../src/dialects/postgres/failed-index.js';

/** A connection that answers the INVALID-index query with `found` and records what it was asked. */
function recording(found: Array<{ schema: string; name: string }>) {
  const asked: Array<{ sql: string; params?: readonly unknown[] }> = [];
  const conn = {
    dialect: 'postgres',
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      asked.push({ sql, ...(params ? { params } : {}) });
      return { rows: found as Row[], rowCount: found.length };
    },
    async exec(sql: string): Promise<void> {
      asked.push({ sql });
    },
  } as unknown as Connection;
  return { conn, asked };
}

test('the index and table as written (quoted, IF NOT EXISTS, ONLY, a schema) are looked up; the INVALID one is dropped', async () => {
  const { conn, asked } = recording([{ schema: 'app', name: 'Ux Name' }]);
  const said = await dropFailedConcurrentIndex(conn, 'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "Ux Name" ON ONLY "app"."Big Table" (v)', new Error('duplicate key'));
  assert.deepEqual(asked[0]?.params, ['Ux Name', '"app"."Big Table"']);
  assert.equal(asked[1]?.sql, 'DROP INDEX CONCURRENTLY IF EXISTS "app"."Ux Name"');
  assert.match(said ?? '', /left the index Ux Name INVALID; athanor dropped it/);
});

test('an unquoted name is folded to lower case, as PostgreSQL stores it', async () => {
  const { conn, asked } = recording([]);
  assert.equal(await dropFailedConcurrentIndex(conn, 'create index concurrently IX_Big_V on big (v)', new Error('deadlock')), undefined);
  assert.deepEqual(asked[0]?.params, ['ix_big_v', 'big']);
  assert.equal(asked.length, 1, 'nothing INVALID: nothing dropped');
});

test('left alone: an index that existed before the statement, other statements; an unnamed one is only pointed out', async () => {
  const { conn, asked } = recording([{ schema: 'public', name: 'ix' }]);
  const exists = Object.assign(new Error('relation "ix" already exists'), { code: '42P07' });
  assert.equal(await dropFailedConcurrentIndex(conn, 'CREATE INDEX CONCURRENTLY ix ON big (v)', exists), undefined);
  assert.equal(await dropFailedConcurrentIndex(conn, 'CREATE INDEX ix ON big (v)', new Error('x')), undefined);
  assert.match((await dropFailedConcurrentIndex(conn, 'CREATE INDEX CONCURRENTLY ON big (v)', new Error('x'))) ?? '', /unnamed index INVALID: drop it/);
  assert.equal(asked.length, 0);
});
