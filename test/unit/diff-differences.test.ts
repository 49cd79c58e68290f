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

  test('views and triggers by kind and name: a SQLite rebuild re-creating a trigger before a view is the same schema', () => {
    const view = { kind: 'view' as const, name: 'live_books', definition: 'CREATE VIEW live_books AS SELECT isbn FROM books' };
    const trigger = { kind: 'trigger' as const, name: 'books_log', table: 'books', definition: 'CREATE TRIGGER books_log AFTER UPDATE ON books BEGIN SELECT 1; END' };
    const tables = [tableOf('books', [col('isbn')])];
    assert.deepEqual(schemaDifferences({ tables, enums: [], objects: [view, trigger] }, { tables, enums: [], objects: [trigger, view] }), []);
    assert.deepEqual(schemaDifferences({ tables, enums: [], objects: [view, trigger] }, { tables, enums: [], objects: [{ ...trigger, definition: 'x' }] }), [
      'view live_books: missing',
      `trigger books_log on books: definition: ${JSON.stringify(trigger.definition)} → "x"`,
    ]);
  });
});
