import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyOperations } from '../../src/diff/apply.js';
import { executeWithoutUndo, isIrreversible, reverseOperation, reverseOperations, reversalNote } from '../../src/operations/reverse.js';
import type { Operation } from '../../src/operations/types.js';
import { col, entity, schema } from './diff-fixtures.js';

const todos = { name: 'todos' };
const users = entity('users', [col('email', 'text')]);

/** op then its reverse leaves the schema as it was. */
function assertUndoes(start: ReturnType<typeof schema>, op: Operation): void {
  const reversed = reverseOperation(op);
  assert.ok(reversed !== null && !isIrreversible(reversed), `expected a reverse for ${op.kind}`);
  assert.deepEqual(applyOperations(applyOperations(start, [op]), [reversed]), start);
}

describe('reverseOperation', () => {
  test('createTable ↔ dropTable (a drop needs the existing table)', () => {
    assert.deepEqual(reverseOperation({ kind: 'createTable', table: users }), { kind: 'dropTable', table: { name: 'users' }, existing: users });
    assert.deepEqual(reverseOperation({ kind: 'dropTable', table: { name: 'users' }, existing: users }), { kind: 'createTable', table: users });
    const unknown = reverseOperation({ kind: 'dropTable', table: { name: 'users' } });
    assert.ok(isIrreversible(unknown));
    assert.match(unknown.irreversible, /drop table users/);
    assertUndoes(schema([]), { kind: 'createTable', table: users });
  });

  test('renameTable reverses to the old name, addressed by the new one', () => {
    assert.deepEqual(reverseOperation({ kind: 'renameTable', table: { schema: 'app', name: 'todos' }, newName: 'tasks' }), {
      kind: 'renameTable',
      table: { schema: 'app', name: 'tasks' },
      newName: 'todos',
    });
  });

  test('addColumn ↔ dropColumn', () => {
    const column = col('notes', 'text');
    assert.deepEqual(reverseOperation({ kind: 'addColumn', table: todos, column }), { kind: 'dropColumn', table: todos, column: 'notes', existing: column });
    assert.deepEqual(reverseOperation({ kind: 'dropColumn', table: todos, column: 'notes', existing: column }), { kind: 'addColumn', table: todos, column });
    assert.ok(isIrreversible(reverseOperation({ kind: 'dropColumn', table: todos, column: 'notes' })));
  });

  test('alterColumn swaps changes and existing; a rename is undone under the new name', () => {
    const op: Operation = {
      kind: 'alterColumn',
      table: todos,
      column: 'title',
      changes: { name: 'heading', type: { name: 'varchar', length: 50 }, nullable: false, using: 'left(title, 50)' },
      existing: { type: { name: 'text' }, nullable: true, default: null },
    };
    assert.deepEqual(reverseOperation(op), {
      kind: 'alterColumn',
      table: todos,
      column: 'heading',
      changes: { name: 'title', type: { name: 'text' }, nullable: true },
      existing: { type: { name: 'varchar', length: 50 }, nullable: false, default: null },
    });
    assertUndoes(schema([entity('todos', [col('title', 'text')])]), op);
  });

  test('alterColumn whose previous state is unknown is irreversible, naming what is missing', () => {
    const r = reverseOperation({ kind: 'alterColumn', table: todos, column: 'title', changes: { default: null }, existing: { nullable: true } });
    assert.ok(isIrreversible(r));
    assert.match(r.irreversible, /todos\.title: its previous default is unknown/);
  });

  test('indexes and constraints', () => {
    const index = { name: 'ix_email', parts: [{ column: 'email' }], unique: true };
    assert.deepEqual(reverseOperation({ kind: 'createIndex', table: { name: 'users' }, index, concurrently: true }), {
      kind: 'dropIndex',
      table: { name: 'users' },
      name: 'ix_email',
      existing: index,
      concurrently: true,
    });
    assertUndoes(schema([users]), { kind: 'createIndex', table: { name: 'users' }, index });
    assertUndoes(schema([{ ...users, indexes: [index] }]), { kind: 'dropIndex', table: { name: 'users' }, name: 'ix_email', existing: index });
    const check = { name: 'ck_email', expression: "email <> ''" };
    assert.deepEqual(reverseOperation({ kind: 'createCheckConstraint', table: { name: 'users' }, constraint: check }), {
      kind: 'dropConstraint',
      table: { name: 'users' },
      name: 'ck_email',
      existing: { type: 'check', ...check },
    });
    const pkLess = entity('items', [col('code', 'text', { nullable: false })]);
    delete pkLess.primaryKey;
    for (const op of [
      { kind: 'createUniqueConstraint', table: { name: 'users' }, constraint: { name: 'uq_email', columns: ['email'] } },
      { kind: 'createCheckConstraint', table: { name: 'users' }, constraint: check },
      { kind: 'createForeignKey', table: { name: 'items' }, constraint: { name: 'fk', columns: ['code'], refTable: 'users', refColumns: ['id'] } },
    ] satisfies Operation[]) {
      assertUndoes(schema([users, pkLess]), op);
    }
    assertUndoes(schema([pkLess]), { kind: 'createPrimaryKey', table: { name: 'items' }, constraint: { name: 'items_pkey', columns: ['code'] } });
    assertUndoes(schema([users]), { kind: 'dropConstraint', table: { name: 'users' }, name: 'users_pkey', existing: { type: 'primaryKey', name: 'users_pkey', columns: ['id'] } });
    assert.ok(isIrreversible(reverseOperation({ kind: 'dropConstraint', table: todos, name: 'x' })));
    assert.ok(isIrreversible(reverseOperation({ kind: 'createUniqueConstraint', table: todos, constraint: { columns: ['a'] } })));
  });

  test('validateConstraint has nothing to undo', () => {
    assert.equal(reverseOperation({ kind: 'validateConstraint', table: todos, name: 'ck' }), null);
  });

  test('enums: create ↔ drop; an added value ↔ a dropped value, in its place', () => {
    const mood = { name: 'mood', values: ['happy', 'sad'] };
    assert.deepEqual(reverseOperation({ kind: 'createEnum', enum: mood }), { kind: 'dropEnum', enum: { name: 'mood' }, existing: mood });
    assert.deepEqual(reverseOperation({ kind: 'dropEnum', enum: { name: 'mood' }, existing: mood }), { kind: 'createEnum', enum: mood });
    const added = reverseOperation({ kind: 'addEnumValue', enum: { name: 'mood' }, value: 'ok', before: 'sad', ifNotExists: true });
    assert.deepEqual(added, { kind: 'dropEnumValue', enum: { name: 'mood' }, value: 'ok', before: 'sad' });
    assert.match(reversalNote(added as Operation) ?? '', /while a row still holds 'ok' this statement refuses and changes nothing itself; statements before it .* stay/i);
    assert.deepEqual(reverseOperation(added as Operation), { kind: 'addEnumValue', enum: { name: 'mood' }, value: 'ok', before: 'sad', ifNotExists: true });
  });

  test('comments swap with the existing comment', () => {
    assert.deepEqual(reverseOperation({ kind: 'setTableComment', table: todos, comment: 'new', existing: null }), {
      kind: 'setTableComment',
      table: todos,
      comment: null,
      existing: 'new',
    });
    assert.deepEqual(reverseOperation({ kind: 'setColumnComment', table: todos, column: 'a', comment: null, existing: 'old' }), {
      kind: 'setColumnComment',
      table: todos,
      column: 'a',
      comment: 'old',
      existing: null,
    });
    assert.ok(isIrreversible(reverseOperation({ kind: 'setTableComment', table: todos, comment: 'x' })));
  });

  test('execute: reverseSql, nothing to undo, or irreversible; bulkInsert is irreversible', () => {
    assert.deepEqual(reverseOperation({ kind: 'execute', sql: 'CREATE VIEW v AS SELECT 1', reverseSql: 'DROP VIEW v' }), {
      kind: 'execute',
      sql: 'DROP VIEW v',
      reverseSql: 'CREATE VIEW v AS SELECT 1',
    });
    assert.equal(reverseOperation(executeWithoutUndo('UPDATE t SET c = 1 WHERE c IS NULL')), null);
    const raw = reverseOperation({ kind: 'execute', sql: 'DELETE FROM todos\nWHERE done' });
    assert.ok(isIrreversible(raw));
    assert.equal(raw.irreversible, 'raw SQL has no reverse: DELETE FROM todos');
    assert.ok(isIrreversible(reverseOperation({ kind: 'bulkInsert', table: todos, rows: [{ id: 1 }] })));
  });
});

describe('reverseOperations', () => {
  test('reverses the order and leaves out steps with nothing to undo', () => {
    const column = col('done', 'boolean', { default: { kind: 'value', value: false } });
    const ops: Operation[] = [
      { kind: 'addColumn', table: todos, column },
      executeWithoutUndo('UPDATE "todos" SET "done" = FALSE WHERE "done" IS NULL'),
      { kind: 'alterColumn', table: todos, column: 'done', changes: { nullable: false }, existing: { nullable: true } },
    ];
    assert.deepEqual(reverseOperations(ops), [
      { kind: 'alterColumn', table: todos, column: 'done', changes: { nullable: true }, existing: { nullable: false } },
      { kind: 'dropColumn', table: todos, column: 'done', existing: column },
    ]);
  });

  test('an irreversible step stays in place so the caller can report it', () => {
    const r = reverseOperations([
      { kind: 'createEnum', enum: { name: 'e', values: ['a'] } },
      { kind: 'execute', sql: 'UPDATE x SET a = 1' },
    ]);
    assert.equal(r.length, 2);
    assert.ok(isIrreversible(r[0]));
    assert.equal((r[1] as Operation).kind, 'dropEnum');
  });
});

describe('a dropped NOT NULL column is put back so the downgrade runs on a table with rows (issue 9.4)', () => {
  const table = { name: 'posts' };
  const restore = (column: ReturnType<typeof col>) => reverseOperations([{ kind: 'dropColumn', table, column: column.name, existing: column }]);

  test('no default: added with a placeholder default that fills the rows, then the default is dropped', () => {
    const slug = col('slug', 'varchar', { nullable: false });
    const ops = restore(slug);
    assert.deepEqual(ops, [
      { kind: 'addColumn', table, column: { ...slug, default: { kind: 'value', value: '' } } },
      { kind: 'alterColumn', table, column: 'slug', changes: { default: null }, existing: { type: slug.type, nullable: false, default: { kind: 'value', value: '' } } },
    ]);
    const before = schema([entity('posts', [col('id', 'integer', { nullable: false }), slug])]);
    const dropped = applyOperations(before, [{ kind: 'dropColumn', table, column: 'slug', existing: slug }]);
    assert.deepEqual(applyOperations(dropped, ops as Operation[]), before, 'the schema is back where it was');
  });

  test('with a default, or nullable: one addColumn as before', () => {
    const active = col('active', 'boolean', { nullable: false, default: { kind: 'value', value: true } });
    assert.deepEqual(restore(active), [{ kind: 'addColumn', table, column: active }]);
    const bio = col('bio', 'text');
    assert.deepEqual(restore(bio), [{ kind: 'addColumn', table, column: bio }]);
  });
});
