// The models' default constraint names (PostgreSQL's makeObjectName, cut at 63 bytes) are one convention for
// every dialect. That is safe only while every dialect keeps such a name whole: checked here against each
// Dialect's identifierLimit, with the longest default names the DSL can make.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDialect } from '../../src/dialects/index.js';
import { overlongIdentifiers } from '../../src/dialects/shared/identifier-limit.js';
import { defaultForeignKeyName, defaultPrimaryKeyName, defaultUniqueName } from '../../src/schema/table.js';
import type { DialectName } from '../../src/dialect-name.js';
import { col, tableSpec } from '../support/specs.js';

test("every dialect keeps the longest default names whole (its identifierLimit admits PostgreSQL's 63 bytes)", async () => {
  const table = 'ü'.repeat(31); // 62 bytes: within every limit itself
  const columns = ['é'.repeat(31), 'a'.repeat(62)];
  const names = [defaultPrimaryKeyName(table), ...columns.flatMap((c) => [defaultUniqueName(table, [c]), defaultForeignKeyName(table, [c])])];
  for (const name of names) assert.ok(Buffer.byteLength(name) <= 63 && Buffer.byteLength(name) >= 60, `${name}: ${Buffer.byteLength(name)} bytes`);
  const spec = tableSpec({
    name: table,
    columns: columns.map((c) => col(c, { name: 'integer' })),
    primaryKey: { name: names[0] as string, columns: [columns[0] as string] },
    uniques: [{ name: names[1] as string, columns: [columns[0] as string] }, { name: names[3] as string, columns: [columns[1] as string] }],
  });
  for (const dialect of ['postgres', 'mysql', 'sqlite'] as DialectName[]) {
    const limit = (await loadDialect(dialect)).identifierLimit;
    assert.deepEqual(limit ? overlongIdentifiers({ tables: [spec], enums: [] }, limit) : [], [], dialect);
  }
});
