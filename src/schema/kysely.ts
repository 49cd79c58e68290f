// Kysely's database type from athanor's models, at the type level only (no run-time dependency on Kysely):
//   import type { KyselyDatabase } from 'athanor/kysely';
//   import * as models from './models.js';
//   const db = new Kysely<KyselyDatabase<typeof models>>({ dialect });
// Every exported table becomes one entry, keyed by its SQL name ("schema.table" outside the default schema);
// columns use Kysely's ColumnType/Generated/GeneratedAlways shapes, which Kysely recognises by structure.
import type { ColumnFacts } from './columns.js';
import type { DriverName } from './driver-values.js';
import type { ColumnsOfTable, HasFill, IsReadOnly, SelectType, TableTypesOf, TypedTable, WriteType } from './rows.js';

/** Kysely's ColumnType: a column read as S, inserted as I and updated as U (`never`: not writable). */
export type ColumnType<S, I = S, U = S> = {
  readonly __select__: S;
  readonly __insert__: I;
  readonly __update__: U;
};
/** Kysely's Generated: the database fills it in when an INSERT leaves it out. */
export type Generated<S> = ColumnType<S, S | undefined, S>;
/** Kysely's GeneratedAlways: never written (generated columns, GENERATED ALWAYS identities). */
export type GeneratedAlways<S> = ColumnType<S, never, never>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The simplest Kysely spelling: the plain type when read and written alike, else Generated or ColumnType. */
type Spell<S, I, U> = [I] extends [never]
  ? GeneratedAlways<S>
  : Same<S, I> extends true
    ? Same<S, U> extends true
      ? S
      : ColumnType<S, I, U>
    : Same<I, S | undefined> extends true
      ? Same<U, S> extends true
        ? Generated<S>
        : ColumnType<S, I, U>
      : ColumnType<S, I, U>;

/** One column as Kysely sees it. */
export type KyselyColumn<F extends ColumnFacts, D extends DriverName> =
  IsReadOnly<F> extends true
    ? GeneratedAlways<SelectType<F, D>>
    : Spell<
        SelectType<F, D>,
        // nullable columns need no `undefined`: Kysely makes them optional on insert itself
        HasFill<F> extends true ? WriteType<F, D> | undefined : WriteType<F, D>,
        WriteType<F, D>
      >;

/** A table's row interface for Kysely. */
export type KyselyTable<T extends TypedTable, D extends DriverName = 'pg'> = {
  [K in keyof ColumnsOfTable<T>]: KyselyColumn<ColumnsOfTable<T>[K], D>;
};

/** The name Kysely queries a table by: `posts`, or `app.events` outside the default schema. */
export type KyselyTableName<T extends TypedTable> = [TableTypesOf<T>['schema']] extends [never]
  ? TableTypesOf<T>['name']
  : `${TableTypesOf<T>['schema']}.${TableTypesOf<T>['name']}`;

/** The tables among a module's exports (enums and other exports are left out). */
type TablesIn<M> = { [K in keyof M]: M[K] extends TypedTable ? (TypedTable extends M[K] ? never : M[K]) : never }[keyof M];

/** `Kysely<KyselyDatabase<typeof models>>`: every table a models module exports, typed as driver D returns rows. */
export type KyselyDatabase<M, D extends DriverName = 'pg'> = {
  [T in TablesIn<M> as KyselyTableName<T>]: { [K in keyof ColumnsOfTable<T>]: KyselyColumn<ColumnsOfTable<T>[K], D> };
};
