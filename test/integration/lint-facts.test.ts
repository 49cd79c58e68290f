// The database behaviour lint's rules rest on, checked on real databases: which changes rewrite a
// PostgreSQL table (its relfilenode changes), what PostgreSQL refuses in a transaction, and where a NOT NULL
// column without a default fails (the applicability data of add-column-not-null-without-default).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openConnection } from '../../src/drivers/open.js';
import type { Connection } from '../../src/drivers/connection.js';
import { postgresSqlSyntax } from '../../src/dialects/postgres/sql-syntax.js';
import { actionsOfSql } from '../../src/lint/from-sql.js';
import { typeChangeProblem, volatileCall } from '../../src/lint/postgres-facts.js';
import { mysqlTarget, onlyOn, postgresTarget, type TestDatabase } from '../support/targets.js';
import type { ColumnType } from '../../src/schema/types.js';

const actionsOfPg = (sql: string) => actionsOfSql(sql, postgresSqlSyntax, 'public');

describe('PostgreSQL facts behind the lint rules', onlyOn('postgres'), () => {
  let db: TestDatabase;
  let conn: Connection;
  let tableNo = 0;

  before(async () => {
    db = await postgresTarget.create('lint_facts');
    conn = await openConnection(db.url);
  });
  after(async () => {
    await conn.close();
    await db.drop();
  });

  /** A fresh table with rows and column `c` of the given SQL type. */
  async function tableWith(columnSql: string): Promise<string> {
    const name = `t${++tableNo}`;
    await conn.exec(`CREATE TABLE ${name} (id int PRIMARY KEY, c ${columnSql}); INSERT INTO ${name} (id) SELECT g FROM generate_series(1, 50) g`);
    return name;
  }

  async function rewrites(table: string, statement: string): Promise<boolean> {
    const node = async () => (await conn.query<{ f: string }>(`SELECT pg_relation_filenode('${table}')::text AS f`)).rows[0]?.f;
    const before = await node();
    await conn.exec(statement);
    return (await node()) !== before;
  }

  const type = (name: ColumnType['name'], extra: Partial<ColumnType> = {}): ColumnType => ({ name, ...extra });
  const typeCases: Array<[string, ColumnType, string, ColumnType]> = [
    ['integer', type('integer'), 'bigint', type('bigint')],
    ['varchar(50)', type('varchar', { length: 50 }), 'varchar(100)', type('varchar', { length: 100 })],
    ['varchar(50)', type('varchar', { length: 50 }), 'text', type('text')],
    ['numeric(10, 2)', type('numeric', { precision: 10, scale: 2 }), 'numeric(12, 2)', type('numeric', { precision: 12, scale: 2 })],
    ['numeric(10, 2)', type('numeric', { precision: 10, scale: 2 }), 'numeric(12, 4)', type('numeric', { precision: 12, scale: 4 })],
    ['timestamp(3)', type('timestamp', { precision: 3 }), 'timestamp(6)', type('timestamp', { precision: 6 })],
    ['text', type('text'), 'jsonb', type('jsonb')],
  ];
  for (const [fromSql, from, toSql, to] of typeCases) {
    test(`type-change-rewrite: ${fromSql} → ${toSql} is flagged exactly when PostgreSQL rewrites`, async () => {
      const table = await tableWith(fromSql);
      const statement = `ALTER TABLE ${table} ALTER COLUMN c TYPE ${toSql}${toSql === 'jsonb' ? " USING coalesce(c, '{}')::jsonb" : ''}`;
      const flagged = typeChangeProblem('c', from, to, toSql === 'jsonb' ? "coalesce(c, '{}')::jsonb" : undefined) !== null;
      assert.equal(flagged, await rewrites(table, statement));
    });
  }

  const addColumnCases: Array<[string, boolean]> = [
    ['uuid DEFAULT gen_random_uuid()', true],
    ['double precision DEFAULT random()', true],
    ['timestamptz DEFAULT clock_timestamp()', true],
    ['bigserial', true],
    ['int GENERATED ALWAYS AS IDENTITY', true],
    ['int GENERATED ALWAYS AS (id * 2) STORED', true],
    ['timestamptz DEFAULT now()', false],
    ['boolean NOT NULL DEFAULT false', false],
    ['text', false],
  ];
  for (const [definition, expected] of addColumnCases) {
    test(`volatile-default / add-stored-generated-column: ADD COLUMN x ${definition}`, async () => {
      const table = await tableWith('int');
      const statement = `ALTER TABLE ${table} ADD COLUMN x ${definition}`;
      const action = actionsOfPg(statement)[0];
      assert.ok(action?.kind === 'addColumn');
      const flagged = action.volatileDefault !== undefined || action.sequence !== undefined || action.storedGenerated;
      assert.equal(flagged, expected, 'lint');
      assert.equal(await rewrites(table, statement), expected, 'PostgreSQL');
    });
  }

  test('volatileCall agrees with pg_proc about the functions it lists', async () => {
    const rows = (await conn.query<{ proname: string; provolatile: string }>(
      `SELECT DISTINCT proname, provolatile FROM pg_proc WHERE proname IN ('random', 'gen_random_uuid', 'clock_timestamp', 'timeofday', 'nextval', 'now', 'statement_timestamp', 'transaction_timestamp')`,
    )).rows;
    assert.ok(rows.length >= 8);
    for (const row of rows) assert.equal(volatileCall(`${row.proname}()`) !== undefined, row.provolatile === 'v', row.proname);
  });

  test('concurrently-in-transaction: PostgreSQL refuses CREATE INDEX CONCURRENTLY in a transaction block', async () => {
    const table = await tableWith('int');
    await conn.exec('BEGIN');
    await assert.rejects(conn.exec(`CREATE INDEX CONCURRENTLY ix_${table} ON ${table} (c)`), /cannot run inside a transaction block/);
    await conn.exec('ROLLBACK');
    await conn.exec(`CREATE INDEX CONCURRENTLY ix_${table} ON ${table} (c)`);
  });

  test('missing-lock-timeout: SET LOCAL outside a transaction leaves lock_timeout unset', async () => {
    await conn.exec("SET LOCAL lock_timeout = '1s'");
    assert.equal((await conn.query<{ lock_timeout: string }>('SHOW lock_timeout')).rows[0]?.lock_timeout, '0');
  });

  test('add-column-not-null-without-default: fails on a table with rows, works with a default', async () => {
    const table = await tableWith('int');
    await assert.rejects(conn.exec(`ALTER TABLE ${table} ADD COLUMN completed boolean NOT NULL`), /contains null values/);
    await conn.exec(`ALTER TABLE ${table} ADD COLUMN completed boolean NOT NULL DEFAULT false`);
  });
});

describe('add-column-not-null-without-default applicability', () => {
  test('SQLite refuses the column; the rule applies there', onlyOn('sqlite'), async () => {
    const conn = await openConnection('sqlite::memory:');
    try {
      await conn.exec('CREATE TABLE todos (id integer PRIMARY KEY); INSERT INTO todos (id) VALUES (1)');
      await assert.rejects(conn.exec('ALTER TABLE todos ADD COLUMN completed boolean NOT NULL'), /NOT NULL/);
    } finally {
      await conn.close();
    }
  });

  test('MySQL/MariaDB fills an implicit default instead of failing; the rule does not apply there', onlyOn('mysql'), async () => {
    const db = await mysqlTarget.create('lint_facts');
    const conn = await openConnection(db.url);
    try {
      await conn.exec('CREATE TABLE todos (id int PRIMARY KEY)');
      await conn.exec('INSERT INTO todos (id) VALUES (1)');
      await conn.exec('ALTER TABLE todos ADD COLUMN completed boolean NOT NULL');
      const rows = (await conn.query<{ completed: unknown }>('SELECT completed FROM todos')).rows;
      assert.equal(Number(rows[0]?.completed), 0);
    } finally {
      await conn.close();
      await db.drop();
    }
  });
});
