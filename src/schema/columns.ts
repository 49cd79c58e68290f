// Column builders (`t.integer().notNull()…`) and column references (`todos.id`).
// Builders are immutable: every modifier returns a new builder, so a shared builder can be reused safely.
import { strictNamespace } from './strict-namespace.js';
import { UsageError } from '../errors.js';
import { type EnumType, isEnum } from './enum.js';
import type { JsonValue } from './json.js';
import type { ColumnSpec, ColumnType, DefaultValue, IndexKeyOptions, ReferentialAction, TableRef, TypeName } from './types.js';
import type { Deferrable } from './deferrable.js';

/** Key of a builder's state; Symbol.for so builders from another loaded copy of athanor are still recognised. */
export const COLUMN_STATE: unique symbol = Symbol.for('athanor.columnState');
/** Key of the table definition a column reference belongs to (used to reject foreign columns in extras). */
export const COLUMN_OWNER: unique symbol = Symbol.for('athanor.columnOwner');

/** A column of a declared table: what `.references()` and table extras point at. `K` is its name, as a type. */
export class ColumnRef<K extends string = string> {
  readonly table: TableRef;
  readonly name: K;
  readonly [COLUMN_OWNER]: object;
  constructor(table: TableRef, name: K, owner: object) {
    this.table = table;
    this.name = name;
    this[COLUMN_OWNER] = owner;
    Object.freeze(this);
  }
  /** This column sorted descending, for index parts: `index('ix').on(c.createdAt.desc())`. */
  desc(): IndexColumn {
    return new IndexColumn(this, { desc: true });
  }
  /** This column ascending (the default), to chain other key options: `c.a.asc().nullsFirst()`. */
  asc(): IndexColumn {
    return new IndexColumn(this, {});
  }
  /** MySQL: index only the first `length` characters: `index('ix_slug').on(c.slug.prefix(10))`. */
  prefix(length: number): IndexColumn<K> {
    return new IndexColumn(this, {}).prefix(length);
  }
  /** PostgreSQL: the key's operator class: `index('ix').on(c.name.opclass('text_pattern_ops'))`. */
  opclass(name: string): IndexColumn {
    return new IndexColumn(this, {}).opclass(name);
  }
  /** PostgreSQL: the key's collation, when not the column's: `c.name.collate('C')`. */
  collate(name: string): IndexColumn {
    return new IndexColumn(this, {}).collate(name);
  }
  nullsFirst(): IndexColumn {
    return new IndexColumn(this, { nulls: 'first' });
  }
  nullsLast(): IndexColumn {
    return new IndexColumn(this, { nulls: 'last' });
  }
}

/** How an index key is ordered and compared (see IndexKeyOptions in types.ts), plus MySQL's prefix length. */
export interface IndexKeyState extends IndexKeyOptions {
  prefix?: number;
}

function checkName(what: string, name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw new UsageError(`${what}: expected a name`);
  return name;
}

/** An index key with options; immutable like the builders. `target` is a column or a SQL expression. */
abstract class IndexKey<Self> {
  constructor(readonly options: IndexKeyState) {
    Object.freeze(this.options);
  }
  protected abstract with(options: IndexKeyState): Self;
  desc(): Self {
    return this.with({ ...this.options, desc: true });
  }
  nullsFirst(): Self {
    return this.with({ ...this.options, nulls: 'first' });
  }
  nullsLast(): Self {
    return this.with({ ...this.options, nulls: 'last' });
  }
  opclass(name: string): Self {
    return this.with({ ...this.options, opclass: checkName('.opclass()', name) });
  }
  collate(name: string): Self {
    return this.with({ ...this.options, collation: checkName('.collate()', name) });
  }
}

/** An index part on a column with options: `c.createdAt.desc()`, `c.slug.prefix(10)`, `c.name.opclass('…')`. */
export class IndexColumn<K extends string = string> extends IndexKey<IndexColumn<K>> {
  constructor(
    readonly column: ColumnRef<K>,
    options: IndexKeyState,
  ) {
    super(options);
    Object.freeze(this);
  }
  protected with(options: IndexKeyState): IndexColumn<K> {
    return new IndexColumn(this.column, options);
  }
  prefix(length: number): IndexColumn<K> {
    if (!Number.isInteger(length) || length < 1) throw new UsageError(`.prefix(): expected a length >= 1 (got ${String(length)})`);
    return new IndexColumn(this.column, { ...this.options, prefix: length });
  }
}

/** An index part on a SQL expression with options: `indexExpression('lower(email)').opclass('text_pattern_ops')`. */
export class IndexExpression extends IndexKey<IndexExpression> {
  constructor(
    readonly expression: string,
    options: IndexKeyState,
  ) {
    super(options);
    Object.freeze(this);
  }
  protected with(options: IndexKeyState): IndexExpression {
    return new IndexExpression(this.expression, options);
  }
}

/** An index key on an expression that needs options (a plain string part is an expression too). */
export function indexExpression(sql: string): IndexExpression {
  if (typeof sql !== 'string' || sql.trim() === '') throw new UsageError('indexExpression(): expected a SQL expression');
  return new IndexExpression(sql, {});
}

export function isColumnRef(x: unknown): x is ColumnRef {
  return (
    typeof x === 'object' &&
    x !== null &&
    COLUMN_OWNER in x &&
    typeof (x as { name?: unknown }).name === 'string' &&
    typeof (x as { table?: unknown }).table === 'object'
  );
}

/**
 * `() => users.id` (lazy, so tables may reference tables declared later or themselves), `'users.id'` or
 * `'app.users.id'`. The thunk is typed `() => void` on purpose: with `() => ColumnRef`, TypeScript would need
 * the table's type inside its own initializer and a self-reference would fail to compile (TS7022). What it
 * returns is checked when the spec is built.
 */
export type ColumnTarget = (() => void) | string;

export interface ReferenceOptions {
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  name?: string;
  /** PostgreSQL: DEFERRABLE INITIALLY IMMEDIATE (`'immediate'`) or INITIALLY DEFERRED (`'deferred'`) */
  deferrable?: Deferrable;
}

export type Identity = 'always' | 'byDefault';
export type DefaultLiteral = string | number | boolean | null;

/** Everything a builder has been told; read by the table and op code through COLUMN_STATE. */
export interface ColumnState {
  readonly type: ColumnType;
  /** set by t.enum(); lets schemaFromModule collect enums that are used but not exported */
  readonly enumType?: EnumType;
  /** explicit .notNull() (false) / .nullable() (true) */
  readonly nullable?: boolean;
  readonly primaryKey: boolean;
  readonly unique?: { readonly name?: string };
  readonly default?: DefaultValue;
  readonly references?: { readonly target: ColumnTarget; readonly options: ReferenceOptions };
  readonly identity?: Identity;
  readonly generated?: string;
  /** .generated(…, { virtual: true }): computed when read, not stored */
  readonly virtual?: true;
  readonly comment?: string;
  readonly charset?: string;
  readonly collation?: string;
  readonly statistics?: number;
  readonly onUpdate?: string;
}

/**
 * What the row types (schema/rows.ts) know of a column, at the type level only: its logical type, the TypeScript
 * value of json/enum/custom columns, and the modifiers that decide nullability and what an INSERT may leave out.
 */
export interface ColumnFacts {
  readonly type: TypeName;
  /** t.json<T>(), t.jsonb<T>(), t.enum(e) (its values), t.custom<T>(); unknown for the other types */
  readonly value: unknown;
  /** .notNull() → false, .nullable() → true; undefined: as the type and the other modifiers imply */
  readonly nullable: boolean | undefined;
  readonly primaryKey: boolean;
  readonly hasDefault: boolean;
  /** .identity() → 'always' | 'byDefault'; .generated() → 'computed' */
  readonly generated: Identity | 'computed' | 'no';
}

/** The facts of a fresh `t.<type>()` builder. */
export interface FreshColumn<T extends TypeName, V = unknown> {
  readonly type: T;
  readonly value: V;
  readonly nullable: undefined;
  readonly primaryKey: false;
  readonly hasDefault: false;
  readonly generated: 'no';
}

/** F with fact K set to V (a flat object type, so hovers stay readable). */
export type WithFact<F extends ColumnFacts, K extends keyof ColumnFacts, V extends ColumnFacts[K]> = {
  readonly [P in keyof F]: P extends K ? V : F[P];
};

/** Where a builder keeps its facts: a type-only key (nothing is stored under it at run time). */
export declare const FACTS: unique symbol;

export class ColumnBuilder<F extends ColumnFacts = ColumnFacts> {
  readonly [COLUMN_STATE]: ColumnState;
  declare readonly [FACTS]?: F;

  constructor(state: ColumnState) {
    this[COLUMN_STATE] = Object.freeze(state);
    Object.freeze(this);
  }

  #with<G extends ColumnFacts>(patch: Partial<ColumnState>): ColumnBuilder<G> {
    return new ColumnBuilder<G>({ ...this[COLUMN_STATE], ...patch });
  }

  /** Part of the primary key (several columns with .primaryKey() form one composite key). Implies NOT NULL. */
  primaryKey(): ColumnBuilder<WithFact<F, 'primaryKey', true>> {
    return this.#with({ primaryKey: true });
  }
  notNull(): ColumnBuilder<WithFact<F, 'nullable', false>> {
    return this.#with({ nullable: false });
  }
  nullable(): ColumnBuilder<WithFact<F, 'nullable', true>> {
    return this.#with({ nullable: true });
  }
  /** A single-column UNIQUE constraint; named `<table>_<column>_key` unless a name is given. */
  unique(name?: string): ColumnBuilder<F> {
    return this.#with({ unique: name === undefined ? {} : { name } });
  }
  /** A literal default, quoted by the dialect. */
  default(value: DefaultLiteral): ColumnBuilder<WithFact<F, 'hasDefault', true>> {
    const kind = value === null ? 'null' : typeof value;
    if (kind !== 'null' && kind !== 'string' && kind !== 'number' && kind !== 'boolean') {
      throw new UsageError(`.default(): expected a string, number, boolean or null (got ${kind}); use .defaultSql() for expressions`);
    }
    return this.#with({ default: { kind: 'value', value } });
  }
  /** A default written as SQL, used verbatim: `.defaultSql('now()')`. */
  defaultSql(sql: string): ColumnBuilder<WithFact<F, 'hasDefault', true>> {
    if (typeof sql !== 'string' || sql.trim() === '') throw new UsageError('.defaultSql(): expected a non-empty SQL string');
    return this.#with({ default: { kind: 'sql', sql } });
  }
  /** A single-column foreign key; named `<table>_<column>_fkey` unless options.name is given. */
  references(target: ColumnTarget, options: ReferenceOptions = {}): ColumnBuilder<F> {
    if (typeof target !== 'function' && typeof target !== 'string') {
      throw new UsageError(".references(): expected () => table.column or 'table.column'");
    }
    return this.#with({ references: { target, options: { ...options } } });
  }
  /** GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY. Implies NOT NULL. */
  identity(): ColumnBuilder<WithFact<F, 'generated', 'byDefault'>>;
  identity<K extends Identity>(kind: K): ColumnBuilder<WithFact<F, 'generated', K>>;
  identity(kind: Identity = 'byDefault'): ColumnBuilder<ColumnFacts> {
    if (kind !== 'always' && kind !== 'byDefault') throw new UsageError(".identity(): expected 'always' or 'byDefault'");
    return this.#with({ identity: kind });
  }
  /** GENERATED ALWAYS AS (expression) STORED; `{ virtual: true }`: VIRTUAL, computed when read (MySQL, SQLite) */
  generated(expression: string, options: { virtual?: boolean } = {}): ColumnBuilder<WithFact<F, 'generated', 'computed'>> {
    if (typeof expression !== 'string' || expression.trim() === '') throw new UsageError('.generated(): expected a SQL expression');
    return this.#with({ generated: expression, ...(options.virtual === true ? { virtual: true as const } : {}) });
  }
  comment(text: string): ColumnBuilder<F> {
    return this.#with({ comment: text });
  }
  /** COLLATE: `t.varchar(64).collate('utf8mb4_bin')` (MySQL), `t.text().collate('C')` (PostgreSQL). */
  collate(name: string): ColumnBuilder<F> {
    return this.#with({ collation: checkName('.collate()', name) });
  }
  /** MySQL: CHARACTER SET, when not the table's: `t.varchar(64).charset('latin1')`. */
  charset(name: string): ColumnBuilder<F> {
    return this.#with({ charset: checkName('.charset()', name) });
  }
  /** MySQL: ON UPDATE <sql>, the value an UPDATE writes when it does not set the column: `.onUpdateSql('CURRENT_TIMESTAMP')`. */
  onUpdateSql(sql: string): ColumnBuilder<F> {
    if (typeof sql !== 'string' || sql.trim() === '') throw new UsageError('.onUpdateSql(): expected SQL, e.g. CURRENT_TIMESTAMP');
    return this.#with({ onUpdate: sql.trim() });
  }
  /** PostgreSQL: the planner's statistics target for this column (ALTER COLUMN … SET STATISTICS n). */
  statistics(target: number): ColumnBuilder<F> {
    if (!Number.isInteger(target) || target < 0 || target > 10000) throw new UsageError(`.statistics(): expected an integer from 0 to 10000 (got ${String(target)})`);
    return this.#with({ statistics: target });
  }
}

export function isColumnBuilder(x: unknown): x is ColumnBuilder {
  return typeof x === 'object' && x !== null && COLUMN_STATE in x;
}

function typed<T extends TypeName, V = unknown>(type: ColumnType & { name: T }): ColumnBuilder<FreshColumn<T, V>> {
  return new ColumnBuilder({ type, primaryKey: false });
}

function checkCount(what: string, value: number | undefined, min: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min) throw new UsageError(`t.${what}: expected an integer >= ${min} (got ${String(value)})`);
}

function withLength<T extends 'varchar' | 'char'>(name: T, length?: number): ColumnBuilder<FreshColumn<T>> {
  checkCount(`${name}() length`, length, 1);
  return typed(length === undefined ? { name } : { name, length });
}

function withPrecision<T extends 'time' | 'timestamp' | 'timestamptz'>(name: T, precision?: number): ColumnBuilder<FreshColumn<T>> {
  checkCount(`${name}() precision`, precision, 0);
  return typed(precision === undefined ? { name } : { name, precision });
}

// Overloads, not a default type argument: inside table({ … }) the expected ColumnBuilder would make TypeScript
// infer T as unknown instead of falling back to the default.
/** JSON; `t.json<Settings>()` types its value. */
function json(): ColumnBuilder<FreshColumn<'json', JsonValue>>;
function json<T>(): ColumnBuilder<FreshColumn<'json', T>>;
function json(): ColumnBuilder<FreshColumn<'json'>> {
  return typed({ name: 'json' });
}

/** JSONB (JSON elsewhere); `t.jsonb<Settings>()` types its value. */
function jsonb(): ColumnBuilder<FreshColumn<'jsonb', JsonValue>>;
function jsonb<T>(): ColumnBuilder<FreshColumn<'jsonb', T>>;
function jsonb(): ColumnBuilder<FreshColumn<'jsonb'>> {
  return typed({ name: 'jsonb' });
}

/** Any other type, spelled as the database spells it: `t.custom('citext')`; `t.custom<string>('citext')` types its rows. */
function custom(raw: string): ColumnBuilder<FreshColumn<'custom', unknown>>;
function custom<T>(raw: string): ColumnBuilder<FreshColumn<'custom', T>>;
function custom(raw: string): ColumnBuilder<FreshColumn<'custom'>> {
  if (typeof raw !== 'string' || raw.trim() === '') throw new UsageError('t.custom(): expected the SQL type name');
  return typed({ name: 'custom', raw });
}

/**
 * Column type builders. Each builder's type carries what the row types need (schema/rows.ts): `t.jsonb<T>()`
 * types the JSON value, `t.enum(e)` the enum's values, `t.custom<T>('citext')` what the driver returns.
 */
export const t = strictNamespace(Object.freeze({
  smallint: () => typed({ name: 'smallint' }),
  integer: () => typed({ name: 'integer' }),
  bigint: () => typed({ name: 'bigint' }),
  /** auto-incrementing; NOT NULL like PostgreSQL makes it */
  smallserial: () => typed({ name: 'smallserial' }),
  serial: () => typed({ name: 'serial' }),
  bigserial: () => typed({ name: 'bigserial' }),
  real: () => typed({ name: 'real' }),
  double: () => typed({ name: 'double' }),
  numeric: (precision?: number, scale?: number): ColumnBuilder<FreshColumn<'numeric'>> => {
    checkCount('numeric() precision', precision, 1);
    checkCount('numeric() scale', scale, 0);
    if (scale !== undefined && precision === undefined) throw new UsageError('t.numeric(): a scale needs a precision');
    if (scale !== undefined && precision !== undefined && scale > precision) {
      throw new UsageError(`t.numeric(${precision}, ${scale}): the scale (digits after the point) cannot exceed the precision (all digits)`);
    }
    const type: ColumnType & { name: 'numeric' } = { name: 'numeric' };
    if (precision !== undefined) type.precision = precision;
    if (scale !== undefined) type.scale = scale;
    return typed(type);
  },
  boolean: () => typed({ name: 'boolean' }),
  text: () => typed({ name: 'text' }),
  varchar: (length?: number) => withLength('varchar', length),
  char: (length?: number) => withLength('char', length),
  date: () => typed({ name: 'date' }),
  time: (precision?: number) => withPrecision('time', precision),
  timestamp: (precision?: number) => withPrecision('timestamp', precision),
  timestamptz: (precision?: number) => withPrecision('timestamptz', precision),
  interval: () => typed({ name: 'interval' }),
  uuid: () => typed({ name: 'uuid' }),
  json,
  jsonb,
  bytea: () => typed({ name: 'bytea' }),
  enum: <V extends string>(e: EnumType<V>): ColumnBuilder<FreshColumn<'enum', V>> => {
    if (!isEnum(e)) throw new UsageError('t.enum(): expected an enum made with enumType()');
    const type: ColumnType = { name: 'enum', enumName: e.name, values: [...e.values] };
    if (e.schema !== undefined) type.enumSchema = e.schema;
    return new ColumnBuilder({ type, enumType: e, primaryKey: false });
  },
  custom,
}), 't', 'a column type');

const SERIALS: ReadonlySet<string> = new Set(['smallserial', 'serial', 'bigserial']);

/** The column as the schema model sees it. NOT NULL when declared so, or for primary keys, serials and identities. */
export function columnSpecOf(builder: ColumnBuilder, name: string): ColumnSpec {
  if (!isColumnBuilder(builder)) throw new UsageError(`column "${name}": not a column builder (use t.integer(), t.text(), …)`);
  const s = builder[COLUMN_STATE];
  const implicitNotNull = s.primaryKey || s.identity !== undefined || SERIALS.has(s.type.name);
  // a primary key is NOT NULL; `.primaryKey().nullable()` only says NOT NULL is not written (SQLite's rowid alias)
  const nullable = s.primaryKey ? s.nullable === true : (s.nullable ?? !implicitNotNull);
  const spec: ColumnSpec = { name, type: columnTypeOf(builder), nullable };
  if (s.default !== undefined) spec.default = { ...s.default };
  if (s.identity !== undefined) spec.identity = s.identity;
  if (s.generated !== undefined) spec.generated = s.generated;
  if (s.generated !== undefined && s.virtual) spec.virtual = true;
  if (s.comment !== undefined) spec.comment = s.comment;
  if (s.charset !== undefined) spec.charset = s.charset;
  if (s.collation !== undefined) spec.collation = s.collation;
  if (s.statistics !== undefined) spec.statistics = s.statistics;
  if (s.onUpdate !== undefined) spec.onUpdate = s.onUpdate;
  return spec;
}

/** Just the type of a builder, e.g. for op.alterColumn(…, { type: t.bigint() }). */
export function columnTypeOf(builder: ColumnBuilder): ColumnType {
  return { ...builder[COLUMN_STATE].type };
}

/** The enum a column uses, if any. */
export function columnEnumOf(builder: ColumnBuilder): EnumType | undefined {
  return builder[COLUMN_STATE].enumType;
}
