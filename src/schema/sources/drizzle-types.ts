// The parts of drizzle-orm's public objects the Drizzle model source reads, as structural types: the pure layer
// never imports drizzle-orm (an optional peer dependency); the loader hands in a DrizzleRuntime built from it.

export type DrizzleDialect = 'postgres' | 'mysql' | 'sqlite';

/** A drizzle `sql\`…\`` object, opaque here: only the runtime renders it. */
export type DrizzleSql = object;

/** A column or an index key: its name, or its key in the table when declared without a name (keyAsName). */
export interface DrizzleNamed {
  name: string;
  keyAsName?: boolean;
}

export interface DrizzleColumn extends DrizzleNamed {
  /** the column class, e.g. 'PgVarchar', 'MySqlSerial', 'SQLiteInteger' */
  columnType: string;
  notNull: boolean;
  hasDefault: boolean;
  default?: unknown;
  primary: boolean;
  isUnique: boolean;
  uniqueName?: string;
  /** PostgreSQL: 'not distinct' for UNIQUE NULLS NOT DISTINCT */
  uniqueType?: string;
  generated?: { as: unknown; type?: string; mode?: string };
  generatedIdentity?: { type: 'always' | 'byDefault'; sequenceName?: string; sequenceOptions?: Record<string, unknown> };
  /** MySQL .autoincrement(), SQLite primaryKey({ autoIncrement: true }) */
  autoIncrement?: boolean;
  /** MySQL timestamp .onUpdateNow() */
  hasOnUpdateNow?: boolean;
  /** MySQL timestamp/datetime fractional seconds precision */
  fsp?: number;
  /** PostgreSQL enum columns */
  enum?: DrizzleEnum;
  /** PostgreSQL array columns: the element column */
  baseColumn?: DrizzleColumn;
  getSQLType(): string;
}

export interface DrizzleEnum {
  enumName: string;
  enumValues: readonly string[];
  schema?: string;
}

export interface DrizzleIndexedColumn extends DrizzleNamed {
  indexConfig?: { order?: 'asc' | 'desc'; nulls?: 'first' | 'last'; opClass?: string };
}

export interface DrizzleIndex {
  config: {
    name?: string;
    columns: readonly unknown[];
    unique?: boolean;
    where?: DrizzleSql;
    /** PostgreSQL .using('gin', …) */
    method?: string;
    /** MySQL .using('btree' | 'hash') */
    using?: string;
    concurrently?: boolean;
    with?: Record<string, unknown>;
    only?: boolean;
    algorithm?: string;
    lock?: string;
  };
}

export interface DrizzleForeignKey {
  onDelete?: string;
  onUpdate?: string;
  getName(): string;
  reference(): { columns: readonly DrizzleColumn[]; foreignColumns: readonly DrizzleColumn[]; foreignTable: object };
}

export interface DrizzleTableConfig {
  name: string;
  schema?: string;
  columns: readonly DrizzleColumn[];
  indexes: readonly DrizzleIndex[];
  foreignKeys: readonly DrizzleForeignKey[];
  checks: readonly { name: string; value: DrizzleSql }[];
  primaryKeys: readonly { columns: readonly DrizzleColumn[]; getName(): string; name?: string }[];
  uniqueConstraints: readonly { columns: readonly DrizzleColumn[]; name?: string; nullsNotDistinct?: boolean; getName(): string }[];
  /** PostgreSQL row-level security */
  policies?: readonly { name: string }[];
  enableRLS?: boolean;
}

/** What the loader hands in: drizzle-orm's getTableConfig per dialect and its SQL printer. */
export interface DrizzleRuntime {
  tableConfig(table: object, dialect: DrizzleDialect): DrizzleTableConfig;
  /** a column's name in the database: a key-named column's key under the project's casing */
  columnName(column: DrizzleNamed): string;
  /** true for a drizzle `sql` object */
  isSql(value: unknown): value is DrizzleSql;
  /** an `sql` object as the dialect prints it, parameters inlined, columns unqualified */
  sqlText(value: DrizzleSql, dialect: DrizzleDialect): string;
}
