// Small builders for hand-written schema specs in tests: a table with empty constraint lists, a nullable column.
import type { ColumnSpec, TableSpec } from '../../src/schema/types.js';

export function tableSpec(spec: Partial<TableSpec> & { name: string; columns: ColumnSpec[] }): TableSpec {
  return { uniques: [], indexes: [], foreignKeys: [], checks: [], ...spec };
}

export const col = (name: string, type: ColumnSpec['type'], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  type,
  nullable: true,
  ...extra,
});
