// Checks of a column's declared default against its type, made when the models load: a default the
// database would refuse (`t.integer().default('abc')`, a value outside the enum, a string longer than
// the varchar) is one error naming the table and column, instead of a migration that fails at upgrade.
import { UsageError } from '../errors.js';
import type { ColumnSpec } from './types.js';

const INTEGERS = new Set(['smallint', 'integer', 'bigint', 'smallserial', 'serial', 'bigserial']);
const DECIMALS = new Set(['real', 'double', 'numeric']);

/** `table` names the column's table as errors do (`table "app.users"`); the column's own name is added. */
export function checkColumnDefault(column: ColumnSpec, table: string): void {
  const problem = defaultProblem(column);
  if (problem !== undefined) throw new UsageError(`${table}, column "${column.name}": .default(${JSON.stringify(problem.value)}) ${problem.why}`);
}

function defaultProblem(column: ColumnSpec): { value: unknown; why: string } | undefined {
  if (column.default?.kind !== 'value' || column.default.value === null) return undefined;
  const { value } = column.default;
  const { type } = column;
  if (INTEGERS.has(type.name) && !(Number.isInteger(value) || (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)))) {
    return { value, why: `is not an integer, but the column is ${type.name}` };
  }
  if (DECIMALS.has(type.name) && !(typeof value === 'number' || (typeof value === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)(e-?\d+)?\s*$/i.test(value)))) {
    return { value, why: `is not a number, but the column is ${type.name}` };
  }
  if (type.name === 'boolean' && typeof value !== 'boolean') return { value, why: 'is not true or false, but the column is boolean' };
  if (type.name === 'enum' && type.values !== undefined && !type.values.includes(String(value))) {
    return { value, why: `is not a value of enum ${type.enumName ?? ''} (${type.values.join(', ')})` };
  }
  if ((type.name === 'varchar' || type.name === 'char') && type.length !== undefined && String(value).length > type.length) {
    return { value, why: `is longer than the column's ${type.length} characters` };
  }
  return undefined;
}
