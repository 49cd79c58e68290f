// Random models for the autogenerate convergence property: fast-check arbitraries of "seeds" (plain choices that
// shrink well), resolved into concrete model drafts. Edits of a draft: schema-edits.ts; its DSL source
// (what a user would write in models.ts): model-source.ts.
import fc from 'fast-check';
import { defaultForeignKeyName, defaultUniqueName } from '../../src/schema/table.js';

// --- concrete drafts ----------------------------------------------------------------------------------

export type Family =
  | 'int' | 'serial' | 'float' | 'numeric' | 'boolean' | 'text' | 'varchar' | 'char' | 'date' | 'time'
  | 'timestamp' | 'timestamptz' | 'interval' | 'uuid' | 'json' | 'jsonb' | 'bytea' | 'enum' | 'inet' | 'array';

type Literal = string | number | boolean | null;
export type DefaultDraft = { value: Literal } | { sql: string } | { enumValue: number };

interface TypeInfo {
  dsl: string;
  family: Family;
  /** a type every value of this one fits in, reachable with a plain ALTER COLUMN TYPE (a key of TYPES) */
  widen?: string;
  defaults: DefaultDraft[];
}

const TEXT_DEFAULTS: DefaultDraft[] = [{ value: 'hello' }, { value: "it's" }, { value: '' }, { sql: "'x'" }];
const INT_DEFAULTS: DefaultDraft[] = [{ value: 0 }, { value: 42 }, { value: -1 }, { sql: '7' }, { sql: '1 + 1' }, { value: null }];

export const TYPES = {
  smallint: { dsl: 't.smallint()', family: 'int', widen: 'integer', defaults: INT_DEFAULTS },
  integer: { dsl: 't.integer()', family: 'int', widen: 'bigint', defaults: INT_DEFAULTS },
  bigint: { dsl: 't.bigint()', family: 'int', defaults: INT_DEFAULTS },
  smallserial: { dsl: 't.smallserial()', family: 'serial', widen: 'serial', defaults: [] },
  serial: { dsl: 't.serial()', family: 'serial', widen: 'bigserial', defaults: [] },
  bigserial: { dsl: 't.bigserial()', family: 'serial', defaults: [] },
  real: { dsl: 't.real()', family: 'float', widen: 'double', defaults: [{ value: 0 }, { value: 1.5 }, { value: -2.25 }] },
  double: { dsl: 't.double()', family: 'float', defaults: [{ value: 0 }, { value: 1.5 }] },
  numeric: { dsl: 't.numeric()', family: 'numeric', defaults: [{ value: 0 }, { value: 9.99 }, { value: '12.50' }] },
  numeric_8: { dsl: 't.numeric(8)', family: 'numeric', widen: 'numeric_10_2', defaults: [{ value: 0 }, { value: 12 }] },
  numeric_10_2: { dsl: 't.numeric(10, 2)', family: 'numeric', widen: 'numeric_14_2', defaults: [{ value: 9.99 }, { value: '12.50' }] },
  numeric_14_2: { dsl: 't.numeric(14, 2)', family: 'numeric', widen: 'numeric', defaults: [{ value: 0 }] },
  boolean: { dsl: 't.boolean()', family: 'boolean', defaults: [{ value: true }, { value: false }, { sql: 'true' }] },
  text: { dsl: 't.text()', family: 'text', defaults: TEXT_DEFAULTS },
  varchar: { dsl: 't.varchar()', family: 'varchar', widen: 'text', defaults: TEXT_DEFAULTS },
  varchar_40: { dsl: 't.varchar(40)', family: 'varchar', widen: 'varchar_80', defaults: TEXT_DEFAULTS },
  varchar_80: { dsl: 't.varchar(80)', family: 'varchar', widen: 'varchar', defaults: TEXT_DEFAULTS },
  char: { dsl: 't.char()', family: 'char', widen: 'char_3', defaults: [{ value: 'a' }] },
  char_3: { dsl: 't.char(3)', family: 'char', defaults: [{ value: 'abc' }, { value: 'ab' }] },
  date: { dsl: 't.date()', family: 'date', defaults: [{ value: '2020-01-31' }, { sql: 'CURRENT_DATE' }] },
  time_3: { dsl: 't.time(3)', family: 'time', widen: 'time', defaults: [{ value: '12:30:00' }] },
  time: { dsl: 't.time()', family: 'time', defaults: [{ value: '12:30:00' }, { sql: 'LOCALTIME' }] },
  timestamp_3: { dsl: 't.timestamp(3)', family: 'timestamp', widen: 'timestamp', defaults: [{ value: '2020-01-31 12:00:00' }, { sql: 'now()' }] },
  timestamp: { dsl: 't.timestamp()', family: 'timestamp', defaults: [{ sql: 'LOCALTIMESTAMP' }, { value: '2020-01-31 12:00:00' }] },
  timestamptz_0: { dsl: 't.timestamptz(0)', family: 'timestamptz', widen: 'timestamptz', defaults: [{ sql: 'now()' }] },
  timestamptz: { dsl: 't.timestamptz()', family: 'timestamptz', defaults: [{ sql: 'now()' }, { sql: 'CURRENT_TIMESTAMP' }] },
  interval: { dsl: 't.interval()', family: 'interval', defaults: [{ value: '1 day' }, { value: '01:00:00' }] },
  uuid: { dsl: 't.uuid()', family: 'uuid', defaults: [{ sql: 'gen_random_uuid()' }, { value: '00000000-0000-0000-0000-000000000000' }] },
  json: { dsl: 't.json()', family: 'json', defaults: [{ value: '{}' }, { value: '[]' }, { sql: "'{}'::json" }] },
  jsonb: { dsl: 't.jsonb()', family: 'jsonb', defaults: [{ value: '{}' }, { value: '{"a": 1}' }, { sql: "'[]'::jsonb" }] },
  bytea: { dsl: 't.bytea()', family: 'bytea', defaults: [{ value: '\\x00ff' }] },
  mood: { dsl: 't.enum(mood)', family: 'enum', defaults: [{ enumValue: 0 }, { enumValue: 1 }] },
  status: { dsl: 't.enum(app_status)', family: 'enum', defaults: [{ enumValue: 0 }] },
  inet: { dsl: "t.custom('inet')", family: 'inet', defaults: [{ value: '127.0.0.1' }] },
  text_array: { dsl: "t.custom('text[]')", family: 'array', defaults: [{ sql: "'{}'::text[]" }, { value: '{a,b}' }] },
} satisfies Record<string, TypeInfo>;

export type TypeKey = keyof typeof TYPES;
const TYPE_KEYS = Object.keys(TYPES) as TypeKey[];
export const info = (type: TypeKey): TypeInfo => TYPES[type];
export const widerType = (type: TypeKey): TypeKey | undefined => info(type).widen as TypeKey | undefined;

/** A value for existing rows of a column that becomes NOT NULL (backfill). */
export function sampleValue(type: TypeKey, enums: EnumDraft[]): unknown {
  switch (info(type).family) {
    case 'int': case 'serial': case 'numeric': return 1;
    case 'float': return 1.5;
    case 'boolean': return false;
    case 'text': case 'varchar': return 'x';
    case 'char': return 'a';
    case 'date': return '2020-01-01';
    case 'time': return '00:00:00';
    case 'timestamp': return '2020-01-01 00:00:00';
    case 'timestamptz': return '2020-01-01 00:00:00+00';
    case 'interval': return '1 day';
    case 'uuid': return '00000000-0000-0000-0000-000000000000';
    case 'json': case 'jsonb': return '{}';
    case 'bytea': return '\\x00';
    case 'enum': return enumOfType(type, enums)?.values[0] ?? null;
    case 'inet': return '10.0.0.1';
    case 'array': return '{}';
  }
}

export type Action = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';
const ACTIONS: Action[] = ['no action', 'restrict', 'cascade', 'set null', 'set default'];

export type TableKey = string; // 'users' or 'app.accounts'

export interface ColumnDraft {
  name: string;
  type: TypeKey;
  notNull: boolean;
  primaryKey?: boolean;
  default?: DefaultDraft;
  identity?: 'always' | 'byDefault';
  /** column-level .unique(name?) */
  unique?: { name?: string };
  /** column-level .references(…) */
  references?: { table: TableKey; column: string; style: 'thunk' | 'string'; onDelete?: Action; onUpdate?: Action; name?: string };
  /** GENERATED ALWAYS AS (…) STORED, derived from another column */
  generated?: { from: string; fn: 'double' | 'upper' };
  comment?: string;
}

export type IndexPartDraft = { column: string; desc?: boolean } | { lowerOf: string };
export interface IndexDraft {
  name: string;
  parts: IndexPartDraft[];
  unique?: boolean;
  where?: { column: string; test: 'notNull' | 'positive' };
  using?: 'gin' | 'btree';
}
export interface CheckDraft {
  name: string;
  kind: 'nonNegative' | 'nonEmpty' | 'nonEmptyCast' | 'notNull' | 'notValue' | 'after2000' | 'lessThan';
  columns: string[];
  value?: string;
}
export interface ForeignKeyDraft {
  name?: string;
  columns: string[];
  table: TableKey;
  refColumns: string[];
  style: 'thunk' | 'object';
  onDelete?: Action;
  onUpdate?: Action;
}
export interface TableDraft {
  key: TableKey;
  schema?: 'app';
  name: string;
  columns: ColumnDraft[];
  /** primaryKey(name?).on(…) in the extras, instead of column-level .primaryKey() */
  pkExtra?: { name?: string; columns: string[] };
  uniques: Array<{ name?: string; columns: string[] }>;
  indexes: IndexDraft[];
  checks: CheckDraft[];
  foreignKeys: ForeignKeyDraft[];
  comment?: string;
}
export interface EnumDraft {
  key: 'mood' | 'app.status';
  schema?: 'app';
  name: string;
  values: string[];
  /** exported from the models module (kept even when no column uses it) */
  exported: boolean;
}
export interface ModelDraft {
  enums: EnumDraft[];
  tables: TableDraft[];
}

// --- names --------------------------------------------------------------------------------------------

export const PUBLIC_TABLES = ['users', 'posts', 'tags', 'Orders'];
export const APP_TABLES = ['accounts', 'events', 'logs'];
export const TABLE_KEYS: TableKey[] = [...PUBLIC_TABLES, ...APP_TABLES.map((n) => `app.${n}`)];
/** names a table may be renamed to, besides the unused ones of the pool */
export const RENAME_TABLES = { public: ['people', 'articles'], app: ['members', 'audits'] };
// includes a reserved word, mixed case, a space and a name long enough for default constraint names to be truncated
export const COLUMN_NAMES = ['name', 'email', 'score', 'amount', 'active', 'kind', 'doc', 'createdAt', 'note', 'order', 'rank', 'code', 'Display Name', 'a_rather_long_column_name_so_that_generated_names_get_cut'];
export const MOOD_VALUES = ['happy', 'sad', 'meh', 'so-so', "it's"];
export const STATUS_VALUES = ['active', 'inactive', 'banned', 'Pending'];
const COMMENTS = ['Users of the app', "it's quoted", 'two\nlines', 'ünïcödé ✓', ''];

export function splitKey(key: TableKey): { schema?: 'app'; name: string } {
  return key.startsWith('app.') ? { schema: 'app', name: key.slice(4) } : { name: key };
}

const RESERVED = new Set(['order', 'user', 'check', 'default', 'table', 'group', 'select', 'where']);
/** A column name as SQL: bare when PostgreSQL would print it bare, else double-quoted. */
export function sqlIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

export const lowerName = (table: TableDraft): string => table.name.toLowerCase();

// --- seeds (what fast-check generates and shrinks) ------------------------------------------------------

export interface ColumnSeed {
  name: string;
  type: TypeKey;
  notNull: boolean;
  defaultPick: number | null;
  identity: 'always' | 'byDefault' | null;
  unique: 'none' | 'default' | 'named';
  comment: string | null;
  generated: boolean;
}
type PkKind = 'serial' | 'bigserial' | 'identity' | 'bigIdentity' | 'uuid' | 'integer' | 'integerNamed' | 'composite' | 'compositeNamed' | 'compositeColumns' | 'none';
export interface RefSeed {
  to: TableKey;
  style: 'thunk' | 'string' | 'extra' | 'extraObject';
  notNull: boolean;
  onDelete: Action | null;
  onUpdate: Action | null;
  named: boolean;
}
type IndexKind = 'plain' | 'desc' | 'unique' | 'partialNotNull' | 'partialPositive' | 'lower' | 'gin' | 'btreeExplicit' | 'pair';
export interface IndexSeed { kind: IndexKind; a: number; b: number }
export interface UniqueSeed { a: number; b: number | null; named: boolean }
export interface CheckSeed { pair: boolean; a: number; b: number }
export interface TableSeed {
  pk: PkKind;
  columns: ColumnSeed[];
  refs: RefSeed[];
  indexes: IndexSeed[];
  uniques: UniqueSeed[];
  checks: CheckSeed[];
  comment: string | null;
}
export interface EnumSeed { values: string[]; exported: boolean }
export interface ModelSeed {
  tables: Array<TableSeed | null>;
  mood: EnumSeed;
  status: EnumSeed;
}

export type EditSeed =
  | { kind: 'addTable'; slot: number; table: TableSeed }
  | { kind: 'dropTable'; pick: number }
  | { kind: 'renameTable'; pick: number; to: number; accept: boolean }
  | { kind: 'addColumn'; pick: number; column: ColumnSeed }
  | { kind: 'dropColumn'; pick: number; col: number }
  | { kind: 'renameColumn'; pick: number; col: number; to: number; accept: boolean }
  | { kind: 'widenType'; pick: number; col: number }
  | { kind: 'nullability'; pick: number; col: number; backfill: boolean }
  | { kind: 'setDefault'; pick: number; col: number; choice: number | null }
  | { kind: 'addIndex'; pick: number; index: IndexSeed }
  | { kind: 'dropIndex'; pick: number; n: number }
  | { kind: 'addUnique'; pick: number; unique: UniqueSeed }
  | { kind: 'dropUnique'; pick: number; n: number }
  | { kind: 'addCheck'; pick: number; check: CheckSeed }
  | { kind: 'dropCheck'; pick: number; n: number }
  | { kind: 'changeIndex'; pick: number; n: number; how: number }
  | { kind: 'changeCheck'; pick: number; n: number }
  | { kind: 'addPrimaryKey'; pick: number }
  | { kind: 'dropPrimaryKey'; pick: number }
  | { kind: 'addForeignKey'; pick: number; ref: RefSeed }
  | { kind: 'dropForeignKey'; pick: number; n: number }
  | { kind: 'foreignKeyAction'; pick: number; n: number; onDelete: Action | null }
  | { kind: 'addEnumValue'; status: boolean; value: number; before: number | null }
  | { kind: 'tableComment'; pick: number; comment: string | null }
  | { kind: 'columnComment'; pick: number; col: number; comment: string | null };

/** null `weight` times out of weight + 1 (null first, so shrinking goes towards it). */
function rarely<T>(arb: fc.Arbitrary<T>, weight: number): fc.Arbitrary<T | null> {
  return fc.oneof({ arbitrary: fc.constant(null), weight }, { arbitrary: arb, weight: 1 });
}

const columnSeedArb: fc.Arbitrary<ColumnSeed> = fc.record({
  name: fc.constantFrom(...COLUMN_NAMES),
  type: fc.constantFrom(...TYPE_KEYS),
  notNull: fc.boolean(),
  defaultPick: fc.option(fc.nat(5), { nil: null }),
  identity: rarely(fc.constantFrom<'always' | 'byDefault'>('always', 'byDefault'), 5),
  unique: fc.constantFrom<ColumnSeed['unique']>('none', 'none', 'none', 'default', 'named'),
  comment: rarely(fc.constantFrom(...COMMENTS), 3),
  generated: fc.constantFrom(false, false, false, false, true),
});

const actionArb = fc.option(fc.constantFrom(...ACTIONS), { nil: null });
const refSeedArb: fc.Arbitrary<RefSeed> = fc.record({
  to: fc.constantFrom(...TABLE_KEYS),
  style: fc.constantFrom<RefSeed['style']>('thunk', 'string', 'extra', 'extraObject'),
  notNull: fc.boolean(),
  onDelete: actionArb,
  onUpdate: actionArb,
  named: fc.boolean(),
});
const indexSeedArb: fc.Arbitrary<IndexSeed> = fc.record({
  kind: fc.constantFrom<IndexKind>('plain', 'desc', 'unique', 'partialNotNull', 'partialPositive', 'lower', 'gin', 'btreeExplicit', 'pair'),
  a: fc.nat(20),
  b: fc.nat(20),
});
const uniqueSeedArb: fc.Arbitrary<UniqueSeed> = fc.record({ a: fc.nat(20), b: fc.option(fc.nat(20), { nil: null }), named: fc.boolean() });
const checkSeedArb: fc.Arbitrary<CheckSeed> = fc.record({ pair: fc.boolean(), a: fc.nat(20), b: fc.nat(20) });

export const tableSeedArb: fc.Arbitrary<TableSeed> = fc.record({
  pk: fc.constantFrom<PkKind>('serial', 'bigserial', 'identity', 'bigIdentity', 'uuid', 'integer', 'integerNamed', 'composite', 'compositeNamed', 'compositeColumns', 'none'),
  columns: fc.array(columnSeedArb, { maxLength: 7 }),
  refs: fc.array(refSeedArb, { maxLength: 2 }),
  indexes: fc.array(indexSeedArb, { maxLength: 4 }),
  uniques: fc.array(uniqueSeedArb, { maxLength: 2 }),
  checks: fc.array(checkSeedArb, { maxLength: 2 }),
  comment: rarely(fc.constantFrom(...COMMENTS), 2),
});

const enumSeedArb = (pool: string[]): fc.Arbitrary<EnumSeed> =>
  fc.record({ values: fc.subarray(pool, { minLength: 1 }), exported: fc.boolean() });

export const modelSeedArb: fc.Arbitrary<ModelSeed> = fc.record({
  tables: fc
    .tuple(...TABLE_KEYS.map((_, i) => rarely(tableSeedArb, i < 2 ? 1 : 3)))
    .filter((ts) => ts.some((t) => t !== null)),
  mood: enumSeedArb(MOOD_VALUES),
  status: enumSeedArb(STATUS_VALUES),
});

const pick = fc.nat(20);
/** Column-level edits weigh more: a case's tables have few columns, so many of those picks find nothing to change. */
export const editSeedArb: fc.Arbitrary<EditSeed> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('addTable' as const), slot: pick, table: tableSeedArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dropTable' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('renameTable' as const), pick, to: pick, accept: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('addColumn' as const), pick, column: columnSeedArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('dropColumn' as const), pick, col: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('renameColumn' as const), pick, col: pick, to: pick, accept: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('widenType' as const), pick, col: pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('nullability' as const), pick, col: pick, backfill: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('setDefault' as const), pick, col: pick, choice: fc.option(fc.nat(5), { nil: null }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('addIndex' as const), pick, index: indexSeedArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dropIndex' as const), pick, n: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('addUnique' as const), pick, unique: uniqueSeedArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dropUnique' as const), pick, n: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('addCheck' as const), pick, check: checkSeedArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dropCheck' as const), pick, n: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('changeIndex' as const), pick, n: pick, how: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('changeCheck' as const), pick, n: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('addPrimaryKey' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dropPrimaryKey' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('addForeignKey' as const), pick, ref: refSeedArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dropForeignKey' as const), pick, n: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('foreignKeyAction' as const), pick, n: pick, onDelete: actionArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('addEnumValue' as const), status: fc.boolean(), value: pick, before: fc.option(pick, { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tableComment' as const), pick, comment: fc.option(fc.constantFrom(...COMMENTS), { nil: null }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('columnComment' as const), pick, col: pick, comment: fc.option(fc.constantFrom(...COMMENTS), { nil: null }) }) },
);

// --- resolving seeds into drafts ----------------------------------------------------------------------

export const at = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);

export function enumOfType(type: TypeKey, enums: readonly EnumDraft[]): EnumDraft | undefined {
  if (type === 'mood') return enums.find((e) => e.key === 'mood');
  if (type === 'status') return enums.find((e) => e.key === 'app.status');
  return undefined;
}

/** The primary key columns of a table, in key order. */
export function primaryKeyOf(table: TableDraft): string[] {
  return table.pkExtra ? table.pkExtra.columns : table.columns.filter((c) => c.primaryKey).map((c) => c.name);
}

/** The type a column referencing a key column of this type has. */
function referencingType(type: TypeKey): TypeKey {
  if (type === 'serial') return 'integer';
  if (type === 'bigserial') return 'bigint';
  if (type === 'smallserial') return 'smallint';
  return type;
}

const BTREE_FAMILIES: ReadonlySet<Family> = new Set(['int', 'serial', 'float', 'numeric', 'boolean', 'text', 'varchar', 'char', 'date', 'time', 'timestamp', 'timestamptz', 'interval', 'uuid', 'jsonb', 'bytea', 'enum', 'inet', 'array']);
const btree = (c: ColumnDraft): boolean => BTREE_FAMILIES.has(info(c.type).family);
const intLike = (c: ColumnDraft): boolean => ['int', 'serial'].includes(info(c.type).family);

function pkColumns(kind: PkKind): { columns: ColumnDraft[]; extra?: { name?: string; columns: string[] } } {
  switch (kind) {
    case 'serial': return { columns: [{ name: 'id', type: 'serial', notNull: true, primaryKey: true }] };
    case 'bigserial': return { columns: [{ name: 'id', type: 'bigserial', notNull: true, primaryKey: true }] };
    case 'identity': return { columns: [{ name: 'id', type: 'integer', notNull: true, primaryKey: true, identity: 'always' }] };
    case 'bigIdentity': return { columns: [{ name: 'id', type: 'bigint', notNull: true, primaryKey: true, identity: 'byDefault' }] };
    case 'uuid': return { columns: [{ name: 'id', type: 'uuid', notNull: true, primaryKey: true, default: { sql: 'gen_random_uuid()' } }] };
    case 'integer': return { columns: [{ name: 'id', type: 'integer', notNull: true, primaryKey: true }] };
    case 'integerNamed': return { columns: [{ name: 'id', type: 'integer', notNull: false }], extra: { name: 'pk', columns: ['id'] } };
    case 'composite': return { columns: [{ name: 'k1', type: 'integer', notNull: false }, { name: 'k2', type: 'text', notNull: false }], extra: { columns: ['k1', 'k2'] } };
    case 'compositeNamed': return { columns: [{ name: 'k2', type: 'text', notNull: true }, { name: 'k1', type: 'integer', notNull: true }], extra: { name: 'pk', columns: ['k1', 'k2'] } };
    case 'compositeColumns': return { columns: [{ name: 'k1', type: 'integer', notNull: true, primaryKey: true }, { name: 'k2', type: 'text', notNull: true, primaryKey: true }] };
    case 'none': return { columns: [] };
  }
}

/** A default for the type; an enum default is pinned to a value now (a value added later must not shift it). */
export function defaultFor(type: TypeKey, pickN: number, enums: readonly EnumDraft[]): DefaultDraft | undefined {
  const d = at(info(type).defaults, pickN);
  if (!d || !('enumValue' in d)) return d;
  const value = at(enumOfType(type, enums)?.values ?? [], d.enumValue);
  return value === undefined ? undefined : { value };
}

/** A column from a seed, in the context of the columns before it; undefined when its name is taken. */
export function resolveColumn(seed: ColumnSeed, existing: readonly ColumnDraft[], enums: readonly EnumDraft[], name = seed.name): ColumnDraft | undefined {
  if (existing.some((c) => c.name === name)) return undefined;
  const column: ColumnDraft = { name, type: seed.type, notNull: seed.notNull };
  const family = info(seed.type).family;
  const sources = existing.filter((c) => !c.generated && (family === 'int' ? ['smallint', 'integer'].includes(c.type) : c.type === 'text'));
  const source = seed.generated && (seed.type === 'integer' || seed.type === 'bigint' || seed.type === 'text') ? sources[0] : undefined;
  if (source) column.generated = { from: source.name, fn: family === 'int' ? 'double' : 'upper' };
  else if (seed.identity && family === 'int') column.identity = seed.identity;
  else if (seed.defaultPick !== null) {
    const d = defaultFor(seed.type, seed.defaultPick, enums);
    if (d) column.default = d;
  }
  // KNOWN LIMITATION: PostgreSQL cuts identifiers to 63 bytes and the models keep an explicit longer name, so it never
  // converges; explicit names stay short (default names are cut by the DSL like PostgreSQL does).
  const short = name.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 16);
  if (seed.unique !== 'none' && btree(column)) column.unique = seed.unique === 'named' ? { name: `uq_${short}` } : {};
  if (seed.comment !== null) column.comment = seed.comment;
  return column;
}

export function tableShell(key: TableKey, seed: TableSeed, enums: readonly EnumDraft[]): TableDraft {
  const { schema, name } = splitKey(key);
  const pk = pkColumns(seed.pk);
  const columns = [...pk.columns];
  for (const c of seed.columns) {
    const column = resolveColumn(c, columns, enums);
    if (column) columns.push(column);
  }
  const table: TableDraft = { key, ...(schema ? { schema } : {}), name, columns, uniques: [], indexes: [], checks: [], foreignKeys: [] };
  if (pk.extra) table.pkExtra = pk.extra.name ? { name: `${pk.extra.name}_${name.toLowerCase()}`, columns: pk.extra.columns } : { columns: pk.extra.columns };
  if (seed.comment !== null) table.comment = seed.comment;
  // named uniques must be unique per schema: qualify them with the table
  for (const c of columns) if (c.unique?.name) c.unique = { name: `${c.unique.name}_${lowerName(table)}` };
  return table;
}

/** Add a foreign key (and its columns) from `table` to the key of `target`; the new columns, or [] when not possible. */
export function addReference(table: TableDraft, target: TableDraft, seed: RefSeed, serial: number): ColumnDraft[] {
  const keyCols = primaryKeyOf(target);
  if (keyCols.length === 0) return [];
  const prefix = target === table ? 'parent' : lowerName(target);
  const names = keyCols.length === 1 ? [`${prefix}_id`] : keyCols.map((k) => `${prefix}_${k}`);
  if (names.some((n) => table.columns.some((c) => c.name === n))) return [];
  const added: ColumnDraft[] = [];
  const types = keyCols.map((k) => referencingType(target.columns.find((c) => c.name === k)?.type ?? 'integer'));
  const actions = { ...(seed.onDelete ? { onDelete: seed.onDelete } : {}), ...(seed.onUpdate ? { onUpdate: seed.onUpdate } : {}) };
  const fkName = seed.named ? `fk_${lowerName(table)}_${serial}` : undefined;
  const columnLevel = keyCols.length === 1 && (seed.style === 'thunk' || seed.style === 'string');
  names.forEach((n, i) => {
    const column: ColumnDraft = { name: n, type: types[i] ?? 'integer', notNull: seed.notNull };
    if (columnLevel) {
      column.references = { table: target.key, column: keyCols[0] ?? 'id', style: seed.style === 'thunk' ? 'thunk' : 'string', ...actions, ...(fkName ? { name: fkName } : {}) };
    }
    table.columns.push(column);
    added.push(column);
  });
  if (!columnLevel) {
    table.foreignKeys.push({
      ...(fkName ? { name: fkName } : {}),
      columns: names,
      table: target.key,
      refColumns: keyCols,
      style: seed.style === 'extraObject' ? 'object' : 'thunk',
      ...actions,
    });
  }
  return added;
}

export function indexFrom(table: TableDraft, seed: IndexSeed, name: string): IndexDraft | undefined {
  const cols = table.columns;
  const of = (filter: (c: ColumnDraft) => boolean): ColumnDraft | undefined => at(cols.filter(filter), seed.a);
  switch (seed.kind) {
    case 'plain': case 'unique': case 'desc': case 'btreeExplicit': {
      const c = of(btree);
      if (!c) return undefined;
      const ix: IndexDraft = { name, parts: [seed.kind === 'desc' ? { column: c.name, desc: true } : { column: c.name }] };
      if (seed.kind === 'unique') ix.unique = true;
      if (seed.kind === 'btreeExplicit') ix.using = 'btree';
      return ix;
    }
    case 'pair': {
      const usable = cols.filter(btree);
      const a = at(usable, seed.a);
      const b = at(usable.filter((c) => c !== a), seed.b);
      if (!a || !b) return undefined;
      const ix: IndexDraft = { name, parts: [{ column: a.name }, seed.b % 2 === 0 ? { column: b.name, desc: true } : { column: b.name }] };
      if (seed.a % 2 === 0) ix.unique = true;
      return ix;
    }
    case 'partialNotNull': {
      const c = of(btree);
      const w = at(cols, seed.b);
      return c && w ? { name, parts: [{ column: c.name }], unique: true, where: { column: w.name, test: 'notNull' } } : undefined;
    }
    case 'partialPositive': {
      const c = of(btree);
      const w = at(cols.filter(intLike), seed.b);
      return c && w ? { name, parts: [{ column: c.name }], where: { column: w.name, test: 'positive' } } : undefined;
    }
    case 'lower': {
      const c = of((x) => x.type === 'text');
      return c ? { name, parts: [{ lowerOf: c.name }], unique: seed.b % 2 === 0 } : undefined;
    }
    case 'gin': {
      const c = of((x) => x.type === 'jsonb' || x.type === 'text_array');
      return c ? { name, parts: [{ column: c.name }], using: 'gin' } : undefined;
    }
  }
}

export function checkFrom(table: TableDraft, seed: CheckSeed, name: string, enums: readonly EnumDraft[]): CheckDraft | undefined {
  const cols = table.columns.filter((c) => !c.generated);
  if (seed.pair) {
    const ints = cols.filter((c) => info(c.type).family === 'int');
    const a = at(ints, seed.a);
    const b = at(ints.filter((c) => c !== a), seed.b);
    return a && b ? { name, kind: 'lessThan', columns: [a.name, b.name] } : undefined;
  }
  const c = at(cols, seed.a);
  if (!c) return undefined;
  const family = info(c.type).family;
  if (['int', 'serial', 'float', 'numeric'].includes(family)) return { name, kind: 'nonNegative', columns: [c.name] };
  if (family === 'text' || family === 'char') return { name, kind: 'nonEmpty', columns: [c.name] };
  // PostgreSQL prints length(v) of a varchar as length(v::text): the model spells it that way (see normalize.ts)
  if (family === 'varchar') return { name, kind: 'nonEmptyCast', columns: [c.name] };
  if (family === 'date') return { name, kind: 'after2000', columns: [c.name] };
  if (family === 'enum') {
    const value = enumOfType(c.type, enums)?.values[seed.b % 2];
    if (value !== undefined) return { name, kind: 'notValue', columns: [c.name], value };
  }
  return { name, kind: 'notNull', columns: [c.name] };
}

function uniqueFrom(table: TableDraft, seed: UniqueSeed, name: string): { name?: string; columns: string[] } | undefined {
  const usable = table.columns.filter(btree);
  const a = at(usable, seed.a);
  if (!a) return undefined;
  const b = seed.b === null ? undefined : at(usable.filter((c) => c !== a), seed.b);
  const columns = b ? [a.name, b.name] : [a.name];
  return seed.named ? { name, columns } : { columns };
}

/**
 * Constraint names of a table, including the default ones (cut to 63 bytes like PostgreSQL does), to avoid duplicates.
 * (Default names equal once cut are numbered by the DSL like PostgreSQL does; explicit names stay distinct here.)
 */
export function usedNames(table: TableDraft): Set<string> {
  const names = new Set<string>();
  for (const u of table.uniques) names.add(u.name ?? defaultUniqueName(table.name, u.columns));
  for (const c of table.columns) if (c.unique) names.add(c.unique.name ?? defaultUniqueName(table.name, [c.name]));
  for (const ix of table.indexes) names.add(ix.name);
  for (const ck of table.checks) names.add(ck.name);
  for (const fk of table.foreignKeys) names.add(fk.name ?? defaultForeignKeyName(table.name, fk.columns));
  for (const c of table.columns) if (c.references) names.add(c.references.name ?? defaultForeignKeyName(table.name, [c.name]));
  return names;
}

export function freshName(table: TableDraft, prefix: string): string {
  const used = usedNames(table);
  for (let i = 1; ; i++) {
    const name = `${prefix}_${lowerName(table)}_${i}`;
    if (!used.has(name)) return name;
  }
}

export function addUnique(table: TableDraft, seed: UniqueSeed): string | undefined {
  const u = uniqueFrom(table, seed, freshName(table, 'uq'));
  if (!u) return undefined;
  const name = u.name ?? defaultUniqueName(table.name, u.columns);
  if (usedNames(table).has(name)) return undefined;
  // a unique repeating the primary key or another unique is kept too (athanor adds it after CREATE TABLE)
  table.uniques.push(u);
  return `unique ${name} on ${u.columns.join(', ')}`;
}

export function addExtras(table: TableDraft, seed: Pick<TableSeed, 'indexes' | 'uniques' | 'checks'>, enums: readonly EnumDraft[]): void {
  for (const s of seed.indexes) {
    const ix = indexFrom(table, s, freshName(table, 'ix'));
    if (ix) table.indexes.push(ix);
  }
  for (const s of seed.uniques) addUnique(table, s);
  for (const s of seed.checks) {
    const ck = checkFrom(table, s, freshName(table, 'ck'), enums);
    if (ck) table.checks.push(ck);
  }
}

function enumsFrom(seed: ModelSeed): EnumDraft[] {
  return [
    { key: 'mood', name: 'mood', values: [...seed.mood.values], exported: seed.mood.exported },
    { key: 'app.status', schema: 'app', name: 'status', values: [...seed.status.values], exported: seed.status.exported },
  ];
}

export function resolveModel(seed: ModelSeed): ModelDraft {
  const enums = enumsFrom(seed);
  const tables: TableDraft[] = [];
  const present: Array<[TableDraft, TableSeed]> = [];
  seed.tables.forEach((s, i) => {
    const key = TABLE_KEYS[i];
    if (s && key) {
      const table = tableShell(key, s, enums);
      tables.push(table);
      present.push([table, s]);
    }
  });
  const model: ModelDraft = { enums, tables };
  for (const [table, s] of present) {
    s.refs.forEach((r, i) => {
      const target = tables.find((t) => t.key === r.to);
      if (target) addReference(table, target, r, i + 1);
    });
    addExtras(table, s, enums);
  }
  return model;
}
