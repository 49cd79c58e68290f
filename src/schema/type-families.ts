// Properties of the logical column types that every dialect shares.
import type { TypeName } from './types.js';

/** Types whose values are numbers: their defaults compare as numbers. */
export const NUMERIC_TYPES: ReadonlySet<TypeName> = new Set<TypeName>([
  'smallint',
  'integer',
  'bigint',
  'smallserial',
  'serial',
  'bigserial',
  'real',
  'double',
  'numeric',
]);
