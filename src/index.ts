// The public programmatic API of athanor: the models DSL, the `op` type for migration files, and one
// function per CLI command (the CLI holds no logic this API lacks).
export { t, table, index, uniqueIndex, unique, check, primaryKey, foreignKey, enumType, schemaFromModule } from './schema/dsl.js';
export type { ColumnBuilder, ColumnRef, Table, TableExtra, EnumType } from './schema/dsl.js';
export type * from './schema/types.js';
export type { Operation, ColumnChanges, ExistingColumn } from './operations/types.js';
export type { Op, AlterColumnOptions, CreateIndexOptions, ForeignKeyOptions } from './operations/op.js';

export { defineConfig } from './config/types.js';
export type { AthanorConfig, ResolvedConfig } from './config/types.js';
export { loadConfig } from './config/load.js';
export { maskUrl, parseDatabaseUrl } from './config/url.js';
export { UsageError, DatabaseError } from './errors.js';
export type { Connection, DialectName } from './drivers/connection.js';
export { openConnection } from './drivers/open.js';

export { init } from './api/init.js';
export { createRevision, merge } from './api/revision.js';
export { upgrade, downgrade } from './api/upgrade.js';
export { current, heads, branches, history, show } from './api/inspect.js';
export { stamp } from './api/stamp.js';
export { RevisionGraph } from './revisions/graph.js';
export { loadRevisions } from './revisions/load.js';
