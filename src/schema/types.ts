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
  | { kind: 'value'; value: string | number | boolean | null }
  | { kind: 'sql'; sql: string };

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  nullable: boolean;
  default?: DefaultValue;
  identity?: 'always' | 'byDefault';
  /** GENERATED ALWAYS AS (expression) STORED */
  generated?: string;
  comment?: string;
}

export interface PrimaryKeySpec {
  name?: string;
  columns: string[];
}

export interface UniqueSpec {
  name?: string;
  columns: string[];
}

export type IndexPart = { column: string; desc?: boolean } | { expression: string };

export interface IndexSpec {
  name: string;
  parts: IndexPart[];
  unique?: boolean;
  /** partial index predicate, SQL */
  where?: string;
  /** access method, e.g. 'gin'; btree when absent */
  using?: string;
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
}

export interface CheckSpec {
  name: string;
  expression: string;
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
  comment?: string;
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
}

/** A table-level constraint of any kind, as dropConstraint needs it to be reversible. */
export type ConstraintSpec =
  | ({ type: 'primaryKey' } & PrimaryKeySpec)
  | ({ type: 'unique' } & UniqueSpec)
  | ({ type: 'foreignKey' } & ForeignKeySpec)
  | ({ type: 'check' } & CheckSpec);

/**
 * A database object athanor sees but does not manage (a trigger, view, function, standalone sequence,
 * extension, …): `migrate` and `check` report it by name, and a generated migration notes a drop that would
 * take it with it. Never dropped or changed silently.
 */
export interface UnmanagedObject {
  /** what it is, as a DBA says it: 'trigger', 'view', 'materialized view', 'function', 'sequence', … */
  kind: string;
  /** absent = the dialect's default schema */
  schema?: string;
  name: string;
  /** the table it belongs to (a trigger, rule, policy): dropping the table takes it with it */
  table?: string;
  /** tables it reads (a view): dropping one breaks it, or fails (PostgreSQL) */
  uses?: string[];
}
