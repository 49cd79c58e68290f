import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  t,
  table,
  index,
  uniqueIndex,
  unique,
  check,
  primaryKey,
  foreignKey,
  enumType,
  schemaFromModule,
  tableSpecOf,
  columnSpecOf,
  columnTypeOf,
  columnConstraintsOf,
  createTableSpec,
  tableRefOf,
  isTable,
  isEnum,
  isColumnBuilder,
  type ColumnBuilder,
  defaultPrimaryKeyName,
  defaultUniqueName,
  defaultForeignKeyName,
} from '../../src/schema/dsl.js';
import { UsageError } from '../../src/errors.js';

describe('column types', () => {
  test('every t builder produces its ColumnType', () => {
    const mood = enumType('mood', ['happy', 'sad'], { schema: 'app' });
    const cases: [ColumnBuilder, object][] = [
      [t.smallint(), { name: 'smallint' }],
      [t.integer(), { name: 'integer' }],
      [t.bigint(), { name: 'bigint' }],
      [t.smallserial(), { name: 'smallserial' }],
      [t.serial(), { name: 'serial' }],
      [t.bigserial(), { name: 'bigserial' }],
      [t.real(), { name: 'real' }],
      [t.double(), { name: 'double' }],
      [t.numeric(), { name: 'numeric' }],
      [t.numeric(10), { name: 'numeric', precision: 10 }],
      [t.numeric(10, 2), { name: 'numeric', precision: 10, scale: 2 }],
      [t.boolean(), { name: 'boolean' }],
      [t.text(), { name: 'text' }],
      [t.varchar(), { name: 'varchar' }],
      [t.varchar(255), { name: 'varchar', length: 255 }],
      [t.char(2), { name: 'char', length: 2 }],
      [t.date(), { name: 'date' }],
      [t.time(), { name: 'time' }],
      [t.time(3), { name: 'time', precision: 3 }],
      [t.timestamp(), { name: 'timestamp' }],
      [t.timestamp(0), { name: 'timestamp', precision: 0 }],
      [t.timestamptz(6), { name: 'timestamptz', precision: 6 }],
      [t.interval(), { name: 'interval' }],
      [t.uuid(), { name: 'uuid' }],
      [t.json(), { name: 'json' }],
      [t.jsonb(), { name: 'jsonb' }],
      [t.bytea(), { name: 'bytea' }],
      [t.enum(mood), { name: 'enum', enumName: 'mood', values: ['happy', 'sad'], enumSchema: 'app' }],
      [t.custom('citext'), { name: 'custom', raw: 'citext' }],
    ];
    for (const [builder, type] of cases) {
      assert.deepEqual(columnTypeOf(builder), type);
      assert.deepEqual(columnSpecOf(builder, 'c').type, type);
    }
  });

  test('bad type arguments are rejected', () => {
    assert.throws(() => t.varchar(0), UsageError);
    assert.throws(() => t.numeric(1.5), UsageError);
    assert.throws(() => t.numeric(undefined, 2), /scale needs a precision/);
    assert.throws(() => t.custom(''), UsageError);
  });
});

describe('column modifiers', () => {
  test('columns are nullable by default; notNull / nullable toggle it', () => {
    assert.deepEqual(columnSpecOf(t.text(), 'a'), { name: 'a', type: { name: 'text' }, nullable: true });
    assert.equal(columnSpecOf(t.text().notNull(), 'a').nullable, false);
    assert.equal(columnSpecOf(t.text().notNull().nullable(), 'a').nullable, true);
  });

  test('primaryKey, serials and identity imply NOT NULL', () => {
    assert.equal(columnSpecOf(t.integer().primaryKey(), 'id').nullable, false);
    // .nullable() on a key only says NOT NULL is not written (SQLite's `INT PRIMARY KEY`): normalize still makes it NOT NULL
    assert.equal(columnSpecOf(t.integer().primaryKey().nullable(), 'id').nullable, true);
    for (const b of [t.serial(), t.bigserial(), t.smallserial()]) {
      const spec = columnSpecOf(b, 'id');
      assert.equal(spec.nullable, false);
      assert.equal(spec.default, undefined, 'a serial has no explicit default');
    }
    assert.deepEqual(columnSpecOf(t.integer().identity('always'), 'id'), {
      name: 'id',
      type: { name: 'integer' },
      nullable: false,
      identity: 'always',
    });
    assert.equal(columnSpecOf(t.bigint().identity(), 'id').identity, 'byDefault');
  });

  test('defaults: literal values and SQL', () => {
    assert.deepEqual(columnSpecOf(t.boolean().default(false), 'a').default, { kind: 'value', value: false });
    assert.deepEqual(columnSpecOf(t.integer().default(0), 'a').default, { kind: 'value', value: 0 });
    assert.deepEqual(columnSpecOf(t.text().default("it's"), 'a').default, { kind: 'value', value: "it's" });
    assert.deepEqual(columnSpecOf(t.text().default(null), 'a').default, { kind: 'value', value: null });
    assert.deepEqual(columnSpecOf(t.timestamptz().defaultSql('now()'), 'a').default, { kind: 'sql', sql: 'now()' });
    assert.throws(() => t.text().default({} as unknown as string), /defaultSql/);
  });

  test('generated and comment', () => {
    assert.deepEqual(columnSpecOf(t.integer().generated('a + b').comment('sum'), 's'), {
      name: 's',
      type: { name: 'integer' },
      nullable: true,
      generated: 'a + b',
      comment: 'sum',
    });
  });

  test('builders are immutable: a shared base is not changed by modifiers', () => {
    const base = t.varchar(50);
    const strict = base.notNull().unique();
    assert.equal(columnSpecOf(base, 'a').nullable, true);
    assert.equal(columnSpecOf(strict, 'a').nullable, false);
    const spec = tableSpecOf(table('x', { a: base, b: strict }));
    assert.deepEqual(spec.uniques, [{ name: 'x_b_key', columns: ['b'] }]);
  });
});

describe('tables', () => {
  test('a table object exposes its columns as references, even columns named like internals', () => {
    const things = table('things', { id: t.integer(), name: t.text(), columns: t.text(), table: t.text() }, undefined, {
      schema: 'app',
    });
    assert.deepEqual([things.id.name, things.name.name, things.columns.name, things.table.name], ['id', 'name', 'columns', 'table']);
    assert.deepEqual(things.id.table, { schema: 'app', name: 'things' });
    assert.deepEqual(Object.keys(things), ['id', 'name', 'columns', 'table']);
    assert.deepEqual(tableRefOf(things), { schema: 'app', name: 'things' });
    assert.deepEqual(
      tableSpecOf(things).columns.map((c) => c.name),
      ['id', 'name', 'columns', 'table'],
    );
  });

  test('the full example from the contract', () => {
    const users = table('users', { id: t.serial().primaryKey(), email: t.varchar(255).notNull().unique() });
    const todos = table(
      'todos',
      {
        id: t.serial().primaryKey(),
        description: t.text().notNull(),
        completed: t.boolean().notNull().default(false),
        ownerId: t.integer().references(() => users.id, { onDelete: 'cascade' }),
        createdAt: t.timestamptz().notNull().defaultSql('now()'),
      },
      (c) => [
        index('ix_todos_description').on(c.description),
        uniqueIndex('ux_todos_owner_desc').on(c.ownerId, c.description).where('completed = false'),
        index('ix_todos_lower').on('lower(description)'),
        index('ix_gin').on(c.description).using('gin'),
        index('ix_recent').on(c.createdAt.desc(), c.id),
        unique('uq_todos_x').on(c.ownerId, c.id),
        check('ck_todos_desc', 'length(description) > 0'),
      ],
      { comment: 'things to do' },
    );
    assert.deepEqual(tableSpecOf(todos), {
      name: 'todos',
      comment: 'things to do',
      columns: [
        { name: 'id', type: { name: 'serial' }, nullable: false },
        { name: 'description', type: { name: 'text' }, nullable: false },
        { name: 'completed', type: { name: 'boolean' }, nullable: false, default: { kind: 'value', value: false } },
        { name: 'ownerId', type: { name: 'integer' }, nullable: true },
        { name: 'createdAt', type: { name: 'timestamptz' }, nullable: false, default: { kind: 'sql', sql: 'now()' } },
      ],
      primaryKey: { name: 'todos_pkey', columns: ['id'] },
      uniques: [{ name: 'uq_todos_x', columns: ['ownerId', 'id'] }],
      indexes: [
        { name: 'ix_todos_description', parts: [{ column: 'description' }] },
        {
          name: 'ux_todos_owner_desc',
          parts: [{ column: 'ownerId' }, { column: 'description' }],
          unique: true,
          where: 'completed = false',
        },
        { name: 'ix_todos_lower', parts: [{ expression: 'lower(description)' }] },
        { name: 'ix_gin', parts: [{ column: 'description' }], using: 'gin' },
        { name: 'ix_recent', parts: [{ column: 'createdAt', desc: true }, { column: 'id' }] },
      ],
      foreignKeys: [
        { name: 'todos_ownerId_fkey', columns: ['ownerId'], refTable: 'users', refColumns: ['id'], onDelete: 'cascade' },
      ],
      checks: [{ name: 'ck_todos_desc', expression: 'length(description) > 0' }],
    });
  });

  test('default constraint names follow PostgreSQL; given names are kept', () => {
    const spec = tableSpecOf(
      table(
        'orders',
        {
          id: t.integer().primaryKey(),
          code: t.text().unique(),
          ref: t.text().unique('orders_ref_uq'),
          a: t.integer(),
          b: t.integer(),
          parent: t.integer().references('orders.id', { name: 'parent_fk', onUpdate: 'restrict' }),
        },
        (c) => [unique().on(c.a, c.b), foreignKey().on(c.a, c.b).references({ table: 'pairs', columns: ['x', 'y'] })],
      ),
    );
    assert.deepEqual(spec.primaryKey, { name: 'orders_pkey', columns: ['id'] });
    assert.deepEqual(spec.uniques, [
      { name: 'orders_code_key', columns: ['code'] },
      { name: 'orders_ref_uq', columns: ['ref'] },
      { name: 'orders_a_b_key', columns: ['a', 'b'] },
    ]);
    assert.deepEqual(spec.foreignKeys, [
      { name: 'parent_fk', columns: ['parent'], refTable: 'orders', refColumns: ['id'], onUpdate: 'restrict' },
      { name: 'orders_a_b_fkey', columns: ['a', 'b'], refTable: 'pairs', refColumns: ['x', 'y'] },
    ]);
  });

  test('long default names are shortened exactly as PostgreSQL 15 does (checked against a live server)', () => {
    const long = 'a_very_long_table_name_that_goes_on_and_on_for_quite_a_while_x';
    const col = 'another_quite_long_column_name_here_too';
    assert.equal(defaultPrimaryKeyName(long), 'a_very_long_table_name_that_goes_on_and_on_for_quite_a_whi_pkey');
    assert.equal(defaultUniqueName(long, [col]), 'a_very_long_table_name_that_g_another_quite_long_column_nam_key');
    assert.equal(defaultForeignKeyName(long, [col]), 'a_very_long_table_name_that_g_another_quite_long_column_na_fkey');
    assert.equal(defaultUniqueName(long, ['b', 'c']), 'a_very_long_table_name_that_goes_on_and_on_for_quite_a__b_c_key');
    // Multibyte characters are never split; the result stays within 63 bytes.
    const name = defaultUniqueName(long, ['é' + 'ü'.repeat(30)]);
    assert.equal(name, 'a_very_long_table_name_that_g_éüüüüüüüüüüüüü_key');
    assert.ok(Buffer.byteLength(name) <= 63);
  });

  test('several .primaryKey() columns form one composite key in declaration order', () => {
    const spec = tableSpecOf(table('m', { b: t.integer().primaryKey(), x: t.text(), a: t.integer().primaryKey() }));
    assert.deepEqual(spec.primaryKey, { name: 'm_pkey', columns: ['b', 'a'] });
  });

  test('primaryKey().on() declares a composite key and makes its columns NOT NULL', () => {
    const spec = tableSpecOf(table('m', { a: t.integer(), b: t.integer(), c: t.text() }, (c) => [primaryKey('pk_m').on(c.a, c.b)]));
    assert.deepEqual(spec.primaryKey, { name: 'pk_m', columns: ['a', 'b'] });
    assert.deepEqual(
      spec.columns.map((c) => c.nullable),
      [false, false, true],
    );
    const unnamed = tableSpecOf(table('m', { a: t.integer() }, (c) => [primaryKey().on(c.a)]));
    assert.deepEqual(unnamed.primaryKey, { name: 'm_pkey', columns: ['a'] });
  });

  test('a table without primary key has no primaryKey field', () => {
    const spec = tableSpecOf(table('log', { line: t.text() }));
    assert.equal('primaryKey' in spec, false);
    assert.equal('schema' in spec, false);
    assert.equal('comment' in spec, false);
  });
});

describe('references', () => {
  test('lazy references may point at tables declared later', () => {
    const posts = table('posts', { id: t.serial().primaryKey(), authorId: t.integer().references(() => authors.id) });
    const authors = table('authors', { id: t.serial().primaryKey() });
    assert.deepEqual(tableSpecOf(posts).foreignKeys, [
      { name: 'posts_authorId_fkey', columns: ['authorId'], refTable: 'authors', refColumns: ['id'] },
    ]);
  });

  test('self-references work, at column level and in composite keys', () => {
    const nodes = table(
      'nodes',
      {
        id: t.integer().primaryKey(),
        tenant: t.integer(),
        parentId: t.integer().references(() => nodes.id, { onDelete: 'set null' }),
        parentTenant: t.integer(),
      },
      (c) => [
        unique().on(c.tenant, c.id),
        foreignKey('fk_nodes_parent').on(c.parentTenant, c.parentId).references(() => [nodes.tenant, nodes.id]),
      ],
    );
    assert.deepEqual(tableSpecOf(nodes).foreignKeys, [
      { name: 'nodes_parentId_fkey', columns: ['parentId'], refTable: 'nodes', refColumns: ['id'], onDelete: 'set null' },
      { name: 'fk_nodes_parent', columns: ['parentTenant', 'parentId'], refTable: 'nodes', refColumns: ['tenant', 'id'] },
    ]);
  });

  test('a target in another schema carries refSchema (table objects, strings and objects)', () => {
    const accounts = table('accounts', { id: t.uuid().primaryKey(), a: t.integer(), b: t.integer() }, undefined, { schema: 'auth' });
    const spec = tableSpecOf(
      table(
        'sessions',
        {
          accountId: t.uuid().references(() => accounts.id),
          viaString: t.uuid().references('auth.accounts.id'),
          plain: t.integer().references('users.id'),
          a: t.integer(),
          b: t.integer(),
        },
        (c) => [
          foreignKey('fk_ab').on(c.a, c.b).references(() => [accounts.a, accounts.b]).onDelete('cascade').onUpdate('no action'),
          foreignKey('fk_obj').on(c.a).references({ table: 'accounts', schema: 'auth', columns: ['a'] }),
        ],
      ),
    );
    assert.deepEqual(spec.foreignKeys, [
      { name: 'sessions_accountId_fkey', columns: ['accountId'], refSchema: 'auth', refTable: 'accounts', refColumns: ['id'] },
      { name: 'sessions_viaString_fkey', columns: ['viaString'], refSchema: 'auth', refTable: 'accounts', refColumns: ['id'] },
      { name: 'sessions_plain_fkey', columns: ['plain'], refTable: 'users', refColumns: ['id'] },
      {
        name: 'fk_ab',
        columns: ['a', 'b'],
        refSchema: 'auth',
        refTable: 'accounts',
        refColumns: ['a', 'b'],
        onDelete: 'cascade',
        onUpdate: 'no action',
      },
      { name: 'fk_obj', columns: ['a'], refSchema: 'auth', refTable: 'accounts', refColumns: ['a'] },
    ]);
  });
});

describe('errors name the table and column', () => {
  test('two primary key declarations', () => {
    const m = table('m', { a: t.integer().primaryKey(), b: t.integer() }, (c) => [primaryKey().on(c.b)]);
    assert.throws(() => tableSpecOf(m), (e: unknown) => e instanceof UsageError && /table "m"/.test(e.message) && /two primary key/.test(e.message) && /\ba\b/.test(e.message));
    const twice = table('n', { a: t.integer() }, (c) => [primaryKey().on(c.a), primaryKey('x').on(c.a)]);
    assert.throws(() => tableSpecOf(twice), /two primary key/);
  });

  test('an extras reference to a column of another table', () => {
    const other = table('other', { x: t.integer() });
    const m = table('m', { a: t.integer() }, (c) => [index('ix_m').on(c.a, other.x)]);
    assert.throws(() => tableSpecOf(m), /table "m", index "ix_m": column "x" belongs to table "other"/);
    const u = table('m', { a: t.integer() }, () => [unique().on(other.x)]);
    assert.throws(() => tableSpecOf(u), /belongs to table "other"/);
  });

  test('a reference to something that is not a table column', () => {
    const notATable = { id: 1 } as unknown as { id: unknown };
    const m = table('m', { ref: t.integer().references(() => notATable.id) });
    assert.throws(() => tableSpecOf(m), /table "m", column "ref": references\(\) must point at a column of a table/);
    const thrower = table('m', {
      ref: t.integer().references(() => {
        throw new ReferenceError('Cannot access before initialization');
      }),
    });
    assert.throws(() => tableSpecOf(thrower), /column "ref": the references\(\) target could not be evaluated/);
    const badString = table('m', { ref: t.integer().references('justone') });
    assert.throws(() => tableSpecOf(badString), /'table\.column' or 'schema\.table\.column'/);
  });

  test('composite foreign key with mismatched column counts', () => {
    const p = table('p', { x: t.integer(), y: t.integer() });
    const m = table('m', { a: t.integer() }, (c) => [foreignKey().on(c.a).references(() => [p.x, p.y])]);
    assert.throws(() => tableSpecOf(m), /1 column\(s\) reference 2/);
  });

  test('a constraint name used twice', () => {
    const m = table('m', { a: t.integer().unique() }, (c) => [unique().on(c.a)]);
    assert.throws(() => tableSpecOf(m), /"m_a_key" is used by two/);
  });

  test('a column that is not a builder, and extras that are not extras', () => {
    assert.throws(() => table('m', { a: 'text' } as unknown as Record<string, ReturnType<typeof t.text>>), /table "m", column "a": not a column builder/);
    const m = table('m', { a: t.integer() }, () => ['nope'] as unknown as []);
    assert.throws(() => tableSpecOf(m), /table "m": extras must be/);
  });

  test('missing names for index and check are rejected at run time too (JavaScript callers)', () => {
    assert.throws(() => index(undefined as unknown as string), /a name is required/);
    assert.throws(() => check('', 'a > 0'), /a name is required/);
  });
});

describe('op API helpers', () => {
  test('createTableSpec builds a table from a plain name or a TableRef', () => {
    const spec = createTableSpec('todos', { id: t.serial().primaryKey(), d: t.text() }, (c) => [index('ix_d').on(c.d)], {
      comment: 'c',
    });
    assert.deepEqual(spec, {
      name: 'todos',
      comment: 'c',
      columns: [
        { name: 'id', type: { name: 'serial' }, nullable: false },
        { name: 'd', type: { name: 'text' }, nullable: true },
      ],
      primaryKey: { name: 'todos_pkey', columns: ['id'] },
      uniques: [],
      indexes: [{ name: 'ix_d', parts: [{ column: 'd' }] }],
      foreignKeys: [],
      checks: [],
    });
    assert.equal(createTableSpec({ schema: 'app', name: 'x' }, { a: t.text() }).schema, 'app');
    assert.equal(createTableSpec('x', { a: t.text() }, undefined, { schema: 'other' }).schema, 'other');
  });

  test('columnConstraintsOf lists what a single column implies', () => {
    const users = table('users', { id: t.serial().primaryKey() }, undefined, { schema: 'auth' });
    assert.deepEqual(columnConstraintsOf(t.integer(), 'todos', 'x'), []);
    assert.deepEqual(
      columnConstraintsOf(t.integer().primaryKey().unique().references(() => users.id, { onDelete: 'cascade' }), 'todos', 'ownerId'),
      [
        { type: 'primaryKey', name: 'todos_pkey', columns: ['ownerId'] },
        { type: 'unique', name: 'todos_ownerId_key', columns: ['ownerId'] },
        {
          type: 'foreignKey',
          name: 'todos_ownerId_fkey',
          columns: ['ownerId'],
          refSchema: 'auth',
          refTable: 'users',
          refColumns: ['id'],
          onDelete: 'cascade',
        },
      ],
    );
    assert.deepEqual(columnConstraintsOf(t.text().unique('u1'), { schema: 'app', name: 'todos' }, 'c'), [
      { type: 'unique', name: 'u1', columns: ['c'] },
    ]);
  });

  test('type guards', () => {
    const e = enumType('e', ['a']);
    const tb = table('tb', { a: t.integer() });
    assert.equal(isTable(tb), true);
    assert.equal(isTable(e), false);
    assert.equal(isTable({ a: 1 }), false);
    assert.equal(isEnum(e), true);
    assert.equal(isEnum(tb), false);
    assert.equal(isEnum(null), false);
    assert.equal(isColumnBuilder(t.text()), true);
    assert.equal(isColumnBuilder(tb.a), false);
  });
});

describe('enums', () => {
  test('enumType validates its values', () => {
    assert.deepEqual(enumType('mood', ['happy', 'sad']).values, ['happy', 'sad']);
    assert.throws(() => enumType('mood', ['a', 'a']), /"a" is listed twice/);
    assert.throws(() => enumType('', ['a']), UsageError);
  });
});

describe('schemaFromModule', () => {
  test('collects exported tables and enums, plus enums used but not exported, in a stable order', () => {
    const hidden = enumType('status', ['open', 'closed']);
    const mood = enumType('mood', ['happy', 'sad']);
    const appMood = enumType('mood', ['x'], { schema: 'app' });
    const users = table('users', { id: t.serial().primaryKey(), mood: t.enum(mood) });
    const tickets = table('tickets', { id: t.serial().primaryKey(), status: t.enum(hidden), owner: t.integer().references(() => users.id) });
    const audit = table('audit', { at: t.timestamptz() }, undefined, { schema: 'app' });
    const ns = { users, tickets, audit, appMood, mood, alias: users, helper: () => 1, n: 3, nil: null, b: t.text() };
    const schema = schemaFromModule(ns);
    assert.deepEqual(
      schema.tables.map((x) => [x.schema, x.name]),
      [
        [undefined, 'tickets'],
        [undefined, 'users'],
        ['app', 'audit'],
      ],
    );
    assert.deepEqual(schema.enums, [
      { name: 'mood', values: ['happy', 'sad'] },
      { name: 'status', values: ['open', 'closed'] },
      { schema: 'app', name: 'mood', values: ['x'] },
    ]);
    assert.deepEqual(schema.tables[0]?.foreignKeys[0]?.refTable, 'users');
    // Export order does not change the result.
    const reversed = Object.fromEntries(Object.entries(ns).reverse());
    assert.deepEqual(schemaFromModule(reversed), schema);
  });

  test('conflicting declarations are rejected', () => {
    const a = table('same', { a: t.integer() });
    const b = table('same', { b: t.integer() });
    assert.throws(() => schemaFromModule({ a, b }), /table "same" is declared twice/);
    const e1 = enumType('e', ['x']);
    const e2 = enumType('e', ['y']);
    assert.throws(() => schemaFromModule({ e1, e2 }), /enum "e" is declared twice/);
    assert.equal(schemaFromModule({ e1, again: enumType('e', ['x']) }).enums.length, 1);
  });
});

test('default names that collide once cut to 63 bytes are numbered, like PostgreSQL does', async () => {
  const { table: tbl, t: types, unique: uq, tableSpecOf: specOf } = await import('../../src/schema/dsl.js');
  const long = 'a_rather_long_column_name_so_that_generated_names_get_cut';
  const orders = tbl('Orders', { id: types.serial().primaryKey(), [long]: types.smallint().unique() }, (c) => [uq().on(c[long] as never, c.id)]);
  const names = specOf(orders).uniques.map((u) => u.name);
  assert.equal(names.length, 2);
  assert.equal(new Set(names).size, 2, `distinct: ${names.join(', ')}`);
  assert.ok(names.every((n) => n !== undefined && Buffer.byteLength(n) <= 63));
  assert.ok(names.some((n) => n?.endsWith('_key1')), names.join(', '));
});

describe('DEFERRABLE foreign keys', () => {
  const parents = table('parents', { id: t.integer().primaryKey() });

  test('a key is checked at COMMIT or deferrable from the start, as PostgreSQL prints it; neither when not asked', () => {
    const children = table(
      'children',
      { id: t.integer().primaryKey(), a: t.integer().references(() => parents.id, { deferrable: 'deferred' }), b: t.integer().references(() => parents.id) },
      (c) => [foreignKey('fk_c').on(c.id).references(() => [parents.id]).deferrable()],
    );
    const byName = new Map(tableSpecOf(children).foreignKeys.map((fk) => [fk.name, fk.deferrable]));
    assert.deepEqual(Object.fromEntries(byName), { children_a_fkey: 'DEFERRABLE INITIALLY DEFERRED', children_b_fkey: undefined, fk_c: 'DEFERRABLE' });
  });

  test('anything else is refused naming the table and column', () => {
    const bad = table('bad', { id: t.integer().primaryKey(), p: t.integer().references(() => parents.id, { deferrable: 'later' as 'deferred' }) });
    assert.throws(() => tableSpecOf(bad), /table "bad", column "p": deferrable "later" is not one of 'immediate'/);
  });
});
