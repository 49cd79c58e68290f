// Table extras: indexes and table-level constraints, returned by a table's extras function.
// Builders are staged (`index(name)` only offers `.on(…)`) so an unfinished extra is a compile error.
import { UsageError } from '../errors.js';
import type { ColumnRef, IndexColumn, IndexExpression } from './columns.js';
import type { Deferrable } from './deferrable.js';
import type { ReferentialAction } from './types.js';

/** Key of an extra's state; Symbol.for so extras from another loaded copy of athanor are still recognised. */
export const EXTRA_STATE: unique symbol = Symbol.for('athanor.extraState');

/** An index part: a column, a column with key options (`c.x.desc()`, `c.x.prefix(10)`), a SQL expression string or indexExpression(). */
export type IndexTarget = ColumnRef | IndexColumn | IndexExpression | string;

/** A primary key column, or (MySQL) its first n characters: `primaryKey().on(c.name.prefix(50))`. */
export type PrimaryKeyTarget<K extends string = string> = ColumnRef<K> | IndexColumn<K>;

/** Referenced columns of a composite foreign key; the thunk returns `[other.x, other.y]` (void-typed: see ColumnTarget). */
export type ForeignKeyTarget =
  | (() => void)
  | { readonly table: string; readonly schema?: string; readonly columns: readonly string[] };

export type ExtraState =
  | {
      readonly kind: 'index';
      readonly name: string;
      readonly parts: readonly IndexTarget[];
      readonly unique: boolean;
      readonly where?: string;
      readonly using?: string;
      readonly include?: readonly ColumnRef[];
    }
  | { readonly kind: 'unique'; readonly name?: string; readonly columns: readonly ColumnRef[]; readonly include?: readonly ColumnRef[] }
  | {
      readonly kind: 'primaryKey';
      readonly name?: string;
      readonly columns: readonly PrimaryKeyTarget[];
      readonly include?: readonly ColumnRef[];
    }
  | {
      readonly kind: 'foreignKey';
      readonly name?: string;
      readonly columns: readonly ColumnRef[];
      readonly target: ForeignKeyTarget;
      readonly onDelete?: ReferentialAction;
      readonly onUpdate?: ReferentialAction;
      readonly deferrable?: Deferrable;
    }
  | { readonly kind: 'check'; readonly name: string; readonly expression: string }
  | { readonly kind: 'exclude'; readonly name: string; readonly definition: string };

type StateOf<K extends ExtraState['kind']> = Extract<ExtraState, { kind: K }>;

function requireName(fn: string, name: unknown): string {
  if (typeof name !== 'string' || name === '') throw new UsageError(`${fn}(): a name is required`);
  return name;
}

function optionalName(name: string | undefined): { name?: string } {
  return name === undefined ? {} : { name };
}

export class IndexBuilder {
  readonly #brand = 'index';
  readonly [EXTRA_STATE]: StateOf<'index'>;
  constructor(state: StateOf<'index'>) {
    this[EXTRA_STATE] = Object.freeze(state);
  }
  /** Partial index predicate, SQL. */
  where(sql: string): IndexBuilder {
    return new IndexBuilder({ ...this[EXTRA_STATE], where: sql });
  }
  /** Access method, e.g. 'gin'. */
  using(method: string): IndexBuilder {
    return new IndexBuilder({ ...this[EXTRA_STATE], using: method });
  }
  /** PostgreSQL: INCLUDE (columns), stored in the index without being part of the key. */
  include(first: ColumnRef, ...rest: ColumnRef[]): IndexBuilder {
    return new IndexBuilder({ ...this[EXTRA_STATE], include: [first, ...rest] });
  }
}

export class IndexStart {
  readonly #name: string;
  readonly #unique: boolean;
  constructor(name: string, unique: boolean) {
    this.#name = name;
    this.#unique = unique;
  }
  on(first: IndexTarget, ...rest: IndexTarget[]): IndexBuilder {
    return new IndexBuilder({ kind: 'index', name: this.#name, parts: [first, ...rest], unique: this.#unique });
  }
}

export class UniqueBuilder {
  readonly #brand = 'unique';
  readonly [EXTRA_STATE]: StateOf<'unique'>;
  constructor(state: StateOf<'unique'>) {
    this[EXTRA_STATE] = Object.freeze(state);
  }
  /** PostgreSQL: INCLUDE (columns), stored in the constraint's index without being part of the key. */
  include(first: ColumnRef, ...rest: ColumnRef[]): UniqueBuilder {
    return new UniqueBuilder({ ...this[EXTRA_STATE], include: [first, ...rest] });
  }
}

export class UniqueStart {
  readonly #name: string | undefined;
  constructor(name: string | undefined) {
    this.#name = name;
  }
  on(first: ColumnRef, ...rest: ColumnRef[]): UniqueBuilder {
    return new UniqueBuilder({ kind: 'unique', ...optionalName(this.#name), columns: [first, ...rest] });
  }
}

/** `K`: the names of its columns, as a type (the row types make them NOT NULL). */
export class PrimaryKeyBuilder<K extends string = string> {
  readonly #brand = 'primaryKey';
  readonly [EXTRA_STATE]: StateOf<'primaryKey'> & { readonly columns: readonly PrimaryKeyTarget<K>[] };
  constructor(state: StateOf<'primaryKey'> & { readonly columns: readonly PrimaryKeyTarget<K>[] }) {
    this[EXTRA_STATE] = Object.freeze(state);
  }
  /** PostgreSQL: INCLUDE (columns), stored in the key's index without being part of the key. */
  include(first: ColumnRef, ...rest: ColumnRef[]): PrimaryKeyBuilder<K> {
    return new PrimaryKeyBuilder<K>({ ...this[EXTRA_STATE], include: [first, ...rest] });
  }
}

export class PrimaryKeyStart {
  readonly #name: string | undefined;
  constructor(name: string | undefined) {
    this.#name = name;
  }
  on<K extends string>(first: PrimaryKeyTarget<K>, ...rest: PrimaryKeyTarget<K>[]): PrimaryKeyBuilder<K> {
    return new PrimaryKeyBuilder({ kind: 'primaryKey', ...optionalName(this.#name), columns: [first, ...rest] });
  }
}

export class ForeignKeyBuilder {
  readonly #brand = 'foreignKey';
  readonly [EXTRA_STATE]: StateOf<'foreignKey'>;
  constructor(state: StateOf<'foreignKey'>) {
    this[EXTRA_STATE] = Object.freeze(state);
  }
  onDelete(action: ReferentialAction): ForeignKeyBuilder {
    return new ForeignKeyBuilder({ ...this[EXTRA_STATE], onDelete: action });
  }
  onUpdate(action: ReferentialAction): ForeignKeyBuilder {
    return new ForeignKeyBuilder({ ...this[EXTRA_STATE], onUpdate: action });
  }
  /** PostgreSQL: checked at COMMIT (`'deferred'`) or DEFERRABLE INITIALLY IMMEDIATE (`'immediate'`, the default here). */
  deferrable(when: Deferrable = 'immediate'): ForeignKeyBuilder {
    return new ForeignKeyBuilder({ ...this[EXTRA_STATE], deferrable: when });
  }
}

export class ForeignKeyColumns {
  readonly #name: string | undefined;
  readonly #columns: readonly ColumnRef[];
  constructor(name: string | undefined, columns: readonly ColumnRef[]) {
    this.#name = name;
    this.#columns = columns;
  }
  /** `() => [other.x, other.y]` (lazy) or `{ table: 'other', schema?: 'app', columns: ['x', 'y'] }`. */
  references(target: ForeignKeyTarget): ForeignKeyBuilder {
    if (typeof target !== 'function' && (typeof target !== 'object' || target === null)) {
      throw new UsageError("foreignKey().references(): expected () => [table.col, …] or { table, columns }");
    }
    return new ForeignKeyBuilder({ kind: 'foreignKey', ...optionalName(this.#name), columns: this.#columns, target });
  }
}

export class ForeignKeyStart {
  readonly #name: string | undefined;
  constructor(name: string | undefined) {
    this.#name = name;
  }
  on(first: ColumnRef, ...rest: ColumnRef[]): ForeignKeyColumns {
    return new ForeignKeyColumns(this.#name, [first, ...rest]);
  }
}

export class CheckBuilder {
  readonly #brand = 'check';
  readonly [EXTRA_STATE]: StateOf<'check'>;
  constructor(state: StateOf<'check'>) {
    this[EXTRA_STATE] = Object.freeze(state);
  }
}

export class ExcludeBuilder {
  readonly #brand = 'exclude';
  readonly [EXTRA_STATE]: StateOf<'exclude'>;
  constructor(state: StateOf<'exclude'>) {
    this[EXTRA_STATE] = Object.freeze(state);
  }
}

/** Anything a table's extras function may return. */
export type TableExtra = IndexBuilder | UniqueBuilder | PrimaryKeyBuilder | ForeignKeyBuilder | CheckBuilder | ExcludeBuilder;

export function index(name: string): IndexStart {
  return new IndexStart(requireName('index', name), false);
}

export function uniqueIndex(name: string): IndexStart {
  return new IndexStart(requireName('uniqueIndex', name), true);
}

/** A UNIQUE constraint; named `<table>_<cols>_key` when no name is given. */
export function unique(name?: string): UniqueStart {
  return new UniqueStart(name);
}

/** A (composite) primary key; named `<table>_pkey` when no name is given. */
export function primaryKey(name?: string): PrimaryKeyStart {
  return new PrimaryKeyStart(name);
}

/** A (composite) foreign key; named `<table>_<cols>_fkey` when no name is given. */
export function foreignKey(name?: string): ForeignKeyStart {
  return new ForeignKeyStart(name);
}

export function check(name: string, expression: string): CheckBuilder {
  requireName('check', name);
  if (typeof expression !== 'string' || expression.trim() === '') {
    throw new UsageError(`check("${name}"): expected a SQL expression`);
  }
  return new CheckBuilder({ kind: 'check', name, expression });
}

/**
 * PostgreSQL: an exclusion constraint, its definition after EXCLUDE as PostgreSQL prints it:
 * `exclude('no_overlap', 'USING gist (room WITH =, during WITH &&)')`.
 */
export function exclude(name: string, definition: string): ExcludeBuilder {
  requireName('exclude', name);
  if (typeof definition !== 'string' || definition.trim() === '') {
    throw new UsageError(`exclude("${name}"): expected its definition, e.g. 'USING gist (room WITH =, during WITH &&)'`);
  }
  return new ExcludeBuilder({ kind: 'exclude', name, definition: definition.trim().replace(/^exclude\s+/i, '') });
}

export function isTableExtra(x: unknown): x is TableExtra {
  return typeof x === 'object' && x !== null && EXTRA_STATE in x;
}
