// Small builders for schema specs in the diff/reverse/codegen tests (not a test file itself).
import type { ColumnSpec, ColumnType, EnumSpec, SchemaSpec, TableSpec, TypeName } from '../../src/schema/types.js';

export function col(name: string, type: TypeName | ColumnType, extra: Partial<ColumnSpec> = {}): ColumnSpec {
  return { name, type: typeof type === 'string' ? { name: type } : type, nullable: true, ...extra };
}

export function table(name: string, columns: ColumnSpec[], extra: Partial<TableSpec> = {}): TableSpec {
  return { name, columns, uniques: [], indexes: [], foreignKeys: [], checks: [], ...extra };
}

/** A table with an `id integer` primary key named `<name>_pkey` plus the given columns. */
export function entity(name: string, columns: ColumnSpec[] = [], extra: Partial<TableSpec> = {}): TableSpec {
  return table(name, [col('id', 'integer', { nullable: false }), ...columns], {
    primaryKey: { name: `${name}_pkey`, columns: ['id'] },
    ...extra,
  });
}

export function schema(tables: TableSpec[], enums: EnumSpec[] = []): SchemaSpec {
  return { tables, enums };
}

export function fk(table: string, column: string, refTable: string, refColumn = 'id') {
  return { name: `${table}_${column}_fkey`, columns: [column], refTable, refColumns: [refColumn] };
}
