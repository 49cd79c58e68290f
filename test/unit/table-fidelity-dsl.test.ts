// The models DSL for what DBAs tune on tables, columns and indexes (issue 8): key options, column collations,
// charsets and statistics targets, table options; the code migrate prints for them builds the same spec; the
// MySQL models are read with the server's charset facts as introspection reads the database.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { exclude, index, indexExpression, primaryKey, t, table, tableSpecOf, unique, uniqueIndex } from '../../src/schema/dsl.js';
import { renderPostgres } from '../../src/dialects/postgres/render.js';
import { renderMysql } from '../../src/dialects/mysql/render.js';
import { printOperation } from '../../src/codegen/print.js';
import { normalizeMysql } from '../../src/dialects/mysql/normalize.js';
import { reverseOperation } from '../../src/operations/reverse.js';
import type { SchemaSpec, TableSpec } from '../../src/schema/types.js';

const posts = table(
  'posts',
  {
    id: t.serial().primaryKey(),
    slug: t.varchar(200).notNull().collate('utf8mb4_bin'),
    legacy: t.varchar(50).charset('latin1'),
    email: t.text().notNull().statistics(1000),
  },
  (c) => [
    index('ix_slug').on(c.slug.prefix(10).desc()),
    index('ix_email').on(c.email.opclass('text_pattern_ops').collate('C')),
    index('ix_recent').on(c.id.desc().nullsLast(), c.email.nullsFirst()),
    uniqueIndex('ux_lower').on(indexExpression('lower(email)').opclass('text_pattern_ops')).include(c.slug, c.legacy),
  ],
  { engine: 'MyISAM', collate: 'latin1_general_cs', rowFormat: 'compressed' },
);

describe('tables, columns and index keys in the models', () => {
  test('key options, column settings and table options are in the spec', () => {
    const spec = tableSpecOf(posts);
    const ix = (name: string) => spec.indexes.find((i) => i.name === name);
    assert.deepEqual(ix('ix_slug')?.parts, [{ column: 'slug', prefix: 10, desc: true }]);
    assert.deepEqual(ix('ix_email')?.parts, [{ column: 'email', opclass: 'text_pattern_ops', collation: 'C' }]);
    assert.deepEqual(ix('ix_recent')?.parts, [{ column: 'id', desc: true, nulls: 'last' }, { column: 'email', nulls: 'first' }]);
    assert.deepEqual(ix('ux_lower'), { name: 'ux_lower', parts: [{ expression: 'lower(email)', opclass: 'text_pattern_ops' }], unique: true, include: ['slug', 'legacy'] });
    assert.equal(spec.columns.find((c) => c.name === 'slug')?.collation, 'utf8mb4_bin');
    assert.equal(spec.columns.find((c) => c.name === 'legacy')?.charset, 'latin1');
    assert.equal(spec.columns.find((c) => c.name === 'email')?.statistics, 1000);
    assert.deepEqual(spec.options, { engine: 'MyISAM', collation: 'latin1_general_cs', rowFormat: 'compressed' });
  });

  test('bad values are refused with the modifier named', () => {
    assert.throws(() => t.text().statistics(-2), /\.statistics\(\): expected an integer from 0 to 10000/);
    assert.throws(() => tableSpecOf(table('x', { a: t.text() }, (c) => [index('ix').on(c.a.prefix(0))])), /\.prefix\(\): expected a length >= 1/);
    assert.throws(() => t.text().collate(''), /\.collate\(\): expected a name/);
  });

  test('the createTable migrate prints carries them all', () => {
    const { code, imports } = printOperation({ kind: 'createTable', table: tableSpecOf(posts) });
    for (const call of [
      ".collate('utf8mb4_bin')",
      ".charset('latin1')",
      '.statistics(1000)',
      'c.slug.prefix(10).desc()',
      "c.email.opclass('text_pattern_ops').collate('C')",
      'c.id.desc().nullsLast()',
      'c.email.nullsFirst()',
      "indexExpression('lower(email)').opclass('text_pattern_ops')",
      '.include(c.slug, c.legacy)',
      "engine: 'MyISAM'",
      "collate: 'latin1_general_cs'",
      "rowFormat: 'compressed'",
    ]) {
      assert.ok(code.includes(call), `${call} in:\n${code}`);
    }
    assert.ok(imports.has('indexExpression'));
  });

  test('setTableOptions reverses to the options before', () => {
    const op = { kind: 'setTableOptions' as const, table: { name: 'posts' }, options: { engine: 'MyISAM' }, existing: {} };
    assert.deepEqual(reverseOperation(op), { kind: 'setTableOptions', table: { name: 'posts' }, options: {}, existing: { engine: 'MyISAM' } });
    assert.match(printOperation(op).code, /await op\.setTableOptions\('posts', \{ engine: 'MyISAM' \}, \{ existing: \{\} \}\);/);
  });
});

describe('a MySQL primary key with a prefix length: PRIMARY KEY (name(50), scope)', () => {
  const options = table('options', { name: t.varchar(255).notNull(), scope: t.varchar(64).notNull() }, (c) => [
    primaryKey().on(c.name.prefix(50), c.scope),
  ]);

  test('the spec, the rendered key and the printed table carry the prefix', () => {
    const spec = tableSpecOf(options);
    assert.deepEqual(spec.primaryKey, { name: 'options_pkey', columns: ['name', 'scope'], prefixes: { name: 50 } });
    assert.match(renderMysql({ kind: 'createTable', table: spec })[0] ?? '', /PRIMARY KEY \(`name`\(50\), `scope`\)/);
    assert.match(printOperation({ kind: 'createTable', table: spec }).code, /primaryKey\(\)\.on\(c\.name\.prefix\(50\), c\.scope\)/);
  });

  test('createPrimaryKey prints and renders its prefixes; a drop reverses to it', () => {
    const op = { kind: 'createPrimaryKey' as const, table: { name: 'options' }, constraint: { name: 'options_pkey', columns: ['name'], prefixes: { name: 50 } } };
    assert.match(printOperation(op).code, /op\.createPrimaryKey\('options_pkey', 'options', \['name'\], \{ prefixes: \{ name: 50 \} \}\)/);
    assert.deepEqual(renderMysql(op), ['ALTER TABLE `options` ADD PRIMARY KEY (`name`(50))']);
    const drop = { kind: 'dropConstraint' as const, table: { name: 'options' }, name: 'options_pkey', existing: { type: 'primaryKey' as const, ...op.constraint } };
    assert.deepEqual(reverseOperation(drop), op);
  });

  test('other key options are refused in a primary key', () => {
    const bad = table('x', { a: t.text().notNull() }, (c) => [primaryKey().on(c.a.desc())]);
    assert.throws(() => tableSpecOf(bad), /column "a" takes no key options in a primary key \(only \.prefix\(n\), MySQL\)/);
  });
});

describe('PostgreSQL INCLUDE on primary key and unique constraints', () => {
  test('the models say it, migrate prints it, PostgreSQL renders it, MySQL refuses it', () => {
    const lines = table('lines', { a: t.integer().notNull(), b: t.integer().notNull(), q: t.integer() }, (c) => [
      primaryKey().on(c.a).include(c.q),
      unique('lines_b_key').on(c.b).include(c.q, c.a),
    ]);
    const spec = tableSpecOf(lines);
    assert.deepEqual(spec.primaryKey, { name: 'lines_pkey', columns: ['a'], include: ['q'] });
    assert.deepEqual(spec.uniques, [{ name: 'lines_b_key', columns: ['b'], include: ['q', 'a'] }]);
    const code = printOperation({ kind: 'createTable', table: spec }).code;
    assert.match(code, /primaryKey\(\)\.on\(c\.a\)\.include\(c\.q\)/);
    assert.match(code, /unique\(\)\.on\(c\.b\)\.include\(c\.q, c\.a\)/);
    const op = { kind: 'createUniqueConstraint' as const, table: { name: 'lines' }, constraint: { name: 'lines_b_key', columns: ['b'], include: ['q'] } };
    assert.match(printOperation(op).code, /op\.createUniqueConstraint\('lines_b_key', 'lines', \['b'\], \{ include: \['q'\] \}\)/);
    assert.deepEqual(renderPostgres(op), ['ALTER TABLE "lines" ADD CONSTRAINT "lines_b_key" UNIQUE ("b") INCLUDE ("q")']);
    assert.throws(() => renderMysql(op), /INCLUDE columns are PostgreSQL's/);
  });
});

describe('PostgreSQL exclusion constraints', () => {
  test('exclude() is in the spec, printed by migrate, reversed by its drop; MySQL refuses it', () => {
    const rooms = table('rooms', { id: t.integer().primaryKey(), during: t.custom('tstzrange') }, () => [
      exclude('no_overlap', 'EXCLUDE USING gist (during WITH &&)'),
    ]);
    const spec = tableSpecOf(rooms);
    assert.deepEqual(spec.exclusions, [{ name: 'no_overlap', definition: 'USING gist (during WITH &&)' }]);
    const printed = printOperation({ kind: 'createTable', table: spec });
    assert.match(printed.code, /exclude\('no_overlap', 'USING gist \(during WITH &&\)'\)/);
    assert.ok(printed.imports.has('exclude'));
    const drop = { kind: 'dropConstraint' as const, table: { name: 'rooms' }, name: 'no_overlap', existing: { type: 'exclusion' as const, name: 'no_overlap', definition: 'USING gist (during WITH &&)' } };
    const create = reverseOperation(drop);
    assert.deepEqual(create, { kind: 'createExclusionConstraint', table: { name: 'rooms' }, constraint: { name: 'no_overlap', definition: 'USING gist (during WITH &&)' } });
    assert.match(printOperation(create as never).code, /op\.createExclusionConstraint\('no_overlap', 'rooms', 'USING gist \(during WITH &&\)'\)/);
    assert.throws(() => renderMysql({ kind: 'createTable', table: spec }), /exclusion constraints are PostgreSQL's/);
    assert.throws(() => exclude('x', ' '), /expected its definition/);
  });
});

describe('other MySQL table options (KEY_BLOCK_SIZE, STATS_PERSISTENT, …)', () => {
  test('the models say them by name, migrate prints them, a change renders only what changed and resets what is gone', () => {
    const spec = tableSpecOf(table('t', { id: t.integer().primaryKey() }, undefined, { createOptions: { key_block_size: 8, STATS_PERSISTENT: 0 } }));
    assert.deepEqual(spec.options, { createOptions: { KEY_BLOCK_SIZE: '8', STATS_PERSISTENT: '0' } });
    assert.match(printOperation({ kind: 'createTable', table: spec }).code, /createOptions: \{ KEY_BLOCK_SIZE: '8', STATS_PERSISTENT: '0' \}/);
    assert.match(renderMysql({ kind: 'createTable', table: spec })[0] ?? '', /\) KEY_BLOCK_SIZE=8 STATS_PERSISTENT=0$/);
    const change = { kind: 'setTableOptions' as const, table: { name: 't' }, options: { createOptions: { STATS_PERSISTENT: '1' } }, existing: spec.options };
    assert.deepEqual(renderMysql(change), ['ALTER TABLE `t` STATS_PERSISTENT=1, KEY_BLOCK_SIZE=0']);
    assert.throws(() => renderMysql({ ...change, options: { createOptions: { 'X; DROP': '1' } } }), /expected a name and a plain value/);
  });
});

describe('MySQL charsets in the models are said as introspection says them', () => {
  const server = { defaultCollations: { latin1: 'latin1_swedish_ci', utf8mb4: 'utf8mb4_general_ci', utf8mb3: 'utf8mb3_general_ci' }, databaseCollation: 'utf8mb4_general_ci' };
  const tableWith = (columns: TableSpec['columns'], options?: TableSpec['options']): SchemaSpec => ({
    tables: [{ name: 't', columns, uniques: [], indexes: [], foreignKeys: [], checks: [], ...(options ? { options } : {}) }],
    enums: [],
    server,
  });
  const text = { name: 'text' as const };

  test("a charset's default collation is the charset alone; the table's or the database's is nothing", () => {
    const [table] = normalizeMysql(
      tableWith(
        [
          { name: 'a', type: text, nullable: true, collation: 'latin1_swedish_ci' },
          { name: 'b', type: text, nullable: true, collation: 'utf8mb4_general_ci' },
          { name: 'c', type: text, nullable: true, charset: 'utf8', collation: 'utf8_unicode_ci' },
          { name: 'd', type: text, nullable: true, charset: 'LATIN1' },
        ],
        { engine: 'InnoDB', charset: 'utf8mb4' },
      ),
    ).tables;
    assert.deepEqual(
      table?.columns.map((c) => [c.name, c.charset, c.collation]),
      [
        ['a', 'latin1', undefined],
        ['b', undefined, undefined],
        ['c', undefined, 'utf8mb3_unicode_ci'],
        ['d', 'latin1', undefined],
      ],
    );
    assert.equal(table?.options, undefined, 'InnoDB and the database charset are defaults');
  });

  test("a column collation that is its charset's default still counts under a table with another collation", () => {
    const [table] = normalizeMysql(tableWith([{ name: 'a', type: text, nullable: true, collation: 'utf8mb4_general_ci' }], { collation: 'utf8mb4_bin' })).tables;
    assert.equal(table?.columns[0]?.collation, 'utf8mb4_general_ci');
    assert.deepEqual(table?.options, { collation: 'utf8mb4_bin' });
  });
});
