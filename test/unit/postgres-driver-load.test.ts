// Loading node-postgres answers its Cloudflare probe with a `navigator` that exists only while pg loads (Node 20
// has none, and pg's fallback probe loads Node's whole fetch implementation): migrations, models and configs run
// afterwards, and must see the global object as Node made it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectPostgres } from '../../src/drivers/postgres.js';

test('connecting to PostgreSQL leaves no navigator behind where Node has none', async () => {
  const hadNavigator = 'navigator' in globalThis;
  // nothing listens on port 1: pg is loaded, then the connection is refused
  await assert.rejects(connectPostgres('postgres://nobody@127.0.0.1:1/none', 2000));
  assert.equal('navigator' in globalThis, hadNavigator);
  const { default: pg } = await import('pg');
  assert.equal(typeof pg.Client, 'function', 'pg loaded whole');
});
