// describeOperation: the lines `migrate` and `check` print, each naming what it acts on (a view, a trigger, an
// index, a constraint), not only the kind of step.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeOperation } from '../../src/cli/describe-operation.js';

describe('describeOperation', () => {
  test('views, triggers and other objects are named, with a trigger its table', () => {
    assert.equal(describeOperation({ kind: 'dropObject', object: { kind: 'view', name: 'open_orders' } }), 'drop view open_orders');
    assert.equal(
      describeOperation({ kind: 'createObject', object: { kind: 'trigger', name: 'orders_touch', table: 'orders', definition: 'CREATE TRIGGER …' } }),
      'create trigger orders_touch on orders',
    );
    assert.equal(describeOperation({ kind: 'createObject', object: { kind: 'materialized view', schema: 'app', name: 'daily', definition: 'SELECT 1' } }), 'create materialized view app.daily');
  });

  test('indexes and constraints by name, on their table', () => {
    assert.equal(describeOperation({ kind: 'createIndex', table: { name: 'orders' }, index: { name: 'orders_status_idx', parts: [{ column: 'status' }] } }), 'create index orders_status_idx on orders');
    assert.equal(describeOperation({ kind: 'dropConstraint', table: { schema: 'billing', name: 'invoices' }, name: 'no_overlap' }), 'drop constraint no_overlap on billing.invoices');
    assert.equal(describeOperation({ kind: 'createCheckConstraint', table: { name: 't' }, constraint: { name: 'ck', expression: 'a > 0' } }), 'create check ck on t');
  });

  test('tables and columns', () => {
    assert.equal(describeOperation({ kind: 'addColumn', table: { name: 'todos' }, column: { name: 'done', type: { name: 'boolean' }, nullable: true } }), 'add column todos.done');
    assert.equal(describeOperation({ kind: 'setTableComment', table: { name: 'todos' }, comment: 'x' }), 'setTableComment todos');
  });
});
