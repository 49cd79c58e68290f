// Enum columns on SQLite, which has no enum types: the column is `text` with a named CHECK of the values
// (`"status" IN ('draft','published')`), as SQLAlchemy writes a non-native Enum. One models file then serves
// every dialect; adding a value changes the CHECK (a table rebuild), which reverses like any other check.
import type { ColumnSpec, ColumnType, TableSpec } from '../../schema/types.js';
import { quoteSqliteString } from './literal.js';
import { quoteSqliteIdent } from './types.js';

/** The CHECK's name: one per enum column, so two columns of one table using the same enum do not collide. */
export function enumCheckName(table: string, column: string): string {
  return `${table}_${column}_enum`;
}

export function enumCheckExpression(column: string, values: readonly string[]): string {
  return `${quoteSqliteIdent(column)} IN (${values.map(quoteSqliteString).join(', ')})`;
}

/**
 * The table with each enum column whose values are known as text plus its CHECK (replacing a CHECK of that
 * name). A column whose values are unknown stays an enum: the renderer refuses it by name.
 */
export function enumsAsChecks(table: TableSpec, valuesOf: (type: ColumnType) => readonly string[] | undefined): TableSpec {
  const converted: Array<{ column: string; values: readonly string[] }> = [];
  const columns = table.columns.map((column): ColumnSpec => {
    const values = column.type.name === 'enum' ? valuesOf(column.type) : undefined;
    if (values === undefined) return column;
    converted.push({ column: column.name, values });
    return { ...column, type: { name: 'text' } };
  });
  if (converted.length === 0) return table;
  const names = new Set(converted.map((c) => enumCheckName(table.name, c.column).toLowerCase()));
  const checks = [
    ...table.checks.filter((c) => !names.has(c.name.toLowerCase())),
    ...converted.map((c) => ({ name: enumCheckName(table.name, c.column), expression: enumCheckExpression(c.column, c.values) })),
  ];
  return { ...table, columns, checks };
}
