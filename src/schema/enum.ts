// Enum types of the models DSL: `enumType('mood', ['happy', 'sad'], { schema? })`.
import { UsageError } from '../errors.js';
import type { EnumRef, EnumSpec } from './types.js';

/** Brand of an enum object; Symbol.for so two loaded copies of athanor still recognise each other's enums. */
export const ENUM_BRAND: unique symbol = Symbol.for('athanor.enum');

export interface EnumType<V extends string = string> {
  readonly [ENUM_BRAND]: true;
  readonly name: string;
  readonly schema?: string;
  readonly values: readonly V[];
}

export interface EnumOptions {
  schema?: string;
}

export function enumType<const V extends string>(
  name: string,
  values: readonly V[],
  options: EnumOptions = {},
): EnumType<V> {
  if (typeof name !== 'string' || name === '') throw new UsageError('enumType(): the name must be a non-empty string');
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
    throw new UsageError(`enumType("${name}"): values must be an array of strings`);
  }
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) throw new UsageError(`enumType("${name}"): value "${v}" is listed twice`);
    seen.add(v);
  }
  const e: EnumType<V> = {
    [ENUM_BRAND]: true,
    name,
    ...(options.schema !== undefined ? { schema: options.schema } : {}),
    values: Object.freeze([...values]),
  };
  return Object.freeze(e);
}

export function isEnum(x: unknown): x is EnumType {
  return typeof x === 'object' && x !== null && (x as { [ENUM_BRAND]?: unknown })[ENUM_BRAND] === true;
}

export function enumRefOf(e: EnumType): EnumRef {
  return e.schema !== undefined ? { schema: e.schema, name: e.name } : { name: e.name };
}

export function enumSpecOf(e: EnumType): EnumSpec {
  return { ...enumRefOf(e), values: [...e.values] };
}
