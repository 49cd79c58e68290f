// The models DSL: the one entry point other modules import from.
//   table(name, { col: t.integer().primaryKey(), … }, (c) => [index('ix').on(c.col)], { schema?, comment? })
// Split by concept: columns.ts (t, builders, refs), extras.ts (index/unique/check/…), enum.ts,
// table.ts (table objects → TableSpec), collect.ts (module → SchemaSpec).
export { t, ColumnBuilder, ColumnRef, IndexColumn, IndexExpression, indexExpression, columnSpecOf, columnTypeOf, isColumnBuilder, isColumnRef } from './columns.js';
export type { ColumnTarget, ReferenceOptions, Identity, DefaultLiteral } from './columns.js';
export { enumType, isEnum, enumSpecOf, enumRefOf } from './enum.js';
export type { EnumType, EnumOptions } from './enum.js';
export { index, uniqueIndex, unique, check, exclude, primaryKey, foreignKey, isTableExtra } from './extras.js';
export type {
  TableExtra,
  IndexTarget,
  ForeignKeyTarget,
  IndexBuilder,
  IndexStart,
  UniqueBuilder,
  UniqueStart,
  PrimaryKeyBuilder,
  PrimaryKeyStart,
  ForeignKeyBuilder,
  ForeignKeyStart,
  ForeignKeyColumns,
  CheckBuilder,
} from './extras.js';
export {
  table,
  isTable,
  tableSpecOf,
  tableRefOf,
  createTableSpec,
  columnConstraintsOf,
  defaultPrimaryKeyName,
  defaultUniqueName,
  defaultForeignKeyName,
  pgObjectName,
  tableOptionsSpec,
} from './table.js';
export type { Table, ColumnMap, ColumnRefs, ExtrasFn, TableOptions, TableStorageOptions } from './table.js';
export { schemaFromModule } from './collect.js';
