// Row types derived from the models, at the type level only (zero run-time cost):
//   Selectable<typeof posts>   a row as a query returns it (nullable columns are `T | null`)
//   Insertable<typeof posts>   what an INSERT needs (columns with a default, serials, identities and nullable
//                              columns are optional; generated and GENERATED ALWAYS identity columns are left out)
//   Updateable<typeof posts>   what an UPDATE may set (every writable column, optional)
// The second parameter names the driver (driver-values.ts): values are typed as that driver returns them.
import type { ColumnFacts, FACTS, WithFact } from './columns.js';
import type { DriverName, InsertValue, SelectValue } from './driver-values.js';
import type { ColumnMap, TABLE_TYPES, TableTypes } from './table.js';

/** Anything made with table(): its type carries the TableTypes the row types read. */
export interface TypedTable {
  readonly [TABLE_TYPES]?: TableTypes<ColumnMap, string, string, string>;
}

/** The TableTypes of a table object. */
export type TableTypesOf<T extends TypedTable> = NonNullable<T[typeof TABLE_TYPES]>;

type FactsOf<B> = B extends { readonly [FACTS]?: infer F extends ColumnFacts } ? F : never;

/** The facts of each column of table T, with the primary key its extras declare marked as such. */
export type ColumnsOfTable<T extends TypedTable> = {
  [K in keyof TableTypesOf<T>['columns'] & string]: K extends TableTypesOf<T>['extrasPrimaryKey']
    ? WithFact<FactsOf<TableTypesOf<T>['columns'][K]>, 'primaryKey', true>
    : FactsOf<TableTypesOf<T>['columns'][K]>;
};

type Serial = 'smallserial' | 'serial' | 'bigserial';

/** NULL allowed: as declared, else not for primary keys, serials and identities (as columnSpecOf decides). */
export type IsNullable<F extends ColumnFacts> = F['primaryKey'] extends true
  ? false
  : F['nullable'] extends boolean
    ? F['nullable']
    : F['type'] extends Serial
      ? false
      : F['generated'] extends 'always' | 'byDefault'
        ? false
        : true;

/** The database fills it in when an INSERT leaves it out. */
export type HasFill<F extends ColumnFacts> = F['hasDefault'] extends true
  ? true
  : F['type'] extends Serial
    ? true
    : F['generated'] extends 'byDefault'
      ? true
      : false;

/** Never written: GENERATED ALWAYS AS (…) and GENERATED ALWAYS AS IDENTITY. */
export type IsReadOnly<F extends ColumnFacts> = F['generated'] extends 'always' | 'computed' ? true : false;

type OrNull<F extends ColumnFacts, T> = IsNullable<F> extends true ? T | null : T;

export type SelectType<F extends ColumnFacts, D extends DriverName> = OrNull<F, SelectValue<F['type'], F['value'], D>>;
export type WriteType<F extends ColumnFacts, D extends DriverName> = OrNull<F, InsertValue<F['type'], F['value'], D>>;
/** Optional in an INSERT: NULL or the database's own value takes its place. */
export type IsOptionalOnInsert<F extends ColumnFacts> = IsNullable<F> extends true ? true : HasFill<F>;

/** One flat object type (hovers show the columns, not the helper types). */
type Flat<T> = { [K in keyof T]: T[K] } & {};

type RequiredInsertKeys<C> = {
  [K in keyof C]: C[K] extends ColumnFacts ? (IsReadOnly<C[K]> extends true ? never : IsOptionalOnInsert<C[K]> extends true ? never : K) : never;
}[keyof C];
type OptionalInsertKeys<C> = {
  [K in keyof C]: C[K] extends ColumnFacts ? (IsReadOnly<C[K]> extends true ? never : IsOptionalOnInsert<C[K]> extends true ? K : never) : never;
}[keyof C];
type WritableKeys<C> = { [K in keyof C]: C[K] extends ColumnFacts ? (IsReadOnly<C[K]> extends true ? never : K) : never }[keyof C];

/** A row of table T as driver D returns it: `Selectable<typeof posts>`. */
export type Selectable<T extends TypedTable, D extends DriverName = 'pg'> = Flat<{
  [K in keyof ColumnsOfTable<T>]: SelectType<ColumnsOfTable<T>[K], D>;
}>;

/** The values of an INSERT into table T: `Insertable<typeof posts>`. */
export type Insertable<T extends TypedTable, D extends DriverName = 'pg'> = Flat<
  { [K in RequiredInsertKeys<ColumnsOfTable<T>>]: WriteType<ColumnsOfTable<T>[K], D> } & {
    [K in OptionalInsertKeys<ColumnsOfTable<T>>]?: WriteType<ColumnsOfTable<T>[K], D>;
  }
>;

/** The values an UPDATE of table T may set: `Updateable<typeof posts>`. */
export type Updateable<T extends TypedTable, D extends DriverName = 'pg'> = Flat<{
  [K in WritableKeys<ColumnsOfTable<T>>]?: WriteType<ColumnsOfTable<T>[K], D>;
}>;
