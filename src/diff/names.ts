// Identity keys and display names for tables, enums and constraints inside the diff.
import { defaultForeignKeyName, defaultPrimaryKeyName, defaultUniqueName } from '../schema/table.js';
import type { EnumRef, TableRef } from '../schema/types.js';

/** Unique key of a table or enum: schema and name (absent schema = the dialect's default schema). */
export function refKey(ref: { schema?: string | undefined; name: string }): string {
  return `${ref.schema ?? ''}\u0000${ref.name}`;
}

/** `todos` or `app.todos`, as messages, rename options and backfill keys spell a table. */
export function displayName(ref: { schema?: string | undefined; name: string }): string {
  return ref.schema === undefined ? ref.name : `${ref.schema}.${ref.name}`;
}

/** Just the reference part of a spec (a TableSpec is a TableRef with more fields). */
export function tableRefOf(ref: TableRef): TableRef {
  return ref.schema === undefined ? { name: ref.name } : { schema: ref.schema, name: ref.name };
}

export function enumRefOf(ref: EnumRef): EnumRef {
  return ref.schema === undefined ? { name: ref.name } : { schema: ref.schema, name: ref.name };
}

/** The table a foreign key points at. */
export function fkTargetKey(fk: { refSchema?: string | undefined; refTable: string }): string {
  return refKey({ schema: fk.refSchema, name: fk.refTable });
}

/** Key of a constraint within its table: its name, or its columns when it has none (e.g. SQLite). */
export function constraintKey(c: { name?: string | undefined; columns?: readonly string[] }): string {
  return c.name !== undefined ? `name:${c.name}` : `cols:${(c.columns ?? []).join('\u0000')}`;
}

/** A constraint's name, or PostgreSQL's default one when the spec has none (some introspections lose names). */
export function constraintNameOf(
  type: 'primaryKey' | 'unique' | 'foreignKey',
  table: { name: string },
  c: { name?: string | undefined; columns: readonly string[] },
): string {
  if (c.name !== undefined) return c.name;
  if (type === 'primaryKey') return defaultPrimaryKeyName(table.name);
  return type === 'unique' ? defaultUniqueName(table.name, c.columns) : defaultForeignKeyName(table.name, c.columns);
}
