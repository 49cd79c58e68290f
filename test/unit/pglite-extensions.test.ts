// Which contrib extensions athanor registers on PGlite: the names a text creates, the shipped list, the config's check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkConfiguredExtensions, extensionsCreatedIn, shippedExtensions } from '../../src/drivers/pglite-extensions.js';

test('CREATE EXTENSION names in SQL and in a migration string: quoted, IF NOT EXISTS, WITH SCHEMA, any case', () => {
  const text = `CREATE EXTENSION IF NOT EXISTS citext;
    create extension "uuid-ossp" with schema public;
    await op.execute('CREATE   EXTENSION\\nIF NOT EXISTS pg_trgm');
    await op.execute(\`Create Extension HSTORE\`);
    -- DROP EXTENSION ltree; COMMENT ON EXTENSION cube IS 'x'`;
  assert.deepEqual(extensionsCreatedIn(text), ['citext', 'uuid-ossp', 'pg_trgm', 'hstore']);
  // as a TS file holds it: an escaped quote inside the string
  assert.deepEqual(extensionsCreatedIn(String.raw`op.execute("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\"");`), ['uuid-ossp']);
  assert.deepEqual(extensionsCreatedIn("op.execute(['CREATE', 'EXTENSION', 'x'].join(' '))"), []);
});

test('the shipped list uses SQL names and leaves out what must be preloaded', () => {
  const names = [...shippedExtensions().keys()];
  for (const name of ['citext', 'pgcrypto', 'uuid-ossp', 'pg_trgm', 'hstore', 'ltree']) assert.ok(names.includes(name), name);
  assert.ok(!names.includes('uuid_ossp'));
  assert.ok(!names.includes('pg_stat_statements'));
});

test('pglite.extensions: module spellings are accepted as SQL names; others are refused with the list', () => {
  assert.deepEqual(checkConfiguredExtensions(['uuid_ossp', 'citext', 'uuid-ossp'], 'c.json'), ['uuid-ossp', 'citext', 'uuid-ossp']);
  assert.throws(() => checkConfiguredExtensions(['postgis'], 'c.json'), /does not ship the extension "postgis".*PGlite ships: amcheck/);
  assert.throws(() => checkConfiguredExtensions('citext', 'c.json'), /must be a list/);
});
