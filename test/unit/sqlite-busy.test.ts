// The run lock waits on SQLITE_BUSY from either SQLite driver: better-sqlite3 names the code, node:sqlite
// (Node >= 22.13, used when better-sqlite3 is not installed) gives the numeric result code.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isSqliteBusy } from '../../src/drivers/sqlite.js';

const error = (fields: Record<string, unknown>) => Object.assign(new Error('database is locked'), fields);

describe('isSqliteBusy', () => {
  test('better-sqlite3 codes and node:sqlite result codes (extended ones included); nothing else', () => {
    assert.ok(isSqliteBusy(error({ code: 'SQLITE_BUSY' })));
    assert.ok(isSqliteBusy(error({ code: 'SQLITE_LOCKED' })));
    assert.ok(isSqliteBusy(error({ code: 'ERR_SQLITE_ERROR', errcode: 5 })));
    assert.ok(isSqliteBusy(error({ code: 'ERR_SQLITE_ERROR', errcode: 517 }))); // SQLITE_BUSY_SNAPSHOT
    assert.ok(!isSqliteBusy(error({ code: 'ERR_SQLITE_ERROR', errcode: 19 }))); // a constraint
    assert.ok(!isSqliteBusy(error({ code: 'SQLITE_CONSTRAINT' })));
    assert.ok(!isSqliteBusy('database is locked'));
  });
});
