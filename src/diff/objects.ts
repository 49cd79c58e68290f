// The diff of views, materialized views, triggers, functions, procedures and standalone sequences: an object
// whose definition changed is dropped and created again. Where each goes in the migration:
//   before the table changes: drop triggers, views (readers before what they read), functions and procedures;
//   after the table drops:    drop sequences and functions a table needs (a column default or check uses them);
//   before the new tables:    create sequences and functions a table needs;
//   after everything else:    create functions and procedures, views (what they read first), then triggers.
// (A function taking or returning a table's row type needs the table first, hence functions after tables.)
// Reversed, a drop-everything migration's downgrade recreates them in a working order.
import type { Operation } from '../operations/types.js';
import { objectKey } from '../schema/objects.js';
import type { SchemaObjectKind, SchemaObjectRef, SchemaObjectSpec } from '../schema/types.js';

export interface ObjectsDiff {
  dropsBeforeTables: Operation[];
  dropsAfterTables: Operation[];
  createsBeforeTables: Operation[];
  createsAfterTables: Operation[];
}

function sameDefinition(a: SchemaObjectSpec, b: SchemaObjectSpec): boolean {
  return (a.canonical ?? a.definition) === (b.canonical ?? b.definition);
}

function refOf(o: SchemaObjectSpec): SchemaObjectRef {
  return {
    kind: o.kind,
    ...(o.schema !== undefined ? { schema: o.schema } : {}),
    name: o.name,
    ...(o.table !== undefined ? { table: o.table } : {}),
  };
}

/** The names an object needs: as the database said, or else the words of its definition (models). */
function usesOf(o: SchemaObjectSpec): readonly string[] {
  return o.uses ?? o.definition.toLowerCase().split(/[^a-z0-9_$]+/);
}

/** Objects ordered so each comes after the objects of the list it uses (stable otherwise; cycles keep their order). */
export function dependencyOrder(objects: readonly SchemaObjectSpec[]): SchemaObjectSpec[] {
  const byName = new Map<string, SchemaObjectSpec>();
  for (const o of objects) byName.set(`${o.schema ?? ''}\u0000${o.name.toLowerCase()}`, o);
  const done = new Set<SchemaObjectSpec>();
  const visiting = new Set<SchemaObjectSpec>();
  const order: SchemaObjectSpec[] = [];
  const visit = (o: SchemaObjectSpec): void => {
    if (done.has(o) || visiting.has(o)) return;
    visiting.add(o);
    for (const used of usesOf(o)) {
      const dep = byName.get(`${o.schema ?? ''}\u0000${used.toLowerCase()}`);
      if (dep !== undefined && dep !== o) visit(dep);
    }
    visiting.delete(o);
    done.add(o);
    order.push(o);
  };
  for (const o of objects) visit(o);
  return order;
}

const of = (list: readonly SchemaObjectSpec[], ...kinds: SchemaObjectKind[]): SchemaObjectSpec[] =>
  list.filter((o) => kinds.includes(o.kind));

/**
 * `alteredTables`: tables whose columns change type or go; a view reading one is dropped before and created
 * again after (PostgreSQL refuses the change otherwise). Likewise an object reading a view or function that is
 * dropped or re-created (a view on a changed view, a trigger on a changed trigger function).
 */
export function diffObjects(
  from: readonly SchemaObjectSpec[] = [],
  to: readonly SchemaObjectSpec[] = [],
  alteredTables: ReadonlySet<string> = new Set(),
): ObjectsDiff {
  const fromByKey = new Map(from.map((o) => [objectKey(o), o]));
  const toByKey = new Map(to.map((o) => [objectKey(o), o]));
  const dropped = from.filter((o) => {
    const target = toByKey.get(objectKey(o));
    return target === undefined || !sameDefinition(o, target);
  });
  const created = to.filter((o) => {
    const current = fromByKey.get(objectKey(o));
    return current === undefined || !sameDefinition(current, o);
  });
  const altered = new Set([...alteredTables].map((t) => t.toLowerCase()));
  const droppedKeys = new Set(dropped.map(objectKey));
  for (let grew = true; grew; ) {
    grew = false;
    // what others can read: views, functions, sequences (nothing reads a trigger, whose name may be a function's)
    const gone = new Set(dropped.filter((o) => o.kind !== 'trigger').map((o) => o.name.toLowerCase()));
    for (const o of from) {
      const key = objectKey(o);
      if (droppedKeys.has(key) || o.kind === 'sequence' || o.kind === 'function' || o.kind === 'procedure') continue;
      const reads = usesOf(o).map((n) => n.toLowerCase());
      const isView = o.kind === 'view' || o.kind === 'materialized view';
      if (!reads.some((n) => gone.has(n) || (isView && altered.has(n)))) continue;
      dropped.push(o);
      droppedKeys.add(key);
      const target = toByKey.get(key);
      if (target !== undefined && !created.includes(target)) created.push(target);
      grew = true;
    }
  }
  const drop = (o: SchemaObjectSpec): Operation => ({ kind: 'dropObject', object: refOf(o), existing: o });
  const create = (o: SchemaObjectSpec): Operation => ({ kind: 'createObject', object: o });
  const routines = (list: readonly SchemaObjectSpec[], beforeTables: boolean): SchemaObjectSpec[] =>
    of(list, 'function', 'procedure').filter((o) => (o.beforeTables === true) === beforeTables);
  const views = (list: readonly SchemaObjectSpec[]): SchemaObjectSpec[] => dependencyOrder(of(list, 'view', 'materialized view'));
  return {
    // drops run in reverse creation order, so a downgrade re-creates in the database's order (trigger order)
    dropsBeforeTables: [...of(dropped, 'trigger').reverse(), ...views(dropped).reverse(), ...routines(dropped, false).reverse()].map(drop),
    dropsAfterTables: [...routines(dropped, true).reverse(), ...of(dropped, 'sequence').reverse()].map(drop),
    createsBeforeTables: [...of(created, 'sequence'), ...routines(created, true)].map(create),
    createsAfterTables: [...routines(created, false), ...views(created), ...of(created, 'trigger')].map(create),
  };
}
