// Convergence of render → database → introspect → normalize on real PostgreSQL 15 and on PGlite.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Connection } from '../../src/drivers/connection.js';
import { connectPglite } from '../../src/drivers/pglite.js';
import { connectPostgres } from '../../src/drivers/postgres.js';
import { postgresDialect } from '../../src/dialects/postgres/index.js';
import { introspectPostgres } from '../../src/dialects/postgres/introspect.js';
import { normalizePostgres } from '../../src/dialects/postgres/normalize.js';
import { renderPostgres } from '../../src/dialects/postgres/render.js';
import type { Operation } from '../../src/operations/types.js';
import type { ColumnSpec, DefaultValue, SchemaSpec, TableSpec } from '../../src/schema/types.js';
import { enumType, foreignKey, index, primaryKey, t, table, tableSpecOf, unique, uniqueIndex, check, enumSpecOf } from '../../src/schema/dsl.js';
import { onlyOn } from '../support/targets.js';
import { versionTablesDdl } from '../../src/runner/version-store.js';
import { col, tableSpec } from '../support/specs.js';

/** A default's value without the text it was written as. */
function valueOf(d: DefaultValue | undefined): DefaultValue | undefined {
  return d?.kind === 'value' ? { kind: 'value', value: d.value } : d;
}

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';


/** A schema using every feature the model can express, written the way a user would (aliases, SQL defaults). */
const everything: SchemaSpec = {
  enums: [
    { name: 'mood', values: ['happy', 'sad', "it's complicated"] },
    { schema: 'app', name: 'status', values: ['open', 'closed'] },
  ],
  tables: [
    tableSpec({
      name: 'users',
      comment: "People who use the app's todo list",
      columns: [
        col('id', { name: 'serial' }),
        col('email', { name: 'varchar', length: 255 }, { nullable: false }),
        col('mood', { name: 'enum', enumName: 'mood' }, { default: { kind: 'value', value: 'happy' } }),
        col('created_at', { name: 'timestamptz' }, { nullable: false, default: { kind: 'sql', sql: 'now()' } }),
        col('updated_at', { name: 'timestamptz', precision: 3 }, { default: { kind: 'sql', sql: 'CURRENT_TIMESTAMP' } }),
        col('score', { name: 'numeric', precision: 10, scale: 2 }, { default: { kind: 'value', value: 0 } }),
        col('exact', { name: 'numeric', precision: 8 }, { default: { kind: 'value', value: '1.5' } }),
        col('active', { name: 'boolean' }, { nullable: false, default: { kind: 'value', value: true } }),
        col('nickname', { name: 'text' }, { default: { kind: 'value', value: "it's me" }, comment: 'shown in the UI' }),
        col('counter', { name: 'integer' }, { default: { kind: 'value', value: -1 } }),
        col('big', { name: 'bigint' }, { default: { kind: 'value', value: 12345678901 } }),
        col('small', { name: 'smallint' }, { default: { kind: 'sql', sql: '(-2)' } }),
        col('ratio', { name: 'double' }, { default: { kind: 'value', value: -1.5 } }),
        col('weight', { name: 'real' }, { default: { kind: 'value', value: 2.5 } }),
        col('meta', { name: 'jsonb' }, { nullable: false, default: { kind: 'sql', sql: "'{}'::jsonb" } }),
        col('doc', { name: 'json' }),
        col('tags', { name: 'custom', raw: 'TEXT[]' }),
        col('alias_int', { name: 'custom', raw: 'int4' }),
        col('alias_text', { name: 'custom', raw: 'character varying(20)' }, { default: { kind: 'value', value: 'x' } }),
        col('code', { name: 'char', length: 2 }),
        col('letter', { name: 'char' }),
        col('internal', { name: 'custom', raw: '"char"' }),
        col('at', { name: 'time', precision: 3 }),
        col('seen', { name: 'timestamp' }),
        col('born', { name: 'date' }, { default: { kind: 'value', value: '2000-01-01' } }),
        col('uid', { name: 'uuid' }, { nullable: false, default: { kind: 'sql', sql: 'gen_random_uuid()' } }),
        col('payload', { name: 'bytea' }),
        col('span', { name: 'interval' }),
        col('nothing', { name: 'text' }, { default: { kind: 'value', value: null } }),
        col('name_len', { name: 'integer' }, { generated: 'length(nickname)' }),
        col('empty_comment', { name: 'text' }, { comment: '' }),
      ],
      primaryKey: { name: 'users_pkey', columns: ['id'] },
      uniques: [{ name: 'users_email_key', columns: ['email'] }],
      checks: [
        { name: 'ck_users_score', expression: 'score >= 0' },
        { name: 'ck_users_nick', expression: '(length(nickname)>0)' },
      ],
    }),
    tableSpec({
      name: 'todos',
      columns: [
        col('id', { name: 'bigserial' }, { nullable: false }),
        col('description', { name: 'text' }, { nullable: false }),
        col('completed', { name: 'boolean' }, { nullable: false, default: { kind: 'value', value: false } }),
        col('owner_id', { name: 'integer' }),
        col('priority', { name: 'integer' }, { nullable: false, identity: 'byDefault' }),
        col('rank', { name: 'bigint' }, { identity: 'always' }),
        col('data', { name: 'jsonb' }),
        col('Mixed Case', { name: 'text' }),
      ],
      primaryKey: { name: 'todos_pkey', columns: ['id'] },
      uniques: [{ name: 'uq_todos_owner_id', columns: ['owner_id', 'id'] }],
      foreignKeys: [
        { name: 'todos_owner_id_fkey', columns: ['owner_id'], refTable: 'users', refColumns: ['id'], onDelete: 'cascade', onUpdate: 'no action' },
      ],
      indexes: [
        { name: 'ix_todos_description', parts: [{ column: 'description' }] },
        { name: 'ux_todos_owner_desc', parts: [{ column: 'owner_id' }, { column: 'description' }], unique: true, where: 'completed = false' },
        { name: 'ix_todos_lower', parts: [{ expression: 'lower(description)' }] },
        { name: 'ix_todos_data', parts: [{ column: 'data' }], using: 'gin' },
        { name: 'ix_todos_hash', parts: [{ column: 'description' }], using: 'HASH' },
        { name: 'ix_todos_desc', parts: [{ column: 'priority', desc: true }, { column: 'Mixed Case' }] },
        { name: 'ix_todos_quoted', parts: [{ expression: '"description"' }], using: 'btree' },
      ],
      checks: [{ name: 'ck_todos_desc', expression: 'length(description) > 0' }],
    }),
    tableSpec({
      schema: 'app',
      name: 'items',
      comment: 'composite keys',
      columns: [
        col('a', { name: 'integer' }),
        col('b', { name: 'text' }),
        col('status', { name: 'enum', enumName: 'status', enumSchema: 'app' }, { nullable: false, default: { kind: 'value', value: 'open' } }),
        col('mood', { name: 'enum', enumName: 'mood', enumSchema: 'public' }),
        col('todo_id', { name: 'bigint' }),
      ],
      primaryKey: { name: 'items_pkey', columns: ['a', 'b'] },
      foreignKeys: [
        { name: 'items_todo_fk', columns: ['todo_id'], refSchema: 'public', refTable: 'todos', refColumns: ['id'], onDelete: 'set null' },
      ],
    }),
    tableSpec({
      schema: 'app',
      name: 'children',
      columns: [col('id', { name: 'integer' }, { identity: 'always' }), col('a', { name: 'integer' }), col('b', { name: 'text' })],
      primaryKey: { name: 'children_pkey', columns: ['id'] },
      foreignKeys: [
        { name: 'children_item_fk', columns: ['a', 'b'], refSchema: 'app', refTable: 'items', refColumns: ['a', 'b'], onDelete: 'restrict', onUpdate: 'cascade' },
      ],
      indexes: [{ name: 'ix_children_b', parts: [{ column: 'b' }], where: "(b <> '')" }],
    }),
  ],
};

/** The todo app of the seeds, written with the models DSL. */
function todoAppSchema(): SchemaSpec {
  const mood = enumType('mood', ['happy', 'sad']);
  const users = table('users', {
    id: t.serial().primaryKey(),
    email: t.varchar(255).notNull().unique(),
    mood: t.enum(mood),
    createdAt: t.timestamptz().notNull().defaultSql('now()'),
  });
  const todos = table(
    'todos',
    {
      id: t.serial().primaryKey(),
      description: t.text().notNull(),
      completed: t.boolean().notNull().default(false),
      ownerId: t.integer().references(() => users.id, { onDelete: 'cascade' }),
      meta: t.jsonb().defaultSql("'{}'::jsonb"),
    },
    (c) => [
      index('ix_todos_description').on(c.description),
      uniqueIndex('ux_todos_owner_desc').on(c.ownerId, c.description).where('completed = false'),
      index('ix_todos_lower').on('lower(description)'),
      index('ix_todos_meta').on(c.meta).using('gin'),
      unique('uq_todos_x').on(c.ownerId, c.id),
      check('ck_todos_desc', 'length(description) > 0'),
    ],
    { comment: 'things to do' },
  );
  const pairs = table(
    'pairs',
    { a: t.integer(), b: t.integer(), x: t.integer(), y: t.integer() },
    (c) => [primaryKey('pairs_pk').on(c.a, c.b), foreignKey('pairs_self_fk').on(c.x, c.y).references(() => [pairs.a, pairs.b]).onDelete('set null').onUpdate('cascade')],
    { schema: 'app' },
  );
  return { enums: [enumSpecOf(mood)], tables: [tableSpecOf(users), tableSpecOf(todos), tableSpecOf(pairs)] };
}

/** Create-table statements in an order that satisfies foreign keys (the test specs are listed that way). */
function createStatements(schema: SchemaSpec): string[] {
  const ops: Operation[] = [
    ...schema.enums.map((e): Operation => ({ kind: 'createEnum', enum: e })),
    ...schema.tables.map((table): Operation => ({ kind: 'createTable', table })),
  ];
  return ops.flatMap(renderPostgres);
}

async function runAll(conn: Connection, statements: string[]): Promise<void> {
  for (const sql of statements) await conn.query(sql);
}

async function resetSchemas(conn: Connection): Promise<void> {
  await conn.exec('DROP SCHEMA IF EXISTS app CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public; CREATE SCHEMA app');
}

async function introspectBoth(conn: Connection): Promise<SchemaSpec> {
  return introspectPostgres(conn, { schemas: ['public', 'app'] });
}

function findTable(schema: SchemaSpec, name: string, inSchema?: string): TableSpec {
  const found = schema.tables.find((x) => x.name === name && x.schema === inSchema);
  assert.ok(found, `table ${inSchema ?? 'public'}.${name} introspected`);
  return found;
}

function findColumn(spec: TableSpec, name: string): ColumnSpec {
  const found = spec.columns.find((c) => c.name === name);
  assert.ok(found, `column ${name} introspected`);
  return found;
}

interface Target {
  label: string;
  open(): Promise<Connection>;
  cleanup(): Promise<void>;
}

function postgresTarget(): Target {
  const dbName = `ath_pgintro_${randomBytes(6).toString('hex')}`;
  let created = false;
  return {
    label: 'PostgreSQL 15',
    async open() {
      const admin = await connectPostgres(ADMIN_URL);
      try {
        await admin.exec(`CREATE DATABASE ${dbName}`);
        created = true;
      } finally {
        await admin.close();
      }
      return connectPostgres(ADMIN_URL.replace(/\/test$/, `/${dbName}`));
    },
    async cleanup() {
      if (!created) return;
      const admin = await connectPostgres(ADMIN_URL);
      try {
        await admin.exec(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      } finally {
        await admin.close();
      }
    },
  };
}

function pgliteTarget(): Target {
  return { label: 'PGlite', open: () => connectPglite(null), cleanup: async () => undefined };
}

for (const target of [postgresTarget(), pgliteTarget()]) {
  describe(`postgres introspection on ${target.label}`, onlyOn(target.label === 'PGlite' ? 'pglite' : 'postgres'), () => {
    let conn: Connection;
    before(async () => {
      conn = await target.open();
    });
    after(async () => {
      await conn?.close();
      await target.cleanup();
    });

    test('a schema using every feature converges: normalize(introspect(render(spec))) = normalize(spec)', async () => {
      await resetSchemas(conn);
      await runAll(conn, createStatements(everything));
      const live = await introspectBoth(conn);
      assert.deepEqual(normalizePostgres(live), normalizePostgres(everything));
    });

    test('introspection reads serials, identities, defaults, generated columns and actions as stored', async () => {
      // relies on the previous test's schema
      const live = await introspectBoth(conn);
      const users = findTable(live, 'users');
      assert.deepEqual(findColumn(users, 'id'), { name: 'id', type: { name: 'serial' }, nullable: false });
      // the value, and the text as PostgreSQL keeps it written (a dropped column is re-created with that text)
      assert.deepEqual(findColumn(users, 'counter').default, { kind: 'value', value: -1, written: "'-1'::integer" });
      assert.deepEqual(valueOf(findColumn(users, 'small').default), { kind: 'value', value: -2 });
      assert.deepEqual(valueOf(findColumn(users, 'nickname').default), { kind: 'value', value: "it's me" });
      assert.deepEqual(findColumn(users, 'alias_text').type, { name: 'varchar', length: 20 });
      assert.deepEqual(findColumn(users, 'created_at').default, { kind: 'sql', sql: 'now()' });
      assert.deepEqual(findColumn(users, 'updated_at').default, { kind: 'sql', sql: 'CURRENT_TIMESTAMP' });
      assert.deepEqual(findColumn(users, 'updated_at').type, { name: 'timestamptz', precision: 3 });
      assert.equal(findColumn(users, 'nothing').default, undefined);
      assert.equal(findColumn(users, 'name_len').generated, 'length(nickname)');
      assert.deepEqual(findColumn(users, 'internal').type, { name: 'custom', raw: '"char"' });
      assert.deepEqual(findColumn(users, 'letter').type, { name: 'char', length: 1 });
      assert.deepEqual(findColumn(users, 'tags').type, { name: 'custom', raw: 'text[]' });
      assert.equal(users.comment, "People who use the app's todo list");
      assert.deepEqual(users.checks.map((c) => c.expression), ['length(nickname) > 0', 'score >= 0::numeric']);
      const todos = findTable(live, 'todos');
      assert.equal(findColumn(todos, 'priority').identity, 'byDefault');
      assert.equal(findColumn(todos, 'rank').identity, 'always');
      assert.deepEqual(todos.foreignKeys, [
        { name: 'todos_owner_id_fkey', columns: ['owner_id'], refTable: 'users', refColumns: ['id'], onDelete: 'cascade' },
      ]);
      assert.deepEqual(
        todos.indexes.map((i) => i.name),
        ['ix_todos_data', 'ix_todos_desc', 'ix_todos_description', 'ix_todos_hash', 'ix_todos_lower', 'ix_todos_quoted', 'ux_todos_owner_desc'],
        'constraint-backing indexes are not listed as indexes; order is by name',
      );
      const items = findTable(live, 'items', 'app');
      assert.deepEqual(findColumn(items, 'status').type, { name: 'enum', enumName: 'status', enumSchema: 'app' });
      assert.deepEqual(findColumn(items, 'mood').type, { name: 'enum', enumName: 'mood' });
      assert.deepEqual(live.enums, [
        { schema: 'app', name: 'status', values: ['open', 'closed'] },
        { name: 'mood', values: ['happy', 'sad', "it's complicated"] },
      ]);
    });

    test('the models DSL todo app converges', async () => {
      await resetSchemas(conn);
      const models = todoAppSchema();
      await runAll(conn, createStatements(models));
      assert.deepEqual(normalizePostgres(await introspectBoth(conn)), normalizePostgres(models));
    });

    test('schema filters, table filters and the version tables', async () => {
      await resetSchemas(conn);
      await runAll(conn, versionTablesDdl(postgresDialect));
      await runAll(conn, versionTablesDdl(postgresDialect)); // idempotent
      await runAll(conn, createStatements(todoAppSchema()));
      const publicOnly = await introspectPostgres(conn);
      assert.deepEqual(publicOnly.tables.map((x) => x.name), ['todos', 'users']);
      const appOnly = await introspectPostgres(conn, { schemas: ['app'] });
      assert.deepEqual(appOnly.tables.map((x) => `${x.schema}.${x.name}`), ['app.pairs']);
      assert.deepEqual(appOnly.enums, []);
      const included = await introspectPostgres(conn, { includeTables: ['users'] });
      assert.deepEqual(included.tables.map((x) => x.name), ['users']);
      const excluded = await introspectPostgres(conn, { schemas: ['public', 'app'], excludeTables: ['users', 'app.pairs'] });
      assert.deepEqual(excluded.tables.map((x) => x.name), ['todos']);
      const exists = await conn.query<{ n: number }>(postgresDialect.tableExistsSql('athanor_version'));
      assert.ok(Number(exists.rows[0]?.n) > 0);
      const missing = await conn.query<{ n: number }>(postgresDialect.tableExistsSql('nope'));
      assert.equal(Number(missing.rows[0]?.n), 0);
    });

    test('rendered ALTER operations change the database as introspection then reports', async () => {
      await resetSchemas(conn);
      await runAll(conn, createStatements(todoAppSchema()));
      const todos = { name: 'todos' };
      const ops: Operation[] = [
        { kind: 'bulkInsert', table: todos, rows: [{ description: "it's", completed: true }, { description: 'b' }] },
        // its predicate compares `completed` with a boolean, which the type change below would break
        { kind: 'dropIndex', table: todos, name: 'ux_todos_owner_desc', concurrently: false },
        { kind: 'alterColumn', table: todos, column: 'completed', changes: { type: { name: 'integer' }, using: 'completed::int', default: { kind: 'value', value: 0 }, name: 'done', comment: 'was a boolean' }, existing: { type: { name: 'boolean' }, default: { kind: 'value', value: false } } },
        { kind: 'alterColumn', table: todos, column: 'description', changes: { nullable: true, default: { kind: 'value', value: 'new' } } },
        { kind: 'addColumn', table: todos, column: { name: 'seq', type: { name: 'integer' }, nullable: true, comment: 'to become serial' } },
        { kind: 'execute', sql: "UPDATE todos SET seq = 10 WHERE description = 'b'" },
        { kind: 'alterColumn', table: todos, column: 'seq', changes: { type: { name: 'serial' } }, existing: { type: { name: 'integer' } } },
        { kind: 'alterColumn', table: todos, column: 'id', changes: { type: { name: 'bigserial' } }, existing: { type: { name: 'serial' } } },
        { kind: 'dropIndex', table: todos, name: 'ix_todos_lower' },
        { kind: 'createIndex', table: todos, index: { name: 'ix_todos_upper', parts: [{ expression: 'upper(description)' }, { column: 'id', desc: true }], where: 'done = 1' } },
        { kind: 'dropConstraint', table: todos, name: 'ck_todos_desc' },
        { kind: 'createCheckConstraint', table: todos, constraint: { name: 'ck_done', expression: 'done IN (0, 1)' }, notValid: true },
        { kind: 'validateConstraint', table: todos, name: 'ck_done' },
        { kind: 'dropConstraint', table: todos, name: 'todos_ownerId_fkey' },
        { kind: 'createForeignKey', table: todos, constraint: { name: 'fk_owner', columns: ['ownerId'], refTable: 'users', refColumns: ['id'], onUpdate: 'set default' }, notValid: true },
        { kind: 'addEnumValue', enum: { name: 'mood' }, value: 'meh', after: 'happy' },
        { kind: 'addEnumValue', enum: { name: 'mood' }, value: 'first', before: 'happy' },
        { kind: 'createEnum', enum: { schema: 'app', name: 'gone', values: ['x'] } },
        { kind: 'dropEnum', enum: { schema: 'app', name: 'gone' } },
        { kind: 'setTableComment', table: todos, comment: null },
        { kind: 'setColumnComment', table: { name: 'users' }, column: 'email', comment: "the user's address" },
        { kind: 'renameTable', table: { schema: 'app', name: 'pairs' }, newName: 'couples' },
        { kind: 'dropConstraint', table: { schema: 'app', name: 'couples' }, name: 'pairs_self_fk' },
        { kind: 'dropConstraint', table: { schema: 'app', name: 'couples' }, name: 'pairs_pk' },
        { kind: 'createPrimaryKey', table: { schema: 'app', name: 'couples' }, constraint: { name: 'couples_pkey', columns: ['a', 'b'] } },
        { kind: 'createUniqueConstraint', table: { schema: 'app', name: 'couples' }, constraint: { name: 'uq_couples_x', columns: ['x'] } },
        { kind: 'dropColumn', table: { schema: 'app', name: 'couples' }, column: 'y' },
        { kind: 'execute', sql: "INSERT INTO todos (description) VALUES ('via execute')" },
      ];
      for (const op of ops) await runAll(conn, renderPostgres(op));
      const live = await introspectBoth(conn);
      const liveTodos = findTable(live, 'todos');
      assert.deepEqual(findColumn(liveTodos, 'done'), {
        name: 'done', type: { name: 'integer' }, nullable: false, default: { kind: 'value', value: 0 }, comment: 'was a boolean',
      });
      assert.deepEqual(findColumn(liveTodos, 'description'), {
        name: 'description',
        type: { name: 'text' },
        nullable: true,
        default: { kind: 'value', value: 'new', written: "'new'::text" },
      });
      assert.deepEqual(findColumn(liveTodos, 'seq'), { name: 'seq', type: { name: 'serial' }, nullable: true, comment: 'to become serial' });
      assert.deepEqual(findColumn(liveTodos, 'id').type, { name: 'bigserial' });
      assert.equal(liveTodos.comment, undefined);
      assert.deepEqual(liveTodos.checks, [{ name: 'ck_done', expression: 'done = ANY (ARRAY[0, 1])' }]);
      assert.deepEqual(liveTodos.foreignKeys, [{ name: 'fk_owner', columns: ['ownerId'], refTable: 'users', refColumns: ['id'], onUpdate: 'set default' }]);
      assert.deepEqual(liveTodos.indexes.find((i) => i.name === 'ix_todos_upper'), {
        name: 'ix_todos_upper', parts: [{ expression: 'upper(description)' }, { column: 'id', desc: true }], where: 'done = 1',
      });
      assert.equal(liveTodos.indexes.some((i) => i.name === 'ix_todos_lower'), false);
      assert.equal(findColumn(findTable(live, 'users'), 'email').comment, "the user's address");
      assert.deepEqual(live.enums, [{ name: 'mood', values: ['first', 'happy', 'meh', 'sad'] }]);
      const couples = findTable(live, 'couples', 'app');
      assert.deepEqual(couples.primaryKey, { name: 'couples_pkey', columns: ['a', 'b'] });
      assert.deepEqual(couples.uniques, [{ name: 'uq_couples_x', columns: ['x'] }]);
      assert.deepEqual(couples.columns.map((c) => c.name), ['a', 'b', 'x']);
      const rows = await conn.query<{ done: number; description: string | null; seq: number | null }>(
        'SELECT done, description, seq FROM todos ORDER BY id',
      );
      assert.deepEqual(
        rows.rows.map((r) => [r.done, r.description, r.seq]),
        [[1, "it's", null], [0, 'b', 10], [0, 'via execute', 11]],
        'the serial sequence continues after the values the column already had',
      );
    });

    test('the advisory lock is taken and released on the session', async () => {
      await postgresDialect.acquireLock(conn);
      const held = await conn.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`);
      assert.equal(held.rows[0]?.n, 1);
      await postgresDialect.releaseLock(conn);
      const free = await conn.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`);
      assert.equal(free.rows[0]?.n, 0);
    });
  });
}

describe('introspecting 1000 tables on PostgreSQL 15', onlyOn('postgres'), () => {
  const target = postgresTarget();
  let conn: Connection;
  before(async () => {
    conn = await target.open();
  });
  after(async () => {
    await conn?.close();
    await target.cleanup();
  });

  test('reads every table with its columns, constraints and indexes', async () => {
    const statements: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const spec = tableSpec({
        name: `t${String(i).padStart(4, '0')}`,
        comment: `table ${i}`,
        columns: [
          col('id', { name: 'integer' }, { nullable: false }),
          col('name', { name: 'varchar', length: 100 }, { nullable: false, default: { kind: 'value', value: 'x' } }),
          col('parent_id', { name: 'integer' }),
          col('created_at', { name: 'timestamptz' }, { default: { kind: 'sql', sql: 'now()' } }),
        ],
        primaryKey: { name: `t${i}_pkey`, columns: ['id'] },
        foreignKeys: i > 0 ? [{ name: `t${i}_parent_fkey`, columns: ['parent_id'], refTable: `t${String(i - 1).padStart(4, '0')}`, refColumns: ['id'] }] : [],
        indexes: [{ name: `ix_t${i}_name`, parts: [{ column: 'name' }] }],
        checks: [{ name: `ck_t${i}_name`, expression: "name <> ''" }],
      });
      statements.push(...renderPostgres({ kind: 'createTable', table: spec }));
    }
    await conn.exec(statements.join(';\n'));
    await introspectPostgres(conn); // warm the catalog caches
    const started = performance.now();
    const live = await introspectPostgres(conn);
    const elapsed = performance.now() - started;
    console.log(`# introspected ${live.tables.length} tables in ${elapsed.toFixed(0)} ms`);
    assert.equal(live.tables.length, 1000);
    const last = live.tables[999];
    assert.equal(last?.name, 't0999');
    assert.equal(last?.columns.length, 4);
    assert.equal(last?.foreignKeys.length, 1);
    assert.equal(last?.indexes.length, 1);
    assert.equal(last?.checks.length, 1);
  });
});
