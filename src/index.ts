// The public programmatic API of athanor.
export { t, table, index, uniqueIndex, unique, check, primaryKey, foreignKey, enumType, schemaFromModule } from './schema/dsl.js';
export type { ColumnBuilder, ColumnRef, Table, TableExtra, EnumType } from './schema/dsl.js';
export type * from './schema/types.js';
