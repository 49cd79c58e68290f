// The SQLite dialect against real better-sqlite3: convergence (render → run → introspect → normalize), table
// rebuilds that keep data, indexes, triggers and foreign keys, and the run-long lock.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '../../src/drivers/connection.js';
import { connectSqlite } from '../../src/drivers/sqlite.js';
import { UnsupportedOperationError, type RenderContext } from '../../src/dialects/dialect.js';
import { sqliteDialect as dialect } from '../../src/dialects/sqlite/index.js';
import { lockFileOf } from '../../src/dialects/sqlite/lock.js';
import type { Operation } from '../../src/operations/types.js';
import type { ColumnSpec, SchemaSpec, TableSpec } from '../../src/schema/types.js';
import { check, foreignKey, index, primaryKey, t, table, tableSpecOf, unique, uniqueIndex } from '../../src/schema/dsl.js';
import { onlyOn } from '../support/targets.js';
import { versionTablesDdl } from '../../src/runner/version-store.js';
import { col, tableSpec } from '../support/specs.js';


/**
 * One migration, run the way the runner runs it on SQLite: aroundMigration.before outside the transaction,
 * BEGIN IMMEDIATE, each operation rendered with the table's current definition when the dialect asks for it,
 * verifyBeforeCommit, COMMIT (ROLLBACK on any failure), aroundMigration.after.
 */
async function migrate(conn: Connection, ops: Operation[]): Promise<void> {
  for (const statement of dialect.aroundMigration?.before ?? []) await conn.exec(statement);
  try {
    await conn.exec(dialect.beginSql);
    try {
      for (const op of ops) {
        let context: RenderContext = {};
        if (dialect.needsCurrentTable?.(op) && 'table' in op) {
          // the table and its triggers, as the runner hands them to render()
          const { tables, objects = [] } = await dialect.introspect(conn, { includeTables: [op.table.name] });
          context = { currentTable: tables[0], currentTriggers: objects.filter((o) => o.kind === 'trigger') };
        }
        for (const statement of dialect.render(op, context)) await conn.exec(statement);
      }
      await dialect.verifyBeforeCommit?.(conn);
      await conn.exec('COMMIT');
    } catch (error) {
      await conn.exec('ROLLBACK');
      throw error;
    }
  } finally {
    for (const statement of dialect.aroundMigration?.after ?? []) await conn.exec(statement);
  }
}

async function rows(conn: Connection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.query(sql)).rows;
}

async function introspectTable(conn: Connection, name: string): Promise<TableSpec> {
  const { tables } = await dialect.introspect(conn, { includeTables: [name] });
  const found = tables[0];
  assert.ok(found, `table ${name} exists`);
  return dialect.normalize({ tables: [found], enums: [] }).tables[0] as TableSpec;
}

const createAll = (schema: SchemaSpec): Operation[] => schema.tables.map((tbl) => ({ kind: 'createTable', table: tbl }));

/** Every feature the model can express on SQLite, written the way a user would (aliases, SQL defaults). */
const everything: SchemaSpec = {
  enums: [],
  tables: [
    tableSpec({
      name: 'users',
      comment: 'people (SQLite keeps no comments)',
      columns: [
        col('id', { name: 'serial' }),
        col('email', { name: 'varchar', length: 255 }, { nullable: false }),
        col('created_at', { name: 'timestamptz' }, { nullable: false, default: { kind: 'sql', sql: 'CURRENT_TIMESTAMP' } }),
        col('updated_at', { name: 'timestamp', precision: 3 }, { default: { kind: 'sql', sql: "strftime('%Y-%m-%d', 'now')" } }),
        col('score', { name: 'numeric', precision: 10, scale: 2 }, { default: { kind: 'value', value: 0 } }),
        col('exact', { name: 'numeric', precision: 8 }, { default: { kind: 'value', value: '1.5' } }),
        col('active', { name: 'boolean' }, { nullable: false, default: { kind: 'value', value: true } }),
        col('archived', { name: 'boolean' }, { default: { kind: 'sql', sql: '0' } }),
        col('nickname', { name: 'text' }, { default: { kind: 'value', value: "it's me" }, comment: 'shown in the UI' }),
        col('counter', { name: 'integer' }, { default: { kind: 'value', value: -1 } }),
        col('big', { name: 'bigint' }, { default: { kind: 'value', value: 12345678901 } }),
        col('small', { name: 'smallint' }, { default: { kind: 'sql', sql: '(-2)' } }),
        col('ratio', { name: 'double' }, { default: { kind: 'value', value: -1.5 } }),
        col('weight', { name: 'real' }, { default: { kind: 'value', value: 2.5 } }),
        col('meta', { name: 'jsonb' }, { nullable: false, default: { kind: 'value', value: '{}' } }),
        col('doc', { name: 'json' }),
        col('alias_int', { name: 'custom', raw: 'INT' }),
        col('alias_text', { name: 'custom', raw: 'character varying(20)' }, { default: { kind: 'value', value: 'x' } }),
        col('citext', { name: 'custom', raw: 'CITEXT' }),
        col('code', { name: 'char', length: 2 }),
        col('at', { name: 'time', precision: 3 }),
        col('born', { name: 'date' }, { default: { kind: 'value', value: '2000-01-01' } }),
        col('uid', { name: 'uuid' }),
        col('payload', { name: 'bytea' }),
        col('span', { name: 'interval' }),
        col('nothing', { name: 'text' }, { default: { kind: 'value', value: null } }),
        col('name_len', { name: 'integer' }, { generated: 'length(nickname)' }),
      ],
      primaryKey: { name: 'users_pkey', columns: ['id'] },
      uniques: [{ name: 'users_email_key', columns: ['email'] }],
      checks: [
        { name: 'ck_users_score', expression: 'score >= 0' },
        { name: 'ck_users_nick', expression: '(length(nickname)>0)' },
      ],
      indexes: [{ name: 'ix_users_lower_email', parts: [{ expression: 'lower(email)' }] }],
    }),
    tableSpec({
      name: 'todos',
      columns: [
        col('id', { name: 'bigserial' }),
        col('owner_id', { name: 'integer' }),
        col('parent_id', { name: 'bigint' }),
        col('description', { name: 'text' }, { nullable: false }),
        col('done', { name: 'boolean' }, { nullable: false, default: { kind: 'value', value: false } }),
      ],
      primaryKey: { name: 'todos_pkey', columns: ['id'] },
      foreignKeys: [
        { name: 'todos_owner_fkey', columns: ['owner_id'], refTable: 'users', refColumns: ['id'], onDelete: 'cascade', onUpdate: 'no action' },
        { name: 'todos_parent_fkey', columns: ['parent_id'], refTable: 'todos', refColumns: ['id'], onDelete: 'set null' },
      ],
      indexes: [
        { name: 'ix_todos_description', parts: [{ column: 'description' }] },
        { name: 'ux_todos_owner_desc', parts: [{ column: 'owner_id' }, { column: 'description', desc: true }], unique: true, where: 'done = 0' },
        { name: 'ix_todos_expr', parts: [{ expression: 'lower(description)' }, { column: 'id' }] },
      ],
    }),
    tableSpec({
      name: 'memberships',
      schema: 'main',
      columns: [
        col('user_id', { name: 'integer' }),
        col('team', { name: 'varchar', length: 40 }),
        col('role', { name: 'text' }, { nullable: false, default: { kind: 'value', value: 'member' } }),
      ],
      primaryKey: { name: 'memberships_pkey', columns: ['user_id', 'team'] },
      uniques: [{ name: 'uq_memberships_role', columns: ['team', 'role'] }],
      foreignKeys: [{ name: 'memberships_user_fkey', columns: ['user_id'], refTable: 'users', refColumns: ['id'], onDelete: 'restrict', onUpdate: 'cascade' }],
      checks: [{ name: 'ck_role', expression: "role IN ('member', 'admin')" }],
    }),
  ],
};

describe('sqlite: convergence', onlyOn('sqlite'), () => {
  let conn: Connection;
  before(async () => {
    conn = await connectSqlite(':memory:');
  });
  after(async () => {
    await conn.close();
  });

  test('render → run → introspect → normalize gives back the normalized input', async () => {
    await migrate(conn, createAll(everything));
    const live = dialect.normalize(await dialect.introspect(conn));
    assert.deepEqual(live, dialect.normalize(everything));
  });

  test('a DSL model converges the same way', async () => {
    const owners = table('dsl_owners', { id: t.serial().primaryKey(), email: t.varchar(120).notNull().unique() });
    const items = table(
      'dsl_items',
      {
        id: t.integer().primaryKey(),
        ownerId: t.integer().references(() => owners.id, { onDelete: 'cascade' }),
        title: t.text().notNull(),
        done: t.boolean().notNull().default(false),
        a: t.smallint(),
        b: t.smallint(),
      },
      (c) => [
        index('ix_dsl_items_title').on(c.title),
        uniqueIndex('ux_dsl_items_owner_title').on(c.ownerId, c.title).where('done = false'),
        index('ix_dsl_items_lower').on('lower(title)'),
        unique('uq_dsl_items_ab').on(c.a, c.b),
        check('ck_dsl_items_title', 'length(title) > 0'),
      ],
    );
    const pairs = table('dsl_pairs', { x: t.integer(), y: t.integer(), a: t.smallint(), b: t.smallint() }, (c) => [
      primaryKey('dsl_pairs_pk').on(c.x, c.y),
      foreignKey('fk_dsl_pairs_ab').on(c.a, c.b).references(() => [items.a, items.b]).onDelete('set null'),
    ]);
    const model: SchemaSpec = { tables: [owners, items, pairs].map(tableSpecOf), enums: [] };
    await migrate(conn, createAll(model));
    const live = await dialect.introspect(conn, { includeTables: ['dsl_owners', 'dsl_items', 'dsl_pairs'] });
    assert.deepEqual(dialect.normalize(live), dialect.normalize(model));
  });

  test('a hand-written table (aliases, unnamed constraints, odd spacing) reads as its model', async () => {
    await conn.exec(`CREATE TABLE hand (
      Id INTEGER PRIMARY KEY AUTOINCREMENT,
      "Name" VARCHAR ( 50 ) NOT NULL UNIQUE,
      price DECIMAL(10, 2) DEFAULT ( 1.50 ),
      flag BOOL DEFAULT 1,
      owner INT REFERENCES users ON DELETE CASCADE,
      CHECK ( price>=0 )
    )`);
    const model = tableSpec({
      name: 'hand',
      columns: [
        col('Id', { name: 'serial' }),
        col('Name', { name: 'varchar', length: 50 }, { nullable: false }),
        col('price', { name: 'numeric', precision: 10, scale: 2 }, { default: { kind: 'value', value: 1.5 } }),
        col('flag', { name: 'boolean' }, { default: { kind: 'value', value: true } }),
        col('owner', { name: 'integer' }),
      ],
      primaryKey: { name: 'hand_pkey', columns: ['Id'] },
      uniques: [{ name: 'hand_Name_key', columns: ['Name'] }],
      foreignKeys: [{ name: 'hand_owner_fkey', columns: ['owner'], refTable: 'users', refColumns: ['id'], onDelete: 'cascade' }],
      checks: [{ name: 'hand_check', expression: 'price >= 0' }],
    });
    assert.deepEqual(await introspectTable(conn, 'hand'), dialect.normalize({ tables: [model], enums: [] }).tables[0]);
  });

  test('version tables: created by versionTablesDdl, seen by tableExistsSql, never introspected', async () => {
    const exists = async (): Promise<number> => Number((await rows(conn, dialect.tableExistsSql('athanor_version')))[0]?.n);
    assert.equal(await exists(), 0);
    for (const statement of versionTablesDdl(dialect)) await conn.exec(statement);
    for (const statement of versionTablesDdl(dialect)) await conn.exec(statement);
    assert.equal(await exists(), 1);
    await conn.exec(`INSERT INTO athanor_history (revision, direction) VALUES ('abc', 'up')`);
    const [row] = await rows(conn, 'SELECT id, applied_at, duration_ms FROM athanor_history');
    assert.equal(row?.id, 1);
    assert.match(String(row?.applied_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const names = (await dialect.introspect(conn)).tables.map((tbl) => tbl.name);
    assert.ok(!names.some((n) => n.startsWith('athanor_') || n.startsWith('sqlite_')), names.join(', '));
  });
});

describe('sqlite: table rebuilds keep data, indexes, triggers and references', onlyOn('sqlite'), () => {
  let conn: Connection;
  const parent = tableSpec({
    name: 'parents',
    columns: [
      col('id', { name: 'serial' }),
      col('name', { name: 'text' }, { nullable: false }),
      col('rank', { name: 'integer' }),
      col('note', { name: 'text' }),
    ],
    primaryKey: { name: 'parents_pkey', columns: ['id'] },
    indexes: [{ name: 'ix_parents_name', parts: [{ column: 'name' }] }],
  });
  const child = tableSpec({
    name: 'children',
    columns: [col('id', { name: 'serial' }), col('parent_id', { name: 'integer' }, { nullable: false }), col('label', { name: 'text' })],
    primaryKey: { name: 'children_pkey', columns: ['id'] },
    foreignKeys: [{ name: 'children_parent_fkey', columns: ['parent_id'], refTable: 'parents', refColumns: ['id'], onDelete: 'cascade' }],
  });

  before(async () => {
    conn = await connectSqlite(':memory:');
    await migrate(conn, createAll({ tables: [parent, child], enums: [] }));
    await conn.exec(`INSERT INTO parents (name, rank, note) VALUES ('a', 1, 'x'), ('b', 2, NULL), ('c', 3, 'z')`);
    await conn.exec('INSERT INTO children (parent_id, label) VALUES (1, \'a1\'), (1, \'a2\'), (2, \'b1\'), (3, \'c1\')');
    await conn.exec(`CREATE TABLE audit (what text)`);
    await conn.exec(`CREATE TRIGGER tr_parents_insert AFTER INSERT ON parents BEGIN INSERT INTO audit VALUES ('new ' || new.name); END`);
    await conn.exec(`CREATE VIEW parent_names AS SELECT id, name FROM parents`);
  });
  after(async () => {
    await conn.close();
  });

  const countChildren = async (): Promise<number> => Number((await rows(conn, 'SELECT count(*) AS n FROM children'))[0]?.n);

  test('rebuilding the PARENT of ON DELETE CASCADE children keeps every child row, and the cascade still works', async () => {
    assert.equal(await countChildren(), 4);
    await migrate(conn, [
      { kind: 'alterColumn', table: { name: 'parents' }, column: 'rank', changes: { type: { name: 'bigint' }, nullable: false, default: { kind: 'value', value: 0 } } },
    ]);
    assert.equal(await countChildren(), 4, 'no child row was cascade-deleted by the rebuild');
    const spec = await introspectTable(conn, 'parents');
    const rank = spec.columns.find((c) => c.name === 'rank');
    assert.deepEqual(rank, { name: 'rank', type: { name: 'bigint' }, nullable: false, default: { kind: 'value', value: 0 } });
    assert.deepEqual(spec.indexes.map((ix) => ix.name), ['ix_parents_name']);
    // the child still references the rebuilt parent, by name, and the cascade fires
    const childSpec = await introspectTable(conn, 'children');
    assert.equal(childSpec.foreignKeys[0]?.refTable, 'parents');
    await conn.exec('DELETE FROM parents WHERE id = 1');
    assert.deepEqual(await rows(conn, 'SELECT label FROM children ORDER BY id'), [{ label: 'b1' }, { label: 'c1' }]);
    await assert.rejects(conn.exec('INSERT INTO children (parent_id) VALUES (99)'), /FOREIGN KEY constraint failed/);
    // the trigger was recreated and the view still reads the table
    await conn.exec(`INSERT INTO parents (name, rank) VALUES ('d', 4)`);
    assert.deepEqual(await rows(conn, 'SELECT what FROM audit'), [{ what: 'new d' }]);
    assert.equal((await rows(conn, 'SELECT count(*) AS n FROM parent_names'))[0]?.n, 3);
  });

  test('AUTOINCREMENT keeps its high-water mark across a rebuild', async () => {
    await conn.exec(`INSERT INTO parents (name, rank) VALUES ('e', 5)`);
    const [{ id: highest } = {}] = await rows(conn, 'SELECT max(id) AS id FROM parents');
    await conn.exec(`DELETE FROM parents WHERE id = ${Number(highest)}`);
    await migrate(conn, [{ kind: 'alterColumn', table: { name: 'parents' }, column: 'note', changes: { default: { kind: 'value', value: 'n/a' } } }]);
    await conn.exec(`INSERT INTO parents (name, rank) VALUES ('f', 6)`);
    const [{ id } = {}] = await rows(conn, `SELECT id FROM parents WHERE name = 'f'`);
    assert.equal(id, Number(highest) + 1, 'a deleted id is not handed out again');
  });

  test('a rebuild that leaves rows pointing nowhere fails loudly and rolls back', async () => {
    const before = await rows(conn, 'SELECT * FROM parents ORDER BY id');
    const beforeChildren = await rows(conn, 'SELECT * FROM children ORDER BY id');
    // renumbering the parents' ids through the rebuild's copy strands the children
    await assert.rejects(
      migrate(conn, [
        { kind: 'alterColumn', table: { name: 'parents' }, column: 'id', changes: { type: { name: 'serial' }, using: 'id + 1000' } },
      ]),
      (error: Error) => /foreign key check failed/.test(error.message) && /children rowid \d+ \(parent_id\) → parents/.test(error.message),
    );
    assert.deepEqual(await rows(conn, 'SELECT * FROM parents ORDER BY id'), before);
    assert.deepEqual(await rows(conn, 'SELECT * FROM children ORDER BY id'), beforeChildren);
    assert.equal((await rows(conn, 'SELECT foreign_keys FROM pragma_foreign_keys'))[0]?.foreign_keys, 1, 'foreign keys back ON');
  });

  test('a rebuild with foreign keys still ON refuses to run instead of cascading', async () => {
    await conn.exec('BEGIN IMMEDIATE');
    try {
      const { tables } = await dialect.introspect(conn, { includeTables: ['parents'] });
      const statements = dialect.render(
        { kind: 'alterColumn', table: { name: 'parents' }, column: 'note', changes: { nullable: true } },
        { currentTable: tables[0] },
      );
      await assert.rejects(
        (async () => {
          for (const statement of statements) await conn.exec(statement);
        })(),
        /PRAGMA foreign_keys must be OFF while table parents is rebuilt/,
      );
    } finally {
      await conn.exec('ROLLBACK');
    }
    assert.equal(await countChildren(), 2);
  });

  test('drop a constrained column: the constraint and index that use it go, data stays', async () => {
    await migrate(conn, [
      { kind: 'createIndex', table: { name: 'parents' }, index: { name: 'ix_parents_rank_note', parts: [{ column: 'rank' }, { column: 'note' }] } },
      { kind: 'createCheckConstraint', table: { name: 'parents' }, constraint: { name: 'ck_note', expression: "note <> ''" } },
      { kind: 'createUniqueConstraint', table: { name: 'parents' }, constraint: { name: 'uq_parents_name_rank', columns: ['name', 'rank'] } },
      { kind: 'dropColumn', table: { name: 'parents' }, column: 'note' },
    ]);
    const spec = await introspectTable(conn, 'parents');
    assert.deepEqual(spec.columns.map((c) => c.name), ['id', 'name', 'rank']);
    assert.deepEqual(spec.checks, []);
    assert.deepEqual(spec.indexes.map((ix) => ix.name), ['ix_parents_name']);
    assert.deepEqual(spec.uniques, [{ name: 'uq_parents_name_rank', columns: ['name', 'rank'] }]);
    assert.deepEqual((await rows(conn, 'SELECT name FROM parents ORDER BY id')).map((r) => r.name), ['b', 'c', 'd', 'f']);
    assert.equal(await countChildren(), 2);
  });

  test('add and drop constraints through rebuilds; a violating constraint rolls back', async () => {
    await migrate(conn, [
      { kind: 'createCheckConstraint', table: { name: 'children' }, constraint: { name: 'ck_label', expression: 'length(label) > 1' } },
    ]);
    await assert.rejects(conn.exec(`INSERT INTO children (parent_id, label) VALUES (2, 'x')`), /CHECK constraint failed: ck_label/);
    await migrate(conn, [{ kind: 'dropConstraint', table: { name: 'children' }, name: 'ck_label' }]);
    await conn.exec(`INSERT INTO children (parent_id, label) VALUES (2, 'x')`);
    await assert.rejects(
      migrate(conn, [{ kind: 'createCheckConstraint', table: { name: 'children' }, constraint: { name: 'ck_label', expression: 'length(label) > 1' } }]),
      /CHECK constraint failed/,
    );
    assert.deepEqual((await introspectTable(conn, 'children')).checks, []);
    // drop and re-create the foreign key: the cascade comes back with it
    await migrate(conn, [{ kind: 'dropConstraint', table: { name: 'children' }, name: 'children_parent_fkey' }]);
    assert.deepEqual((await introspectTable(conn, 'children')).foreignKeys, []);
    await migrate(conn, [
      {
        kind: 'createForeignKey',
        table: { name: 'children' },
        constraint: { name: 'children_parent_fkey', columns: ['parent_id'], refTable: 'parents', refColumns: ['id'], onDelete: 'cascade' },
      },
    ]);
    await conn.exec('DELETE FROM parents WHERE id = 2');
    assert.deepEqual(await rows(conn, 'SELECT label FROM children ORDER BY id'), [{ label: 'c1' }]);
  });

  test('a primary key added to a keyless table; a rename combined with a type change', async () => {
    await migrate(conn, [
      { kind: 'createTable', table: tableSpec({ name: 'loose', columns: [col('code', { name: 'text' }, { nullable: false }), col('qty', { name: 'text' })] }) },
      { kind: 'bulkInsert', table: { name: 'loose' }, rows: [{ code: 'a', qty: '1' }, { code: 'b', qty: '22' }, { code: 'c' }] },
      { kind: 'createPrimaryKey', table: { name: 'loose' }, constraint: { name: 'loose_pkey', columns: ['code'] } },
      { kind: 'createIndex', table: { name: 'loose' }, index: { name: 'ix_loose_qty', parts: [{ column: 'qty' }] } },
      { kind: 'alterColumn', table: { name: 'loose' }, column: 'qty', changes: { type: { name: 'integer' }, name: 'quantity', using: 'CAST(qty AS integer)' } },
    ]);
    const spec = await introspectTable(conn, 'loose');
    assert.deepEqual(spec.primaryKey, { name: 'loose_pkey', columns: ['code'] });
    assert.deepEqual(spec.columns[1], { name: 'quantity', type: { name: 'integer' }, nullable: true });
    assert.deepEqual(spec.indexes, [{ name: 'ix_loose_qty', parts: [{ column: 'quantity' }] }]);
    assert.deepEqual(await rows(conn, 'SELECT code, quantity, typeof(quantity) AS t FROM loose ORDER BY code'), [
      { code: 'a', quantity: 1, t: 'integer' },
      { code: 'b', quantity: 22, t: 'integer' },
      { code: 'c', quantity: null, t: 'null' },
    ]);
    await assert.rejects(conn.exec(`INSERT INTO loose (code) VALUES ('a')`), /UNIQUE constraint failed/);
  });

  test('add columns: in place when SQLite allows it, by rebuild otherwise; drop an unconstrained column in place', async () => {
    await migrate(conn, [
      { kind: 'addColumn', table: { name: 'children' }, column: col('tag', { name: 'text' }, { nullable: false, default: { kind: 'value', value: 'none' } }) },
      { kind: 'addColumn', table: { name: 'children' }, column: col('seen', { name: 'timestamp' }, { nullable: false, default: { kind: 'sql', sql: 'CURRENT_TIMESTAMP' } }) },
      { kind: 'addColumn', table: { name: 'children' }, column: col('label_len', { name: 'integer' }, { generated: 'length(label)' }) },
      { kind: 'dropColumn', table: { name: 'children' }, column: 'tag' },
    ]);
    const [row] = await rows(conn, 'SELECT * FROM children');
    assert.equal(row?.label_len, 2);
    assert.match(String(row?.seen), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.deepEqual(Object.keys(row ?? {}), ['id', 'parent_id', 'label', 'seen', 'label_len']);
    await assert.rejects(
      migrate(conn, [{ kind: 'addColumn', table: { name: 'children' }, column: col('must', { name: 'text' }, { nullable: false }) }]),
      /NOT NULL constraint failed/,
    );
  });

  test('renameTable keeps the children pointing at the renamed parent', async () => {
    await migrate(conn, [{ kind: 'renameTable', table: { name: 'parents' }, newName: 'folks' }]);
    assert.equal((await introspectTable(conn, 'children')).foreignKeys[0]?.refTable, 'folks');
  });
});

describe('sqlite: what SQLite cannot do fails with a message naming the operation', onlyOn('sqlite'), () => {
  test('enums, access methods, other schemas', async () => {
    const conn = await connectSqlite(':memory:');
    try {
      await assert.rejects(migrate(conn, [{ kind: 'addEnumValue', enum: { name: 'mood' }, value: 'a' }]), (error: Error) =>
        error instanceof UnsupportedOperationError && /addEnumValue is not supported on sqlite/.test(error.message),
      );
      await assert.rejects(
        migrate(conn, [{ kind: 'createTable', table: tableSpec({ name: 'x', columns: [col('m', { name: 'enum', enumName: 'mood' })] }) }]),
        /createTable is not supported on sqlite: column "m" uses enum type "mood" whose values are unknown here/,
      );
      assert.equal(Number((await rows(conn, dialect.tableExistsSql('x')))[0]?.n), 0);
    } finally {
      await conn.close();
    }
  });
});

describe('sqlite: a rebuild that would break a view or a trigger is refused and rolled back', onlyOn('sqlite'), () => {
  test('views are re-checked before COMMIT; triggers are checked before the rebuild', async () => {
    const conn = await connectSqlite(':memory:');
    try {
      await conn.exec(`CREATE TABLE things (a integer PRIMARY KEY, b text, c text CHECK (c <> ''), d text);
        CREATE INDEX ix_things_b ON things (b);
        CREATE VIEW thing_bs AS SELECT a, b FROM things;
        CREATE TABLE log (c text);
        CREATE TRIGGER tr_things AFTER INSERT ON things BEGIN INSERT INTO log VALUES (new.c || new.d); END;
        INSERT INTO things VALUES (1, 'x', 'y', 'z');`);
      // b is indexed: a rebuild, after which the view would read a missing column
      await assert.rejects(migrate(conn, [{ kind: 'dropColumn', table: { name: 'things' }, column: 'b' }]), /view thing_bs no longer works after this migration: no such column: b/);
      // c has a CHECK: a rebuild, which would recreate a trigger that reads a missing column
      await assert.rejects(migrate(conn, [{ kind: 'dropColumn', table: { name: 'things' }, column: 'c' }]), /trigger "tr_things" uses it/);
      // d is plain: SQLite's own DROP COLUMN refuses the same way
      await assert.rejects(migrate(conn, [{ kind: 'dropColumn', table: { name: 'things' }, column: 'd' }]), /error in trigger tr_things/);
      assert.deepEqual(await rows(conn, 'SELECT * FROM things'), [{ a: 1, b: 'x', c: 'y', d: 'z' }]);
      assert.deepEqual(await rows(conn, 'SELECT * FROM thing_bs'), [{ a: 1, b: 'x' }]);
      assert.deepEqual((await introspectTable(conn, 'things')).indexes.map((ix) => ix.name), ['ix_things_b']);
    } finally {
      await conn.close();
    }
  });
});

describe('sqlite: the run-long lock', onlyOn('sqlite'), () => {
  const dir = mkdtempSync(join(tmpdir(), `ath_sqlite_lock_${randomBytes(4).toString('hex')}_`));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a second runner waits until the first releases; in-memory databases need no lock', async () => {
    const file = join(dir, 'app.db');
    const first = await connectSqlite(file);
    const second = await connectSqlite(file);
    try {
      await dialect.acquireLock(first);
      assert.ok(existsSync(lockFileOf(file)));
      let acquired = false;
      const waiting = dialect.acquireLock(second).then(() => {
        acquired = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(acquired, false, 'the second runner is still waiting');
      // the first runner's migrations are not blocked by its own lock
      await first.exec(`${dialect.beginSql}; CREATE TABLE t (x integer); COMMIT`);
      await dialect.releaseLock(first);
      await waiting;
      assert.equal(acquired, true);
      await dialect.releaseLock(second);
    } finally {
      await first.close();
      await second.close();
    }
    const memory = await connectSqlite(':memory:');
    await dialect.acquireLock(memory);
    await dialect.releaseLock(memory);
    await memory.close();
  });
});
