// schemaDifferences: what verify prints when a downgrade does not undo its upgrade (issue 9, item 3).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { schemaDifferences } from '../../src/diff/index.js';
import type { ColumnSpec, SchemaSpec, TableSpec } from '../../src/schema/types.js';

const col = (name: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ name, type: { name: 'integer' }, nullable: true, ...extra });
const tableOf = (name: string, columns: ColumnSpec[], extra: Partial<TableSpec> = {}): TableSpec => ({ name, columns, uniques: [], indexes: [], foreignKeys: [], checks: [], ...extra });
const schema = (...tables: TableSpec[]): SchemaSpec => ({ tables, enums: [] });

describe('schemaDifferences', () => {
  test('columns are matched by name: a column dropped from the middle and added back at the end is the same schema', () => {
    const before = schema(tableOf('posts', [col('id'), col('slug'), col('title')]));
    const after = schema(tableOf('posts', [col('id'), col('title'), col('slug')]));
    assert.deepEqual(schemaDifferences(before, after), []);
  });

  test('names the table, the column and the property that differ', () => {
    const before = schema(tableOf('posts', [col('id'), col('slug', { nullable: false })]));
    const after = schema(tableOf('posts', [col('id'), col('slug'), col('extra')]), tableOf('stray', [col('id')]));
    assert.deepEqual(schemaDifferences(before, after), [
      'table posts: column slug: nullable: false → true',
      'table posts: column extra: not expected (left behind)',
      'table stray: not expected (left behind)',
    ]);
  });

  test('indexes by name, enums by name and values, missing tables', () => {
    const before: SchemaSpec = { tables: [tableOf('a', [col('id')], { indexes: [{ name: 'ix_a', parts: [{ column: 'id' }] }] }), tableOf('b', [col('id')])], enums: [{ name: 'mood', values: ['x', 'y'] }] };
    const after: SchemaSpec = { tables: [tableOf('a', [col('id')])], enums: [{ name: 'mood', values: ['x'] }] };
    assert.deepEqual(schemaDifferences(before, after), ['table a: index ix_a: missing', 'table b: missing', 'enum mood: values: ["x","y"] → ["x"]']);
  });
});
