// Dropped tables and columns re-created as the database had them written.
//
// The diff compares normalized specs, so the `existing` state it records for a drop (what the downgrade
// re-creates) is in canonical form: SQLite's `INT` is `integer`, PostgreSQL's `DEFAULT NULL::character varying`
// is no default. Where introspection keeps the written form (Dialect capabilities.writtenForms), a drop's
// columns take their type, default and nullability from the introspected (raw) spec, so the downgrade writes
// them back as they were: `INT PRIMARY KEY` stays a plain key instead of becoming SQLite's rowid alias.
import type { Operation } from '../operations/types.js';
import type { ColumnSpec, SchemaSpec, TableRef, TableSpec } from '../schema/types.js';

const key = (ref: TableRef): string => `${ref.schema ?? ''}\u0000${ref.name.toLowerCase()}`;

/** The column with the written type, default and nullability of the raw one (same name), if there is one. */
function asWritten(column: ColumnSpec, raw: TableSpec | undefined): ColumnSpec {
  const written = raw?.columns.find((c) => c.name.toLowerCase() === column.name.toLowerCase());
  if (!written || written.generated !== undefined || column.generated !== undefined) return column;
  const { default: _default, ...rest } = column;
  // a declared type kept as text; the model types are already what the database has
  const type = written.type.name === 'custom' ? written.type : column.type;
  const result: ColumnSpec = { ...rest, type, nullable: written.nullable };
  const value = written.default;
  if (value?.kind === 'value' && value.written !== undefined) result.default = { kind: 'sql', sql: value.written };
  else if (value !== undefined) result.default = value;
  return result;
}

/** `operations` with each dropped table's and column's `existing` state as the raw (introspected) spec writes it. */
export function withWrittenForms(operations: readonly Operation[], raw: SchemaSpec, defaultSchema: string): Operation[] {
  const tables = new Map(raw.tables.map((t) => [key({ ...t, ...(t.schema === defaultSchema ? { schema: undefined } : {}) }), t]));
  const rawOf = (ref: TableRef): TableSpec | undefined => tables.get(key(ref.schema === defaultSchema ? { name: ref.name } : ref));
  return operations.map((op) => {
    if (op.kind === 'dropTable' && op.existing) {
      const written = rawOf(op.table);
      return { ...op, existing: { ...op.existing, columns: op.existing.columns.map((c) => asWritten(c, written)) } };
    }
    if (op.kind === 'dropColumn' && op.existing) return { ...op, existing: asWritten(op.existing, rawOf(op.table)) };
    return op;
  });
}
