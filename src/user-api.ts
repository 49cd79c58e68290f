// What migrations, models and configs get when they import 'athanor': the models DSL, `defineConfig` and the
// types they annotate with. The loader serves this narrow entry to the modules it loads, so a migration does
// not pull in the commands (api/, runner/, lint/); index.ts re-exports it beside the programmatic API.
export { t, table, index, uniqueIndex, indexExpression, unique, check, exclude, primaryKey, foreignKey, enumType } from './schema/dsl.js';
export { view, materializedView, trigger, sqlFunction, procedure, sequence } from './schema/objects.js';
export type { SchemaObject } from './schema/objects.js';
export type { ColumnBuilder, ColumnRef, Table, TableExtra, EnumType } from './schema/dsl.js';
export type * from './schema/types.js';
export type { Selectable, Insertable, Updateable } from './schema/rows.js';
export type { DriverName, PgInterval } from './schema/driver-values.js';
export type { JsonValue } from './schema/json.js';
export type { Deferrable } from './schema/deferrable.js';
export type { Operation, ColumnChanges, ExistingColumn } from './operations/types.js';
export type { Op, AlterColumnOptions, CreateIndexOptions, ForeignKeyOptions } from './operations/op.js';
export { defineConfig } from './config/types.js';
export type { AthanorConfig } from './config/types.js';
export { UsageError, DatabaseError } from './errors.js';
