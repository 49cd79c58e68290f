import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoByText } from '../../src/dialects/shared/memo-by-text.js';
import { renderMysqlDefault } from '../../src/dialects/mysql/defaults.js';
import { renderSqliteDefault } from '../../src/dialects/sqlite/defaults.js';

test('memoByText: one call per distinct text, undefined results remembered too, and a bounded size', () => {
  const calls: string[] = [];
  const f = memoByText((text: string) => {
    calls.push(text);
    return text === 'none' ? undefined : text.toUpperCase();
  });
  assert.equal(f('a'), 'A');
  assert.equal(f('a'), 'A');
  assert.equal(f('none'), undefined);
  assert.equal(f('none'), undefined);
  assert.deepEqual(calls, ['a', 'none']);
  for (let i = 0; i < 2000; i++) f(`t${i}`);
  calls.length = 0;
  f('a');
  assert.deepEqual(calls, ['a'], 'old texts are forgotten once the cache is full');
});

test('a remembered SQL default renders per column as before (type-dependent parts are not remembered)', () => {
  const now = { kind: 'sql', sql: 'CURRENT_TIMESTAMP' } as const;
  assert.equal(renderMysqlDefault(now, { name: 'timestamp', precision: 3 }), 'current_timestamp(3)');
  assert.equal(renderMysqlDefault(now, { name: 'timestamp' }), 'current_timestamp(6)');
  assert.equal(renderMysqlDefault(now, { name: 'timestamp', precision: 0 }), 'current_timestamp()');
  assert.equal(renderMysqlDefault(now, { name: 'text' }), 'current_timestamp()');
  assert.equal(renderMysqlDefault({ kind: 'sql', sql: "'x'" }, { name: 'text' }), "('x')");
  assert.equal(renderMysqlDefault({ kind: 'sql', sql: "'x'" }, { name: 'varchar', length: 5 }), "'x'");
  assert.equal(renderSqliteDefault({ kind: 'sql', sql: 'lower(hex(randomblob(4)))' }), '(lower(hex(randomblob(4))))');
  assert.equal(renderSqliteDefault({ kind: 'sql', sql: 'lower(hex(randomblob(4)))' }), '(lower(hex(randomblob(4))))');
  assert.equal(renderSqliteDefault({ kind: 'sql', sql: ' now() ' }), 'CURRENT_TIMESTAMP');
});
