// SQLite rendering of every operation kind, the DDL reader, and the canonical forms — no database.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UnsupportedOperationError } from '../../src/dialects/dialect.js';
import { sqliteDialect as dialect } from '../../src/dialects/sqlite/index.js';
import { canonicalExpression, referencesColumn } from '../../src/dialects/sqlite/expression.js';
import { parseCreateIndex, parseCreateTable } from '../../src/dialects/sqlite/parse-ddl.js';
import { parseSqliteDefault } from '../../src/dialects/sqlite/defaults.js';
import { parseDeclaredType } from '../../src/dialects/sqlite/types.js';
import type { Operation } from '../../src/operations/types.js';
import type { ColumnSpec, TableSpec } from '../../src/schema/types.js';

const render = (op: Operation, currentTable?: TableSpec): string[] => dialect.render(op, { currentTable });
const col = (name: string, type: ColumnSpec['type'], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ name, type, nullable: true, ...extra });
const spec = (s: Partial<TableSpec> & { name: string; columns: ColumnSpec[] }): TableSpec => ({
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
  ...s,
});

const todos = spec({
  name: 'todos',
  columns: [
    col('id', { name: 'serial' }),
    col('owner_id', { name: 'integer' }),
    col('description', { name: 'text' }, { nullable: false }),
    col('done', { name: 'boolean' }, { nullable: false, default: { kind: 'value', value: false } }),
    col('note', { name: 'text' }),
  ],
  primaryKey: { name: 'todos_pkey', columns: ['id'] },
  foreignKeys: [{ name: 'todos_owner_fkey', columns: ['owner_id'], refTable: 'users', refColumns: ['id'], onDelete: 'cascade' }],
  checks: [{ name: 'ck_desc', expression: 'length(description) > 0' }],
  indexes: [{ name: 'ix_todos_description', parts: [{ column: 'description' }] }],
});

const isUnsupported = (kind: string, detail: RegExp) => (error: unknown) =>
  error instanceof UnsupportedOperationError && error.operation === kind && error.dialect === 'sqlite' && detail.test(error.message);

describe('sqlite render: createTable', () => {
  test('named inline constraints, serial as the AUTOINCREMENT rowid alias, indexes after', () => {
    const [create, ...indexes] = render({
      kind: 'createTable',
      table: spec({
        ...todos,
        comment: 'ignored',
        uniques: [{ name: 'uq_todos_owner_desc', columns: ['owner_id', 'description'] }],
        indexes: [
          { name: 'ux_partial', parts: [{ column: 'owner_id' }, { column: 'description', desc: true }], unique: true, where: 'done = 0' },
          { name: 'ix_expr', parts: [{ expression: 'lower(description)' }] },
        ],
      }),
    });
    assert.equal(
      create,
      'CREATE TABLE "todos" (\n' +
        '  "id" integer CONSTRAINT "todos_pkey" PRIMARY KEY AUTOINCREMENT,\n' +
        '  "owner_id" integer,\n' +
        '  "description" text NOT NULL,\n' +
        '  "done" boolean NOT NULL DEFAULT FALSE,\n' +
        '  "note" text,\n' +
        '  CONSTRAINT "uq_todos_owner_desc" UNIQUE ("owner_id", "description"),\n' +
        '  CONSTRAINT "todos_owner_fkey" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE CASCADE,\n' +
        '  CONSTRAINT "ck_desc" CHECK (length(description) > 0)\n' +
        ')',
    );
    assert.deepEqual(indexes, [
      'CREATE UNIQUE INDEX "ux_partial" ON "todos" ("owner_id", "description" DESC) WHERE done = 0',
      'CREATE INDEX "ix_expr" ON "todos" (lower(description))',
    ]);
  });

  test('NOT NULL is written as the spec says: a key column introspected without it (SQLite lets it hold NULL) stays so', () => {
    const [create] = render({
      kind: 'createTable',
      table: spec({
        name: 'written',
        columns: [col('code', { name: 'custom', raw: 'INT' }), col('id', { name: 'custom', raw: 'INTEGER' })],
        primaryKey: { columns: ['code'] },
      }),
    });
    assert.match(create ?? '', /"code" INT,/);
    const [rowid] = render({ kind: 'createTable', table: spec({ name: 'r', columns: [col('id', { name: 'integer' })], primaryKey: { columns: ['id'] } }) });
    assert.match(rowid ?? '', /"id" integer,/);
  });

  test('types keep the model\'s intent; defaults are literals or parenthesised SQL; composite keys are table constraints', () => {
    const [create] = render({
      kind: 'createTable',
      table: spec({
        name: 'everything',
        schema: 'main',
        columns: [
          // primary key columns are NOT NULL as the models make them
          col('a', { name: 'integer' }, { nullable: false }),
          col('b', { name: 'varchar', length: 255 }, { nullable: false, default: { kind: 'value', value: "it's" } }),
          col('c', { name: 'numeric', precision: 10, scale: 2 }, { default: { kind: 'value', value: -1.5 } }),
          col('d', { name: 'timestamptz', precision: 3 }, { default: { kind: 'sql', sql: 'CURRENT_TIMESTAMP' } }),
          col('e', { name: 'bytea' }),
          col('f', { name: 'double' }, { default: { kind: 'sql', sql: "julianday('now')" } }),
          col('g', { name: 'custom', raw: 'CITEXT' }),
          col('h', { name: 'integer' }, { generated: 'a * 2' }),
          col('i', { name: 'bigint' }, { default: { kind: 'sql', sql: '(-1)' } }),
        ],
        primaryKey: { name: 'everything_pkey', columns: ['a', 'b'] },
      }),
    });
    assert.equal(
      create,
      'CREATE TABLE "everything" (\n' +
        '  "a" integer NOT NULL,\n' +
        `  "b" varchar(255) NOT NULL DEFAULT 'it''s',\n` +
        '  "c" numeric(10,2) DEFAULT -1.5,\n' +
        '  "d" timestamptz(3) DEFAULT CURRENT_TIMESTAMP,\n' +
        '  "e" blob,\n' +
        `  "f" double DEFAULT (julianday('now')),\n` +
        '  "g" CITEXT,\n' +
        '  "h" integer GENERATED ALWAYS AS (a * 2) STORED,\n' +
        '  "i" bigint DEFAULT (-1),\n' +
        '  CONSTRAINT "everything_pkey" PRIMARY KEY ("a", "b")\n' +
        ')',
    );
  });

  test('enums, serial columns that are not the primary key and other schemas are refused', () => {
    assert.throws(
      () => render({ kind: 'createTable', table: spec({ name: 't', columns: [col('m', { name: 'enum', enumName: 'mood' })] }) }),
      isUnsupported('createTable', /createTable is not supported on sqlite: column "m" uses enum type "mood"/),
    );
    assert.throws(
      () => render({ kind: 'createTable', table: spec({ name: 't', columns: [col('n', { name: 'serial' })] }) }),
      isUnsupported('createTable', /only auto-numbers a single-column integer primary key/),
    );
    assert.throws(
      () => render({ kind: 'createTable', table: spec({ name: 't', schema: 'app', columns: [col('n', { name: 'text' })] }) }),
      isUnsupported('createTable', /schema "app"/),
    );
  });
});

describe('sqlite render: simple operations', () => {
  test('drop, rename, indexes, comments, NOT VALID, execute', () => {
    assert.deepEqual(render({ kind: 'dropTable', table: { name: 'todos' } }), ['DROP TABLE "todos"']);
    assert.deepEqual(render({ kind: 'renameTable', table: { name: 'todos' }, newName: 'tasks' }), ['ALTER TABLE "todos" RENAME TO "tasks"']);
    assert.deepEqual(
      render({ kind: 'createIndex', table: { name: 'todos' }, index: { name: 'ix', parts: [{ column: 'note' }] }, concurrently: true }),
      ['CREATE INDEX "ix" ON "todos" ("note")'],
    );
    assert.deepEqual(render({ kind: 'dropIndex', table: { name: 'todos' }, name: 'ix' }), ['DROP INDEX "ix"']);
    assert.deepEqual(render({ kind: 'setTableComment', table: { name: 'todos' }, comment: 'x' }), []);
    assert.deepEqual(render({ kind: 'setColumnComment', table: { name: 'todos' }, column: 'note', comment: null }), []);
    assert.deepEqual(render({ kind: 'validateConstraint', table: { name: 'todos' }, name: 'ck' }), []);
    assert.deepEqual(render({ kind: 'execute', sql: 'UPDATE todos SET done = 1' }), ['UPDATE todos SET done = 1']);
    assert.throws(
      () => render({ kind: 'createIndex', table: { name: 'todos' }, index: { name: 'ix', parts: [{ column: 'note' }], using: 'gin' } }),
      isUnsupported('createIndex', /access method "gin"/),
    );
  });

  test('enums: no types to create or drop; addEnumValue is refused, pointing at the CHECK', () => {
    assert.deepEqual(render({ kind: 'createEnum', enum: { name: 'mood', values: ['a'] } }), []);
    assert.deepEqual(render({ kind: 'dropEnum', enum: { name: 'mood' } }), []);
    const add: Operation = { kind: 'addEnumValue', enum: { name: 'mood' }, value: 'b' };
    assert.throws(() => render(add), isUnsupported('addEnumValue', /^addEnumValue is not supported on sqlite: SQLite has no enum types .*CHECK/));
  });

  test('an enum column is text with a named CHECK of its values (createTable, addColumn)', () => {
    const mood: ColumnSpec = col('mood', { name: 'enum', enumName: 'mood', values: ['happy', "it's"] }, { nullable: false });
    const [create] = render({ kind: 'createTable', table: spec({ name: 'people', columns: [col('id', { name: 'integer' }), mood] }) });
    assert.match(create ?? '', /"mood" TEXT NOT NULL/i);
    assert.match(create ?? '', /CONSTRAINT "people_mood_enum" CHECK \("mood" IN \('happy', 'it''s'\)\)/);
    const added = render({ kind: 'addColumn', table: { name: 'people' }, column: { ...mood, name: 'other', nullable: true } });
    assert.deepEqual(added, [`ALTER TABLE "people" ADD COLUMN "other" text CONSTRAINT "people_other_enum" CHECK ("other" IN ('happy', 'it''s'))`]);
  });

  test('bulkInsert: one INSERT per run of rows with the same keys, SQLite literals', () => {
    const statements = render({
      kind: 'bulkInsert',
      table: { name: 'todos' },
      rows: [
        { id: 1, description: "it's", done: true },
        { id: 2, description: 'b', done: false },
        { id: 3, description: 'c' },
        {},
        { id: 4, note: null, description: Buffer.from([1, 255]) },
      ],
    });
    assert.deepEqual(statements, [
      `INSERT INTO "todos" ("id", "description", "done") VALUES\n  (1, 'it''s', TRUE),\n  (2, 'b', FALSE)`,
      `INSERT INTO "todos" ("id", "description") VALUES\n  (3, 'c')`,
      'INSERT INTO "todos" DEFAULT VALUES',
      `INSERT INTO "todos" ("id", "note", "description") VALUES\n  (4, NULL, X'01ff')`,
    ]);
    assert.deepEqual(render({ kind: 'bulkInsert', table: { name: 'todos' }, rows: [] }), []);
  });
});

describe('sqlite render: ALTER TABLE in place or rebuild', () => {
  test('addColumn in place when SQLite allows it', () => {
    const add = (column: ColumnSpec): Operation => ({ kind: 'addColumn', table: { name: 'todos' }, column });
    const inPlace = [
      col('a', { name: 'text' }),
      col('b', { name: 'integer' }, { nullable: false, default: { kind: 'value', value: 0 } }),
      col('c', { name: 'text' }, { default: { kind: 'sql', sql: "'x'" } }),
    ];
    for (const column of inPlace) assert.equal(dialect.needsCurrentTable?.(add(column)), false, column.name);
    assert.deepEqual(render(add(inPlace[1] as ColumnSpec)), ['ALTER TABLE "todos" ADD COLUMN "b" integer NOT NULL DEFAULT 0']);
    const rebuilt = [
      col('d', { name: 'text' }, { nullable: false }),
      col('e', { name: 'timestamp' }, { default: { kind: 'sql', sql: 'CURRENT_TIMESTAMP' } }),
      col('f', { name: 'integer' }, { generated: 'id * 2' }),
      col('g', { name: 'integer' }, { default: { kind: 'sql', sql: 'abs(-1)' } }),
    ];
    for (const column of rebuilt) assert.equal(dialect.needsCurrentTable?.(add(column)), true, column.name);
    assert.throws(() => render(add(rebuilt[0] as ColumnSpec)), isUnsupported('addColumn', /rebuilds table "todos", which needs its current definition/));
    const statements = render(add(rebuilt[0] as ColumnSpec), todos);
    assert.ok(statements.some((s) => s.includes('"d" text NOT NULL')));
    assert.ok(statements.includes('INSERT INTO "_athanor_new_todos" ("id", "owner_id", "description", "done", "note") SELECT "id", "owner_id", "description", "done", "note" FROM "todos"'));
  });

  test('a rebuild: guard, copy, AUTOINCREMENT mark, drop, rename without touching other objects, indexes, triggers', () => {
    const current = spec({ ...todos, columns: todos.columns.map((c) => (c.name === 'note' ? { ...c, collation: 'NOCASE' } : c)) });
    const statements = dialect.render(
      { kind: 'alterColumn', table: { name: 'todos' }, column: 'note', changes: { type: { name: 'varchar', length: 10 }, nullable: false, using: "coalesce(note, '')" } },
      { currentTable: current, currentTriggers: [{ kind: 'trigger', name: 'tr', table: 'todos', definition: 'CREATE TRIGGER tr AFTER INSERT ON todos BEGIN SELECT 1; END' }] },
    );
    const at = (prefix: string): number => statements.findIndex((s) => s.startsWith(prefix));
    assert.match(statements[0] ?? '', /^CREATE TEMP TABLE IF NOT EXISTS "_athanor_rebuild_guard"/);
    assert.match(statements[1] ?? '', /pragma_foreign_keys WHERE EXISTS/);
    const create = statements[at('CREATE TABLE "_athanor_new_todos"')] ?? '';
    assert.match(create, /"note" varchar\(10\) NOT NULL COLLATE "NOCASE"/);
    assert.match(create, /"id" integer CONSTRAINT "todos_pkey" PRIMARY KEY AUTOINCREMENT/);
    assert.match(create, /REFERENCES "users" \("id"\) ON DELETE CASCADE/);
    assert.equal(
      statements[at('INSERT INTO "_athanor_new_todos"')],
      `INSERT INTO "_athanor_new_todos" ("id", "owner_id", "description", "done", "note") SELECT "id", "owner_id", "description", "done", coalesce(note, '') FROM "todos"`,
    );
    assert.ok(at('UPDATE sqlite_sequence') > at('INSERT INTO "_athanor_new_todos"'));
    assert.deepEqual(statements.slice(at('DROP TABLE "todos"')), [
      'DROP TABLE "todos"',
      'PRAGMA legacy_alter_table = ON',
      'ALTER TABLE "_athanor_new_todos" RENAME TO "todos"',
      'PRAGMA legacy_alter_table = OFF',
      'CREATE INDEX "ix_todos_description" ON "todos" ("description")',
      'CREATE TRIGGER tr AFTER INSERT ON todos BEGIN SELECT 1; END',
    ]);
  });

  test('alterColumn: a rename alone is RENAME COLUMN, after a rebuild when combined; comments are nothing', () => {
    const rename: Operation = { kind: 'alterColumn', table: { name: 'todos' }, column: 'note', changes: { name: 'memo' } };
    assert.equal(dialect.needsCurrentTable?.(rename), false);
    assert.deepEqual(render(rename), ['ALTER TABLE "todos" RENAME COLUMN "note" TO "memo"']);
    assert.deepEqual(render({ kind: 'alterColumn', table: { name: 'todos' }, column: 'note', changes: { comment: 'x' } }), []);
    const both = render({ kind: 'alterColumn', table: { name: 'todos' }, column: 'note', changes: { name: 'memo', default: null } }, todos);
    assert.equal(both[both.length - 1], 'ALTER TABLE "todos" RENAME COLUMN "note" TO "memo"');
    assert.ok(both.some((s) => s.startsWith('DROP TABLE "todos"')));
    assert.throws(
      () => render({ kind: 'alterColumn', table: { name: 'todos' }, column: 'note', changes: { type: { name: 'enum', enumName: 'mood' } } }, todos),
      isUnsupported('alterColumn', /enum type "mood"/),
    );
  });

  test('dropColumn: in place when nothing uses the column, else a rebuild without what used it', () => {
    assert.deepEqual(render({ kind: 'dropColumn', table: { name: 'todos' }, column: 'note' }, todos), ['ALTER TABLE "todos" DROP COLUMN "note"']);
    // offline without the definition: SQLite's own check refuses a column something uses
    assert.deepEqual(render({ kind: 'dropColumn', table: { name: 'todos' }, column: 'description' }), ['ALTER TABLE "todos" DROP COLUMN "description"']);
    const statements = render({ kind: 'dropColumn', table: { name: 'todos' }, column: 'description' }, todos);
    const create = statements.find((s) => s.startsWith('CREATE TABLE')) ?? '';
    assert.doesNotMatch(create, /description|ck_desc/);
    assert.ok(!statements.some((s) => s.includes('ix_todos_description')));
    assert.throws(() => render({ kind: 'dropColumn', table: { name: 'todos' }, column: 'nope' }, todos), /column "nope" does not exist in table "todos"/);
  });

  test('constraints: create and drop by rebuild, unnamed ones by their default names', () => {
    const create = (op: Operation): string => render(op, todos).find((s) => s.startsWith('CREATE TABLE')) ?? '';
    assert.match(
      create({ kind: 'createUniqueConstraint', table: { name: 'todos' }, constraint: { name: 'uq', columns: ['note'] } }),
      /CONSTRAINT "uq" UNIQUE \("note"\)/,
    );
    assert.match(
      create({ kind: 'createCheckConstraint', table: { name: 'todos' }, constraint: { name: 'ck', expression: 'note <> 1' }, notValid: true }),
      /CONSTRAINT "ck" CHECK \(note <> 1\)/,
    );
    assert.match(
      create({
        kind: 'createForeignKey',
        table: { name: 'todos' },
        constraint: { name: 'fk', columns: ['note'], refTable: 'notes', refColumns: ['id'], onUpdate: 'set null' },
      }),
      /CONSTRAINT "fk" FOREIGN KEY \("note"\) REFERENCES "notes" \("id"\) ON UPDATE SET NULL/,
    );
    assert.doesNotMatch(create({ kind: 'dropConstraint', table: { name: 'todos' }, name: 'todos_owner_fkey' }), /FOREIGN KEY/);
    assert.doesNotMatch(create({ kind: 'dropConstraint', table: { name: 'todos' }, name: 'ck_desc' }), /CHECK/);
    const unnamed = spec({ ...todos, uniques: [{ columns: ['note'] }] });
    const statements = render({ kind: 'dropConstraint', table: { name: 'todos' }, name: 'todos_note_key' }, unnamed);
    assert.doesNotMatch(statements.find((s) => s.startsWith('CREATE TABLE')) ?? '', /UNIQUE/);
    assert.throws(() => render({ kind: 'dropConstraint', table: { name: 'todos' }, name: 'nope' }, todos), /constraint "nope" of table "todos" does not exist/);
    assert.throws(
      () => render({ kind: 'createPrimaryKey', table: { name: 'todos' }, constraint: { name: 'pk2', columns: ['note'] } }, todos),
      /already has a primary key "todos_pkey"/,
    );
    // dropping the serial key leaves a plain integer column (the next operation usually adds a key back)
    assert.match(create({ kind: 'dropConstraint', table: { name: 'todos' }, name: 'todos_pkey' }), /"id" integer NOT NULL,/);
  });
});

describe('sqlite: reading DDL text', () => {
  test('CREATE TABLE: names, checks, generated columns, AUTOINCREMENT, collations, deferrable, options', () => {
    const parsed = parseCreateTable(`CREATE TABLE IF NOT EXISTS "we""ird" ( -- comment, with a comma
      id INTEGER CONSTRAINT pk PRIMARY KEY DESC AUTOINCREMENT,
      [primary] VARCHAR ( 10 ) COLLATE NOCASE NOT NULL CONSTRAINT u1 UNIQUE ON CONFLICT IGNORE,
      "check" numeric(10, 2) DEFAULT (1 + (2)) CHECK ("check" > 0),
      g int AS (id * 2),
      owner INT CONSTRAINT fk_owner REFERENCES users(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
      CONSTRAINT ck_t CHECK (length([primary]) > (1)),
      UNIQUE ("check", g),
      FOREIGN KEY (g, owner) REFERENCES other ON UPDATE CASCADE
    ) WITHOUT ROWID, STRICT;`);
    assert.deepEqual(
      parsed.columns.map((c) => [c.name, c.declaredType]),
      [['id', 'INTEGER'], ['primary', 'VARCHAR ( 10 )'], ['check', 'numeric(10, 2)'], ['g', 'int'], ['owner', 'INT']],
    );
    assert.deepEqual(parsed.columns[0]?.primaryKey, { name: 'pk', autoincrement: true });
    assert.equal(parsed.columns[1]?.collate, 'NOCASE');
    assert.equal(parsed.columns[2]?.default, '(1 + (2))');
    assert.deepEqual(parsed.columns[3]?.generated, { expression: 'id * 2', stored: false });
    assert.deepEqual(parsed.primaryKey, { name: 'pk', columns: ['id'] });
    assert.deepEqual(parsed.uniques, [{ name: 'u1', columns: ['primary'] }, { columns: ['check', 'g'] }]);
    assert.deepEqual(parsed.checks, [
      { expression: '"check" > 0', column: 'check' },
      { name: 'ck_t', expression: 'length([primary]) > (1)' },
    ]);
    assert.deepEqual(parsed.foreignKeys, [
      { name: 'fk_owner', columns: ['owner'], refTable: 'users', refColumns: ['id'], onDelete: 'set null', deferrable: 'DEFERRABLE INITIALLY DEFERRED' },
      { columns: ['g', 'owner'], refTable: 'other', refColumns: [], onUpdate: 'cascade' },
    ]);
    assert.equal(parsed.options, 'WITHOUT ROWID, STRICT');
  });

  test('CREATE INDEX: parts as written and the WHERE clause', () => {
    assert.deepEqual(parseCreateIndex(`CREATE UNIQUE INDEX ix ON "t" (a, lower(b) DESC, c COLLATE nocase) WHERE a > 0 AND b IS NOT NULL`), {
      parts: ['a', 'lower(b) DESC', 'c COLLATE nocase'],
      where: 'a > 0 AND b IS NOT NULL',
    });
  });

  test('declared types and defaults as PRAGMA table_info reports them', () => {
    assert.deepEqual(parseDeclaredType('VARCHAR( 255 )'), { name: 'varchar', length: 255 });
    assert.deepEqual(parseDeclaredType('timestamptz(3)'), { name: 'timestamptz', precision: 3 });
    assert.deepEqual(parseDeclaredType('blob'), { name: 'bytea' });
    // an alias stays as written, so a rebuild does not turn INT PRIMARY KEY into the rowid alias
    assert.deepEqual(parseDeclaredType('INT'), { name: 'custom', raw: 'INT' });
    assert.deepEqual(parseSqliteDefault("'it''s'"), { kind: 'value', value: "it's" });
    assert.deepEqual(parseSqliteDefault('-1.5'), { kind: 'value', value: -1.5 });
    assert.deepEqual(parseSqliteDefault('(-2)'), { kind: 'value', value: -2 });
    assert.deepEqual(parseSqliteDefault('TRUE'), { kind: 'value', value: true });
    assert.equal(parseSqliteDefault('NULL'), undefined);
    assert.deepEqual(parseSqliteDefault('99999999999999999999'), { kind: 'sql', sql: '99999999999999999999' });
    assert.deepEqual(parseSqliteDefault("datetime('now')"), { kind: 'sql', sql: "datetime('now')" });
  });
});

describe('sqlite: canonical forms', () => {
  test('expressions compare by meaning of spelling only', () => {
    assert.equal(canonicalExpression('((length( "Description" )>0))'), 'length(description) > 0');
    assert.equal(canonicalExpression('a<>1 and b==2'), 'a != 1 AND b = 2');
    assert.equal(canonicalExpression("x in ('A','b')"), "x IN ('A', 'b')");
    assert.equal(canonicalExpression('"order" is not null'), '"order" IS NOT NULL');
    assert.notEqual(canonicalExpression("'ABC'"), canonicalExpression("'abc'"));
    assert.ok(referencesColumn('length("Note") > 0', 'note'));
    assert.ok(!referencesColumn('length(description) > 0', 'length'));
  });

  test("the table's own name as a qualifier (drizzle-kit's spelling) is dropped; another table's is kept", () => {
    const on = (sql: string, where: string) =>
      dialect.normalize({ enums: [], tables: [spec({ name: 'Todos', columns: [col('title', { name: 'text' }), col('cost', { name: 'real' })], checks: [{ name: 'ck', expression: sql }], indexes: [{ name: 'ix', parts: [{ column: 'cost' }], where }] })] }).tables[0];
    const drizzleKit = on('length("todos"."title") > 0 AND "Todos".cost = todos."cost"', '"todos"."cost" > 0');
    const model = on('length(title) > 0 AND cost = cost', 'cost > 0');
    assert.deepEqual(drizzleKit, model);
    assert.equal(model?.checks[0]?.expression, 'length(title) > 0 AND cost = cost');
    assert.equal(on('other.title > 0', 'main.todos.cost > 0')?.checks[0]?.expression, 'other.title > 0');
    assert.equal(canonicalExpression('"todos"."cost" > 0'), 'todos.cost > 0', 'without a table nothing is dropped');
  });

  test('normalize: aliases, serial kinds, coerced defaults, default names, no comments', () => {
    const model = spec({
      name: 't',
      comment: 'gone',
      columns: [
        col('id', { name: 'bigserial' }, { nullable: true, comment: 'gone' }),
        col('n', { name: 'custom', raw: 'Character Varying( 20 )' }, { default: { kind: 'sql', sql: "('x')" } }),
        col('b', { name: 'custom', raw: 'BOOL' }, { default: { kind: 'value', value: 1 } }),
        col('i', { name: 'integer' }, { default: { kind: 'value', value: '42' } }),
        col('ts', { name: 'timestamp' }, { default: { kind: 'sql', sql: '( current_timestamp )' } }),
        col('gone', { name: 'text' }, { default: { kind: 'sql', sql: 'NULL' } }),
        col('k', { name: 'integer' }, { identity: 'always' }),
      ],
      primaryKey: { columns: ['id'] },
      uniques: [{ columns: ['n'] }],
      foreignKeys: [{ columns: ['i'], schema: undefined, refSchema: 'main', refTable: 'o', refColumns: ['id'], onDelete: 'no action' } as never],
      indexes: [{ name: 'ix', parts: [{ expression: '"n"' }], using: 'BTREE', where: '' }],
    });
    const [table] = dialect.normalize({ tables: [model], enums: [] }).tables;
    assert.deepEqual(table, {
      name: 't',
      columns: [
        { name: 'id', type: { name: 'serial' }, nullable: false },
        { name: 'n', type: { name: 'varchar', length: 20 }, nullable: true, default: { kind: 'value', value: 'x' } },
        { name: 'b', type: { name: 'boolean' }, nullable: true, default: { kind: 'value', value: true } },
        { name: 'i', type: { name: 'integer' }, nullable: true, default: { kind: 'value', value: 42 } },
        { name: 'ts', type: { name: 'timestamp' }, nullable: true, default: { kind: 'sql', sql: 'CURRENT_TIMESTAMP' } },
        { name: 'gone', type: { name: 'text' }, nullable: true },
        { name: 'k', type: { name: 'serial' }, nullable: false },
      ],
      primaryKey: { name: 't_pkey', columns: ['id'] },
      uniques: [{ name: 't_n_key', columns: ['n'] }],
      foreignKeys: [{ name: 't_i_fkey', columns: ['i'], refTable: 'o', refColumns: ['id'] }],
      indexes: [{ name: 'ix', parts: [{ column: 'n' }] }],
      checks: [],
    });
  });
});

// The rendered statements also run (Kysely's testSql: check the string, then execute it), on an in-memory SQLite
// with rows in the tables, so a rebuild that loses data or an invalid statement fails here.
describe('sqlite render: the statements run on SQLite and keep the rows', () => {
  test('create, insert, add in place, rebuild, rename, index, drop', async () => {
    const { connectSqlite } = await import('../../src/drivers/sqlite.js');
    const conn = await connectSqlite(':memory:');
    const run = async (statements: string[]): Promise<void> => {
      for (const statement of statements) await conn.exec(statement);
    };
    try {
      await conn.exec('PRAGMA foreign_keys = ON; CREATE TABLE users (id integer PRIMARY KEY); INSERT INTO users VALUES (1)');
      await run(render({ kind: 'createTable', table: todos }));
      await run(
        render({
          kind: 'bulkInsert',
          table: { name: 'todos' },
          rows: [
            { owner_id: 1, description: "it's", done: true, note: null },
            { owner_id: 1, description: 'b', done: false, note: 'kept' },
          ],
        }),
      );
      await run(render({ kind: 'addColumn', table: { name: 'todos' }, column: col('rank', { name: 'integer' }, { nullable: false, default: { kind: 'value', value: 0 } }) }));
      const withRank = spec({ ...todos, columns: [...todos.columns, col('rank', { name: 'integer' }, { nullable: false, default: { kind: 'value', value: 0 } })] });
      await run(
        render(
          { kind: 'alterColumn', table: { name: 'todos' }, column: 'note', changes: { type: { name: 'varchar', length: 10 }, nullable: false, using: "coalesce(note, '')" } },
          withRank,
        ),
      );
      await run(render({ kind: 'alterColumn', table: { name: 'todos' }, column: 'note', changes: { name: 'memo' } }));
      await run(render({ kind: 'createIndex', table: { name: 'todos' }, index: { name: 'ix_memo', parts: [{ column: 'memo', desc: true }], where: "memo <> ''" } }));
      const rows = (await conn.query<{ description: string; memo: string; rank: number }>('SELECT description, memo, rank FROM todos ORDER BY id')).rows;
      assert.deepEqual(rows, [
        { description: "it's", memo: '', rank: 0 },
        { description: 'b', memo: 'kept', rank: 0 },
      ]);
      assert.deepEqual((await conn.query('PRAGMA foreign_key_check')).rows, []);
      await run(render({ kind: 'dropIndex', table: { name: 'todos' }, name: 'ix_memo' }));
      await run(render({ kind: 'dropTable', table: { name: 'todos' } }));
    } finally {
      await conn.close();
    }
  });
});
