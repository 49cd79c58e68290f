// PostgreSQL's canonical forms: type parsing, default parsing, expression spelling, normalizePostgres.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePgDefault } from '../../src/dialects/postgres/defaults.js';
import { canonicalExpression } from '../../src/dialects/postgres/expression.js';
import { normalizePostgres } from '../../src/dialects/postgres/normalize.js';
import { parsePgType } from '../../src/dialects/postgres/types.js';
import type { ColumnSpec, ColumnType, DefaultValue, SchemaSpec, TableSpec } from '../../src/schema/types.js';

describe('parsePgType', () => {
  const cases: [string, ColumnType][] = [
    ['integer', { name: 'integer' }],
    ['int4', { name: 'integer' }],
    ['INT8', { name: 'bigint' }],
    ['smallint', { name: 'smallint' }],
    ['bool', { name: 'boolean' }],
    ['double precision', { name: 'double' }],
    ['float4', { name: 'real' }],
    ['character varying(255)', { name: 'varchar', length: 255 }],
    ['character varying', { name: 'varchar' }],
    ['varchar(10)', { name: 'varchar', length: 10 }],
    ['character(1)', { name: 'char', length: 1 }],
    ['bpchar', { name: 'char', length: 1 }],
    ['numeric(10,2)', { name: 'numeric', precision: 10, scale: 2 }],
    ['numeric(10, 0)', { name: 'numeric', precision: 10, scale: 0 }],
    ['decimal(8)', { name: 'numeric', precision: 8, scale: 0 }],
    ['numeric', { name: 'numeric' }],
    ['timestamp(3) without time zone', { name: 'timestamp', precision: 3 }],
    ['timestamp without time zone', { name: 'timestamp' }],
    ['timestamp with time zone', { name: 'timestamptz' }],
    ['timestamp(6) with time zone', { name: 'timestamptz', precision: 6 }],
    ['timestamptz', { name: 'timestamptz' }],
    ['time without time zone', { name: 'time' }],
    ['time(2) without time zone', { name: 'time', precision: 2 }],
    ['time with time zone', { name: 'custom', raw: 'time with time zone' }],
    ['"char"', { name: 'custom', raw: '"char"' }],
    ['uuid', { name: 'uuid' }],
    ['jsonb', { name: 'jsonb' }],
    ['interval', { name: 'interval' }],
    ['bytea', { name: 'bytea' }],
    ['integer[]', { name: 'custom', raw: 'integer[]' }],
    ['int[][]', { name: 'custom', raw: 'integer[]' }],
    ['varchar(20)[]', { name: 'custom', raw: 'character varying(20)[]' }],
    ['CITEXT', { name: 'custom', raw: 'citext' }],
    ['geometry(Point,4326)', { name: 'custom', raw: 'geometry(Point,4326)' }],
  ];
  for (const [formatted, expected] of cases) {
    test(`${formatted}`, () => assert.deepEqual(parsePgType(formatted), expected));
  }

  test('enum types come from the catalog, schema omitted for public', () => {
    assert.deepEqual(parsePgType('mood', { name: 'mood', schema: 'public' }), { name: 'enum', enumName: 'mood' });
    assert.deepEqual(parsePgType('app.mood', { name: 'mood', schema: 'app' }), { name: 'enum', enumName: 'mood', enumSchema: 'app' });
  });
});

describe('parsePgDefault', () => {
  const cases: [string, ReturnType<typeof parsePgDefault>][] = [
    ["'abc'::text", { kind: 'value', value: 'abc' }],
    ["'it''s'::character varying", { kind: 'value', value: "it's" }],
    ["'-1'::integer", { kind: 'value', value: -1 }],
    ["'12345678901'::bigint", { kind: 'value', value: 12345678901 }],
    ["'-2.5'::numeric", { kind: 'value', value: -2.5 }],
    ['(-1)', { kind: 'value', value: -1 }],
    ['1.50', { kind: 'value', value: 1.5 }],
    ['42', { kind: 'value', value: 42 }],
    ['true', { kind: 'value', value: true }],
    ['false', { kind: 'value', value: false }],
    ["'{}'::jsonb", { kind: 'value', value: '{}' }],
    ["'happy'::mood", { kind: 'value', value: 'happy' }],
    ["'2020-01-01 00:00:00'::timestamp without time zone", { kind: 'value', value: '2020-01-01 00:00:00' }],
    ['NULL::text', undefined],
    ['NULL', undefined],
    ['now()', { kind: 'sql', sql: 'now()' }],
    ['CURRENT_TIMESTAMP', { kind: 'sql', sql: 'CURRENT_TIMESTAMP' }],
    ["nextval('t_id_seq'::regclass)", { kind: 'sql', sql: "nextval('t_id_seq'::regclass)" }],
    ["'a'::text || 'b'::text", { kind: 'sql', sql: "'a'::text || 'b'::text" }],
    ['12345678901234567890', { kind: 'sql', sql: '12345678901234567890' }],
  ];
  for (const [printed, expected] of cases) {
    test(printed, () => assert.deepEqual(parsePgDefault(printed), expected));
  }
});

describe('canonicalExpression', () => {
  const same: [string, string][] = [
    ['length(description) > 0', '(length(description) > 0)'],
    ['length(description)>0', 'length(description) > 0'],
    ['a > 0 and b > 0', '((a > 0) AND (b > 0))'],
    ['(a > 0 AND b > 0) OR c IS NOT NULL', '(((a > 0) AND (b > 0)) OR (c IS NOT NULL))'],
    ['score >= 0', 'score >= 0::numeric'],
    ["status = 'open'", "status = 'open'::text"],
    ['"email" IS NOT NULL', 'email IS NOT NULL'],
    ['LOWER( Email )', 'lower(email)'],
    ['coalesce(a,0) > -1', 'COALESCE(a, 0) > -1'],
    ["x <> ''", "(x <> ''::text)"],
    // the LIKE family and BETWEEN as pg_get_constraintdef prints them
    ["t NOT LIKE '%y' OR t LIKE 'x%'", "((t !~~ '%y'::text) OR (t ~~ 'x%'::text))"],
    ["code not ilike 'z%'", "((code !~~* 'z%'::text))"],
    ["t ILIKE 'a%' ESCAPE '!'", "(t ~~* like_escape('a%'::text, '!'::text))"],
    ['n BETWEEN -5 AND 10', "((n >= '-5'::integer) AND (n <= 10))"],
    ['n >= -5', "(n >= '-5'::integer)"],
    ['n NOT BETWEEN 1 AND 2 AND m > 0', '(((n < 1) OR (n > 2)) AND (m > 0))'],
    ['n + 1 BETWEEN m AND 10', '(((n + 1) >= m) AND ((n + 1) <= 10))'],
    ['m BETWEEN 0 AND n * 2', '((m >= 0) AND (m <= (n * 2)))'],
    ['n BETWEEN SYMMETRIC 1 AND 5', '(((n >= 1) AND (n <= 5)) OR ((n >= 5) AND (n <= 1)))'],
    ['CASE WHEN n BETWEEN 1 AND 2 THEN true ELSE false END', 'CASE WHEN ((n >= 1) AND (n <= 2)) THEN true ELSE false END'],
  ];
  for (const [a, b] of same) {
    test(`${a}  ≡  ${b}`, () => assert.equal(canonicalExpression(a), canonicalExpression(b)));
  }

  const different: [string, string][] = [
    ['a OR b AND c', '(a OR b) AND c'],
    ['NOT (a AND b)', 'NOT a AND b'],
    ['x * (a + b)', 'x * a + b'],
    ['1::numeric / 3 > x', '1 / 3 > x'],
    ['"Email" IS NULL', 'email IS NULL'],
    ["'ABC' = x", "'abc' = x"],
    ['now()', 'CURRENT_TIMESTAMP'],
    ["t LIKE 'a%'", "t ILIKE 'a%'"],
    ['n BETWEEN 1 AND 5', 'n NOT BETWEEN 1 AND 5'],
    ['n BETWEEN 1 AND 5', 'n BETWEEN 5 AND 1'],
    ["n >= '-5'", 'n >= -5'],
  ];
  for (const [a, b] of different) {
    test(`${a}  ≢  ${b}`, () => assert.notEqual(canonicalExpression(a), canonicalExpression(b)));
  }

  test('string literals, quoted identifiers and dollar quotes keep their text', () => {
    assert.equal(canonicalExpression("x = 'A  B'"), "x = 'A  B'");
    assert.equal(canonicalExpression('"My Col"   =   $q$ Hi $q$'), '"My Col" = $q$ Hi $q$');
    assert.equal(canonicalExpression("a = E'it\\'s'"), "a = E'it\\'s'");
  });

  test('operators keep PostgreSQL lexing (a>-1 is a > -1)', () => {
    assert.equal(canonicalExpression('a>-1'), 'a > -1');
    assert.equal(canonicalExpression('a >= - b'), 'a >= -b');
  });
});

const col = (name: string, type: ColumnType, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ name, type, nullable: true, ...extra });
const tbl = (spec: Partial<TableSpec> & { name: string }): TableSpec => ({
  columns: [],
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
  ...spec,
});

describe('normalizePostgres', () => {
  test('model spellings and database spellings of the same schema become equal', () => {
    const model: SchemaSpec = {
      enums: [{ schema: 'public', name: 'mood', values: ['b', 'a'] }],
      tables: [
        tbl({
          schema: 'public',
          name: 't',
          comment: '',
          columns: [
            col('id', { name: 'serial' }),
            col('n', { name: 'numeric', precision: 10 }, { default: { kind: 'value', value: '1' } }),
            col('s', { name: 'text' }, { default: { kind: 'value', value: 5 }, comment: '' }),
            col('j', { name: 'jsonb' }, { default: { kind: 'sql', sql: "'{}'::jsonb" } }),
            col('b', { name: 'boolean' }, { default: { kind: 'value', value: 'TRUE' } }),
            col('c', { name: 'char' }),
            col('x', { name: 'custom', raw: 'int4' }, { default: { kind: 'value', value: null } }),
            col('m', { name: 'enum', enumName: 'mood', enumSchema: 'public' }),
            col('i', { name: 'integer' }, { identity: 'always' }),
            col('g', { name: 'integer' }, { generated: '(n + 1)', default: { kind: 'sql', sql: '1' } }),
            col('at', { name: 'timestamptz' }, { default: { kind: 'sql', sql: ' now( ) ' } }),
          ],
          primaryKey: { name: 't_pkey', columns: ['id'] },
          uniques: [{ name: 'z_key', columns: ['s'] }, { name: 'a_key', columns: ['n'] }],
          indexes: [
            { name: 'ix_b', parts: [{ expression: '"s"' }], using: 'BTREE', unique: false, where: '(n > 0)' },
            { name: 'ix_a', parts: [{ column: 's', desc: false }] },
          ],
          foreignKeys: [{ name: 'fk', columns: ['x'], refSchema: 'public', refTable: 'o', refColumns: ['id'], onDelete: 'no action', onUpdate: 'cascade' }],
          checks: [{ name: 'ck_b', expression: 'n>0' }, { name: 'ck_a', expression: 'length(s) > 0 AND n > 0' }],
        }),
      ],
    };
    const database: SchemaSpec = {
      enums: [{ name: 'mood', values: ['b', 'a'] }],
      tables: [
        tbl({
          name: 't',
          columns: [
            col('id', { name: 'serial' }, { nullable: false }),
            col('n', { name: 'numeric', precision: 10, scale: 0 }, { default: { kind: 'value', value: 1 } }),
            col('s', { name: 'text' }, { default: { kind: 'value', value: '5' } }),
            col('j', { name: 'jsonb' }, { default: { kind: 'value', value: '{}' } }),
            col('b', { name: 'boolean' }, { default: { kind: 'value', value: true } }),
            col('c', { name: 'char', length: 1 }),
            col('x', { name: 'integer' }),
            col('m', { name: 'enum', enumName: 'mood' }),
            col('i', { name: 'integer' }, { identity: 'always', nullable: false }),
            col('g', { name: 'integer' }, { generated: 'n + 1' }),
            col('at', { name: 'timestamptz' }, { default: { kind: 'sql', sql: 'now()' } }),
          ],
          primaryKey: { name: 't_pkey', columns: ['id'] },
          uniques: [{ name: 'a_key', columns: ['n'] }, { name: 'z_key', columns: ['s'] }],
          indexes: [
            { name: 'ix_a', parts: [{ column: 's' }] },
            { name: 'ix_b', parts: [{ column: 's' }], where: 'n > 0::numeric' },
          ],
          foreignKeys: [{ name: 'fk', columns: ['x'], refTable: 'o', refColumns: ['id'], onUpdate: 'cascade' }],
          checks: [{ name: 'ck_a', expression: 'length(s) > 0 AND n > 0::numeric' }, { name: 'ck_b', expression: 'n > 0::numeric' }],
        }),
      ],
    };
    assert.deepEqual(normalizePostgres(model), normalizePostgres(database));
  });

  test('primary key columns become NOT NULL; real differences stay', () => {
    const a = normalizePostgres({ enums: [], tables: [tbl({ name: 't', columns: [col('a', { name: 'integer' })], primaryKey: { columns: ['a'] } })] });
    assert.equal(a.tables[0]?.columns[0]?.nullable, false);
    const withDefault = (value: DefaultValue) =>
      normalizePostgres({ enums: [], tables: [tbl({ name: 't', columns: [col('a', { name: 'text' }, { default: value })] })] });
    assert.notDeepEqual(withDefault({ kind: 'value', value: 'x' }), withDefault({ kind: 'value', value: 'y' }));
    assert.notDeepEqual(withDefault({ kind: 'sql', sql: 'now()' }), withDefault({ kind: 'sql', sql: 'CURRENT_TIMESTAMP' }));
  });

  test('tables and enums are sorted by schema then name; enum values keep their order', () => {
    const result = normalizePostgres({
      enums: [{ name: 'z', values: ['c', 'a', 'b'] }, { schema: 'app', name: 'a', values: [] }],
      tables: [tbl({ name: 'b' }), tbl({ name: 'a' }), tbl({ schema: 'app', name: 'z' })],
    });
    assert.deepEqual(result.tables.map((t) => `${t.schema ?? 'public'}.${t.name}`), ['app.z', 'public.a', 'public.b']);
    assert.deepEqual(result.enums.map((e) => e.name), ['a', 'z']);
    assert.deepEqual(result.enums[1]?.values, ['c', 'a', 'b']);
  });
});

describe('normalizePostgres: the ::text casts PostgreSQL adds to varchar/char columns', () => {
  const users = (expression: { index: string; where: string; check: string }): SchemaSpec =>
    normalizePostgres({
      enums: [],
      tables: [
        tbl({
          name: 'users',
          columns: [col('email', { name: 'varchar', length: 100 }), col('code', { name: 'char', length: 3 }), col('body', { name: 'text' })],
          indexes: [{ name: 'ix_lower', parts: [{ expression: expression.index }], where: expression.where }],
          checks: [{ name: 'ck', expression: expression.check }],
        }),
      ],
    });

  test("the model's lower(email) equals the catalog's lower((email)::text)", () => {
    const model = users({ index: 'lower(email)', where: "email <> ''", check: 'length(email) > 3 AND upper(code) = code' });
    const catalog = users({
      index: 'lower((email)::text)',
      where: "((email)::text <> ''::text)",
      check: '((length((email)::text) > 3) AND (upper((code)::text) = code))',
    });
    assert.deepEqual(model, catalog);
    assert.equal(model.tables[0]?.indexes[0]?.parts[0] && 'expression' in model.tables[0].indexes[0].parts[0] ? model.tables[0].indexes[0].parts[0].expression : '', 'lower(email)');
  });

  test('a cast on a text column, a cast to another type and a qualified name are kept', () => {
    const spec = users({ index: 'lower((body)::text)', where: 'email::varchar(5) IS NOT NULL', check: "(t.email)::text <> ''" });
    const table = spec.tables[0];
    assert.deepEqual(table?.indexes[0]?.parts, [{ expression: 'lower((body)::text)' }]);
    assert.equal(table?.indexes[0]?.where, 'email::varchar(5) IS NOT NULL');
    assert.equal(table?.checks[0]?.expression, "(t.email)::text <> ''");
  });
});

describe('normalizePostgres: IN lists as PostgreSQL prints them (= ANY (ARRAY[…]))', () => {
  const checks = (expressions: string[]): string[] =>
    normalizePostgres({
      enums: [],
      tables: [
        tbl({
          name: 'u',
          columns: [col('st', { name: 'varchar', length: 10 }), col('t', { name: 'text' }), col('n', { name: 'numeric', precision: 10, scale: 2 }), col('i', { name: 'integer' }), col('c', { name: 'char', length: 2 })],
          checks: expressions.map((expression, n) => ({ name: `ck${n}`, expression })),
        }),
      ],
    }).tables[0]?.checks.map((c) => c.expression) ?? [];

  test('the catalog spellings (PostgreSQL 15) equal the models\' IN lists', () => {
    const model = ["st IN ('a', 'b')", "t in ('a','b')", 'n IN (1.5, 2)', 'i IN (1, 2)', "st NOT IN ('a', 'b')", "c IN ('a', 'b')"];
    const catalog = [
      "((st)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))",
      "(t = ANY (ARRAY['a'::text, 'b'::text]))",
      '(n = ANY (ARRAY[1.5, (2)::numeric]))',
      '(i = ANY (ARRAY[1, 2]))',
      "((st)::text <> ALL ((ARRAY['a'::character varying, 'b'::character varying])::text[]))",
      "(c = ANY (ARRAY['a'::bpchar, 'b'::bpchar]))",
    ];
    // pretty-printed (pg_get_constraintdef(oid, true)): the array's cast without parentheses
    assert.deepEqual(checks(["st = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])"]), ["st IN ('a', 'b')"]);
    assert.deepEqual(checks(catalog), checks(model));
    assert.equal(checks(catalog)[0], "st IN ('a', 'b')");
  });

  test('an ANY over something other than literals is kept', () => {
    assert.deepEqual(checks(['(i = ANY (ARRAY[n, 2]))', '(t = ANY (ARRAY(SELECT 1)))']), ['i = ANY (ARRAY[n, 2])', 't = ANY (ARRAY (select 1))']);
  });
});
