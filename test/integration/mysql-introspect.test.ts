// The MySQL dialect against a real MariaDB: rendered DDL runs, introspection reads it back, and the model and
// the database compare equal once both are normalized.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Connection } from '../../src/drivers/connection.js';
import { connectMysql } from '../../src/drivers/mysql.js';
import { mysqlDialect as dialect } from '../../src/dialects/mysql/index.js';
import { DatabaseError } from '../../src/errors.js';
import type { Operation } from '../../src/operations/types.js';
import { check, enumType, foreignKey, index, primaryKey, schemaFromModule, t, table, unique, uniqueIndex } from '../../src/schema/dsl.js';
import type { ColumnSpec, SchemaSpec, TableSpec } from '../../src/schema/types.js';
import { onlyOn } from '../support/targets.js';
import { versionTablesDdl } from '../../src/runner/version-store.js';

const SERVER = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const database = `ath_myintro_${randomBytes(4).toString('hex')}`;
// a second database stands for a schema other than the connection's
const otherDatabase = `${database}_b`;
let admin: Connection;
let conn: Connection;

before(async () => {
  admin = await connectMysql(`${SERVER}/`);
  await admin.exec(`CREATE DATABASE \`${database}\``);
  await admin.exec(`CREATE DATABASE \`${otherDatabase}\``);
  conn = await connectMysql(`${SERVER}/${database}`);
});

after(async () => {
  await conn?.close();
  await admin?.exec(`DROP DATABASE IF EXISTS \`${database}\``);
  await admin?.exec(`DROP DATABASE IF EXISTS \`${otherDatabase}\``);
  await admin?.close();
});

async function introspectTable(name: string): Promise<TableSpec | undefined> {
  const schema = await dialect.introspect(conn, { includeTables: [name] });
  return schema.tables[0];
}

/** Renders each operation with the table as introspected (what the runner does online) and runs it. */
async function run(...ops: Operation[]): Promise<string[]> {
  const statements: string[] = [];
  for (const op of ops) {
    const table = 'table' in op && typeof op.table === 'object' ? op.table.name : undefined;
    const currentTable = dialect.needsCurrentTable?.(op) && table ? await introspectTable(table) : undefined;
    for (const sql of dialect.render(op, { currentTable })) {
      statements.push(sql);
      await conn.exec(sql);
    }
  }
  return statements;
}

async function assertConverged(model: SchemaSpec, names: string[]): Promise<void> {
  const live = await dialect.introspect(conn, { includeTables: names });
  const expected = dialect.normalize(model);
  assert.deepEqual(dialect.normalize(live).tables, expected.tables.filter((tbl) => names.includes(tbl.name)));
}

const mood = enumType('mood', ['happy', 'sad', "it's"]);
const users = table(
  'users',
  {
    id: t.serial().primaryKey(),
    email: t.varchar(255).notNull().unique(),
    name: t.varchar().default('anon'),
    mood: t.enum(mood).default('happy'),
    active: t.boolean().notNull().default(false),
    score: t.numeric(10, 2).default(1.5),
    ratio: t.real(),
    big: t.double().default(-1),
    created: t.timestamptz().notNull().defaultSql('now()'),
    updated: t.timestamp(3),
    birthday: t.date().default('2000-01-01'),
    wake: t.time(),
    uid: t.uuid(),
    meta: t.jsonb().notNull().default('{}'),
    doc: t.json(),
    avatar: t.bytea(),
    notes: t.text().comment("free 'text'"),
    code: t.char(3),
    counter: t.custom('mediumint unsigned').default(0),
    twiceBig: t.double().generated('big * 2'),
  },
  (c) => [
    index('ix_users_name_created').on(c.name, c.created.desc()),
    uniqueIndex('ux_users_code').on(c.code),
    index('ft_users_notes').on(c.notes).using('fulltext'),
    check('ck_users_email', "char_length(email) > 3 AND email LIKE '%@%'"),
  ],
  { comment: 'people' },
);
const todos = table('todos', {
  id: t.bigserial().primaryKey(),
  ownerId: t.integer().references(() => users.id, { onDelete: 'cascade' }),
  description: t.text().notNull(),
  done: t.boolean().notNull().default(true),
});
const tags = table(
  'tags',
  { todoId: t.bigint().notNull(), label: t.varchar(50).notNull() },
  (c) => [primaryKey('tags_pkey').on(c.todoId, c.label), foreignKey('fk_tags_todo').on(c.todoId).references(() => [todos.id]).onUpdate('cascade')],
);
const model = schemaFromModule({ users, todos, tags, mood });

describe('mysql dialect on MariaDB', onlyOn('mysql'), () => {
  test('tables created from the models read back equal to the models', async () => {
    // the diff hands the renderer normalized specs (enums inline), so does this test
    const target = dialect.normalize(model);
    for (const tbl of target.tables.sort((a, b) => ['users', 'todos', 'tags'].indexOf(a.name) - ['users', 'todos', 'tags'].indexOf(b.name))) {
      await run({ kind: 'createTable', table: tbl });
    }
    await assertConverged(model, ['users', 'todos', 'tags']);

    const live = await introspectTable('todos');
    // the index MySQL made for the foreign key is not a model index
    assert.deepEqual(live?.indexes, []);
    const usersLive = await introspectTable('users');
    assert.deepEqual(usersLive?.columns.find((c) => c.name === 'meta')?.type, { name: 'json' });
    assert.ok(!usersLive?.checks.some((c) => c.name === 'meta'), 'the json_valid check of a JSON column is not reported');
    assert.deepEqual(usersLive?.columns.find((c) => c.name === 'id')?.type, { name: 'serial' });
    assert.equal(usersLive?.comment, 'people');
  });

  test('column, index and constraint changes rendered with the introspected table converge', async () => {
    const t0 = { name: 'todos' };
    const statements = await run(
      { kind: 'addColumn', table: t0, column: { name: 'priority', type: { name: 'smallint' }, nullable: false, default: { kind: 'value', value: 0 } } },
      { kind: 'alterColumn', table: t0, column: 'description', changes: { type: { name: 'varchar', length: 500 }, nullable: true } },
      { kind: 'alterColumn', table: t0, column: 'priority', changes: { default: { kind: 'value', value: 5 }, name: 'prio' } },
      { kind: 'alterColumn', table: t0, column: 'done', changes: { default: null } },
      { kind: 'setColumnComment', table: t0, column: 'prio', comment: 'higher first' },
      { kind: 'setTableComment', table: t0, comment: 'work' },
      { kind: 'createIndex', table: t0, index: { name: 'ix_todos_prio', parts: [{ column: 'prio', desc: true }] }, concurrently: true },
      { kind: 'createUniqueConstraint', table: t0, constraint: { name: 'uq_todos_owner_desc', columns: ['ownerId', 'description'] } },
      { kind: 'createCheckConstraint', table: t0, constraint: { name: 'ck_todos_prio', expression: 'prio BETWEEN 0 AND 10' } },
      { kind: 'addColumn', table: t0, column: { name: 'tagTodo', type: { name: 'bigint' }, nullable: true } },
      { kind: 'createForeignKey', table: t0, constraint: { name: 'fk_todos_self', columns: ['tagTodo'], refTable: 'todos', refColumns: ['id'], onDelete: 'set null' } },
      { kind: 'alterColumn', table: { name: 'users' }, column: 'mood', changes: { type: { name: 'custom', raw: "enum('happy','sad','it''s','meh')" } } },
    );
    assert.ok(statements.some((s) => s.includes('ALGORITHM=INPLACE LOCK=NONE')));

    const todosModel: TableSpec = {
      name: 'todos',
      comment: 'work',
      columns: [
        { name: 'id', type: { name: 'bigserial' }, nullable: false },
        { name: 'ownerId', type: { name: 'integer' }, nullable: true },
        { name: 'description', type: { name: 'varchar', length: 500 }, nullable: true },
        { name: 'done', type: { name: 'boolean' }, nullable: false },
        { name: 'prio', type: { name: 'smallint' }, nullable: false, default: { kind: 'value', value: 5 }, comment: 'higher first' },
        { name: 'tagTodo', type: { name: 'bigint' }, nullable: true },
      ],
      primaryKey: { columns: ['id'] },
      uniques: [{ name: 'uq_todos_owner_desc', columns: ['ownerId', 'description'] }],
      indexes: [{ name: 'ix_todos_prio', parts: [{ column: 'prio', desc: true }] }],
      foreignKeys: [
        { name: 'fk_todos_self', columns: ['tagTodo'], refTable: 'todos', refColumns: ['id'], onDelete: 'set null' },
        { name: 'todos_ownerId_fkey', columns: ['ownerId'], refTable: 'users', refColumns: ['id'], onDelete: 'cascade' },
      ],
      checks: [{ name: 'ck_todos_prio', expression: 'prio between 0 and 10' }],
    };
    await assertConverged({ tables: [todosModel], enums: [] }, ['todos']);
    const moodColumn = (await introspectTable('users'))?.columns.find((c) => c.name === 'mood');
    assert.deepEqual(moodColumn?.type, { name: 'custom', raw: "enum('happy','sad','it''s','meh')" });

    // dropConstraint without its kind: found in the introspected table; the foreign key's index goes with it
    await run(
      { kind: 'dropConstraint', table: t0, name: 'fk_todos_self' },
      { kind: 'dropConstraint', table: t0, name: 'uq_todos_owner_desc' },
      { kind: 'dropConstraint', table: t0, name: 'ck_todos_prio' },
      { kind: 'dropIndex', table: t0, name: 'ix_todos_prio' },
      { kind: 'dropColumn', table: t0, column: 'tagTodo' },
    );
    const { rows } = await conn.query<{ n: number | string }>(
      "SELECT COUNT(*) AS n FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'todos' AND INDEX_NAME = 'fk_todos_self'",
    );
    assert.equal(Number(rows[0]?.n), 0);
    const after = dialect.normalize({ tables: [(await introspectTable('todos')) as TableSpec], enums: [] }).tables[0];
    assert.deepEqual(after?.uniques, []);
    assert.deepEqual(after?.checks, []);
    assert.deepEqual(after?.indexes, []);
    assert.deepEqual(after?.foreignKeys.map((fk) => fk.name), ['todos_ownerId_fkey']);
  });

  test('primary keys, serial changes, renames and drops', async () => {
    const plain: TableSpec = {
      name: 'counters',
      columns: [
        { name: 'id', type: { name: 'integer' }, nullable: false },
        { name: 'n', type: { name: 'integer' }, nullable: true },
      ],
      uniques: [],
      indexes: [],
      foreignKeys: [],
      checks: [],
    };
    await run(
      { kind: 'createTable', table: plain },
      { kind: 'createPrimaryKey', table: { name: 'counters' }, constraint: { name: 'counters_pkey', columns: ['id'] } },
      { kind: 'alterColumn', table: { name: 'counters' }, column: 'id', changes: { type: { name: 'serial' } } },
      { kind: 'renameTable', table: { name: 'counters' }, newName: 'tallies' },
    );
    const id: ColumnSpec = { name: 'id', type: { name: 'serial' }, nullable: false };
    await assertConverged({ tables: [{ ...plain, name: 'tallies', columns: [id, plain.columns[1] as ColumnSpec], primaryKey: { columns: ['id'] } }], enums: [] }, ['tallies']);
    await run(
      { kind: 'alterColumn', table: { name: 'tallies' }, column: 'id', changes: { type: { name: 'integer' } } },
      { kind: 'dropConstraint', table: { name: 'tallies' }, name: 'tallies_pkey' },
      { kind: 'dropTable', table: { name: 'tallies' } },
    );
    assert.equal(await introspectTable('tallies'), undefined);

    // tags' foreign key uses the primary key's index: dropping the key gives the foreign key an index of its own
    await run({ kind: 'dropConstraint', table: { name: 'tags' }, name: 'tags_pkey', existing: { type: 'primaryKey', columns: ['todoId', 'label'] } });
    const tagsLive = await introspectTable('tags');
    assert.equal(tagsLive?.primaryKey, undefined);
    assert.deepEqual(tagsLive?.indexes, []);
    assert.deepEqual(tagsLive?.foreignKeys.map((fk) => fk.name), ['fk_tags_todo']);
  });

  test('a schema is another database: qualified DDL, introspected with its schema', async () => {
    const countries: TableSpec = {
      schema: otherDatabase,
      name: 'countries',
      columns: [{ name: 'code', type: { name: 'char', length: 2 }, nullable: false }],
      primaryKey: { columns: ['code'] },
      uniques: [],
      indexes: [],
      foreignKeys: [],
      checks: [],
    };
    const cities: TableSpec = {
      name: 'cities',
      columns: [
        { name: 'id', type: { name: 'integer' }, nullable: false },
        { name: 'country', type: { name: 'char', length: 2 }, nullable: true },
      ],
      primaryKey: { columns: ['id'] },
      uniques: [],
      indexes: [],
      foreignKeys: [{ name: 'fk_city_country', columns: ['country'], refSchema: otherDatabase, refTable: 'countries', refColumns: ['code'] }],
      checks: [],
    };
    await run({ kind: 'createTable', table: countries }, { kind: 'createTable', table: cities });
    const live = await dialect.introspect(conn, { schemas: [database, otherDatabase], includeTables: ['cities', `${otherDatabase}.countries`] });
    assert.deepEqual(dialect.normalize(live).tables, dialect.normalize({ tables: [countries, cities], enums: [] }).tables);
    await run({ kind: 'dropTable', table: { name: 'cities' } }, { kind: 'dropTable', table: { schema: otherDatabase, name: 'countries' } });
  });

  test('bulkInsert literals read back unchanged', async () => {
    await run({ kind: 'createTable', table: dialect.normalize({ tables: [tableOf('vals')], enums: [] }).tables[0] as TableSpec });
    const tricky = "quote ' backslash \\ newline \n tab \t percent % under _ nul-free ünï 🙂";
    await run({
      kind: 'bulkInsert',
      table: { name: 'vals' },
      rows: [
        { id: 1, s: tricky, b: true, d: new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 123)), j: { a: [1, 'x'] }, bin: Buffer.from([0, 1, 254, 255]) },
        { id: 2, s: null, b: false },
      ],
    });
    const { rows } = await conn.query<{ id: number; s: string | null; b: number; d: string | null; j: unknown; bin: Buffer | null }>(
      'SELECT id, s, b, d, j, bin FROM vals ORDER BY id',
    );
    assert.equal(rows[0]?.s, tricky);
    assert.equal(Number(rows[0]?.b), 1);
    assert.equal(rows[0]?.d, '2024-02-29 23:59:58.123000');
    assert.deepEqual(typeof rows[0]?.j === 'string' ? JSON.parse(rows[0].j) : rows[0]?.j, { a: [1, 'x'] });
    assert.deepEqual([...(rows[0]?.bin ?? [])], [0, 1, 254, 255]);
    assert.equal(rows[1]?.s, null);
  });

  test('version tables are created once and left out of introspection', async () => {
    for (const sql of versionTablesDdl(dialect)) await conn.exec(sql);
    for (const sql of versionTablesDdl(dialect)) await conn.exec(sql);
    const exists = await conn.query<{ n: number | string }>(dialect.tableExistsSql('athanor_version'));
    assert.ok(Number(exists.rows[0]?.n) > 0);
    const missing = await conn.query<{ n: number | string }>(dialect.tableExistsSql('no_such_table'));
    assert.equal(Number(missing.rows[0]?.n), 0);
    await conn.exec(`INSERT INTO athanor_history (revision, direction) VALUES ('abc', 'up')`);
    const names = (await dialect.introspect(conn)).tables.map((tbl) => tbl.name);
    assert.ok(!names.includes('athanor_version') && !names.includes('athanor_history'));
  });

  test('the migration lock makes a second session wait until it is released', async () => {
    const other = await connectMysql(`${SERVER}/${database}`);
    try {
      await dialect.acquireLock(conn);
      let acquired = false;
      const waiting = dialect.acquireLock(other).then(() => {
        acquired = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(acquired, false);
      await dialect.releaseLock(conn);
      await waiting;
      assert.equal(acquired, true);
      await dialect.releaseLock(other);
      await assert.rejects(dialect.releaseLock(other), DatabaseError);
    } finally {
      await other.close();
    }
  });
});

describe('autogenerate convergence on MariaDB', onlyOn('mysql'), () => {
  // generate → apply → generate again yields nothing; upgrade then downgrade returns to the start
  const status = enumType('conv_status', ['open', 'done']);
  const status2 = enumType('conv_status', ['open', 'done', 'archived']);
  const owners = table('conv_owners', { id: t.serial().primaryKey(), email: t.varchar(255).notNull().unique() }, (c) => [
    check('ck_conv_owners_email', "email LIKE '%@%'"),
  ]);
  const items = table('conv_items', {
    id: t.bigserial().primaryKey(),
    ownerId: t.integer().references(() => owners.id, { onDelete: 'cascade' }),
    title: t.text().notNull(),
    status: t.enum(status).notNull().default('open'),
    at: t.timestamptz().notNull().defaultSql('CURRENT_TIMESTAMP'),
  });
  const owners2 = table('conv_owners', { id: t.serial().primaryKey(), email: t.varchar(320).notNull(), nick: t.varchar(40).default('x') }, (c) => [
    unique('uq_conv_owners_email').on(c.email),
    index('ix_conv_owners_nick').on(c.nick),
  ]);
  const items2 = table(
    'conv_items',
    {
      id: t.bigserial().primaryKey(),
      ownerId: t.integer().references(() => owners2.id, { onDelete: 'set null' }),
      title: t.varchar(200).notNull(),
      status: t.enum(status2).notNull().default('archived'),
      at: t.timestamptz().notNull().defaultSql('now()'),
      done: t.boolean().notNull().default(false),
    },
    (c) => [uniqueIndex('ux_conv_items_owner_title').on(c.ownerId, c.title)],
  );
  const names = ['conv_owners', 'conv_items'];

  async function migrate(target: SchemaSpec): Promise<void> {
    const { diffSchemas } = await import('../../src/diff/index.js');
    const quote = { ident: dialect.quoteIdent, literal: dialect.literal };
    const live = async (): Promise<SchemaSpec> => dialect.normalize(await dialect.introspect(conn, { includeTables: names }));
    const result = diffSchemas(await live(), dialect.normalize(target), { quote });
    assert.deepEqual(result.problems, []);
    assert.ok(result.operations.length > 0);
    await run(...result.operations);
    assert.deepEqual(diffSchemas(await live(), dialect.normalize(target), { quote }).operations, []);
  }

  test('up to v1, on to v2 (types, enum values, keys, defaults), back to v1', async () => {
    const v1 = schemaFromModule({ owners, items });
    await migrate(v1);
    await migrate(schemaFromModule({ owners: owners2, items: items2 }));
    await migrate(v1);
    await assertConverged(v1, names);
  });
});

function tableOf(name: string): TableSpec {
  return {
    name,
    columns: [
      { name: 'id', type: { name: 'integer' }, nullable: false },
      { name: 's', type: { name: 'text' }, nullable: true },
      { name: 'b', type: { name: 'boolean' }, nullable: true },
      { name: 'd', type: { name: 'timestamp' }, nullable: true },
      { name: 'j', type: { name: 'json' }, nullable: true },
      { name: 'bin', type: { name: 'bytea' }, nullable: true },
    ],
    primaryKey: { columns: ['id'] },
    uniques: [],
    indexes: [],
    foreignKeys: [],
    checks: [],
  };
}
