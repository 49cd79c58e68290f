// An in-memory PGlite (verify's scratch database) starts from a saved copy of an initialised data directory:
// each one is still a fresh, empty database, and a damaged copy is replaced instead of failing.
import assert from 'node:assert/strict';
import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { openConnection } from '../../src/drivers/open.js';
import { memoryTemplateFile } from '../../src/drivers/pglite-template.js';

async function userTables(): Promise<{ before: string[]; created: boolean }> {
  const conn = await openConnection('pglite:memory');
  try {
    const rows = await conn.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    await conn.exec('CREATE TABLE scratch_marker (id int)');
    return { before: rows.rows.map((r) => r.tablename), created: true };
  } finally {
    await conn.close();
  }
}

test('every in-memory PGlite is empty, whether initialised or loaded from the saved copy', async () => {
  const file = memoryTemplateFile();
  assert.ok(file, 'the copy has a place');
  assert.deepEqual((await userTables()).before, []);
  assert.ok(existsSync(file), 'the first start saved the initialised data directory');
  // the second start loads the copy: the first one's table is not in it
  assert.deepEqual((await userTables()).before, []);
});

test('a damaged saved copy is replaced, and the database still starts', async () => {
  const file = memoryTemplateFile();
  assert.ok(file);
  const partial = `${file}.damaged.tmp`;
  writeFileSync(partial, 'not a tar archive');
  renameSync(partial, file);
  assert.deepEqual((await userTables()).before, []);
  assert.ok(statSync(file).size > 1_000_000, 'a whole data directory was saved again');
});
