import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyOperations } from '../../src/diff/apply.js';
import { typeChangeRisk } from '../../src/diff/destructive.js';
import type { ColumnType } from '../../src/schema/types.js';
import { col, entity, fk, schema } from './diff-fixtures.js';

describe('applyOperations refuses steps out of order, like a database', () => {
  const users = entity('users', [col('email', 'text')], { indexes: [{ name: 'ix_email', parts: [{ column: 'email' }] }] });
  const todos = entity('todos', [col('owner_id', 'integer')], { foreignKeys: [fk('todos', 'owner_id', 'users')] });

  test('a foreign key to a table that does not exist yet', () => {
    assert.throws(() => applyOperations(schema([]), [{ kind: 'createTable', table: todos }]), /points at missing table users/);
    assert.doesNotThrow(() => applyOperations(schema([]), [{ kind: 'createTable', table: users }, { kind: 'createTable', table: todos }]));
  });

  test('dropping a table, key or column something still uses', () => {
    const start = schema([users, todos]);
    assert.throws(() => applyOperations(start, [{ kind: 'dropTable', table: { name: 'users' } }]), /users is used by foreign key todos_owner_id_fkey of todos/);
    assert.throws(() => applyOperations(start, [{ kind: 'dropConstraint', table: { name: 'users' }, name: 'users_pkey' }]), /primary key of users is used/);
    assert.throws(() => applyOperations(start, [{ kind: 'dropColumn', table: { name: 'users' }, column: 'email' }]), /used by index ix_email/);
    assert.throws(() => applyOperations(start, [{ kind: 'dropColumn', table: { name: 'users' }, column: 'id' }]), /used by the primary key, foreign key todos_owner_id_fkey of todos/);
  });

  test('enums: created before use, dropped after; enums mentioned nowhere are not checked', () => {
    const typed = entity('t', [col('m', { name: 'enum', enumName: 'mood' })]);
    const mood = { name: 'mood', values: ['a'] };
    assert.throws(() => applyOperations(schema([]), [{ kind: 'createTable', table: typed }, { kind: 'createEnum', enum: mood }]), /missing enum mood/);
    assert.throws(() => applyOperations(schema([typed], [mood]), [{ kind: 'dropEnum', enum: { name: 'mood' } }]), /used by column t\.m/);
    assert.doesNotThrow(() => applyOperations(schema([]), [{ kind: 'createTable', table: typed }]));
  });

  test('renames carry foreign keys and indexes along; the input is not modified', () => {
    const start = schema([users, todos]);
    const copy = structuredClone(start);
    const out = applyOperations(start, [
      { kind: 'renameTable', table: { name: 'users' }, newName: 'people' },
      { kind: 'alterColumn', table: { name: 'people' }, column: 'id', changes: { name: 'pid' } },
      { kind: 'alterColumn', table: { name: 'people' }, column: 'email', changes: { name: 'mail' } },
    ]);
    assert.deepEqual(start, copy);
    const ref = out.tables.find((t) => t.name === 'todos')?.foreignKeys[0];
    assert.deepEqual([ref?.refTable, ref?.refColumns], ['people', ['pid']]);
    assert.deepEqual(out.tables.find((t) => t.name === 'people')?.indexes[0]?.parts, [{ column: 'mail' }]);
  });
});

describe('typeChangeRisk', () => {
  const ty = (name: ColumnType['name'], extra: Partial<ColumnType> = {}): ColumnType => ({ name, ...extra });
  const cases: Array<[ColumnType, ColumnType, string]> = [
    [ty('integer'), ty('bigint'), 'safe'],
    [ty('serial'), ty('bigint'), 'safe'],
    [ty('varchar', { length: 50 }), ty('varchar', { length: 255 }), 'safe'],
    [ty('varchar', { length: 50 }), ty('text'), 'safe'],
    [ty('integer'), ty('text'), 'safe'],
    [ty('integer'), ty('numeric', { precision: 12 }), 'safe'],
    [ty('numeric', { precision: 10, scale: 2 }), ty('numeric', { precision: 12, scale: 2 }), 'safe'],
    [ty('timestamp'), ty('timestamptz'), 'safe'],
    [ty('json'), ty('jsonb'), 'safe'],
    [ty('varchar', { length: 255 }), ty('varchar', { length: 50 }), 'narrowing'],
    [ty('bigint'), ty('integer'), 'narrowing'],
    [ty('text'), ty('varchar', { length: 100 }), 'narrowing'],
    [ty('numeric', { precision: 10, scale: 2 }), ty('numeric', { precision: 10, scale: 0 }), 'narrowing'],
    [ty('timestamp', { precision: 6 }), ty('timestamp', { precision: 0 }), 'narrowing'],
    [ty('double'), ty('real'), 'narrowing'],
    [ty('text'), ty('integer'), 'lossy'],
    [ty('timestamptz'), ty('date'), 'lossy'],
    [ty('integer'), ty('varchar', { length: 5 }), 'lossy'],
  ];
  for (const [from, to, risk] of cases) {
    test(`${JSON.stringify(from)} → ${JSON.stringify(to)} is ${risk}`, () => assert.equal(typeChangeRisk(from, to), risk));
  }
});
