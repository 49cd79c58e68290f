// Column builders (`t.integer().notNull()…`) and column references (`todos.id`).
// Builders are immutable: every modifier returns a new builder, so a shared builder can be reused safely.
import { UsageError } from '../errors.js';
import { type EnumType, isEnum } from './enum.js';
import type { ColumnSpec, ColumnType, DefaultValue, ReferentialAction, TableRef } from './types.js';

/** Key of a builder's state; Symbol.for so builders from another loaded copy of athanor are still recognised. */
export const COLUMN_STATE: unique symbol = Symbol.for('athanor.columnState');
/** Key of the table definition a column reference belongs to (used to reject foreign columns in extras). */
export const COLUMN_OWNER: unique symbol = Symbol.for('athanor.columnOwner');

/** A column of a declared table: what `.references()` and table extras point at. */
export class ColumnRef {
  readonly table: TableRef;
  readonly name: string;
  readonly [COLUMN_OWNER]: object;
  constructor(table: TableRef, name: string, owner: object) {
    this.table = table;
    this.name = name;
    this[COLUMN_OWNER] = owner;
    Object.freeze(this);
  }
  /** This column sorted descending, for index parts: `index('ix').on(c.createdAt.desc())`. */
  desc(): IndexColumn {
    return new IndexColumn(this, true);
  }
}

/** An index part on a column with an explicit sort order. */
export class IndexColumn {
  constructor(
    readonly column: ColumnRef,
    readonly desc: boolean,
  ) {
    Object.freeze(this);
  }
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
  readonly comment?: string;
}

export class ColumnBuilder {
  readonly [COLUMN_STATE]: ColumnState;

  constructor(state: ColumnState) {
    this[COLUMN_STATE] = Object.freeze(state);
    Object.freeze(this);
  }

  #with(patch: Partial<ColumnState>): ColumnBuilder {
    return new ColumnBuilder({ ...this[COLUMN_STATE], ...patch });
  }

  /** Part of the primary key (several columns with .primaryKey() form one composite key). Implies NOT NULL. */
  primaryKey(): ColumnBuilder {
    return this.#with({ primaryKey: true });
  }
  notNull(): ColumnBuilder {
    return this.#with({ nullable: false });
  }
  nullable(): ColumnBuilder {
    return this.#with({ nullable: true });
  }
  /** A single-column UNIQUE constraint; named `<table>_<column>_key` unless a name is given. */
  unique(name?: string): ColumnBuilder {
    return this.#with({ unique: name === undefined ? {} : { name } });
  }
  /** A literal default, quoted by the dialect. */
  default(value: DefaultLiteral): ColumnBuilder {
    const kind = value === null ? 'null' : typeof value;
    if (kind !== 'null' && kind !== 'string' && kind !== 'number' && kind !== 'boolean') {
      throw new UsageError(`.default(): expected a string, number, boolean or null (got ${kind}); use .defaultSql() for expressions`);
    }
    return this.#with({ default: { kind: 'value', value } });
  }
  /** A default written as SQL, used verbatim: `.defaultSql('now()')`. */
  defaultSql(sql: string): ColumnBuilder {
    if (typeof sql !== 'string' || sql.trim() === '') throw new UsageError('.defaultSql(): expected a non-empty SQL string');
    return this.#with({ default: { kind: 'sql', sql } });
  }
  /** A single-column foreign key; named `<table>_<column>_fkey` unless options.name is given. */
  references(target: ColumnTarget, options: ReferenceOptions = {}): ColumnBuilder {
    if (typeof target !== 'function' && typeof target !== 'string') {
      throw new UsageError(".references(): expected () => table.column or 'table.column'");
    }
    return this.#with({ references: { target, options: { ...options } } });
  }
  /** GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY. Implies NOT NULL. */
  identity(kind: Identity = 'byDefault'): ColumnBuilder {
    if (kind !== 'always' && kind !== 'byDefault') throw new UsageError(".identity(): expected 'always' or 'byDefault'");
    return this.#with({ identity: kind });
  }
  /** GENERATED ALWAYS AS (expression) STORED */
  generated(expression: string): ColumnBuilder {
    if (typeof expression !== 'string' || expression.trim() === '') throw new UsageError('.generated(): expected a SQL expression');
    return this.#with({ generated: expression });
  }
  comment(text: string): ColumnBuilder {
    return this.#with({ comment: text });
  }
}

export function isColumnBuilder(x: unknown): x is ColumnBuilder {
  return typeof x === 'object' && x !== null && COLUMN_STATE in x;
}

function typed(type: ColumnType): ColumnBuilder {
  return new ColumnBuilder({ type, primaryKey: false });
}

function checkCount(what: string, value: number | undefined, min: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min) throw new UsageError(`t.${what}: expected an integer >= ${min} (got ${String(value)})`);
}

function withLength(name: 'varchar' | 'char', length?: number): ColumnBuilder {
  checkCount(`${name}() length`, length, 1);
  return typed(length === undefined ? { name } : { name, length });
}

function withPrecision(name: 'time' | 'timestamp' | 'timestamptz', precision?: number): ColumnBuilder {
  checkCount(`${name}() precision`, precision, 0);
  return typed(precision === undefined ? { name } : { name, precision });
}

/** Column type builders. */
export const t = Object.freeze({
  smallint: (): ColumnBuilder => typed({ name: 'smallint' }),
  integer: (): ColumnBuilder => typed({ name: 'integer' }),
  bigint: (): ColumnBuilder => typed({ name: 'bigint' }),
  /** auto-incrementing; NOT NULL like PostgreSQL makes it */
  smallserial: (): ColumnBuilder => typed({ name: 'smallserial' }),
  serial: (): ColumnBuilder => typed({ name: 'serial' }),
  bigserial: (): ColumnBuilder => typed({ name: 'bigserial' }),
  real: (): ColumnBuilder => typed({ name: 'real' }),
  double: (): ColumnBuilder => typed({ name: 'double' }),
  numeric: (precision?: number, scale?: number): ColumnBuilder => {
    checkCount('numeric() precision', precision, 1);
    checkCount('numeric() scale', scale, 0);
    if (scale !== undefined && precision === undefined) throw new UsageError('t.numeric(): a scale needs a precision');
    const type: ColumnType = { name: 'numeric' };
    if (precision !== undefined) type.precision = precision;
    if (scale !== undefined) type.scale = scale;
    return typed(type);
  },
  boolean: (): ColumnBuilder => typed({ name: 'boolean' }),
  text: (): ColumnBuilder => typed({ name: 'text' }),
  varchar: (length?: number): ColumnBuilder => withLength('varchar', length),
  char: (length?: number): ColumnBuilder => withLength('char', length),
  date: (): ColumnBuilder => typed({ name: 'date' }),
  time: (precision?: number): ColumnBuilder => withPrecision('time', precision),
  timestamp: (precision?: number): ColumnBuilder => withPrecision('timestamp', precision),
  timestamptz: (precision?: number): ColumnBuilder => withPrecision('timestamptz', precision),
  interval: (): ColumnBuilder => typed({ name: 'interval' }),
  uuid: (): ColumnBuilder => typed({ name: 'uuid' }),
  json: (): ColumnBuilder => typed({ name: 'json' }),
  jsonb: (): ColumnBuilder => typed({ name: 'jsonb' }),
  bytea: (): ColumnBuilder => typed({ name: 'bytea' }),
  enum: (e: EnumType): ColumnBuilder => {
    if (!isEnum(e)) throw new UsageError('t.enum(): expected an enum made with enumType()');
    const type: ColumnType = { name: 'enum', enumName: e.name, values: [...e.values] };
    if (e.schema !== undefined) type.enumSchema = e.schema;
    return new ColumnBuilder({ type, enumType: e, primaryKey: false });
  },
  /** Any other type, spelled as the database spells it: `t.custom('citext')`. */
  custom: (raw: string): ColumnBuilder => {
    if (typeof raw !== 'string' || raw.trim() === '') throw new UsageError('t.custom(): expected the SQL type name');
    return typed({ name: 'custom', raw });
  },
});

const SERIALS: ReadonlySet<string> = new Set(['smallserial', 'serial', 'bigserial']);

/** The column as the schema model sees it. NOT NULL when declared so, or for primary keys, serials and identities. */
export function columnSpecOf(builder: ColumnBuilder, name: string): ColumnSpec {
  if (!isColumnBuilder(builder)) throw new UsageError(`column "${name}": not a column builder (use t.integer(), t.text(), …)`);
  const s = builder[COLUMN_STATE];
  const implicitNotNull = s.primaryKey || s.identity !== undefined || SERIALS.has(s.type.name);
  const nullable = s.primaryKey ? false : (s.nullable ?? !implicitNotNull);
  const spec: ColumnSpec = { name, type: columnTypeOf(builder), nullable };
  if (s.default !== undefined) spec.default = { ...s.default };
  if (s.identity !== undefined) spec.identity = s.identity;
  if (s.generated !== undefined) spec.generated = s.generated;
  if (s.comment !== undefined) spec.comment = s.comment;
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
