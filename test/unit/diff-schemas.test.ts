import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyOperations } from '../../src/diff/apply.js';
import { diffSchemas } from '../../src/diff/diff.js';
import { schemaDifferences } from '../../src/diff/differences.js';
import { reverseOperations } from '../../src/operations/reverse.js';
import type { Operation } from '../../src/operations/types.js';
import type { SchemaSpec } from '../../src/schema/types.js';
import { col, entity, fk, schema, table } from './diff-fixtures.js';

const kinds = (ops: Operation[]): string[] => ops.map((o) => o.kind);
const sortTables = (s: SchemaSpec): SchemaSpec => ({
  enums: [...s.enums].sort((a, b) => a.name.localeCompare(b.name)),
  tables: [...s.tables].sort((a, b) => a.name.localeCompare(b.name)),
});

/** The diff's operations really turn `from` into `to`. */
function assertConverges(from: SchemaSpec, to: SchemaSpec, ops: Operation[]): void {
  assert.deepEqual(sortTables(applyOperations(from, ops)), sortTables(to));
}

describe('diffSchemas: no change', () => {
  test('identical schemas give no operations', () => {
    const s = schema([entity('users', [col('email', { name: 'varchar', length: 255 })])]);
    const result = diffSchemas(s, structuredClone(s));
    assert.deepEqual(result, { operations: [], problems: [], renameCandidates: [], destructive: [] });
  });

  test('an undefined optional field counts as absent', () => {
    const a = schema([entity('users', [col('email', 'text')])]);
    const b = schema([entity('users', [col('email', 'text', { default: undefined, comment: undefined })])]);
    assert.deepEqual(diffSchemas(a, b).operations, []);
  });
});

describe('diffSchemas: new tables', () => {
  test('enums first, then referenced tables before referencing ones', () => {
    const to = schema(
      [
        entity('todos', [col('owner_id', 'integer')], { foreignKeys: [fk('todos', 'owner_id', 'users')] }),
        entity('users', [col('mood', { name: 'enum', enumName: 'mood' })]),
      ],
      [{ name: 'mood', values: ['happy', 'sad'] }],
    );
    const { operations } = diffSchemas(schema([]), to);
    assert.deepEqual(kinds(operations), ['createEnum', 'createTable', 'createTable']);
    assert.deepEqual(
      operations.flatMap((o) => (o.kind === 'createTable' ? [o.table.name] : [])),
      ['users', 'todos'],
    );
    assertConverges(schema([]), to, operations);
  });

  test('a foreign key cycle is broken: one table created without its FK, the FK added afterwards', () => {
    const a = entity('a', [col('b_id', 'integer')], { foreignKeys: [fk('a', 'b_id', 'b')] });
    const b = entity('b', [col('a_id', 'integer')], { foreignKeys: [fk('b', 'a_id', 'a')] });
    const to = schema([a, b]);
    const { operations } = diffSchemas(schema([]), to);
    assert.deepEqual(kinds(operations), ['createTable', 'createTable', 'createForeignKey']);
    const [first, second, last] = operations;
    assert.ok(first?.kind === 'createTable' && first.table.foreignKeys.length === 0);
    assert.ok(second?.kind === 'createTable' && second.table.foreignKeys.length === 1);
    assert.ok(last?.kind === 'createForeignKey' && last.table.name === first.table.name);
    assertConverges(schema([]), to, operations);
  });

  test('only the cycle is broken: a table hanging off a cycle keeps its FK inline', () => {
    const x = entity('x', [col('a_id', 'integer')], { foreignKeys: [fk('x', 'a_id', 'a')] });
    const a = entity('a', [col('b_id', 'integer')], { foreignKeys: [fk('a', 'b_id', 'b')] });
    const b = entity('b', [col('a_id', 'integer')], { foreignKeys: [fk('b', 'a_id', 'a')] });
    const { operations } = diffSchemas(schema([]), schema([x, a, b]));
    const deferred = operations.filter((o) => o.kind === 'createForeignKey');
    assert.equal(deferred.length, 1);
    const created = operations.flatMap((o) => (o.kind === 'createTable' ? [o.table] : []));
    assert.equal(created.find((t) => t.name === 'x')?.foreignKeys.length, 1);
    const names = created.map((t) => t.name);
    assert.ok(names.indexOf('x') > names.indexOf('a'));
  });

  test('a self-reference stays inline', () => {
    const tree = entity('tree', [col('parent_id', 'integer')], { foreignKeys: [fk('tree', 'parent_id', 'tree')] });
    const { operations } = diffSchemas(schema([]), schema([tree]));
    assert.deepEqual(kinds(operations), ['createTable']);
    assert.ok(operations[0]?.kind === 'createTable' && operations[0].table.foreignKeys.length === 1);
  });

  test('a 10,000-table FK chain is ordered quickly and without recursion', () => {
    const n = 10_000;
    const tables = Array.from({ length: n }, (_, i) =>
      i === n - 1 ? entity(`t${i}`) : entity(`t${i}`, [col('next_id', 'integer')], { foreignKeys: [fk(`t${i}`, 'next_id', `t${i + 1}`)] }),
    );
    const started = performance.now();
    const { operations } = diffSchemas(schema([]), schema(tables));
    assert.ok(performance.now() - started < 3000, 'took too long');
    assert.equal(operations.length, n);
    assert.ok(operations[0]?.kind === 'createTable' && operations[0].table.name === `t${n - 1}`);
    const last = operations[n - 1];
    assert.ok(last?.kind === 'createTable' && last.table.name === 't0');
    assert.ok(operations.every((o) => o.kind === 'createTable'));
  });

  test('a 10,000-table FK ring is created with exactly one deferred FK', () => {
    const n = 10_000;
    const tables = Array.from({ length: n }, (_, i) =>
      entity(`t${i}`, [col('next_id', 'integer')], { foreignKeys: [fk(`t${i}`, 'next_id', `t${(i + 1) % n}`)] }),
    );
    const to = schema(tables);
    const { operations } = diffSchemas(schema([]), to);
    assert.equal(operations.filter((o) => o.kind === 'createForeignKey').length, 1);
    assertConverges(schema([]), to, operations);
  });

  test('a new NOT NULL column without default in a new table needs no backfill', () => {
    const to = schema([entity('todos', [col('title', 'text', { nullable: false })])]);
    const result = diffSchemas(schema([]), to);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(kinds(result.operations), ['createTable']);
  });
});

describe('diffSchemas: existing tables keep their data', () => {
  const before = schema([entity('todos', [col('description', 'text', { nullable: false })])]);

  test('a nullable column is simply added', () => {
    const to = schema([entity('todos', [col('description', 'text', { nullable: false }), col('notes', 'text')])]);
    const { operations, destructive } = diffSchemas(before, to);
    assert.deepEqual(operations, [{ kind: 'addColumn', table: { name: 'todos' }, column: col('notes', 'text') }]);
    assert.deepEqual(destructive, []);
  });

  test('NOT NULL with a constant default: one step, ADD COLUMN … NOT NULL DEFAULT (the database fills the rows)', () => {
    const completed = col('completed', 'boolean', { nullable: false, default: { kind: 'value', value: false } });
    const to = schema([entity('todos', [col('description', 'text', { nullable: false }), completed])]);
    const { operations, problems } = diffSchemas(before, to);
    assert.deepEqual(problems, []);
    assert.deepEqual(operations, [{ kind: 'addColumn', table: { name: 'todos' }, column: completed }]);
    assertConverges(before, to, operations);
  });

  test('NOT NULL with a constant default and an explicit --backfill: add nullable, backfill the given value, then SET NOT NULL', () => {
    const completed = col('completed', 'boolean', { nullable: false, default: { kind: 'value', value: false } });
    const to = schema([entity('todos', [col('description', 'text', { nullable: false }), completed])]);
    const { operations, problems } = diffSchemas(before, to, { backfill: { 'todos.completed': true } });
    assert.deepEqual(problems, []);
    assert.deepEqual(kinds(operations), ['addColumn', 'execute', 'alterColumn']);
    const [add, update, alter] = operations;
    assert.ok(add?.kind === 'addColumn' && add.column.nullable === true);
    assert.ok(update?.kind === 'execute');
    assert.equal(update.sql, 'UPDATE "todos" SET "completed" = TRUE WHERE "completed" IS NULL');
    assert.ok(alter?.kind === 'alterColumn');
    assert.deepEqual(alter.changes, { nullable: false });
    assertConverges(before, to, operations);
  });

  test('a SQL default is backfilled verbatim, with the injected quoting', () => {
    const created = col('created_at', 'timestamptz', { nullable: false, default: { kind: 'sql', sql: 'now()' } });
    const to = schema([entity('todos', [col('description', 'text', { nullable: false }), created])]);
    const quote = { ident: (n: string) => `\`${n}\``, literal: (v: unknown) => JSON.stringify(v) };
    const { operations } = diffSchemas(before, to, { quote });
    const update = operations.find((o) => o.kind === 'execute');
    assert.equal(update?.kind === 'execute' && update.sql, 'UPDATE `todos` SET `created_at` = now() WHERE `created_at` IS NULL');
  });

  test('NOT NULL without a default and without a backfill is a blocking problem', () => {
    const to = schema([entity('todos', [col('description', 'text', { nullable: false }), col('completed', 'boolean', { nullable: false })])]);
    const result = diffSchemas(before, to);
    assert.deepEqual(result.problems, [
      'column todos.completed is NOT NULL with no default: give .default(…), --backfill todos.completed=VALUE or --backfill-sql todos.completed=EXPRESSION',
    ]);
    assert.deepEqual(result.operations, []);
  });

  test('NOT NULL without a default uses the backfill value given for table.column', () => {
    const to = schema([entity('todos', [col('description', 'text', { nullable: false }), col('completed', 'boolean', { nullable: false })])]);
    const { operations, problems } = diffSchemas(before, to, { backfill: { 'todos.completed': true } });
    assert.deepEqual(problems, []);
    assert.deepEqual(kinds(operations), ['addColumn', 'execute', 'alterColumn']);
    assert.ok(operations[0]?.kind === 'addColumn' && operations[0].column.default === undefined);
    assert.ok(operations[1]?.kind === 'execute' && operations[1].sql.includes('SET "completed" = TRUE WHERE "completed" IS NULL'));
    assertConverges(before, to, operations);
  });

  test('serial, identity and generated columns are filled by the database', () => {
    const to = schema([
      entity('todos', [
        col('description', 'text', { nullable: false }),
        col('seq', 'serial', { nullable: false }),
        col('n', 'bigint', { nullable: false, identity: 'always' }),
        col('len', 'integer', { nullable: false, generated: 'length(description)' }),
      ]),
    ]);
    const result = diffSchemas(before, to);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(kinds(result.operations), ['addColumn', 'addColumn', 'addColumn']);
  });

  test('nullable → NOT NULL: with a backfill value the UPDATE runs first; without one only SET NOT NULL', () => {
    const from = schema([entity('todos', [col('title', 'text')])]);
    const to = schema([entity('todos', [col('title', 'text', { nullable: false })])]);
    const plain = diffSchemas(from, to).operations;
    assert.deepEqual(kinds(plain), ['alterColumn']);
    const filled = diffSchemas(from, to, { backfill: { 'todos.title': "it's" } }).operations;
    assert.deepEqual(kinds(filled), ['execute', 'alterColumn']);
    assert.ok(filled[0]?.kind === 'execute');
    assert.equal(filled[0].sql, `UPDATE "todos" SET "title" = 'it''s' WHERE "title" IS NULL`);
    assertConverges(from, to, filled);
  });

  test('a type change carries the existing state; narrowing is reported as destructive', () => {
    const from = schema([entity('todos', [col('title', { name: 'varchar', length: 255 }), col('n', 'integer'), col('big', 'bigint'), col('body', 'text')])]);
    const to = schema([entity('todos', [col('title', { name: 'varchar', length: 50 }), col('n', 'bigint'), col('big', 'integer'), col('body', { name: 'varchar', length: 100 })])]);
    const { operations, destructive } = diffSchemas(from, to);
    assert.deepEqual(kinds(operations), ['alterColumn', 'alterColumn', 'alterColumn', 'alterColumn']);
    const first = operations[0];
    assert.ok(first?.kind === 'alterColumn');
    assert.deepEqual(first.changes, { type: { name: 'varchar', length: 50 } });
    assert.deepEqual(first.existing, { type: { name: 'varchar', length: 255 }, nullable: true, default: null, comment: null });
    assert.deepEqual(destructive, [
      'narrow type of todos.title from varchar(255) to varchar(50)',
      'narrow type of todos.big from bigint to integer',
      'narrow type of todos.body from text to varchar(100)',
    ]);
  });

  test('dropping a column is destructive and carries the column for the downgrade', () => {
    const from = schema([entity('todos', [col('notes', 'text', { comment: 'free text' })])]);
    const to = schema([entity('todos')]);
    const { operations, destructive } = diffSchemas(from, to);
    assert.deepEqual(operations, [
      { kind: 'dropColumn', table: { name: 'todos' }, column: 'notes', existing: col('notes', 'text', { comment: 'free text' }) },
    ]);
    assert.deepEqual(destructive, ['drop column todos.notes']);
  });

  test('defaults and comments', () => {
    const from = schema([entity('todos', [col('title', 'text', { default: { kind: 'value', value: 'x' } })])]);
    const to = schema([entity('todos', [col('title', 'text', { comment: 'the title' })], { comment: 'tasks' })]);
    const { operations } = diffSchemas(from, to);
    assert.deepEqual(kinds(operations), ['alterColumn', 'setColumnComment', 'setTableComment']);
    assert.ok(operations[0]?.kind === 'alterColumn');
    assert.deepEqual(operations[0].changes, { default: null });
    assert.deepEqual(operations[1], { kind: 'setColumnComment', table: { name: 'todos' }, column: 'title', comment: 'the title', existing: null });
    assert.deepEqual(operations[2], { kind: 'setTableComment', table: { name: 'todos' }, comment: 'tasks', existing: null });
    assertConverges(from, to, operations);
  });

  test('changed constraints and indexes are dropped before column changes and re-created after', () => {
    const from = schema([
      entity('todos', [col('title', 'text'), col('rank', 'integer')], {
        indexes: [{ name: 'ix_title', parts: [{ column: 'title' }] }],
        checks: [{ name: 'ck_rank', expression: 'rank > 0' }],
        uniques: [{ name: 'uq_title', columns: ['title'] }],
      }),
    ]);
    const to = schema([
      entity('todos', [col('title', 'text'), col('rank', 'bigint'), col('extra', 'text')], {
        indexes: [{ name: 'ix_title', parts: [{ column: 'title' }], unique: true }],
        checks: [{ name: 'ck_rank', expression: 'rank >= 0' }],
        uniques: [{ name: 'uq_title', columns: ['title'] }],
      }),
    ]);
    const { operations } = diffSchemas(from, to);
    // checks (SQL text) are dropped first, before any column rename; plain indexes after
    assert.deepEqual(kinds(operations), ['dropConstraint', 'dropIndex', 'alterColumn', 'addColumn', 'createCheckConstraint', 'createIndex']);
    assert.ok(operations[0]?.kind === 'dropConstraint');
    assert.deepEqual(operations[0].existing, { type: 'check', name: 'ck_rank', expression: 'rank > 0' });
    assert.ok(operations[1]?.kind === 'dropIndex' && operations[1].existing?.unique === undefined);
    assertConverges(from, to, operations);
  });

  test('an FK pointing at a primary key that changes is dropped first and added back after', () => {
    const from = schema([entity('users'), entity('todos', [col('owner_id', 'integer')], { foreignKeys: [fk('todos', 'owner_id', 'users')] })]);
    const users = entity('users', [], { primaryKey: { name: 'users_pk', columns: ['id'] } });
    const to = schema([users, entity('todos', [col('owner_id', 'integer')], { foreignKeys: [fk('todos', 'owner_id', 'users')] })]);
    const { operations } = diffSchemas(from, to);
    assert.deepEqual(kinds(operations), ['dropConstraint', 'dropConstraint', 'createPrimaryKey', 'createForeignKey']);
    assert.ok(operations[0]?.kind === 'dropConstraint' && operations[0].name === 'todos_owner_id_fkey');
    assert.ok(operations[1]?.kind === 'dropConstraint' && operations[1].name === 'users_pkey');
    assertConverges(from, to, operations);
  });

  test('a changed generated expression is dropped and re-added (drop first: same name)', () => {
    const from = schema([entity('t', [col('a', 'integer'), col('b', 'integer', { generated: 'a * 2' })])]);
    const to = schema([entity('t', [col('a', 'integer'), col('b', 'integer', { generated: 'a * 3' })])]);
    const { operations, destructive } = diffSchemas(from, to);
    assert.deepEqual(kinds(operations), ['dropColumn', 'addColumn']);
    assert.deepEqual(destructive, [], 'its values are computed: nothing is lost');
    assertConverges(from, to, operations);
  });

  test('a re-added generated column takes its indexes and constraints along: they are dropped first and created again', () => {
    const keys = {
      indexes: [{ name: 'ix_a', parts: [{ column: 'a' }] }, { name: 'ix_b', parts: [{ column: 'b' }] }, { name: 'ix_a_b', parts: [{ column: 'a' }, { column: 'b' }] }],
      checks: [{ name: 'ck_b', expression: '(b > 0)' }],
      uniques: [{ name: 'ux_b', columns: ['b'] }],
    };
    // STORED → VIRTUAL cannot be altered in place either
    const from = schema([entity('t', [col('a', 'integer'), col('b', 'integer', { generated: 'a * 2' })], keys)]);
    const to = schema([entity('t', [col('a', 'integer'), col('b', 'integer', { generated: 'a * 2', virtual: true })], keys)]);
    const { operations } = diffSchemas(from, to);
    const names = operations.map((o) => `${o.kind} ${'name' in o ? o.name : o.kind === 'createIndex' ? o.index.name : 'constraint' in o ? (o.constraint as { name?: string }).name : 'column' in o ? (typeof o.column === 'string' ? o.column : o.column.name) : ''}`);
    assert.deepEqual(names, [
      'dropConstraint ck_b',
      'dropIndex ix_b',
      'dropIndex ix_a_b',
      'dropConstraint ux_b',
      'dropColumn b',
      'addColumn b',
      'createUniqueConstraint ux_b',
      'createCheckConstraint ck_b',
      'createIndex ix_b',
      'createIndex ix_a_b',
    ]);
    // indexes come back at the end of the list: compared by name
    assert.deepEqual(schemaDifferences(to, applyOperations(from, operations)), []);
    assert.deepEqual(schemaDifferences(from, applyOperations(to, reverseOperations(operations).filter((op): op is Operation => !('irreversible' in op)))), []);
  });
});

describe('diffSchemas: a generated column over a renamed column', () => {
  test('is dropped before the rename and added after it, so the downgrade adds the old one back after renaming back', () => {
    const from = schema([entity('t', [col('title', 'text'), col('upper_title', 'text', { generated: 'upper(title)', virtual: true })], { indexes: [{ name: 'ix_upper', parts: [{ column: 'upper_title' }] }] })]);
    const to = schema([entity('t', [col('name', 'text'), col('upper_title', 'text', { generated: 'upper(name)', virtual: true })], { indexes: [{ name: 'ix_upper', parts: [{ column: 'upper_title' }] }] })]);
    // a view reading the table goes first and comes back last (SQLite refuses to drop a column a view reads)
    const view = { kind: 'view' as const, name: 'v', definition: 'SELECT upper_title FROM t', uses: ['t'] };
    from.objects = [view];
    to.objects = [view];
    const { operations } = diffSchemas(from, to, { renames: { columns: { 't.title': 'name' } } });
    assert.deepEqual(kinds(operations), ['dropObject', 'dropIndex', 'dropColumn', 'alterColumn', 'addColumn', 'createIndex', 'createObject']);
    const back = reverseOperations(operations).filter((op): op is Operation => !('irreversible' in op));
    assert.deepEqual(kinds(back), ['dropObject', 'dropIndex', 'dropColumn', 'alterColumn', 'addColumn', 'createIndex', 'createObject']);
    const readd = back[4];
    assert.ok(readd?.kind === 'addColumn' && readd.column.generated === 'upper(title)', JSON.stringify(readd));
    assert.deepEqual(schemaDifferences(to, applyOperations(from, operations)), []);
    assert.deepEqual(schemaDifferences(from, applyOperations(to, back)), []);
  });
});

describe('diffSchemas: dropped tables', () => {
  test('FKs from kept tables go first, then referencing tables before referenced ones, then enums', () => {
    const from = schema(
      [
        entity('users', [col('mood', { name: 'enum', enumName: 'mood' })]),
        entity('todos', [col('owner_id', 'integer')], { foreignKeys: [fk('todos', 'owner_id', 'users')] }),
        entity('audit', [col('user_id', 'integer')], { foreignKeys: [fk('audit', 'user_id', 'users')] }),
      ],
      [{ name: 'mood', values: ['happy'] }],
    );
    const to = schema([entity('audit', [col('user_id', 'integer')])]);
    const { operations, destructive } = diffSchemas(from, to);
    assert.deepEqual(kinds(operations), ['dropConstraint', 'dropTable', 'dropTable', 'dropEnum']);
    assert.ok(operations[0]?.kind === 'dropConstraint' && operations[0].name === 'audit_user_id_fkey');
    assert.deepEqual(
      operations.flatMap((o) => (o.kind === 'dropTable' ? [o.table.name] : [])),
      ['todos', 'users'],
    );
    assert.ok(operations[1]?.kind === 'dropTable' && operations[1].existing?.columns.length === 2);
    assert.deepEqual(destructive, ['drop table todos', 'drop table users']);
    assertConverges(from, to, operations);
  });

  test('a cycle of dropped tables is opened by dropping one FK first', () => {
    const a = entity('a', [col('b_id', 'integer')], { foreignKeys: [fk('a', 'b_id', 'b')] });
    const b = entity('b', [col('a_id', 'integer')], { foreignKeys: [fk('b', 'a_id', 'a')] });
    const { operations } = diffSchemas(schema([a, b]), schema([]));
    assert.deepEqual(kinds(operations), ['dropConstraint', 'dropTable', 'dropTable']);
    assertConverges(schema([a, b]), schema([]), operations);
  });
});

describe('diffSchemas: enums', () => {
  test('appended and inserted values become addEnumValue before the tables', () => {
    const from = schema([], [{ name: 'mood', values: ['happy', 'sad'] }]);
    const to = schema([entity('t', [col('m', { name: 'enum', enumName: 'mood' })])], [{ name: 'mood', values: ['ecstatic', 'happy', 'ok', 'sad', 'angry'] }]);
    const { operations } = diffSchemas(from, to);
    assert.deepEqual(operations.slice(0, 3), [
      { kind: 'addEnumValue', enum: { name: 'mood' }, value: 'ecstatic', before: 'happy', ifNotExists: true },
      { kind: 'addEnumValue', enum: { name: 'mood' }, value: 'ok', before: 'sad', ifNotExists: true },
      { kind: 'addEnumValue', enum: { name: 'mood' }, value: 'angry', ifNotExists: true },
    ]);
    assert.equal(operations[3]?.kind, 'createTable');
    assertConverges(from, to, operations);
  });

  test('removed or reordered values are a blocking problem and destructive', () => {
    const from = schema([], [{ name: 'mood', values: ['happy', 'sad'] }]);
    for (const values of [['happy'], ['sad', 'happy']]) {
      const result = diffSchemas(from, schema([], [{ name: 'mood', values }]));
      assert.deepEqual(result.operations, []);
      assert.equal(result.problems.length, 1);
      assert.match(result.problems[0] ?? '', /^enum mood: values removed or reordered/);
      assert.equal(result.destructive.length, 1);
    }
  });
});

describe('diffSchemas: schemas', () => {
  test('tables of the same name in different schemas are different tables', () => {
    const from = schema([{ ...entity('users'), schema: 'app' }]);
    const to = schema([entity('users'), { ...entity('users'), schema: 'app' }]);
    const { operations } = diffSchemas(from, to);
    assert.deepEqual(kinds(operations), ['createTable']);
    assert.ok(operations[0]?.kind === 'createTable' && operations[0].table.schema === undefined);
  });

  test('the backfill UPDATE qualifies the table with its schema', () => {
    const from = schema([{ ...entity('users'), schema: 'app' }]);
    const to = schema([{ ...entity('users', [col('n', 'integer', { nullable: false })]), schema: 'app' }]);
    const { operations } = diffSchemas(from, to, { backfill: { 'app.users.n': 0 } });
    assert.ok(operations[1]?.kind === 'execute' && operations[1].sql.startsWith('UPDATE "app"."users" SET "n" = 0'));
  });
});

test('table helper sanity', () => {
  assert.deepEqual(table('x', []).indexes, []);
});

describe('diffSchemas: column renames and SQL-text objects', () => {
  test('a partial index and a check naming a renamed column come back in old terms on the way down', () => {
    const from = schema([
      entity('posts', [col('name', 'integer')], {
        indexes: [{ name: 'ix_p', parts: [{ column: 'name' }], unique: true, where: 'name IS NOT NULL' }],
        checks: [{ name: 'ck_p', expression: 'name > 0' }],
      }),
    ]);
    const to = schema([
      entity('posts', [col('email', 'integer')], {
        indexes: [{ name: 'ix_p', parts: [{ column: 'email' }], unique: true, where: 'email IS NOT NULL' }],
        checks: [{ name: 'ck_p', expression: 'email > 0' }],
      }),
    ]);
    const { operations } = diffSchemas(from, to, { renames: { columns: { 'posts.name': 'email' } } });
    const rename = operations.findIndex((op) => op.kind === 'alterColumn');
    const drops = operations.filter((op, i) => (op.kind === 'dropIndex' || op.kind === 'dropConstraint') && i < rename);
    assert.equal(drops.length, 2, 'both dropped before the rename');
    const dropIndex = drops.find((op) => op.kind === 'dropIndex');
    assert.ok(dropIndex?.kind === 'dropIndex');
    assert.deepEqual(dropIndex.existing?.parts, [{ column: 'name' }], 'recorded with the old column name');
    assertConverges(from, to, operations);
    const back = reverseOperations(operations).filter((op): op is Operation => !('irreversible' in op));
    assert.deepEqual(sortTables(applyOperations(applyOperations(from, operations), back)), sortTables(from));
  });
});

test('a generated column is dropped before the column it is computed from', () => {
  const from = schema([
    entity('items', [col('big', 'integer'), { name: 'doubled', type: { name: 'integer' }, nullable: true, generated: 'big * 2' }]),
  ]);
  const to = schema([entity('items', [])]);
  const { operations } = diffSchemas(from, to);
  const dropped = operations.flatMap((op) => (op.kind === 'dropColumn' ? [op.column] : []));
  assert.deepEqual(dropped, ['doubled', 'big']);
  assertConverges(from, to, operations);
});
