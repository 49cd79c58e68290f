// The schema model: one shape shared by the models DSL, introspection, the diff and the operations.
// Every dialect reads and writes these; dialect-specific spellings live in dialects/<d>/types.ts.

export type TypeName =
  | 'smallint'
  | 'integer'
  | 'bigint'
  | 'smallserial'
  | 'serial'
  | 'bigserial'
  | 'real'
  | 'double'
  | 'numeric'
  | 'boolean'
  | 'text'
  | 'varchar'
  | 'char'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'interval'
  | 'uuid'
  | 'json'
  | 'jsonb'
  | 'bytea'
  | 'enum'
  | 'custom';

export interface ColumnType {
  name: TypeName;
  /** varchar(n), char(n) */
  length?: number;
  /** numeric(p, s); fractional-second precision for time/timestamp */
  precision?: number;
  scale?: number;
  /** for name 'enum': the enum type it uses */
  enumName?: string;
  enumSchema?: string;
  /**
   * for name 'enum': the values, when the type came from the DSL. Dialects with inline enums (MySQL) render
   * them; normalisation drops them (the enum itself is compared in SchemaSpec.enums).
   */
  values?: string[];
  /** for name 'custom': the SQL type as the database spells it */
  raw?: string;
}

/** A column default: a literal value (quoted by the renderer) or a SQL expression used verbatim. */
export type DefaultValue =
  | {
      kind: 'value';
      value: string | number | boolean | null;
      /** introspection: the default's text as the database keeps it, when athanor would write the value otherwise */
      written?: string;
    }
  | { kind: 'sql'; sql: string };

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  nullable: boolean;
  default?: DefaultValue;
  identity?: 'always' | 'byDefault';
  /** GENERATED ALWAYS AS (expression) STORED */
  generated?: string;
  /** MySQL, SQLite: the generated column is VIRTUAL (computed when read, not stored) */
  virtual?: true;
  comment?: string;
  /** MySQL: CHARACTER SET when not the table's (omitted when its collation implies it) */
  charset?: string;
  /** COLLATE when not the default (the table's on MySQL, the type's on PostgreSQL) */
  collation?: string;
  /** PostgreSQL: ALTER COLUMN … SET STATISTICS n (absent: the server's default target) */
  statistics?: number;
  /** MySQL: ON UPDATE <sql>, e.g. `current_timestamp()`: the value a row update writes when it does not set the column */
  onUpdate?: string;
}

export interface PrimaryKeySpec {
  name?: string;
  columns: string[];
  /** MySQL: key columns indexed by their first n characters only, by column: PRIMARY KEY (name(50)) */
  prefixes?: Record<string, number>;
  /** PostgreSQL: INCLUDE (columns) stored in the constraint's index, not part of the key */
  include?: string[];
}

export interface UniqueSpec {
  name?: string;
  columns: string[];
  /** PostgreSQL: INCLUDE (columns) stored in the constraint's index, not part of the key */
  include?: string[];
}

/** How one key of an index is ordered and compared, when not the default. */
export interface IndexKeyOptions {
  desc?: boolean;
  /** PostgreSQL: NULLS FIRST / LAST, only when not what the order implies (ASC: last, DESC: first) */
  nulls?: 'first' | 'last';
  /** PostgreSQL: a non-default operator class, e.g. text_pattern_ops */
  opclass?: string;
  /** PostgreSQL: COLLATE for this key, when not the column's */
  collation?: string;
}

export type IndexPart =
  | ({
      column: string;
      /** MySQL: only the first n characters (bytes for binary columns) are indexed: KEY ix (b(10)) */
      prefix?: number;
    } & IndexKeyOptions)
  | ({ expression: string } & IndexKeyOptions);

export interface IndexSpec {
  name: string;
  parts: IndexPart[];
  unique?: boolean;
  /** partial index predicate, SQL */
  where?: string;
  /** access method, e.g. 'gin'; btree when absent */
  using?: string;
  /** PostgreSQL: INCLUDE (columns) stored in the index, not part of the key */
  include?: string[];
}

export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface ForeignKeySpec {
  name?: string;
  columns: string[];
  refSchema?: string;
  refTable: string;
  refColumns: string[];
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  /**
   * The DEFERRABLE clause (deferrable.ts): `DEFERRABLE` or `DEFERRABLE INITIALLY DEFERRED` as the models and
   * PostgreSQL spell it; SQLite's as written in its CREATE TABLE (a table rebuild re-creates it so). Compared in
   * one spelling.
   */
  deferrable?: string;
}

export interface CheckSpec {
  name: string;
  expression: string;
}

/** PostgreSQL: an exclusion constraint, its definition after EXCLUDE as pg_get_constraintdef prints it. */
export interface ExclusionSpec {
  name: string;
  /** `USING gist (room WITH =, during WITH &&)` */
  definition: string;
}

export interface TableRef {
  /** absent = the dialect's default schema (public on PostgreSQL) */
  schema?: string;
  name: string;
}

export interface TableSpec extends TableRef {
  columns: ColumnSpec[];
  primaryKey?: PrimaryKeySpec;
  uniques: UniqueSpec[];
  indexes: IndexSpec[];
  foreignKeys: ForeignKeySpec[];
  checks: CheckSpec[];
  /** PostgreSQL: EXCLUDE constraints (absent: none) */
  exclusions?: ExclusionSpec[];
  comment?: string;
  /** storage options the dialect has (MySQL ENGINE/CHARSET/COLLATE/ROW_FORMAT, SQLite WITHOUT ROWID/STRICT) */
  options?: TableOptionsSpec;
}

/** Table options, each present only when not the database's default. */
export interface TableOptionsSpec {
  /** MySQL: ENGINE=MyISAM */
  engine?: string;
  /** MySQL: DEFAULT CHARSET=latin1 (omitted when the collation implies it) */
  charset?: string;
  /** MySQL: COLLATE=latin1_general_cs */
  collation?: string;
  /** MySQL: ROW_FORMAT=COMPRESSED */
  rowFormat?: string;
  /**
   * MySQL: the other options of CREATE TABLE, as information_schema.TABLES.CREATE_OPTIONS lists them, by upper-case
   * name: `{ KEY_BLOCK_SIZE: '8', STATS_PERSISTENT: '0', PAGE_COMPRESSED: '1' }`
   */
  createOptions?: Record<string, string>;
  /** SQLite: WITHOUT ROWID */
  withoutRowid?: boolean;
  /** SQLite: STRICT */
  strict?: boolean;
}

export interface EnumRef {
  schema?: string;
  name: string;
}

export interface EnumSpec extends EnumRef {
  values: string[];
}

export interface SchemaSpec {
  tables: TableSpec[];
  enums: EnumSpec[];
  /**
   * Facts about the server that read its spellings (set by introspection; compare() hands them to the models'
   * normalisation too; normalize leaves them out): MySQL's default collation of each character set.
   */
  server?: ServerFacts;
  /** views, triggers, functions, procedures, standalone sequences (absent: none) */
  objects?: SchemaObjectSpec[];
  /**
   * introspection: other migration tools' bookkeeping tables it saw and left out (`_prisma_migrations`, TypeORM's
   * `migrations`…), for pull and baseline to name; normalize leaves them out
   */
  otherToolsTables?: string[];
}

/** The SQL-bodied and standalone objects athanor manages as their definition text. */
export type SchemaObjectKind = 'view' | 'materialized view' | 'trigger' | 'function' | 'procedure' | 'sequence';

export interface SchemaObjectRef {
  kind: SchemaObjectKind;
  /** absent = the dialect's default schema */
  schema?: string;
  name: string;
  /** a trigger's table */
  table?: string;
}

export interface SchemaObjectSpec extends SchemaObjectRef {
  /**
   * The definition as the database prints it: for a view, its query (or a whole CREATE VIEW statement);
   * for everything else the whole CREATE statement.
   */
  definition: string;
  /** names of the views, tables and functions it needs (creation order), when the database says */
  uses?: string[];
  /** a table needs it (a column default, a check calls this function): created before the tables, dropped after */
  beforeTables?: boolean;
  /** set by the dialect's normalize: the text two definitions are compared by (never rendered) */
  canonical?: string;
}

export interface ServerFacts {
  /** charset → its default collation (MySQL/MariaDB) */
  defaultCollations?: Record<string, string>;
  /** the default collation of the connection's database (MySQL/MariaDB) */
  databaseCollation?: string;
}

/** A table-level constraint of any kind, as dropConstraint needs it to be reversible. */
export type ConstraintSpec =
  | ({ type: 'primaryKey' } & PrimaryKeySpec)
  | ({ type: 'unique' } & UniqueSpec)
  | ({ type: 'foreignKey' } & ForeignKeySpec)
  | ({ type: 'check' } & CheckSpec)
  | ({ type: 'exclusion' } & ExclusionSpec);

/**
 * A database object athanor sees but does not manage (a trigger, view, function, standalone sequence,
 * extension, …): `migrate` and `check` report it by name, and a generated migration notes a drop that would
 * take it with it. Never dropped or changed silently.
 */
export interface UnmanagedObject {
  /** what it is, as a DBA says it: 'trigger', 'view', 'materialized view', 'function', 'sequence', … */
  kind: string;
  /**
   * set when this is a setting of another object, not an object: what `name` is ('table', 'constraint', 'index',
   * 'view', …). `{ kind: 'partitioning', of: 'table', name: 't', table: 't' }` reads "partitioning of table t".
   */
  of?: string;
  /** absent = the dialect's default schema */
  schema?: string;
  name: string;
  /** the table it belongs to (a trigger, rule, policy): dropping the table takes it with it */
  table?: string;
  /** tables it reads (a view): dropping one breaks it, or fails (PostgreSQL) */
  uses?: string[];
}

/**
 * An unmanaged object athanor can write down as the database has it (a PostgreSQL domain the tables use): a
 * fresh database gets it from a baseline or a pulled schema.sql before the tables, still unmanaged after.
 */
export interface UnmanagedDefinition {
  object: UnmanagedObject;
  /** the statement that creates it as it is */
  create: string;
  /** the statement that drops it */
  drop: string;
  /** a setting of what the tables create (a serial's or identity's sequence options): set after the tables, not before */
  afterTables?: true;
}
