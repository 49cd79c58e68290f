// How an unmanaged object is named to the user: "trigger tr_audit on orders", "view public.v_totals".
import type { UnmanagedDefinition, UnmanagedObject } from './types.js';

function qualified(schema: string | undefined, name: string): string {
  return schema === undefined ? name : `${schema}.${name}`;
}

/** "trigger tr on t"; a setting: "partitioning of table t", "INCLUDE (b) of constraint uq_a on t". */
export function describeUnmanaged(object: UnmanagedObject): string {
  const name = `${object.kind} ${object.of === undefined ? '' : `of ${object.of} `}${qualified(object.schema, object.name)}`;
  const onItself = object.of === 'table' && object.table === object.name;
  return object.table === undefined || onItself ? name : `${name} on ${qualified(object.schema, object.table)}`;
}

/** `objects` without those `defined` writes down (a baseline or schema.sql creates them as the database has them). */
export function notDefined(objects: readonly UnmanagedObject[], defined: readonly UnmanagedDefinition[]): UnmanagedObject[] {
  const created = new Set(defined.map((d) => describeUnmanaged(d.object)));
  return objects.filter((o) => !created.has(describeUnmanaged(o)));
}

/** The one line `migrate` and `check` print, or undefined when there is nothing to report. */
export function unmanagedLine(objects: readonly UnmanagedObject[]): string | undefined {
  if (objects.length === 0) return undefined;
  return `not managed by athanor: ${objects.map(describeUnmanaged).join(', ')}`;
}

/**
 * What a drop of a view, function or sequence takes with it: its settings athanor does not manage (grants to
 * other roles, a comment), which the re-created object does not get back.
 */
export function objectDropNote(object: { kind: string; schema?: string; name: string }, objects: readonly UnmanagedObject[]): string | undefined {
  const taken = objects.filter((o) => o.of === object.kind && o.name === object.name && (o.schema ?? '') === (object.schema ?? ''));
  if (taken.length === 0) return undefined;
  const name = qualified(object.schema, object.name);
  return `drops ${object.kind} ${name}, which takes ${taken.map((o) => `${o.kind} of ${o.of} ${o.name}`).join(', ')} with it`;
}

/**
 * What a drop of `table` takes with it or breaks: its triggers, rules and policies go with it; a view that
 * reads it stops working (PostgreSQL refuses the drop).
 */
export function dropNote(table: { schema?: string; name: string }, objects: readonly UnmanagedObject[]): string | undefined {
  const sameSchema = (o: UnmanagedObject): boolean => (o.schema ?? '') === (table.schema ?? '');
  const taken = objects.filter((o) => sameSchema(o) && o.table === table.name);
  const readers = objects.filter((o) => sameSchema(o) && o.uses?.includes(table.name));
  if (taken.length === 0 && readers.length === 0) return undefined;
  const parts: string[] = [];
  const label = (o: UnmanagedObject): string => `${o.kind} ${o.of === undefined ? '' : `of ${o.of} `}${o.name}`;
  if (taken.length > 0) parts.push(`takes ${taken.map(label).join(', ')} with it`);
  if (readers.length > 0) parts.push(`is read by ${readers.map(label).join(', ')} (not managed: drop or change it by hand first)`);
  return `drops table ${qualified(table.schema, table.name)}, which ${parts.join(' and ')}`;
}
