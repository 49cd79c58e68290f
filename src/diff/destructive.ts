// Which operations can lose data, in words a person reads before running a migration.
import type { Operation } from '../operations/types.js';
import type { ColumnType } from '../schema/types.js';
import { deepEqual } from './equal.js';
import { displayName } from './names.js';

export function formatType(type: ColumnType): string {
  switch (type.name) {
    case 'varchar':
    case 'char':
      return type.length === undefined ? type.name : `${type.name}(${type.length})`;
    case 'numeric':
      if (type.precision === undefined) return 'numeric';
      return type.scale === undefined ? `numeric(${type.precision})` : `numeric(${type.precision},${type.scale})`;
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return type.precision === undefined ? type.name : `${type.name}(${type.precision})`;
    case 'enum':
      return `enum ${displayName({ schema: type.enumSchema, name: type.enumName ?? '?' })}`;
    case 'custom':
      return type.raw ?? 'custom';
    default:
      return type.name;
  }
}

const INTEGER_RANK: Partial<Record<ColumnType['name'], number>> = {
  smallint: 1,
  smallserial: 1,
  integer: 2,
  serial: 2,
  bigint: 3,
  bigserial: 3,
};
/** decimal digits each integer rank needs */
const INTEGER_DIGITS = [0, 5, 10, 19];

/** characters a string type holds; Infinity when unbounded */
function stringCapacity(type: ColumnType): number | undefined {
  if (type.name === 'text') return Infinity;
  if (type.name === 'varchar') return type.length ?? Infinity;
  if (type.name === 'char') return type.length ?? 1;
  return undefined;
}

/** the text length a value of this type needs at most, when converted to a string */
function textWidth(type: ColumnType): number {
  const capacity = stringCapacity(type);
  if (capacity !== undefined) return capacity;
  if (type.name === 'uuid') return 36;
  if (type.name === 'boolean') return 5;
  const rank = INTEGER_RANK[type.name];
  if (rank !== undefined) return (INTEGER_DIGITS[rank] ?? 19) + 1;
  return Infinity;
}

const DEFAULT_TIME_PRECISION = 6;

/** An inline enum's values (MySQL `enum('a','b')`, as the DSL gives them or as COLUMN_TYPE prints them). */
function inlineEnumValues(type: ColumnType): string[] | undefined {
  if (type.name === 'enum') return type.values;
  const list = type.name === 'custom' ? /^enum\s*\(([\s\S]*)\)$/i.exec(type.raw?.trim() ?? '')?.[1] : undefined;
  if (list === undefined) return undefined;
  return [...list.matchAll(/'((?:[^'\\]|''|\\.)*)'/g)].map((m) => (m[1] ?? '').replace(/''/g, "'").replace(/\\(.)/g, '$1'));
}

/**
 * 'safe': every value converts without loss; 'narrowing': the same kind of value with less room (values may be
 * truncated or rejected); 'lossy': a different kind of value (conversion may fail or lose information).
 */
export function typeChangeRisk(from: ColumnType, to: ColumnType): 'safe' | 'narrowing' | 'lossy' {
  if (deepEqual(from, to)) return 'safe';
  // an inline enum given more values keeps every row's value (MySQL converts ENUM columns by label)
  const fromValues = inlineEnumValues(from);
  const toValues = inlineEnumValues(to);
  if (fromValues !== undefined && toValues !== undefined) return fromValues.every((v) => toValues.includes(v)) ? 'safe' : 'narrowing';
  const toCapacity = stringCapacity(to);
  if (toCapacity !== undefined) {
    const fromIsString = stringCapacity(from) !== undefined;
    if (textWidth(from) <= toCapacity) return 'safe';
    return fromIsString ? 'narrowing' : 'lossy';
  }
  const fromRank = INTEGER_RANK[from.name];
  const toRank = INTEGER_RANK[to.name];
  if (fromRank !== undefined && toRank !== undefined) return toRank >= fromRank ? 'safe' : 'narrowing';
  if (fromRank !== undefined && to.name === 'numeric') {
    if (to.precision === undefined) return 'safe';
    return to.precision - (to.scale ?? 0) >= (INTEGER_DIGITS[fromRank] ?? 19) ? 'safe' : 'narrowing';
  }
  if (fromRank !== undefined && to.name === 'double') return fromRank <= 2 ? 'safe' : 'narrowing';
  if (fromRank !== undefined && to.name === 'real') return fromRank <= 1 ? 'safe' : 'narrowing';
  if (from.name === 'real' && to.name === 'double') return 'safe';
  if (from.name === 'double' && to.name === 'real') return 'narrowing';
  if (from.name === 'numeric' && to.name === 'numeric') {
    if (to.precision === undefined) return 'safe';
    if (from.precision === undefined) return 'narrowing';
    const fromScale = from.scale ?? 0;
    const toScale = to.scale ?? 0;
    return to.precision - toScale >= from.precision - fromScale && toScale >= fromScale ? 'safe' : 'narrowing';
  }
  const timeLike = new Set(['time', 'timestamp', 'timestamptz']);
  if (timeLike.has(from.name) && from.name === to.name) {
    return (to.precision ?? DEFAULT_TIME_PRECISION) >= (from.precision ?? DEFAULT_TIME_PRECISION) ? 'safe' : 'narrowing';
  }
  if (from.name === 'timestamp' && to.name === 'timestamptz') {
    return (to.precision ?? DEFAULT_TIME_PRECISION) >= (from.precision ?? DEFAULT_TIME_PRECISION) ? 'safe' : 'narrowing';
  }
  if (from.name === 'date' && (to.name === 'timestamp' || to.name === 'timestamptz')) return 'safe';
  if ((from.name === 'json' && to.name === 'jsonb') || (from.name === 'jsonb' && to.name === 'json')) return 'safe';
  return 'lossy';
}

/** Why an operation may lose data, or null when it keeps every value. */
export function destructiveReason(op: Operation): string | null {
  switch (op.kind) {
    case 'dropTable':
      return `drop table ${displayName(op.table)}`;
    case 'dropColumn':
      // a generated column's values are computed from the others: nothing is lost
      return op.existing?.generated !== undefined ? null : `drop column ${displayName(op.table)}.${op.column}`;
    case 'alterColumn': {
      const to = op.changes.type;
      if (to === undefined) return null;
      const where = `${displayName(op.table)}.${op.column}`;
      const from = op.existing?.type;
      if (from === undefined) return `change type of ${where} to ${formatType(to)} (previous type unknown)`;
      const risk = typeChangeRisk(from, to);
      if (risk === 'safe') return null;
      if (risk === 'narrowing') return `narrow type of ${where} from ${formatType(from)} to ${formatType(to)}`;
      return `change type of ${where} from ${formatType(from)} to ${formatType(to)} (values may not convert)`;
    }
    default:
      return null;
  }
}
