// Kysely typed by athanor's models (`KyselyDatabase<typeof models, driver>`), run on every database: athanor
// creates the schema from the models (autogenerate → upgrade), Kysely inserts, selects, updates and deletes with
// its own dialect for the driver. Each value read back is checked against the type KyselyDatabase gives it: the
// expected kind of every column is written below, checked against the types by tsc (TagOf) and against the
// value the driver really returned here.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { KyselyDatabase } from 'athanor/kysely';
import { autogenerate } from '../../src/api/autogenerate.js';
import { upgrade } from '../../src/api/upgrade.js';
import { loadConfig } from '../../src/config/load.js';
import { enumType, schemaFromModule, t, table } from '../../src/schema/dsl.js';
import { onlyOn, mysqlTarget, pgliteTarget, postgresTarget, sqliteTarget, type TestDatabase, type TestTarget } from '../support/targets.js';

const mood = enumType('mood', ['happy', 'sad']);
const common = {
  id: t.serial().primaryKey(),
  small: t.smallint().notNull(),
  big: t.bigint().notNull(),
  price: t.numeric(10, 2).notNull(),
  ratio: t.double(),
  flag: t.boolean().notNull().default(false),
  name: t.varchar(40).notNull(),
  note: t.text(),
  born: t.date(),
  at: t.timestamp(3).notNull(),
  clock: t.time(),
  doc: t.jsonb<{ tags: string[] }>().notNull(),
  uid: t.uuid(),
  bytes: t.bytea(),
};
const postgresModels = { things: table('things', { ...common, mood: t.enum(mood).notNull().default('happy'), span: t.interval() }) };
const mysqlModels = { things: table('things', { ...common, mood: t.enum(mood).notNull().default('happy') }) };
const sqliteModels = { things: table('things', common) };

/** The kinds of value a TypeScript type allows, as tagOf() names them at run time. */
type TagOf<T> = T extends null
  ? 'null'
  : T extends string
    ? 'string'
    : T extends number
      ? 'number'
      : T extends bigint
        ? 'bigint'
        : T extends boolean
          ? 'boolean'
          : T extends Date
            ? 'Date'
            : T extends Buffer
              ? 'Buffer'
              : T extends Uint8Array
                ? 'Uint8Array'
                : T extends readonly unknown[]
                  ? 'array'
                  : 'object';
type Tags<Row> = { [K in keyof Row]-?: TagOf<Row[K]> };

function tagOf(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return 'Date';
  if (Buffer.isBuffer(value)) return 'Buffer';
  if (value instanceof Uint8Array) return 'Uint8Array';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function assertTags(row: Record<string, unknown>, expected: Record<string, string>): void {
  assert.deepEqual(Object.fromEntries(Object.keys(row).map((k) => [k, tagOf(row[k])])), expected);
}

/** A fresh database with the models' schema, made by athanor from the models as a user would. */
async function databaseFor(target: TestTarget, models: Record<string, unknown>): Promise<{ db: TestDatabase; cleanup: () => Promise<void> }> {
  const db = await target.create('kysely');
  const dir = mkdtempSync(join(tmpdir(), 'ath-kysely-'));
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, 'athanor.config.json'), JSON.stringify({ dialect: target.dialect }));
  const config = await loadConfig({ cwd: dir, url: db.url, env: {} });
  const made = await autogenerate(config, { message: 'things', models: schemaFromModule(models) });
  assert.ok(made.created, 'a first migration is generated');
  await upgrade(config, { target: 'head' });
  return {
    db,
    cleanup: async () => {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    },
  };
}

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** The same round on every database: insert, read back, update two columns, read again. */
type Things = { things: { id: unknown; name: string; note: string | null; ratio: number | null } };
async function crud<DB extends Things>(kysely: Kysely<DB>, insert: () => Promise<unknown>): Promise<Selectable<DB['things']>> {
  // the typed insert happens in the caller; reading back and updating only need the shared columns
  await insert();
  const k = kysely as unknown as Kysely<Things>;
  const inserted = await k.selectFrom('things').selectAll().where('name', '=', 'first').executeTakeFirstOrThrow();
  const result = await k.updateTable('things').set({ note: 'updated', ratio: null }).where('name', '=', 'first').executeTakeFirst();
  assert.equal(result.numUpdatedRows, 1n);
  const updated = await k.selectFrom('things').select(['note', 'ratio']).where('name', '=', 'first').executeTakeFirstOrThrow();
  assert.deepEqual(updated, { note: 'updated', ratio: null });
  // the row as first read, typed as the caller's database types it
  return inserted as unknown as Selectable<DB['things']>;
}

describe('Kysely typed by athanor models on PostgreSQL (pg)', onlyOn('postgres'), () => {
  test('insert, select, update with the row types node-postgres returns', async () => {
    const { db, cleanup } = await databaseFor(postgresTarget, postgresModels);
    cleanups.push(cleanup);
    const { default: pg } = await import('pg');
    const { Kysely, PostgresDialect } = await import('kysely');
    const kysely = new Kysely<KyselyDatabase<typeof postgresModels>>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: db.url }) }) });
    try {
      const values: Insertable<KyselyDatabase<typeof postgresModels>['things']> = {
        small: 1, big: '9007199254740993', price: '12.50', name: 'first', at: new Date('2024-05-06T07:08:09.123Z'), doc: JSON.stringify({ tags: ['a'] }),
        born: '2000-02-29', bytes: Buffer.from([0, 255]), mood: 'sad', span: '1 day', ratio: 0.5, uid: '00000000-0000-0000-0000-000000000001',
      };
      const inserted = await crud(kysely, () => kysely.insertInto('things').values(values).execute());
      const tags: Tags<Selectable<KyselyDatabase<typeof postgresModels>['things']>> = {
        id: 'number', small: 'number', big: 'string', price: 'string', ratio: 'number', flag: 'boolean', name: 'string', note: 'null', born: 'Date',
        at: 'Date', clock: 'null', doc: 'object', uid: 'string', bytes: 'Buffer', mood: 'string', span: 'object',
      };
      assertTags(inserted, tags);
      assert.equal(inserted.big, '9007199254740993', 'bigint read exactly, as a string');
      assert.equal(inserted.price, '12.50');
      assert.deepEqual(inserted.doc, { tags: ['a'] });
      assert.equal(inserted.span?.days, 1);
      const sad = await kysely.selectFrom('things').select(['id', 'mood']).where('mood', '=', 'sad').execute();
      assert.deepEqual(sad, [{ id: inserted.id, mood: 'sad' }]);
    } finally {
      await kysely.destroy();
    }
  });
});

describe('Kysely typed by athanor models on PGlite', onlyOn('pglite'), () => {
  test('insert, select, update with the row types PGlite returns', async () => {
    const { db, cleanup } = await databaseFor(pgliteTarget, postgresModels);
    cleanups.push(cleanup);
    const { PGlite } = await import('@electric-sql/pglite');
    const { Kysely } = await import('kysely');
    const { pgliteDialect } = await import('../../examples/todoapp/pglite-dialect.js');
    const pglite = await PGlite.create(db.url.slice('pglite:'.length));
    const kysely = new Kysely<KyselyDatabase<typeof postgresModels, 'pglite'>>({ dialect: pgliteDialect(pglite) });
    try {
      const inserted = await crud(kysely, () =>
        kysely.insertInto('things').values({
        small: 1, big: 7, price: 12.5, name: 'first', at: '2024-05-06 07:08:09.123', doc: JSON.stringify({ tags: [] }),
        bytes: new Uint8Array([1, 2]), mood: 'happy', span: '02:00:00', flag: true,
        }).execute(),
      );
      const tags: Tags<Selectable<KyselyDatabase<typeof postgresModels, 'pglite'>['things']>> = {
        id: 'number', small: 'number', big: 'number', price: 'string', ratio: 'null', flag: 'boolean', name: 'string', note: 'null', born: 'null',
        at: 'Date', clock: 'null', doc: 'object', uid: 'null', bytes: 'Uint8Array', mood: 'string', span: 'string',
      };
      assertTags(inserted, tags);
      assert.equal(inserted.price, '12.50');
      const big = await kysely.insertInto('things').values({ small: 2, big: 2n ** 60n, price: '1', name: 'huge', at: new Date(), doc: '{}' }).returning('big').executeTakeFirstOrThrow();
      assert.equal(big.big, 2n ** 60n, 'past 2^53 PGlite returns a BigInt, as the type says');
    } finally {
      await kysely.destroy();
      await pglite.close();
    }
  });
});

describe('Kysely typed by athanor models on MariaDB (mysql2)', onlyOn('mysql'), () => {
  test('insert, select, update with the row types mysql2 returns', async () => {
    const { db, cleanup } = await databaseFor(mysqlTarget, mysqlModels);
    cleanups.push(cleanup);
    const { createPool } = await import('mysql2');
    const { Kysely, MysqlDialect } = await import('kysely');
    const kysely = new Kysely<KyselyDatabase<typeof mysqlModels, 'mysql2'>>({ dialect: new MysqlDialect({ pool: createPool({ uri: db.url }) }) });
    try {
      const inserted = await crud(kysely, () =>
        kysely.insertInto('things').values({
        small: 1, big: 42, price: '12.50', name: 'first', at: new Date('2024-05-06T07:08:09.123Z'), doc: JSON.stringify({ tags: ['x'] }),
        flag: true, born: '2000-02-29', clock: '10:11:12', bytes: Buffer.from('hi'), mood: 'sad',
        }).execute(),
      );
      const tags: Tags<Selectable<KyselyDatabase<typeof mysqlModels, 'mysql2'>['things']>> = {
        id: 'number', small: 'number', big: 'number', price: 'string', ratio: 'null', flag: 'number', name: 'string', note: 'null', born: 'Date',
        at: 'Date', clock: 'string', doc: 'object', uid: 'null', bytes: 'Buffer', mood: 'string',
      };
      assertTags(inserted, tags);
      assert.equal(inserted.flag, 1, 'TINYINT(1) reads as 1');
      assert.deepEqual(inserted.doc, { tags: ['x'] });
      const sad = await kysely.selectFrom('things').select('name').where('mood', '=', 'sad').execute();
      assert.deepEqual(sad, [{ name: 'first' }]);
    } finally {
      await kysely.destroy();
    }
  });
});

describe('Kysely typed by athanor models on SQLite (better-sqlite3)', onlyOn('sqlite'), () => {
  test('insert, select, update with the row types better-sqlite3 returns', async () => {
    const { db, cleanup } = await databaseFor(sqliteTarget, sqliteModels);
    cleanups.push(cleanup);
    const { default: Database } = await import('better-sqlite3');
    const { Kysely, SqliteDialect } = await import('kysely');
    const kysely = new Kysely<KyselyDatabase<typeof sqliteModels, 'better-sqlite3'>>({
      dialect: new SqliteDialect({ database: new Database(db.url.slice('sqlite:'.length)) }),
    });
    try {
      const inserted = await crud(kysely, () =>
        kysely.insertInto('things').values({
        small: 1, big: 2n, price: 12.5, name: 'first', at: '2024-05-06 07:08:09.123', doc: JSON.stringify({ tags: [] }), flag: 1,
        bytes: Buffer.from([7]), born: '2000-02-29',
        }).execute(),
      );
      const tags: Tags<Selectable<KyselyDatabase<typeof sqliteModels, 'better-sqlite3'>['things']>> = {
        id: 'number', small: 'number', big: 'number', price: 'number', ratio: 'null', flag: 'number', name: 'string', note: 'null', born: 'string',
        at: 'string', clock: 'null', doc: 'string', uid: 'null', bytes: 'Buffer',
      };
      assertTags(inserted, tags);
      assert.equal(inserted.doc, '{"tags":[]}', 'JSON reads back as text');
    } finally {
      await kysely.destroy();
    }
  });
});
