// Raw SQL inspection and PostgreSQL facts used by lint: statement shapes → actions, type-change classification.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mysqlSqlSyntax } from '../../src/dialects/mysql/sql-syntax.js';
import { postgresSqlSyntax } from '../../src/dialects/postgres/sql-syntax.js';
import type { SqlSyntax } from '../../src/dialects/shared/sql-lexer.js';
import { sqliteSqlSyntax } from '../../src/dialects/sqlite/sql-syntax.js';
import { actionsOfSql } from '../../src/lint/from-sql.js';
import { notNullCheckColumn, typeChangeProblem, volatileCall } from '../../src/lint/postgres-facts.js';
import { parseSuppressions, isSuppressed } from '../../src/lint/suppressions.js';
import { positionAt } from '../../src/loader/positions.js';
import { parseSqlMigration } from '../../src/loader/sql-migration.js';
import type { ColumnType } from '../../src/schema/types.js';

const actionsOfPg = (sql: string) => actionsOfSql(sql, postgresSqlSyntax, 'public');
const kindsOn = (sql: string, syntax: SqlSyntax) => actionsOfSql(sql, syntax, '').map((a) => a.kind);

const kinds = (sql: string) => actionsOfPg(sql).map((a) => a.kind);

describe('actionsOfSql', () => {
  test('CREATE INDEX: table, name, CONCURRENTLY and UNIQUE are read', () => {
    assert.deepEqual(actionsOfPg('create unique index concurrently if not exists "Ix" on only app.todos using btree (a)'), [
      { kind: 'createIndex', table: 'app.todos', name: 'Ix', concurrently: true, unique: true },
    ]);
    assert.deepEqual(actionsOfPg('CREATE INDEX ON todos (a)'), [{ kind: 'createIndex', table: '.todos', concurrently: false, unique: false }]);
  });

  test('string literals, dollar quotes and comments never read as statements', () => {
    assert.deepEqual(kinds("INSERT INTO notes (body) VALUES ('DROP TABLE todos; CREATE INDEX x ON todos (a)')"), []);
    assert.deepEqual(kinds('DO $$ BEGIN EXECUTE \'drop table x\'; END $$'), []);
    assert.deepEqual(kinds('-- DROP TABLE todos\n/* ALTER TABLE todos DROP COLUMN a */ SELECT 1'), []);
    assert.deepEqual(kinds("select e'it\\'s; drop table x'"), []);
  });

  test('ALTER TABLE subcommands are split at top-level commas', () => {
    const actions = actionsOfPg('ALTER TABLE todos ADD COLUMN a numeric(10, 2) DEFAULT random(), DROP COLUMN b, ALTER COLUMN c SET NOT NULL, RENAME d TO e');
    assert.deepEqual(actions.map((a) => a.kind), ['addColumn', 'dropColumn', 'setNotNull', 'renameColumn']);
    const add = actions[0];
    assert.ok(add?.kind === 'addColumn');
    assert.equal(add.volatileDefault, 'random()');
    assert.equal(add.notNull, false);
  });

  test('ADD COLUMN: NOT NULL, defaults, serial, identity and stored generated columns', () => {
    const add = (sql: string) => {
      const action = actionsOfPg(sql)[0];
      assert.ok(action?.kind === 'addColumn', sql);
      return action;
    };
    assert.equal(add('alter table t add column n int not null').hasDefault, false);
    assert.equal(add('alter table t add n int not null default 0').hasDefault, true);
    assert.equal(add('alter table t add column id bigserial').sequence, 'serial');
    assert.equal(add('alter table t add column id int generated always as identity').sequence, 'identity');
    assert.equal(add('alter table t add column s int generated always as (a + 1) stored').storedGenerated, true);
    assert.equal(add("alter table t add column d timestamptz default now()").volatileDefault, undefined);
  });

  test('ADD COLUMN with inline constraints yields the constraints too', () => {
    const actions = actionsOfPg('ALTER TABLE todos ADD COLUMN owner_id int REFERENCES users (id) UNIQUE');
    assert.deepEqual(
      actions.filter((a) => a.kind === 'addConstraint').map((a) => a.kind === 'addConstraint' && [a.type, a.refTable, a.viaColumn]),
      [
        ['unique', undefined, 'owner_id'],
        ['foreignKey', '.users', 'owner_id'],
      ],
    );
  });

  test('ADD CONSTRAINT: type, NOT VALID, USING INDEX and a not-null check column', () => {
    assert.deepEqual(actionsOfPg('ALTER TABLE todos ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES s.users (id) NOT VALID'), [
      { kind: 'addConstraint', table: '.todos', type: 'foreignKey', name: 'fk', notValid: true, usingIndex: false, refTable: 's.users' },
    ]);
    assert.deepEqual(actionsOfPg('alter table todos add constraint uq unique using index ux_todos'), [
      { kind: 'addConstraint', table: '.todos', type: 'unique', name: 'uq', notValid: false, usingIndex: true },
    ]);
    assert.deepEqual(actionsOfPg('ALTER TABLE todos ADD CONSTRAINT ck CHECK ((done IS NOT NULL)) NOT VALID'), [
      { kind: 'addConstraint', table: '.todos', type: 'check', name: 'ck', notValid: true, usingIndex: false, notNullColumn: 'done' },
    ]);
  });

  test('lock_timeout settings, transaction control and statements refused in a transaction', () => {
    assert.deepEqual(actionsOfPg("SET lock_timeout = '5s'"), [{ kind: 'lockTimeout', local: false }]);
    assert.deepEqual(actionsOfPg("SET LOCAL lock_timeout TO '5s'"), [{ kind: 'lockTimeout', local: true }]);
    assert.deepEqual(actionsOfPg("SELECT set_config('lock_timeout', '5s', true)"), [{ kind: 'lockTimeout', local: true }]);
    assert.deepEqual(actionsOfPg("SET statement_timeout = '5s'"), []);
    assert.deepEqual(kinds('BEGIN; COMMIT'), ['transactionControl', 'transactionControl']);
    assert.deepEqual(kinds('ROLLBACK TO SAVEPOINT a'), []);
    assert.deepEqual(kinds('VACUUM todos; REINDEX INDEX CONCURRENTLY ix'), ['noTransaction', 'noTransaction']);
  });

  test('DML, drops, renames and other locking statements', () => {
    assert.deepEqual(actionsOfPg('UPDATE ONLY todos SET a = 1'), [{ kind: 'dml', table: '.todos', verb: 'UPDATE' }]);
    assert.deepEqual(actionsOfPg('DROP TABLE IF EXISTS a, public.b CASCADE'), [
      { kind: 'dropTable', table: '.a' },
      { kind: 'dropTable', table: '.b' },
    ]);
    assert.deepEqual(actionsOfPg('ALTER TABLE a RENAME TO b'), [{ kind: 'renameTable', table: '.a', newTable: '.b' }]);
    assert.deepEqual(kinds('TRUNCATE todos; LOCK TABLE todos IN ACCESS EXCLUSIVE MODE'), ['tableLock', 'tableLock']);
    assert.deepEqual(actionsOfPg('CREATE TABLE t (id int, u int REFERENCES users (id))'), [
      { kind: 'createTable', table: '.t', refTables: ['.users'], columns: [{ name: 'id', type: { name: 'integer' } }, { name: 'u', type: { name: 'integer' } }] },
    ]);
  });
});

describe('PostgreSQL facts', () => {
  test('volatile defaults: random/uuid/clock functions and sequences, not now()', () => {
    assert.equal(volatileCall('gen_random_uuid()'), 'gen_random_uuid()');
    assert.equal(volatileCall("nextval('s'::regclass)"), 'nextval()');
    assert.equal(volatileCall('now()'), undefined);
    assert.equal(volatileCall("'random()'"), undefined);
  });

  test('not-null check expressions', () => {
    assert.equal(notNullCheckColumn('done IS NOT NULL'), 'done');
    assert.equal(notNullCheckColumn('("Done" is not null)'), 'Done');
    assert.equal(notNullCheckColumn('done IS NOT NULL AND x > 0'), undefined);
  });

  const type = (name: ColumnType['name'], extra: Partial<ColumnType> = {}): ColumnType => ({ name, ...extra });
  const rewrites = (from: ColumnType | undefined, to: ColumnType, using?: string) => typeChangeProblem('c', from, to, using) !== null;

  test('catalog-only type changes do not count as rewrites', () => {
    assert.equal(rewrites(type('varchar', { length: 50 }), type('varchar', { length: 100 })), false);
    assert.equal(rewrites(type('varchar', { length: 50 }), type('varchar')), false);
    assert.equal(rewrites(type('varchar', { length: 50 }), type('text')), false);
    assert.equal(rewrites(type('numeric', { precision: 10, scale: 2 }), type('numeric', { precision: 12, scale: 2 })), false);
    assert.equal(rewrites(type('timestamp', { precision: 3 }), type('timestamp')), false);
    assert.equal(rewrites(type('serial'), type('integer')), false);
  });

  test('everything else rewrites, and an unknown old type is reported', () => {
    assert.equal(rewrites(type('integer'), type('bigint')), true);
    assert.equal(rewrites(type('varchar', { length: 100 }), type('varchar', { length: 50 })), true);
    assert.equal(rewrites(type('text'), type('varchar', { length: 10 })), true);
    assert.equal(rewrites(type('numeric', { precision: 10, scale: 2 }), type('numeric', { precision: 12, scale: 3 })), true);
    assert.equal(rewrites(type('timestamp'), type('timestamptz')), true);
    assert.equal(rewrites(type('varchar', { length: 5 }), type('text'), 'lower(c)'), true);
    assert.equal(rewrites(type('varchar', { length: 5 }), type('text'), 'c::text'), false);
    assert.equal(rewrites(undefined, type('text')), true);
  });
});

describe('suppression comments', () => {
  test('next-line and file-level directives, with a reason after --, unknown ids reported', () => {
    const parsed = parseSuppressions(
      [
        '// athanor-lint-disable drop-table',
        'x',
        '  // athanor-lint-disable-next-line drop-column, rename-column -- old column, unused since v2',
        'await op.dropColumn()',
        '-- athanor-lint-disable-next-line no-such-rule',
        '// athanor-lint-disable-next-line',
      ].join('\n'),
    );
    assert.equal(isSuppressed(parsed, 'drop-table', 99), true);
    assert.equal(isSuppressed(parsed, 'drop-column', 4), true);
    assert.equal(isSuppressed(parsed, 'rename-column', 4), true);
    assert.equal(isSuppressed(parsed, 'drop-column', 3), false);
    assert.equal(isSuppressed(parsed, 'drop-column', undefined), false);
    assert.deepEqual(
      parsed.problems.map((p) => [p.line, p.message]),
      [
        [5, "unknown rule 'no-such-rule' in athanor-lint-disable-next-line"],
        [6, 'athanor-lint-disable-next-line names no rule'],
      ],
    );
  });
});

describe('SQL read with the dialect\'s lexer', () => {
  test('MySQL: a backslash-escaped quote does not hide the DROP COLUMN after it', () => {
    const actions = actionsOfSql("ALTER TABLE users COMMENT = 'x\\'', DROP COLUMN secret;", mysqlSqlSyntax, '');
    assert.deepEqual(actions.filter((a) => a.kind === 'dropColumn'), [{ kind: 'dropColumn', table: '.users', column: 'secret' }]);
  });

  test("a table in the dialect's default schema is the table written without one (Dialect.defaultSchema)", () => {
    assert.deepEqual(actionsOfSql('DROP TABLE main.t; DROP TABLE t; DROP TABLE other.t', sqliteSqlSyntax, 'main'), [
      { kind: 'dropTable', table: '.t' },
      { kind: 'dropTable', table: '.t' },
      { kind: 'dropTable', table: 'other.t' },
    ]);
    // PostgreSQL's public is no default elsewhere
    assert.deepEqual(actionsOfSql('DROP TABLE public.t', sqliteSqlSyntax, 'main'), [{ kind: 'dropTable', table: 'public.t' }]);
  });

  test('MySQL: executable comments are statements; ordinary comments are not', () => {
    assert.deepEqual(kindsOn('/*!40000 ALTER TABLE t DROP COLUMN a */; /* ALTER TABLE t DROP COLUMN b */ # DROP TABLE t', mysqlSqlSyntax), ['dropColumn']);
  });

  test('column types of CREATE TABLE and ADD COLUMN are read as PostgreSQL reads them', () => {
    const [create] = actionsOfPg('CREATE TABLE logins (id bigserial PRIMARY KEY, ip character varying (41) NOT NULL, amount numeric(10, 2), at timestamp(3) with time zone, tags text[], CONSTRAINT ck CHECK (id > 0))');
    assert.ok(create?.kind === 'createTable');
    assert.deepEqual(create.columns, [
      { name: 'id', type: { name: 'bigserial' } },
      { name: 'ip', type: { name: 'varchar', length: 41 } },
      { name: 'amount', type: { name: 'numeric', precision: 10, scale: 2 } },
      { name: 'at', type: { name: 'timestamptz', precision: 3 } },
      { name: 'tags', type: { name: 'custom', raw: 'text[]' } },
    ]);
    const [alter] = actionsOfPg('ALTER TABLE logins ALTER COLUMN ip SET DATA TYPE varchar(64) USING ip::varchar(64)');
    assert.deepEqual(alter, { kind: 'alterType', table: '.logins', column: 'ip', to: { name: 'varchar', length: 64 }, using: 'ip :: varchar ( 64 )' });
  });
});

describe('.sql statement positions', () => {
  test('each statement is placed at its first token, past its leading comments', () => {
    const text = ['-- revision: a', '-- +upgrade', 'SELECT 1;', '-- note', '  SELECT 1;', '-- +downgrade', 'SELECT 1;'].join('\r\n');
    const parsed = parseSqlMigration(text, 'm.sql', postgresSqlSyntax);
    assert.deepEqual(parsed.upgrade.map((s) => positionAt(text, s.offset)), [
      { line: 3, column: 1 },
      { line: 5, column: 3 },
    ]);
    assert.deepEqual(parsed.downgrade?.map((s) => positionAt(text, s.offset)), [{ line: 7, column: 1 }]);
  });
});
