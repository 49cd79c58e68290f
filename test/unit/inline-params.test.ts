// upgrade --sql prints op.execute(sql, params) with the parameters written in as literals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDialect } from '../../src/dialects/index.js';
import { inlineParams } from '../../src/runner/sinks.js';

test('placeholders are replaced, but not inside strings, quoted names or comments', async () => {
  const pg = await loadDialect('postgres');
  assert.equal(
    inlineParams(pg, `UPDATE t SET a = $2, "$1" = '$1' /* $1 */ WHERE id = $1 AND b = $$ $2 $$`, [7, "it's"]),
    `UPDATE t SET a = 'it''s', "$1" = '$1' /* $1 */ WHERE id = 7 AND b = $$ $2 $$`,
  );
  const mysql = await loadDialect('mysql');
  assert.equal(inlineParams(mysql, "INSERT INTO t VALUES ('?', ?, ?) -- ?", [1, 'a\\b']), "INSERT INTO t VALUES ('?', 1, 'a\\\\b') -- ?");
  const sqlite = await loadDialect('sqlite');
  assert.equal(inlineParams(sqlite, 'SELECT ?2, ?1, [?]', ['x', 'y']), "SELECT 'y', 'x', [?]");
});
