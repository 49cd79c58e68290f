// Drizzle tables as models: representative schemas per dialect read through drizzle-orm's getTableConfig, and
// what they become after the dialect's normalisation (the form the diff compares with the database).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import * as pg from 'drizzle-orm/pg-core';
import * as my from 'drizzle-orm/mysql-core';
import * as sq from 'drizzle-orm/sqlite-core';
import { fileURLToPath } from 'node:url';
import { loadDrizzleRuntime } from '../../src/loader/drizzle-runtime.js';
import { schemaFromDrizzle, type DrizzleDialect } from '../../src/schema/sources/drizzle.js';
import { loadDialect } from '../../src/dialects/index.js';
import { UsageError } from '../../src/errors.js';
import type { SchemaSpec, TableSpec } from '../../src/schema/types.js';

const HERE = fileURLToPath(import.meta.url);

async function read(ns: Record<string, unknown>, dialect: DrizzleDialect): Promise<{ schema: SchemaSpec; normalized: SchemaSpec; warnings: string[] }> {
  const models = schemaFromDrizzle(ns, await loadDrizzleRuntime(HERE, dialect));
  const normalized = (await loadDialect(dialect)).normalize(models.schema);
  return { schema: models.schema, normalized, warnings: models.warnings };
}

function tableOf(schema: SchemaSpec, name: string): TableSpec {
  const found = schema.tables.find((t) => t.name === name);
  assert.ok(found, `table ${name}`);
  return found;
}

const col = (t: TableSpec, name: string) => {
  const c = t.columns.find((x) => x.name === name);
  assert.ok(c, `column ${name}`);
  return c;
};

describe('Drizzle models: PostgreSQL', () => {
  const mood = pg.pgEnum('mood', ['sad', 'ok', 'happy']);
  const app = pg.pgSchema('app');
  const status = app.enum('status', ['draft', 'live']);
  const users = pg.pgTable(
    'users',
    {
      id: pg.serial('id').primaryKey(),
      name: pg.text().notNull().default('anon'),
      email: pg.varchar('email', { length: 255 }).unique(),
      mood: mood('mood').default('ok'),
      created: pg.timestamp('created', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
      amount: pg.numeric('amount', { precision: 10, scale: 2 }),
      big: pg.bigint('big', { mode: 'number' }).generatedAlwaysAsIdentity(),
      total: pg.integer('total').generatedAlwaysAs(sql`1 + 2`),
      meta: pg.jsonb('meta').default({ a: 1 }),
      token: pg.uuid('token').defaultRandom(),
      computedInApp: pg.text('computed_in_app').$defaultFn(() => 'x'),
      tags: pg.text('tags').array().default(['a', 'b']),
      at: pg.timestamp('at', { mode: 'string' }),
      flag: pg.boolean('flag').default(false),
      score: pg.doublePrecision('score'),
      small: pg.smallint('small'),
      day: pg.date('day'),
      moment: pg.time('moment'),
      raw: pg.customType<{ data: string }>({ dataType: () => 'citext' })('raw'),
    },
    (t) => [
      pg.index('ix_users_name').on(t.name.desc()).where(sql`${t.name} <> ${'x'}`),
      pg.uniqueIndex('ux_users_lower_email').on(sql`lower(${t.email})`),
      pg.index().using('gin', t.meta),
      pg.index('ix_users_name_ops').on(t.name.op('text_pattern_ops'), t.created.asc().nullsFirst()),
      pg.check('ck_users_amount', sql`${t.amount} > ${0}`),
      pg.unique('uq_users_name_email').on(t.name, t.email),
    ],
  );
  const posts = app.table(
    'posts',
    {
      a: pg.integer('a').notNull(),
      b: pg.integer('b').notNull(),
      userId: pg.integer('user_id').references(() => users.id, { onDelete: 'cascade', onUpdate: 'set null' }),
      status: status('status').notNull(),
    },
    (t) => [pg.primaryKey({ columns: [t.a, t.b] }), pg.foreignKey({ name: 'fk_self', columns: [t.b, t.a], foreignColumns: [t.a, t.b] })],
  );
  const ns = { mood, users, posts, app };

  test('columns: types, nullability, defaults, identity, generated', async () => {
    const { normalized, schema } = await read(ns, 'postgres');
    const u = tableOf(normalized, 'users');
    assert.deepEqual(col(u, 'id').type, { name: 'serial' });
    assert.equal(col(u, 'id').nullable, false);
    assert.deepEqual(col(u, 'name').default, { kind: 'value', value: 'anon' });
    assert.equal(col(u, 'name').nullable, false);
    assert.deepEqual(col(u, 'email').type, { name: 'varchar', length: 255 });
    assert.deepEqual(col(u, 'mood').type, { name: 'enum', enumName: 'mood' });
    assert.deepEqual(col(u, 'created').type, { name: 'timestamptz', precision: 3 });
    assert.equal(col(u, 'created').default?.kind, 'sql');
    assert.deepEqual(col(u, 'amount').type, { name: 'numeric', precision: 10, scale: 2 });
    assert.equal(col(u, 'big').identity, 'always');
    assert.deepEqual(col(u, 'big').type, { name: 'bigint' });
    assert.equal(col(u, 'total').generated, '1 + 2');
    assert.deepEqual(col(u, 'meta').default, { kind: 'value', value: '{"a":1}' });
    assert.match(JSON.stringify(col(u, 'token').default), /gen_random_uuid\(\)/);
    assert.equal(col(u, 'computed_in_app').default, undefined, '$defaultFn is computed by Drizzle, not by the database');
    assert.deepEqual(col(u, 'tags').type, { name: 'custom', raw: 'text[]' });
    assert.deepEqual(col(tableOf(schema, 'users'), 'tags').default, { kind: 'sql', sql: `'{"a","b"}'` });
    assert.deepEqual(col(u, 'at').type, { name: 'timestamp' });
    assert.deepEqual(col(u, 'score').type, { name: 'double' });
    assert.deepEqual(col(u, 'raw').type, { name: 'custom', raw: 'citext' });
  });

  test('keys, indexes, checks, foreign keys, enums, schemas', async () => {
    const { schema } = await read(ns, 'postgres');
    const u = tableOf(schema, 'users');
    assert.deepEqual(u.primaryKey, { name: 'users_pkey', columns: ['id'] });
    assert.deepEqual(u.uniques, [
      { name: 'users_email_unique', columns: ['email'] },
      { name: 'uq_users_name_email', columns: ['name', 'email'] },
    ]);
    assert.deepEqual(u.indexes, [
      { name: 'ix_users_name', parts: [{ column: 'name', desc: true, nulls: 'last' }], where: `"name" <> 'x'` },
      { name: 'ux_users_lower_email', parts: [{ expression: 'lower("email")' }], unique: true },
      { name: 'users_meta_index', parts: [{ column: 'meta' }], using: 'gin' },
      { name: 'ix_users_name_ops', parts: [{ column: 'name', opclass: 'text_pattern_ops' }, { column: 'created', nulls: 'first' }] },
    ]);
    assert.deepEqual(u.checks, [{ name: 'ck_users_amount', expression: '"amount" > 0' }]);
    const p = tableOf(schema, 'posts');
    assert.equal(p.schema, 'app');
    assert.deepEqual(p.primaryKey, { name: 'posts_a_b_pk', columns: ['a', 'b'] });
    assert.deepEqual(
      p.foreignKeys.map((fk) => ({ ...fk })),
      [
        { name: 'posts_user_id_users_id_fk', columns: ['user_id'], refTable: 'users', refColumns: ['id'], onDelete: 'cascade', onUpdate: 'set null' },
        { name: 'fk_self', columns: ['b', 'a'], refSchema: 'app', refTable: 'posts', refColumns: ['a', 'b'], onDelete: 'no action', onUpdate: 'no action' },
      ],
    );
    assert.deepEqual(col(p, 'status').type, { name: 'enum', enumName: 'status', enumSchema: 'app', values: ['draft', 'live'] });
    // the enum used by a column is collected even when it is not exported
    assert.deepEqual(schema.enums, [
      { name: 'mood', values: ['sad', 'ok', 'happy'] },
      { name: 'status', schema: 'app', values: ['draft', 'live'] },
    ]);
  });

  test('what athanor cannot hold is an error naming it, or a warning by name', async () => {
    const nnd = pg.pgTable('t', { a: pg.integer('a').unique('u_a', { nulls: 'not distinct' }) });
    await assert.rejects(read({ nnd }, 'postgres'), (e: unknown) => e instanceof UsageError && /column t\.a.*NULLS NOT DISTINCT/.test(e.message));
    const seq = pg.pgTable('s', { a: pg.integer('a').generatedByDefaultAsIdentity({ startWith: 100 }) });
    // as a database's identity sequence: the column is compared, its sequence's options reported, not refused
    const seqRead = await read({ seq }, 'postgres');
    assert.equal(seqRead.schema.tables[0]?.columns[0]?.identity, 'byDefault');
    assert.ok(seqRead.warnings.some((w) => /column s\.a: identity sequence options \(startWith\) are not managed by athanor/.test(w)), seqRead.warnings.join('\n'));
    const withParams = pg.pgTable('w', { a: pg.integer('a') }, (t) => [pg.index('ix_w').on(t.a).with({ fillfactor: 70 })]);
    await assert.rejects(read({ withParams }, 'postgres'), /index ix_w: storage parameters with\(fillfactor\)/);
    const expr = pg.pgTable('e', { a: pg.text('a') }, (t) => [pg.index().on(sql`lower(${t.a})`)]);
    await assert.rejects(read({ expr }, 'postgres'), /an index on an expression needs a name/);
    const two = pg.pgTable('two', { a: pg.integer('a').primaryKey(), b: pg.integer('b') }, (t) => [pg.primaryKey({ columns: [t.a, t.b] })]);
    await assert.rejects(read({ two }, 'postgres'), /more than one primary key/);
    const mixed = { a: pg.pgTable('a', { x: pg.integer('x') }), b: sq.sqliteTable('b', { x: sq.integer('x') }) };
    await assert.rejects(read(mixed, 'postgres'), /mixes postgres and sqlite tables/);

    const secured = pg.pgTable('secured', { id: pg.integer('id') }, () => [pg.pgPolicy('owner_only', { using: sql`true` })]).enableRLS();
    const view = pg.pgView('v_secured').as((qb) => qb.select().from(secured));
    const counter = pg.pgSequence('counter');
    const { warnings } = await read({ secured, view, counter }, 'postgres');
    assert.deepEqual(warnings, [
      'policy owner_only on secured is not managed by athanor: create it in a migration (op.execute)',
      'row-level security on secured is not managed by athanor: enable it in a migration (op.execute)',
      'view view (Drizzle) is not managed by athanor: create it in a migration (op.execute)',
      'sequence counter (Drizzle) is not managed by athanor: create it in a migration (op.execute)',
    ]);
  });
});

describe('Drizzle models: MySQL', () => {
  const users = my.mysqlTable(
    'users',
    {
      id: my.serial('id').primaryKey(),
      n: my.int('n', { unsigned: true }).autoincrement().unique(),
      mood: my.mysqlEnum('mood', ['x', 'y']).default('x'),
      at: my.datetime('at', { fsp: 3 }),
      ts: my.timestamp('ts').defaultNow(),
      amount: my.decimal('amount', { precision: 10, scale: 2 }),
      name: my.varchar('name', { length: 20 }).notNull(),
      flag: my.boolean('flag').default(false),
      total: my.int('total').generatedAlwaysAs(sql`n + 1`, { mode: 'stored' }),
      plain: my.int('plain'),
    },
    (t) => [my.index('ix_users_name').on(t.name), my.check('ck_users_n', sql`${t.n} > ${0}`), my.uniqueIndex('ux_users_at').on(t.at, t.name)],
  );
  const orders = my.mysqlTable('orders', {
    id: my.int('id').autoincrement().primaryKey(),
    userId: my.bigint('user_id', { mode: 'number', unsigned: true }).references(() => users.id, { onDelete: 'cascade' }),
  });

  test('types, auto-increment, serial, enums, keys', async () => {
    const { normalized, schema } = await read({ users, orders }, 'mysql');
    const u = tableOf(normalized, 'users');
    assert.deepEqual(col(u, 'id').type, { name: 'custom', raw: 'bigint unsigned' });
    assert.equal(col(u, 'id').identity, 'byDefault');
    assert.equal(col(u, 'n').identity, 'byDefault');
    assert.deepEqual(col(u, 'mood').type, { name: 'custom', raw: "enum('x','y')" });
    assert.deepEqual(col(u, 'at').type, { name: 'timestamp', precision: 3 });
    assert.deepEqual(col(u, 'ts').type, { name: 'timestamptz', precision: 0 });
    assert.deepEqual(col(u, 'amount').type, { name: 'numeric', precision: 10, scale: 2 });
    assert.deepEqual(col(u, 'flag').type, { name: 'boolean' });
    assert.deepEqual(col(u, 'flag').default, { kind: 'value', value: false });
    assert.equal(col(u, 'total').generated, 'n + 1');
    assert.deepEqual(col(tableOf(normalized, 'orders'), 'id').type, { name: 'serial' });
    assert.deepEqual(tableOf(schema, 'users').uniques, [
      { name: 'id', columns: ['id'] },
      { name: 'users_n_unique', columns: ['n'] },
    ]);
    assert.deepEqual(tableOf(schema, 'users').checks, [{ name: 'ck_users_n', expression: '`n` > 0' }]);
    assert.deepEqual(tableOf(schema, 'orders').foreignKeys[0]?.onDelete, 'cascade');
  });

  test('generated columns are VIRTUAL unless { mode: \'stored\' }, as MySQL and drizzle-kit make them', async () => {
    const v = my.mysqlTable('v', { a: my.int('a'), b: my.int('b').generatedAlwaysAs(sql`a + 1`), c: my.int('c').generatedAlwaysAs(sql`a + 2`, { mode: 'stored' }) });
    const table = tableOf((await read({ v }, 'mysql')).schema, 'v');
    assert.equal(col(table, 'b').virtual, true);
    assert.equal(col(table, 'c').virtual, undefined);
  });

  test('timestamp().onUpdateNow() is ON UPDATE CURRENT_TIMESTAMP at the column\'s precision', async () => {
    const o = my.mysqlTable('o', { at: my.timestamp('at').onUpdateNow(), at3: my.timestamp('at3', { fsp: 3 }).defaultNow().onUpdateNow(), plain: my.timestamp('plain') });
    const table = tableOf((await read({ o }, 'mysql')).schema, 'o');
    assert.equal(col(table, 'at').onUpdate, 'CURRENT_TIMESTAMP');
    assert.equal(col(table, 'at3').onUpdate, 'CURRENT_TIMESTAMP(3)');
    assert.equal(col(table, 'plain').onUpdate, undefined);
  });
});

describe('Drizzle models: SQLite', () => {
  const users = sq.sqliteTable(
    'users',
    {
      id: sq.integer('id').primaryKey({ autoIncrement: true }),
      done: sq.integer('done', { mode: 'boolean' }).notNull().default(false),
      at: sq.integer('at', { mode: 'timestamp' }).default(sql`(unixepoch())`),
      name: sq.text('name', { length: 20, enum: ['a', 'b'] }).notNull(),
      doc: sq.text('doc', { mode: 'json' }),
      r: sq.real('r'),
      bytes: sq.blob('bytes'),
      email: sq.text('email').unique(),
    },
    (t) => [sq.index('ix_users_name').on(t.name).where(sql`${t.done} = 1`), sq.uniqueIndex('ux_users_doc').on(t.doc)],
  );
  const tags = sq.sqliteTable(
    'tags',
    { userId: sq.integer('user_id').references(() => users.id, { onDelete: 'cascade' }), tag: sq.text('tag').notNull() },
    (t) => [sq.primaryKey({ columns: [t.userId, t.tag] })],
  );

  test('types, AUTOINCREMENT, partial indexes, composite keys', async () => {
    const { normalized, schema } = await read({ users, tags }, 'sqlite');
    const u = tableOf(normalized, 'users');
    assert.deepEqual(col(u, 'id').type, { name: 'serial' });
    assert.deepEqual(col(u, 'done').type, { name: 'integer' });
    assert.deepEqual(col(u, 'name').type, { name: 'custom', raw: 'text(20)' });
    assert.deepEqual(col(u, 'bytes').type, { name: 'bytea' });
    assert.deepEqual(tableOf(schema, 'users').indexes, [
      { name: 'ix_users_name', parts: [{ column: 'name' }], where: '"done" = 1' },
      { name: 'ux_users_doc', parts: [{ column: 'doc' }], unique: true },
      // drizzle-kit writes SQLite's unique constraints as unique indexes
      { name: 'users_email_unique', parts: [{ column: 'email' }], unique: true },
    ]);
    assert.deepEqual(tableOf(schema, 'users').uniques, []);
    assert.deepEqual(tableOf(schema, 'tags').primaryKey, { columns: ['user_id', 'tag'] });
    assert.equal(tableOf(schema, 'tags').foreignKeys[0]?.onDelete, 'cascade');
  });
});
