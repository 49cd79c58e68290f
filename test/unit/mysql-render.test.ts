// MySQL/MariaDB rendering, type mapping, expression canonicalisation and normalization, without a database.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UnsupportedOperationError } from '../../src/dialects/dialect.js';
import { mysqlDialect } from '../../src/dialects/mysql/index.js';
import { canonicalMysqlExpression } from '../../src/dialects/mysql/expression.js';
import { parseMysqlDefault, withoutDatabaseQualifier } from '../../src/dialects/mysql/defaults.js';
import { unquoteMysqlString } from '../../src/dialects/mysql/literal.js';
import { formatMysqlType, parseMysqlType } from '../../src/dialects/mysql/types.js';
import type { Operation } from '../../src/operations/types.js';
import { reverseOperations } from '../../src/operations/reverse.js';
import type { ColumnType, SchemaSpec, TableSpec } from '../../src/schema/types.js';

const render = (op: Operation, currentTable?: TableSpec): string[] => mysqlDialect.render(op, { currentTable });
const users = { name: 'users' };

function tableSpec(partial: Partial<TableSpec> & { name: string }): TableSpec {
  return { columns: [], uniques: [], indexes: [], foreignKeys: [], checks: [], ...partial };
}

const todos = tableSpec({
  name: 'todos',
  columns: [
    { name: 'id', type: { name: 'serial' }, nullable: false },
    { name: 'title', type: { name: 'varchar', length: 200 }, nullable: false, default: { kind: 'value', value: "it's" }, comment: 'the title' },
    { name: 'done', type: { name: 'boolean' }, nullable: false, default: { kind: 'value', value: false } },
    { name: 'owner_id', type: { name: 'integer' }, nullable: true },
  ],
  primaryKey: { name: 'todos_pkey', columns: ['id'] },
  foreignKeys: [{ name: 'todos_owner_id_fkey', columns: ['owner_id'], refTable: 'users', refColumns: ['id'] }],
  checks: [{ name: 'ck_title', expression: 'char_length(title) > 0' }],
});

function assertUnsupported(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => error instanceof UnsupportedOperationError && pattern.test(error.message));
}

describe('mysql types', () => {
  test('model types map to MySQL types', () => {
    const cases: [ColumnType, string][] = [
      [{ name: 'integer' }, 'int'],
      [{ name: 'bigserial' }, 'bigint'],
      [{ name: 'boolean' }, 'tinyint(1)'],
      [{ name: 'varchar' }, 'varchar(255)'],
      [{ name: 'numeric', precision: 10, scale: 2 }, 'decimal(10,2)'],
      [{ name: 'real' }, 'float'],
      [{ name: 'double' }, 'double'],
      [{ name: 'timestamp' }, 'datetime(6)'],
      [{ name: 'timestamptz', precision: 3 }, 'timestamp(3)'],
      [{ name: 'uuid' }, 'char(36)'],
      [{ name: 'jsonb' }, 'json'],
      [{ name: 'bytea' }, 'longblob'],
      [{ name: 'custom', raw: 'mediumtext' }, 'mediumtext'],
    ];
    for (const [type, sql] of cases) assert.equal(formatMysqlType(type, 'createTable'), sql);
  });

  test('interval and enums without values are unsupported', () => {
    assertUnsupported(() => formatMysqlType({ name: 'interval' }, 'addColumn'), /addColumn is not supported on mysql: .*interval/);
    assertUnsupported(() => formatMysqlType({ name: 'enum', enumName: 'mood' }, 'createTable'), /enum column type mood/);
  });

  test('COLUMN_TYPE text reads back without display widths or case noise', () => {
    assert.deepEqual(parseMysqlType('int(11)'), { name: 'integer' });
    assert.deepEqual(parseMysqlType('tinyint(1)'), { name: 'boolean' });
    assert.deepEqual(parseMysqlType('tinyint(4)'), { name: 'custom', raw: 'tinyint' });
    assert.deepEqual(parseMysqlType('INT(10) UNSIGNED'), { name: 'custom', raw: 'int unsigned' });
    assert.deepEqual(parseMysqlType('decimal(10,2)'), { name: 'numeric', precision: 10, scale: 2 });
    assert.deepEqual(parseMysqlType('datetime'), { name: 'timestamp', precision: 0 });
    assert.deepEqual(parseMysqlType('timestamp(6)'), { name: 'timestamptz', precision: 6 });
    assert.deepEqual(parseMysqlType("ENUM('a', 'b''c')"), { name: 'custom', raw: "enum('a','b''c')" });
    assert.deepEqual(parseMysqlType('longblob'), { name: 'bytea' });
    // MariaDB's own UUID type (TypeORM's uuid columns on MariaDB 10.7+) is not t.uuid()'s char(36)
    assert.deepEqual(parseMysqlType('uuid'), { name: 'custom', raw: 'uuid' });
  });
});

describe('mysql literals and defaults', () => {
  test('strings escape quotes and backslashes', () => {
    assert.equal(mysqlDialect.literal("it's a \\ path"), "'it''s a \\\\ path'");
    assert.equal(unquoteMysqlString("'it\\'s a \\\\ path'"), "it's a \\ path");
    assert.equal(mysqlDialect.literal(true), 'TRUE');
    assert.equal(mysqlDialect.literal(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6))), "'2024-01-02 03:04:05.006'");
    assert.equal(mysqlDialect.literal(Buffer.from([1, 255])), "X'01ff'");
    assert.equal(mysqlDialect.literal({ a: 1 }), `'{"a":1}'`);
  });

  test('MariaDB defaults parse into values or SQL', () => {
    const maria = { mariadb: true, expression: false };
    assert.deepEqual(parseMysqlDefault("'it''s \\\\ x'", maria), { kind: 'value', value: "it's \\ x" });
    assert.deepEqual(parseMysqlDefault('-1.5', maria), { kind: 'value', value: -1.5 });
    assert.equal(parseMysqlDefault('NULL', maria), undefined);
    assert.equal(parseMysqlDefault(null, maria), undefined);
    assert.deepEqual(parseMysqlDefault("'NULL'", maria), { kind: 'value', value: 'NULL' });
    assert.deepEqual(parseMysqlDefault('current_timestamp(3)', maria), { kind: 'sql', sql: 'current_timestamp(3)' });
  });
});

describe('mysql expressions', () => {
  test('MariaDB re-printed expressions equal the model spelling', () => {
    const pairs: [string, string][] = [
      ["octet_length(`title`) > 0 and `Done` is not null", '(LENGTH(title) > 0 AND done IS NOT NULL)'],
      ["`a` not in (1,2) and `s` = 'it\\'s'", "a NOT IN (1, 2) AND s = 'it''s'"],
      ['`a` = 1 or `a` > 1 and `a` < 5', 'a = TRUE OR ((a > 1) AND (a < 5))'],
      ['lcase(`s`) = substr(`s`,1,2)', 'LOWER(s) = SUBSTRING(s, 1, 2)'],
    ];
    for (const [printed, model] of pairs) assert.equal(canonicalMysqlExpression(printed), canonicalMysqlExpression(model));
  });

  test('parentheses that change the meaning stay', () => {
    assert.equal(canonicalMysqlExpression('(a OR b) AND c'), '(a or b) and c');
    assert.equal(canonicalMysqlExpression('a - (b - c)'), 'a - (b - c)');
    assert.equal(canonicalMysqlExpression('(a + 1) * 2'), '(a + 1) * 2');
    assert.equal(canonicalMysqlExpression('`select` = 1 AND `Name` = 2'), '`select` = 1 and name = 2');
  });
});

describe('mysql render', () => {
  test('createTable: one statement with keys, foreign keys, checks and comments', () => {
    const [sql, ...rest] = render({ kind: 'createTable', table: { ...todos, comment: 'to do', indexes: [{ name: 'ix_title', parts: [{ column: 'title', desc: true }] }] } });
    assert.equal(rest.length, 0);
    assert.equal(
      sql,
      'CREATE TABLE `todos` (\n' +
        '  `id` int NOT NULL AUTO_INCREMENT,\n' +
        "  `title` varchar(200) NOT NULL DEFAULT 'it''s' COMMENT 'the title',\n" +
        '  `done` tinyint(1) NOT NULL DEFAULT FALSE,\n' +
        '  `owner_id` int,\n' +
        '  PRIMARY KEY (`id`),\n' +
        '  INDEX `ix_title` (`title` DESC),\n' +
        '  CONSTRAINT `todos_owner_id_fkey` FOREIGN KEY (`owner_id`) REFERENCES `users` (`id`),\n' +
        '  CONSTRAINT `ck_title` CHECK (char_length(title) > 0)\n' +
        ") COMMENT = 'to do'",
    );
  });

  test('createTable refuses an AUTO_INCREMENT column that leads no key', () => {
    const table = tableSpec({ name: 't', columns: [{ name: 'n', type: { name: 'serial' }, nullable: false }] });
    assertUnsupported(() => render({ kind: 'createTable', table }), /must be the primary key/);
  });

  test('table operations', () => {
    assert.deepEqual(render({ kind: 'dropTable', table: { schema: 'app', name: 'todos' } }), ['DROP TABLE `app`.`todos`']);
    assert.deepEqual(render({ kind: 'renameTable', table: { schema: 'app', name: 'a' }, newName: 'b' }), ['RENAME TABLE `app`.`a` TO `app`.`b`']);
    assert.deepEqual(render({ kind: 'setTableComment', table: users, comment: "o'k" }), ["ALTER TABLE `users` COMMENT = 'o''k'"]);
    assert.deepEqual(render({ kind: 'setTableComment', table: users, comment: null }), ["ALTER TABLE `users` COMMENT = ''"]);
  });

  test('column operations', () => {
    assert.deepEqual(
      render({ kind: 'addColumn', table: users, column: { name: 'seen', type: { name: 'timestamptz' }, nullable: true, default: { kind: 'sql', sql: 'now()' } } }),
      ['ALTER TABLE `users` ADD COLUMN `seen` timestamp(6) NULL DEFAULT current_timestamp(6)'],
    );
    assert.deepEqual(
      render({ kind: 'addColumn', table: users, column: { name: 'meta', type: { name: 'json' }, nullable: false, default: { kind: 'value', value: '{}' } } }),
      ["ALTER TABLE `users` ADD COLUMN `meta` json NOT NULL DEFAULT ('{}')"],
    );
    assert.deepEqual(
      render({ kind: 'addColumn', table: users, column: { name: 'total', type: { name: 'integer' }, nullable: true, generated: 'a + b' } }),
      ['ALTER TABLE `users` ADD COLUMN `total` int GENERATED ALWAYS AS (a + b) STORED'],
    );
    assertUnsupported(() => render({ kind: 'addColumn', table: users, column: { name: 'n', type: { name: 'serial' }, nullable: false } }), /AUTO_INCREMENT/);
    assert.deepEqual(render({ kind: 'dropColumn', table: users, column: 'seen' }), ['ALTER TABLE `users` DROP COLUMN `seen`']);
  });

  test("a dropped NOT NULL TEXT/BLOB/JSON column's placeholder is the expression default MySQL 8.0.13+ needs (MariaDB takes it too)", () => {
    // the downgrade of a dropped NOT NULL column restores it with a placeholder (reverse.ts): MySQL 8 refuses a
    // literal default on these types, `DEFAULT ('')` works on MySQL >= 8.0.13 and MariaDB >= 10.2.1 alike
    const restore = (type: ColumnType) =>
      reverseOperations([{ kind: 'dropColumn', table: users, column: 'body', existing: { name: 'body', type, nullable: false } }]).map((op) => render(op as Operation));
    assert.deepEqual(restore({ name: 'text' }), [["ALTER TABLE `users` ADD COLUMN `body` text NOT NULL DEFAULT ('')"], ['ALTER TABLE `users` ALTER COLUMN `body` DROP DEFAULT']]);
    assert.deepEqual(restore({ name: 'bytea' })[0], ["ALTER TABLE `users` ADD COLUMN `body` longblob NOT NULL DEFAULT ('')"]);
    assert.deepEqual(restore({ name: 'jsonb' })[0], ["ALTER TABLE `users` ADD COLUMN `body` json NOT NULL DEFAULT ('{}')"]);
    assert.deepEqual(restore({ name: 'varchar', length: 20 })[0], ["ALTER TABLE `users` ADD COLUMN `body` varchar(20) NOT NULL DEFAULT ''"]);
  });

  test('portable defaults: gen_random_uuid() and uuid_generate_v4() are uuid() (issue 9 item 5)', () => {
    for (const sql of ['gen_random_uuid()', 'uuid_generate_v4()', 'uuid()']) {
      assert.deepEqual(render({ kind: 'addColumn', table: users, column: { name: 'u', type: { name: 'uuid' }, nullable: false, default: { kind: 'sql', sql } } }), [
        'ALTER TABLE `users` ADD COLUMN `u` char(36) NOT NULL DEFAULT (uuid())',
      ]);
    }
  });

  test('alterColumn restates the column from the current table', () => {
    const op: Operation = { kind: 'alterColumn', table: { name: 'todos' }, column: 'title', changes: { nullable: true, type: { name: 'text' } } };
    assert.equal(mysqlDialect.needsCurrentTable?.(op), true);
    assert.deepEqual(render(op, todos), ["ALTER TABLE `todos` MODIFY COLUMN `title` text DEFAULT ('it''s') COMMENT 'the title'"]);
    assert.deepEqual(render({ ...op, changes: { comment: null, name: 'label' } }, todos), [
      "ALTER TABLE `todos` CHANGE COLUMN `title` `label` varchar(200) NOT NULL DEFAULT 'it''s'",
    ]);
  });

  test('alterColumn falls back on the existing state, and needs one or the other', () => {
    const op: Operation = {
      kind: 'alterColumn',
      table: users,
      column: 'age',
      changes: { nullable: false },
      existing: { type: { name: 'smallint' }, nullable: true, default: { kind: 'value', value: 0 }, comment: null },
    };
    assert.deepEqual(render(op), ['ALTER TABLE `users` MODIFY COLUMN `age` smallint NOT NULL DEFAULT 0']);
    assertUnsupported(() => render({ kind: 'alterColumn', table: users, column: 'age', changes: { nullable: false } }), /not known/);
  });

  test('alterColumn: default and rename alone need no MODIFY', () => {
    const op: Operation = {
      kind: 'alterColumn',
      table: users,
      column: 'created',
      changes: { default: { kind: 'sql', sql: 'CURRENT_TIMESTAMP' }, name: 'created_at' },
      existing: { type: { name: 'timestamp', precision: 3 } },
    };
    assert.equal(mysqlDialect.needsCurrentTable?.(op), false);
    assert.deepEqual(render(op), [
      'ALTER TABLE `users` ALTER COLUMN `created` SET DEFAULT current_timestamp(3)',
      'ALTER TABLE `users` RENAME COLUMN `created` TO `created_at`',
    ]);
    assert.deepEqual(render({ kind: 'alterColumn', table: users, column: 'n', changes: { default: null } }), [
      'ALTER TABLE `users` ALTER COLUMN `n` DROP DEFAULT',
    ]);
    assert.deepEqual(
      render({ kind: 'alterColumn', table: users, column: 'n', changes: { default: { kind: 'sql', sql: 'uuid()' } }, existing: { type: { name: 'uuid' } } }),
      ['ALTER TABLE `users` ALTER COLUMN `n` SET DEFAULT (uuid())'],
    );
  });

  test('setColumnComment restates the column', () => {
    const op: Operation = { kind: 'setColumnComment', table: { name: 'todos' }, column: 'done', comment: 'finished?' };
    assert.equal(mysqlDialect.needsCurrentTable?.(op), true);
    assert.deepEqual(render(op, todos), ["ALTER TABLE `todos` MODIFY COLUMN `done` tinyint(1) NOT NULL DEFAULT FALSE COMMENT 'finished?'"]);
  });

  test('indexes', () => {
    const index = { name: 'ix_a', parts: [{ column: 'a' }, { column: 'b', desc: true }] };
    assert.deepEqual(render({ kind: 'createIndex', table: users, index }), ['CREATE INDEX `ix_a` ON `users` (`a`, `b` DESC)']);
    assert.deepEqual(render({ kind: 'createIndex', table: users, index: { ...index, unique: true, using: 'hash' }, concurrently: true }), [
      'CREATE UNIQUE INDEX `ix_a` ON `users` (`a`, `b` DESC) USING HASH ALGORITHM=INPLACE LOCK=NONE',
    ]);
    assert.deepEqual(render({ kind: 'createIndex', table: users, index: { name: 'ft', parts: [{ column: 'body' }], using: 'fulltext' } }), [
      'CREATE FULLTEXT INDEX `ft` ON `users` (`body`)',
    ]);
    assert.deepEqual(render({ kind: 'dropIndex', table: users, name: 'ix_a' }), ['ALTER TABLE `users` DROP INDEX `ix_a`']);
    assert.deepEqual(render({ kind: 'dropIndex', table: users, name: 'ix_a', concurrently: true }), [
      'ALTER TABLE `users` DROP INDEX `ix_a`, ALGORITHM=INPLACE, LOCK=NONE',
    ]);
  });

  test('dropping the last index a foreign key can use gives the key its own index back', () => {
    const table = tableSpec({
      ...todos,
      uniques: [{ name: 'uq_owner_title', columns: ['owner_id', 'title'] }],
      indexes: [{ name: 'ix_title', parts: [{ column: 'title' }] }],
    });
    const drop: Operation = { kind: 'dropConstraint', table: { name: 'todos' }, name: 'uq_owner_title', existing: { type: 'unique', name: 'uq_owner_title', columns: ['owner_id', 'title'] } };
    assert.equal(mysqlDialect.needsCurrentTable?.(drop), true);
    assert.deepEqual(render(drop, table), [
      'ALTER TABLE `todos` ADD INDEX `todos_owner_id_fkey` (`owner_id`), DROP INDEX `uq_owner_title`',
    ]);
    // another index still serves the key: nothing added
    const covered = tableSpec({ ...table, indexes: [{ name: 'ix_owner', parts: [{ column: 'owner_id' }] }] });
    assert.deepEqual(render(drop, covered), ['ALTER TABLE `todos` DROP INDEX `uq_owner_title`']);
    assert.deepEqual(render({ kind: 'dropIndex', table: { name: 'todos' }, name: 'ix_owner' }, covered), [
      'ALTER TABLE `todos` DROP INDEX `ix_owner`',
    ]);
  });

  test('indexes MySQL cannot express', () => {
    assertUnsupported(() => render({ kind: 'createIndex', table: users, index: { name: 'p', parts: [{ column: 'a' }], where: 'a > 0' } }), /partial/);
    assertUnsupported(() => render({ kind: 'createIndex', table: users, index: { name: 'e', parts: [{ expression: 'lower(a)' }] } }), /expression/);
    assertUnsupported(() => render({ kind: 'createIndex', table: users, index: { name: 'g', parts: [{ column: 'a' }], using: 'gin' } }), /gin/);
  });

  test('constraints', () => {
    assert.deepEqual(render({ kind: 'createPrimaryKey', table: users, constraint: { name: 'users_pkey', columns: ['id'] } }), [
      'ALTER TABLE `users` ADD PRIMARY KEY (`id`)',
    ]);
    assert.deepEqual(
      render({
        kind: 'createForeignKey',
        table: { name: 'todos' },
        constraint: { name: 'fk', columns: ['a', 'b'], refSchema: 'other', refTable: 'x', refColumns: ['c', 'd'], onDelete: 'set null', onUpdate: 'cascade' },
      }),
      ['ALTER TABLE `todos` ADD CONSTRAINT `fk` FOREIGN KEY (`a`, `b`) REFERENCES `other`.`x` (`c`, `d`) ON DELETE SET NULL ON UPDATE CASCADE'],
    );
    assert.deepEqual(render({ kind: 'createUniqueConstraint', table: users, constraint: { name: 'uq', columns: ['a', 'b'] } }), [
      'ALTER TABLE `users` ADD CONSTRAINT `uq` UNIQUE (`a`, `b`)',
    ]);
    assert.deepEqual(render({ kind: 'createCheckConstraint', table: users, constraint: { name: 'ck', expression: 'a > 0' } }), [
      'ALTER TABLE `users` ADD CONSTRAINT `ck` CHECK (a > 0)',
    ]);
  });

  test('constraints MySQL cannot express', () => {
    const fk = { name: 'fk', columns: ['a'], refTable: 'x', refColumns: ['b'] };
    assertUnsupported(() => render({ kind: 'createForeignKey', table: users, constraint: fk, notValid: true }), /NOT VALID/);
    assertUnsupported(() => render({ kind: 'createForeignKey', table: users, constraint: { ...fk, onDelete: 'set default' } }), /SET DEFAULT/);
    assertUnsupported(() => render({ kind: 'createCheckConstraint', table: users, constraint: { name: 'ck', expression: 'a > 0' }, notValid: true }), /NOT VALID/);
    assertUnsupported(() => render({ kind: 'validateConstraint', table: users, name: 'ck' }), /validated/);
  });

  test('dropConstraint picks the statement by the constraint kind', () => {
    const drop = (name: string, existing?: Extract<Operation, { kind: 'dropConstraint' }>['existing']): Operation => ({
      kind: 'dropConstraint',
      table: { name: 'todos' },
      name,
      ...(existing ? { existing } : {}),
    });
    assert.deepEqual(render(drop('uq', { type: 'unique', name: 'uq', columns: ['a'] })), ['ALTER TABLE `todos` DROP INDEX `uq`']);
    assert.deepEqual(render(drop('todos_pkey', { type: 'primaryKey', columns: ['id'] })), ['ALTER TABLE `todos` DROP PRIMARY KEY']);
    assert.equal(mysqlDialect.needsCurrentTable?.(drop('x')), true);
    assert.deepEqual(render(drop('todos_owner_id_fkey'), todos), [
      'ALTER TABLE `todos` DROP FOREIGN KEY `todos_owner_id_fkey`',
      'ALTER TABLE `todos` DROP INDEX IF EXISTS `todos_owner_id_fkey`',
    ]);
    assert.deepEqual(render(drop('ck_title'), todos), ['ALTER TABLE `todos` DROP CONSTRAINT `ck_title`']);
    assert.deepEqual(render(drop('todos_pkey'), todos), ['ALTER TABLE `todos` DROP PRIMARY KEY']);
    assert.deepEqual(render(drop('unknown')), ['ALTER TABLE `todos` DROP CONSTRAINT `unknown`']);
    const typed: Operation = { kind: 'dropConstraint', table: { name: 'todos' }, name: 'fk', constraintType: 'foreignKey' };
    assert.equal(mysqlDialect.needsCurrentTable?.(typed), false);
    assert.deepEqual(render(typed), ['ALTER TABLE `todos` DROP FOREIGN KEY `fk`', 'ALTER TABLE `todos` DROP INDEX IF EXISTS `fk`']);
  });

  test('enums are inline: no type to create or drop, no value to add in place', () => {
    assert.deepEqual(render({ kind: 'createEnum', enum: { name: 'mood', values: ['a'] } }), []);
    assert.deepEqual(render({ kind: 'dropEnum', enum: { name: 'mood' } }), []);
    assertUnsupported(() => render({ kind: 'addEnumValue', enum: { name: 'mood' }, value: 'b' }), /inline/);
  });

  test('execute and bulkInsert', () => {
    assert.deepEqual(render({ kind: 'execute', sql: 'UPDATE t SET a = 1' }), ['UPDATE t SET a = 1']);
    assert.deepEqual(render({ kind: 'bulkInsert', table: users, rows: [] }), []);
    assert.deepEqual(render({ kind: 'bulkInsert', table: users, rows: [{ id: 1, name: "o'k" }, { id: 2, ok: true }] }), [
      "INSERT INTO `users` (`id`, `name`, `ok`) VALUES\n  (1, 'o''k', DEFAULT),\n  (2, DEFAULT, TRUE)",
    ]);
  });

  test('every operation kind renders or refuses clearly', () => {
    const kinds = new Set<string>();
    const ops: Operation[] = [
      { kind: 'createTable', table: todos },
      { kind: 'dropTable', table: users },
      { kind: 'renameTable', table: users, newName: 'u' },
      { kind: 'addColumn', table: users, column: { name: 'a', type: { name: 'text' }, nullable: true } },
      { kind: 'dropColumn', table: users, column: 'a' },
      { kind: 'alterColumn', table: { name: 'todos' }, column: 'done', changes: { nullable: true } },
      { kind: 'createIndex', table: users, index: { name: 'i', parts: [{ column: 'a' }] } },
      { kind: 'dropIndex', table: users, name: 'i' },
      { kind: 'createPrimaryKey', table: users, constraint: { columns: ['id'] } },
      { kind: 'createForeignKey', table: users, constraint: { columns: ['a'], refTable: 'x', refColumns: ['b'] } },
      { kind: 'createUniqueConstraint', table: users, constraint: { columns: ['a'] } },
      { kind: 'createCheckConstraint', table: users, constraint: { name: 'c', expression: 'a > 0' } },
      { kind: 'validateConstraint', table: users, name: 'c' },
      { kind: 'dropConstraint', table: users, name: 'c' },
      { kind: 'createEnum', enum: { name: 'e', values: [] } },
      { kind: 'addEnumValue', enum: { name: 'e' }, value: 'v' },
      { kind: 'dropEnum', enum: { name: 'e' } },
      { kind: 'setTableComment', table: users, comment: 'c' },
      { kind: 'setColumnComment', table: { name: 'todos' }, column: 'done', comment: 'c' },
      { kind: 'execute', sql: 'SELECT 1' },
      { kind: 'bulkInsert', table: users, rows: [{ a: 1 }] },
    ];
    for (const op of ops) {
      kinds.add(op.kind);
      try {
        for (const sql of render(op, todos)) assert.ok(!sql.trim().endsWith(';'), `${op.kind}: no trailing semicolon`);
      } catch (error) {
        assert.ok(error instanceof UnsupportedOperationError, `${op.kind}: ${String(error)}`);
      }
    }
    assert.equal(kinds.size, 21);
  });
});

describe('mysql normalize', () => {
  test('model and MariaDB spellings of the same table compare equal', () => {
    const model: SchemaSpec = {
      enums: [{ name: 'mood', values: ['happy', 'sad'] }],
      tables: [
        tableSpec({
          name: 't',
          columns: [
            { name: 'id', type: { name: 'integer' }, nullable: true, identity: 'always' },
            { name: 'flag', type: { name: 'boolean' }, nullable: false, default: { kind: 'value', value: false } },
            { name: 'mood', type: { name: 'enum', enumName: 'mood' }, nullable: true, default: { kind: 'value', value: 'happy' } },
            { name: 'u', type: { name: 'uuid' }, nullable: true },
            { name: 'j', type: { name: 'jsonb' }, nullable: true, default: { kind: 'sql', sql: "'{}'" } },
            { name: 'at', type: { name: 'timestamp' }, nullable: false, default: { kind: 'sql', sql: 'now()' } },
            { name: 'n', type: { name: 'numeric' }, nullable: true, default: { kind: 'value', value: '1.50' } },
            { name: 'owner', type: { name: 'integer' }, nullable: true },
          ],
          primaryKey: { name: 't_pkey', columns: ['id'] },
          indexes: [
            { name: 'ux_flag', parts: [{ column: 'flag' }], unique: true },
            { name: 'fk_owner', parts: [{ column: 'owner' }] },
          ],
          foreignKeys: [{ name: 'fk_owner', columns: ['owner'], refTable: 'x', refColumns: ['id'], onDelete: 'no action' }],
          checks: [{ name: 'ck', expression: '(LENGTH(mood) > 0)' }],
        }),
      ],
    };
    const database: SchemaSpec = {
      enums: [],
      tables: [
        tableSpec({
          name: 't',
          columns: [
            { name: 'id', type: { name: 'serial' }, nullable: false },
            { name: 'flag', type: { name: 'boolean' }, nullable: false, default: { kind: 'value', value: 0 } },
            { name: 'mood', type: { name: 'custom', raw: "enum('happy','sad')" }, nullable: true, default: { kind: 'value', value: 'happy' } },
            { name: 'u', type: { name: 'char', length: 36 }, nullable: true },
            { name: 'j', type: { name: 'json' }, nullable: true, default: { kind: 'value', value: '{}' } },
            { name: 'at', type: { name: 'timestamp', precision: 6 }, nullable: false, default: { kind: 'sql', sql: 'current_timestamp(6)' } },
            { name: 'n', type: { name: 'numeric', precision: 10, scale: 0 }, nullable: true, default: { kind: 'value', value: 1.5 } },
            { name: 'owner', type: { name: 'integer' }, nullable: true },
          ],
          primaryKey: { columns: ['id'] },
          uniques: [{ name: 'ux_flag', columns: ['flag'] }],
          foreignKeys: [{ name: 'fk_owner', columns: ['owner'], refTable: 'x', refColumns: ['id'], onDelete: 'restrict', onUpdate: 'restrict' }],
          checks: [{ name: 'ck', expression: 'octet_length(`mood`) > 0' }],
        }),
      ],
    };
    assert.deepEqual(mysqlDialect.normalize(model), mysqlDialect.normalize(database));
  });

  test('a real difference stays visible', () => {
    const one = (type: ColumnType): SchemaSpec => ({ enums: [], tables: [tableSpec({ name: 't', columns: [{ name: 'a', type, nullable: true }] })] });
    assert.notDeepEqual(mysqlDialect.normalize(one({ name: 'integer' })), mysqlDialect.normalize(one({ name: 'custom', raw: 'int unsigned' })));
    assert.notDeepEqual(mysqlDialect.normalize(one({ name: 'timestamp' })), mysqlDialect.normalize(one({ name: 'timestamp', precision: 0 })));
  });
});

describe("MariaDB's database qualifier in a default", () => {
  test('the current database is dropped from names, nothing else', () => {
    assert.equal(withoutDatabaseQualifier('nextval(`shop`.`invoice_numbers`)', 'shop'), 'nextval(`invoice_numbers`)');
    assert.equal(withoutDatabaseQualifier('nextval(shop.seq) + 1', 'shop'), 'nextval(seq) + 1');
    assert.equal(withoutDatabaseQualifier("concat('shop.', `other`.`seq`)", 'shop'), "concat('shop.', `other`.`seq`)");
    assert.equal(withoutDatabaseQualifier('`a`.`shop`.`x`', 'shop'), '`a`.`shop`.`x`');
  });
});
