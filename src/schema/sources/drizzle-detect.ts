// Which exports of a models module are Drizzle objects, told by drizzle-orm's global symbols
// (Symbol.for('drizzle:entityKind') on each class), so nothing of drizzle-orm is loaded to find out.
import type { DrizzleDialect, DrizzleEnum } from './drizzle-types.js';

const ENTITY_KIND = Symbol.for('drizzle:entityKind');
const IS_PG_ENUM = Symbol.for('drizzle:isPgEnum');

const TABLE_KINDS: Record<string, DrizzleDialect> = { PgTable: 'postgres', MySqlTable: 'mysql', SQLiteTable: 'sqlite' };

/** Drizzle objects athanor does not manage, by entity kind → what a user calls them. */
const UNMANAGED_KINDS: Record<string, string> = {
  PgView: 'view',
  PgMaterializedView: 'materialized view',
  PgSequence: 'sequence',
  PgRole: 'role',
  PgPolicy: 'policy',
  MySqlView: 'view',
  SQLiteView: 'view',
};

/** The entity kinds of a value's class chain, most specific first ([] for anything not from drizzle-orm). */
function entityKinds(value: unknown): string[] {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return [];
  const kinds: string[] = [];
  for (let proto: unknown = Object.getPrototypeOf(value); proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const ctor = (proto as { constructor?: unknown }).constructor as Record<symbol, unknown> | undefined;
    const kind = ctor?.[ENTITY_KIND];
    if (typeof kind === 'string' && kinds[kinds.length - 1] !== kind) kinds.push(kind);
  }
  return kinds;
}

export function drizzleTableDialect(value: unknown): DrizzleDialect | undefined {
  for (const kind of entityKinds(value)) {
    const dialect = TABLE_KINDS[kind];
    if (dialect) return dialect;
  }
  return undefined;
}

export function isDrizzlePgEnum(value: unknown): value is DrizzleEnum {
  return typeof value === 'function' && (value as unknown as Record<symbol, unknown>)[IS_PG_ENUM] === true;
}

/** 'view', 'sequence', … for Drizzle objects athanor does not manage; undefined otherwise. */
export function drizzleUnmanagedKind(value: unknown): string | undefined {
  for (const kind of entityKinds(value)) {
    const what = UNMANAGED_KINDS[kind];
    if (what) return what;
  }
  return undefined;
}

/** The dialects of the Drizzle tables a module exports (empty: not a Drizzle models module). */
export function drizzleDialectsOf(ns: Record<string, unknown>): Set<DrizzleDialect> {
  const dialects = new Set<DrizzleDialect>();
  for (const value of Object.values(ns)) {
    const dialect = drizzleTableDialect(value);
    if (dialect) dialects.add(dialect);
    else if (isDrizzlePgEnum(value)) dialects.add('postgres');
  }
  return dialects;
}
