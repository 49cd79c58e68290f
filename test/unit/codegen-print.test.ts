import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { printOperation } from '../../src/codegen/print.js';
import { quoteString } from '../../src/codegen/literal.js';
import type { Operation } from '../../src/operations/types.js';
import { check, enumType, foreignKey, index, primaryKey, t, table, tableSpecOf, unique, uniqueIndex } from '../../src/schema/dsl.js';
import type { TableSpec } from '../../src/schema/types.js';
import { runPrinted } from './codegen-helpers.js';

const code = (op: Operation): string => printOperation(op).code;
const todos = { name: 'todos' };

/** Lists whose order the DSL decides (column-level constraints first) compared as sets. */
function canonicalTable(spec: TableSpec): TableSpec {
  const byName = <T extends { name?: string }>(l: readonly T[]): T[] => [...l].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  return { ...spec, uniques: byName(spec.uniques), foreignKeys: byName(spec.foreignKeys), indexes: byName(spec.indexes), checks: byName(spec.checks) };
}

describe('printOperation: every kind', () => {
  test('tables', () => {
    assert.equal(code({ kind: 'dropTable', table: todos }), "await op.dropTable('todos');");
    assert.equal(code({ kind: 'dropTable', table: { schema: 'app', name: 'todos' } }), "await op.dropTable({ schema: 'app', name: 'todos' });");
    assert.equal(code({ kind: 'renameTable', table: todos, newName: 'tasks' }), "await op.renameTable('todos', 'tasks');");
    assert.equal(code({ kind: 'setTableComment', table: todos, comment: "it's" }), "await op.setTableComment('todos', 'it\\'s');");
    assert.equal(code({ kind: 'setTableComment', table: todos, comment: null }), "await op.setTableComment('todos', null);");
  });

  test('columns', () => {
    const completed = { name: 'completed', type: { name: 'boolean' as const }, nullable: false, default: { kind: 'value' as const, value: false } };
    const printed = printOperation({ kind: 'addColumn', table: todos, column: completed });
    assert.equal(printed.code, "await op.addColumn('todos', 'completed', t.boolean().notNull().default(false));");
    assert.deepEqual([...printed.imports], ['t']);
    assert.equal(
      code({ kind: 'addColumn', table: todos, column: { name: 'at', type: { name: 'timestamptz', precision: 3 }, nullable: true, default: { kind: 'sql', sql: 'now()' }, comment: 'when' } }),
      "await op.addColumn('todos', 'at', t.timestamptz(3).defaultSql('now()').comment('when'));",
    );
    assert.equal(code({ kind: 'dropColumn', table: todos, column: 'notes' }), "await op.dropColumn('todos', 'notes');");
    assert.equal(code({ kind: 'setColumnComment', table: todos, column: 'a', comment: 'x' }), "await op.setColumnComment('todos', 'a', 'x');");
  });

  test('alterColumn: changes, then the existing state', () => {
    assert.equal(
      code({
        kind: 'alterColumn',
        table: todos,
        column: 'title',
        changes: { type: { name: 'varchar', length: 50 }, nullable: false, default: null, name: 'heading', using: 'left(title, 50)' },
        existing: { type: { name: 'text' }, nullable: true, default: { kind: 'value', value: 'x' }, comment: null },
      }),
      "await op.alterColumn('todos', 'title', { newName: 'heading', type: t.varchar(50), using: 'left(title, 50)', nullable: false, " +
        "default: null, existingType: t.text(), existingNullable: true, existingDefault: 'x' });",
    );
    assert.equal(
      code({ kind: 'alterColumn', table: todos, column: 'at', changes: { default: { kind: 'sql', sql: 'now()' } }, existing: { default: null } }),
      "await op.alterColumn('todos', 'at', { defaultSql: 'now()', existingDefault: null });",
    );
  });

  test('indexes', () => {
    const index = { name: 'ix_t', parts: [{ column: 'a' }, { expression: 'lower(b)' }, { column: 'c', desc: true }], unique: true, where: 'a > 0', using: 'btree' };
    assert.equal(
      code({ kind: 'createIndex', table: todos, index, concurrently: true }),
      "await op.createIndex('ix_t', 'todos', ['a', { expression: 'lower(b)' }, { column: 'c', desc: true }], { unique: true, where: 'a > 0', using: 'btree', concurrently: true });",
    );
    assert.equal(code({ kind: 'dropIndex', table: todos, name: 'ix_t' }), "await op.dropIndex('ix_t', 'todos');");
    assert.equal(code({ kind: 'dropIndex', table: todos, name: 'ix_t', concurrently: true }), "await op.dropIndex('ix_t', 'todos', { concurrently: true });");
  });

  test('constraints', () => {
    assert.equal(code({ kind: 'createPrimaryKey', table: todos, constraint: { columns: ['id'] } }), "await op.createPrimaryKey('todos_pkey', 'todos', ['id']);");
    assert.equal(
      code({ kind: 'createForeignKey', table: todos, constraint: { name: 'fk', columns: ['owner_id'], refSchema: 'app', refTable: 'users', refColumns: ['id'], onDelete: 'cascade' }, notValid: true }),
      "await op.createForeignKey('fk', 'todos', 'users', ['owner_id'], ['id'], { onDelete: 'cascade', refSchema: 'app', notValid: true });",
    );
    assert.equal(code({ kind: 'createUniqueConstraint', table: todos, constraint: { columns: ['a', 'b'] } }), "await op.createUniqueConstraint('todos_a_b_key', 'todos', ['a', 'b']);");
    assert.equal(code({ kind: 'createCheckConstraint', table: todos, constraint: { name: 'ck', expression: "a <> ''" } }), "await op.createCheckConstraint('ck', 'todos', 'a <> \\'\\'');");
    assert.equal(code({ kind: 'validateConstraint', table: todos, name: 'ck' }), "await op.validateConstraint('ck', 'todos');");
    assert.equal(
      code({ kind: 'dropConstraint', table: todos, name: 'fk', existing: { type: 'foreignKey', name: 'fk', columns: ['a'], refTable: 'u', refColumns: ['id'] } }),
      "await op.dropConstraint('fk', 'todos', { type: 'foreignKey' });",
    );
    assert.equal(code({ kind: 'dropConstraint', table: todos, name: 'x' }), "await op.dropConstraint('x', 'todos');");
  });

  test('enums', () => {
    assert.equal(code({ kind: 'createEnum', enum: { name: 'mood', values: ['happy', 'sad'] } }), "await op.createEnum('mood', ['happy', 'sad']);");
    assert.equal(code({ kind: 'createEnum', enum: { schema: 'app', name: 'mood', values: [] } }), "await op.createEnum({ schema: 'app', name: 'mood' }, []);");
    assert.equal(code({ kind: 'addEnumValue', enum: { name: 'mood' }, value: 'ok', before: 'sad' }), "await op.addEnumValue('mood', 'ok', { before: 'sad' });");
    assert.equal(code({ kind: 'addEnumValue', enum: { name: 'mood' }, value: 'ok' }), "await op.addEnumValue('mood', 'ok');");
    assert.equal(code({ kind: 'dropEnum', enum: { name: 'mood' } }), "await op.dropEnum('mood');");
    const column = { name: 'm', type: { name: 'enum' as const, enumName: 'mood' }, nullable: true };
    const printed = printOperation({ kind: 'addColumn', table: todos, column }, { enums: [{ name: 'mood', values: ['happy'] }] });
    assert.equal(printed.code, "await op.addColumn('todos', 'm', t.enum(enumType('mood', ['happy'])));");
    assert.deepEqual([...printed.imports].sort(), ['enumType', 't']);
  });

  test('raw SQL and rows', () => {
    assert.equal(code({ kind: 'execute', sql: "UPDATE t SET a = 'x'\nWHERE b" }), "await op.execute('UPDATE t SET a = \\'x\\'\\nWHERE b');");
    assert.equal(code({ kind: 'execute', sql: 'SELECT $1', params: [1, 'a'] }), "await op.execute('SELECT $1', [1, 'a']);");
    assert.equal(code({ kind: 'bulkInsert', table: todos, rows: [{ id: 1, 'odd key': null }] }), "await op.bulkInsert('todos', [{ id: 1, 'odd key': null }]);");
    assert.equal(code({ kind: 'bulkInsert', table: todos, rows: [{ id: 1 }, { id: 2 }] }), "await op.bulkInsert('todos', [\n  { id: 1 },\n  { id: 2 },\n]);");
  });
});

describe('printOperation: createTable', () => {
  test('a short table fits on one line', () => {
    const spec = tableSpecOf(table('tags', { id: t.serial().primaryKey() }));
    assert.equal(code({ kind: 'createTable', table: spec }), "await op.createTable('tags', { id: t.serial().primaryKey() });");
  });

  test('one column per line, constraints as modifiers, the rest as extras', () => {
    const users = table('users', { id: t.serial().primaryKey() });
    const todosTable = table(
      'todos',
      {
        id: t.serial().primaryKey(),
        description: t.text().notNull(),
        completed: t.boolean().notNull().default(false),
        ownerId: t.integer().references(() => users.id, { onDelete: 'cascade' }),
      },
      (c) => [index('ix_todos_description').on(c.description), check('ck_desc', 'length(description) > 0')],
      { comment: 'things to do' },
    );
    const printed = printOperation({ kind: 'createTable', table: tableSpecOf(todosTable) });
    assert.equal(
      printed.code,
      [
        "await op.createTable('todos', {",
        '  id: t.serial().primaryKey(),',
        '  description: t.text().notNull(),',
        '  completed: t.boolean().notNull().default(false),',
        "  ownerId: t.integer().references('users.id', { onDelete: 'cascade' }),",
        '}, (c) => [',
        "  index('ix_todos_description').on(c.description),",
        "  check('ck_desc', 'length(description) > 0'),",
        "], { comment: 'things to do' });",
      ].join('\n'),
    );
    assert.deepEqual([...printed.imports].sort(), ['check', 'index', 't']);
  });
});

describe('printed code runs through the real DSL and op API back to the same operations', () => {
  const mood = enumType('mood', ['happy', 'sad']);
  const users = table('users', { id: t.serial().primaryKey(), email: t.varchar(255).notNull().unique() }, undefined, { schema: 'app' });
  const tables = [
    table('plain', { id: t.integer() }),
    table(
      'todos',
      {
        id: t.bigserial().primaryKey(),
        'weird name': t.text().default("it's \\ \n"),
        mood: t.enum(mood).notNull(),
        price: t.numeric(10, 2).defaultSql('0'),
        code: t.char(3).unique('uq_code'),
        ownerId: t.integer().references(() => users.id, { onDelete: 'set null', onUpdate: 'cascade', name: 'owner_fk' }),
        parentId: t.integer().references('todos.id'),
        n: t.bigint().identity('always'),
        doubled: t.bigint().generated('n * 2'),
        at: t.timestamp(3).comment('when'),
        data: t.jsonb(),
        kind: t.custom('citext'),
      },
      (c) => [
        uniqueIndex('ux_todos').on(c.ownerId, c['weird name'].desc()).where('n > 0'),
        index('ix_lower').on('lower(code)').using('gin'),
        unique().on(c.code, c.n),
        check('ck_price', 'price >= 0'),
        foreignKey('fk_pair').on(c.ownerId, c.parentId).references({ table: 'pairs', schema: 'app', columns: ['a', 'b'] }).onDelete('restrict'),
      ],
      { comment: 'todo items' },
    ),
    table('pairs', { a: t.integer(), b: t.integer(), c: t.uuid() }, (c) => [primaryKey('pairs_pk').on(c.b, c.a)], { schema: 'app' }),
    table('links', { x: t.integer(), y: t.integer() }, (c) => [primaryKey().on(c.y, c.x)]),
  ];

  for (const tbl of tables) {
    const spec = tableSpecOf(tbl);
    test(`createTable ${spec.name}`, async () => {
      const printed = printOperation({ kind: 'createTable', table: spec }, { enums: [{ name: 'mood', values: ['happy', 'sad'] }] });
      const [recorded, ...rest] = await runPrinted(printed.code);
      assert.deepEqual(rest, []);
      assert.ok(recorded?.kind === 'createTable');
      assert.deepEqual(canonicalTable(recorded.table), canonicalTable(spec));
    });
  }

  test('the other operation kinds', async () => {
    const ops: Operation[] = [
      { kind: 'addColumn', table: { schema: 'app', name: 'users' }, column: { name: 'age', type: { name: 'smallint' }, nullable: false, default: { kind: 'value', value: 0 } } },
      { kind: 'alterColumn', table: todos, column: 'a', changes: { type: { name: 'bigint' }, nullable: true, default: { kind: 'sql', sql: 'now()' }, comment: null, name: 'b' }, existing: { type: { name: 'integer' }, nullable: false, default: { kind: 'value', value: 1 }, comment: 'c' } },
      { kind: 'createIndex', table: todos, index: { name: 'ix', parts: [{ column: 'a' }, { expression: 'lower(b)' }], unique: true, where: 'a > 0', using: 'gin' } },
      { kind: 'createForeignKey', table: todos, constraint: { name: 'fk', columns: ['a'], refSchema: 'app', refTable: 'users', refColumns: ['id'], onDelete: 'cascade', onUpdate: 'no action' }, notValid: true },
      { kind: 'createPrimaryKey', table: todos, constraint: { name: 'pk', columns: ['a', 'b'] } },
      { kind: 'createUniqueConstraint', table: todos, constraint: { name: 'uq', columns: ['a'] } },
      { kind: 'createCheckConstraint', table: todos, constraint: { name: 'ck', expression: 'a > 0' }, notValid: true },
      { kind: 'validateConstraint', table: todos, name: 'ck' },
      { kind: 'dropConstraint', table: todos, name: 'ck' },
      { kind: 'dropIndex', table: todos, name: 'ix', concurrently: true },
      { kind: 'createEnum', enum: { schema: 'app', name: 'mood', values: ['a', "b'c"] } },
      { kind: 'addEnumValue', enum: { name: 'mood' }, value: 'z', after: 'a' },
      { kind: 'dropEnum', enum: { name: 'mood' } },
      { kind: 'setTableComment', table: todos, comment: 'x' },
      { kind: 'setColumnComment', table: todos, column: 'a', comment: null },
      { kind: 'renameTable', table: todos, newName: 'tasks' },
      { kind: 'dropColumn', table: todos, column: 'a' },
      { kind: 'dropTable', table: { schema: 'app', name: 'todos' } },
      { kind: 'execute', sql: 'SELECT $1', params: [1] },
      { kind: 'bulkInsert', table: todos, rows: [{ id: 1, description: 'x' }, { id: 2, description: null }] },
    ];
    const recorded = await runPrinted(ops.map((op) => printOperation(op).code).join('\n'));
    assert.deepEqual(recorded, ops);
  });
});

test('quoteString escapes what would break a single-quoted literal', () => {
  const nasty = "a'b\\c\nd\re\u2028f\0g\u0001h\0" + '1';
  assert.equal(eval(quoteString(nasty)), nasty);
  assert.doesNotMatch(quoteString(nasty), /[\n\r\u2028\u2029]/);
});
