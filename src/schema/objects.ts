// Views, materialized views, triggers, functions, procedures and standalone sequences in the models:
//   export const bigOrders = view('big_orders', 'SELECT id, total FROM orders WHERE total > 100');
//   export const touch = sqlFunction('touch', `CREATE FUNCTION touch() RETURNS trigger …`);
//   export const trTouch = trigger('tr_touch', { on: orders, sql: 'CREATE TRIGGER tr_touch …' });
// Each is carried as its definition text, compared with the database's after the database's own normalisation.
import { UsageError } from '../errors.js';
import { TABLE_DEF, isTable, type Table } from './table.js';
import type { SchemaObjectKind, SchemaObjectRef, SchemaObjectSpec, TableRef } from './types.js';

export const SCHEMA_OBJECT = Symbol.for('athanor.schemaObject');

export interface SchemaObject {
  readonly [SCHEMA_OBJECT]: SchemaObjectSpec;
}

export function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && SCHEMA_OBJECT in value;
}

export function schemaObjectSpecOf(value: SchemaObject): SchemaObjectSpec {
  return value[SCHEMA_OBJECT];
}

/**
 * Identity of an object within a schema: kind, schema and name (names compared case-insensitively), and for a
 * trigger its table — PostgreSQL allows one name on many tables (Pagila's `last_updated` on six).
 */
export function objectKey(o: SchemaObjectRef): string {
  const table = o.kind === 'trigger' ? `\u0000${(o.table ?? '').toLowerCase()}` : '';
  return `${o.kind}\u0000${o.schema ?? ''}\u0000${o.name.toLowerCase()}${table}`;
}

type NameArg = string | TableRef;

function make(kind: SchemaObjectKind, name: NameArg, definition: string, table?: string): SchemaObject {
  if (typeof definition !== 'string' || definition.trim() === '') {
    throw new UsageError(`${kind} ${typeof name === 'string' ? name : name.name}: its SQL definition is empty`);
  }
  const ref = typeof name === 'string' ? { name } : name;
  const spec: SchemaObjectSpec = { kind, ...ref, ...(table !== undefined ? { table } : {}), definition };
  return { [SCHEMA_OBJECT]: spec };
}

/** A view from its query (`SELECT …`) or a whole `CREATE VIEW` statement. */
export function view(name: NameArg, sql: string): SchemaObject {
  return make('view', name, sql);
}

/** A PostgreSQL materialized view from its query or a whole `CREATE MATERIALIZED VIEW` statement. */
export function materializedView(name: NameArg, sql: string): SchemaObject {
  return make('materialized view', name, sql);
}

/** A trigger on a table (a models table or its name) from its whole `CREATE TRIGGER` statement. */
export function trigger(name: string, options: { on: Table | string; sql: string }): SchemaObject {
  const table: TableRef = isTable(options.on) ? options.on[TABLE_DEF].ref : { name: options.on };
  return make('trigger', table.schema === undefined ? name : { schema: table.schema, name }, options.sql, table.name);
}

/** A function (a trigger function too) from its whole `CREATE FUNCTION` statement. */
export function sqlFunction(name: NameArg, sql: string): SchemaObject {
  return make('function', name, sql);
}

/** A stored procedure from its whole `CREATE PROCEDURE` statement. */
export function procedure(name: NameArg, sql: string): SchemaObject {
  return make('procedure', name, sql);
}

/** A standalone sequence from its whole `CREATE SEQUENCE` statement. */
export function sequence(name: NameArg, sql: string): SchemaObject {
  return make('sequence', name, sql);
}
