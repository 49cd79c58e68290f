// The operation list: the one representation between diff, codegen, runner and renderers.
// Each operation carries what it needs to be reversed (`existing…` fields); see reverse.ts.
import type {
  CheckSpec,
  ColumnSpec,
  ColumnType,
  ConstraintSpec,
  DefaultValue,
  EnumRef,
  EnumSpec,
  ExclusionSpec,
  ForeignKeySpec,
  IndexSpec,
  PrimaryKeySpec,
  TableOptionsSpec,
  SchemaObjectRef,
  SchemaObjectSpec,
  TableRef,
  TableSpec,
  UniqueSpec,
} from '../schema/types.js';

/** What alterColumn changes; an absent field is left as it is. */
export interface ColumnChanges {
  type?: ColumnType;
  /** USING expression for a type change (PostgreSQL) */
  using?: string;
  nullable?: boolean;
  /** null drops the default */
  default?: DefaultValue | null;
  /** rename the column */
  name?: string;
  comment?: string | null;
  /** COLLATE; null: back to the default */
  collation?: string | null;
  /** MySQL CHARACTER SET; null: back to the table's */
  charset?: string | null;
  /** PostgreSQL statistics target; null: back to the default */
  statistics?: number | null;
  /** MySQL ON UPDATE <sql>; null: none */
  onUpdate?: string | null;
}

/** The state of a column before alterColumn, so the change can be swapped back. */
export interface ExistingColumn {
  type?: ColumnType;
  nullable?: boolean;
  default?: DefaultValue | null;
  comment?: string | null;
  collation?: string | null;
  charset?: string | null;
  statistics?: number | null;
  onUpdate?: string | null;
}

export type Operation =
  | { kind: 'createTable'; table: TableSpec }
  | { kind: 'dropTable'; table: TableRef; existing?: TableSpec }
  | { kind: 'renameTable'; table: TableRef; newName: string }
  | { kind: 'addColumn'; table: TableRef; column: ColumnSpec }
  | { kind: 'dropColumn'; table: TableRef; column: string; existing?: ColumnSpec }
  | { kind: 'alterColumn'; table: TableRef; column: string; changes: ColumnChanges; existing?: ExistingColumn }
  | { kind: 'createIndex'; table: TableRef; index: IndexSpec; concurrently?: boolean }
  | { kind: 'dropIndex'; table: TableRef; name: string; concurrently?: boolean; existing?: IndexSpec }
  | { kind: 'createPrimaryKey'; table: TableRef; constraint: PrimaryKeySpec }
  | { kind: 'createForeignKey'; table: TableRef; constraint: ForeignKeySpec; notValid?: boolean }
  | { kind: 'createUniqueConstraint'; table: TableRef; constraint: UniqueSpec }
  | { kind: 'createCheckConstraint'; table: TableRef; constraint: CheckSpec; notValid?: boolean }
  /** PostgreSQL: ADD CONSTRAINT name EXCLUDE … */
  | { kind: 'createExclusionConstraint'; table: TableRef; constraint: ExclusionSpec }
  | { kind: 'validateConstraint'; table: TableRef; name: string }
  | { kind: 'dropConstraint'; table: TableRef; name: string; constraintType?: ConstraintSpec['type']; existing?: ConstraintSpec }
  | { kind: 'createEnum'; enum: EnumSpec }
  | { kind: 'addEnumValue'; enum: EnumRef; value: string; before?: string; after?: string; ifNotExists?: boolean }
  /**
   * Removes a value (PostgreSQL: the type is rebuilt and every column using it converted); refused while a row
   * holds it. `before`/`after`: where the value sat, so the reverse puts it back there.
   */
  | { kind: 'dropEnumValue'; enum: EnumRef; value: string; before?: string; after?: string }
  | { kind: 'dropEnum'; enum: EnumRef; existing?: EnumSpec }
  | { kind: 'setTableComment'; table: TableRef; comment: string | null; existing?: string | null }
  /** table options (ENGINE, DEFAULT CHARSET, …): all of them after (`options`) and before (`existing`, when known) */
  | { kind: 'setTableOptions'; table: TableRef; options: TableOptionsSpec; existing?: TableOptionsSpec }
  | { kind: 'setColumnComment'; table: TableRef; column: string; comment: string | null; existing?: string | null }
  /** nothingToUndo: the statement needs no reverse (a backfill of a column the downgrade drops anyway) */
  | { kind: 'execute'; sql: string; params?: readonly unknown[]; reverseSql?: string; nothingToUndo?: true }
  | { kind: 'bulkInsert'; table: TableRef; rows: Record<string, unknown>[] }
  /** a view, materialized view, trigger, function, procedure or standalone sequence, from its definition */
  | { kind: 'createObject'; object: SchemaObjectSpec }
  | { kind: 'dropObject'; object: SchemaObjectRef; existing?: SchemaObjectSpec };

export type OperationKind = Operation['kind'];
export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;
