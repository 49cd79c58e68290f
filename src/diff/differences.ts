// What differs between two schemas, as lines a person reads: `table posts: column slug: nullable: false → true`.
// Columns, indexes, constraints, enums and objects (views, triggers, …) are matched by name (not by position: a column dropped and added
// back sits at the end of its table and is still the same column). Used where a round trip must return a
// schema to where it was (verify's stairway).
import type { ColumnSpec, SchemaObjectRef, SchemaSpec, TableSpec } from '../schema/types.js';
import { deepEqual } from './equal.js';

const qualified = (ref: { schema?: string | undefined; name: string }) => (ref.schema ? `${ref.schema}.${ref.name}` : ref.name);

/** Differences from `expected` to `actual`; [] when they are the same up to the order of named things. */
export function schemaDifferences(expected: SchemaSpec, actual: SchemaSpec): string[] {
  const out: string[] = [];
  const actualTables = new Map(actual.tables.map((t) => [qualified(t), t]));
  for (const table of expected.tables) {
    const other = actualTables.get(qualified(table));
    if (!other) out.push(`table ${qualified(table)}: missing`);
    else out.push(...tableDifferences(table, other).map((line) => `table ${qualified(table)}: ${line}`));
  }
  const expectedTables = new Set(expected.tables.map(qualified));
  for (const table of actual.tables) if (!expectedTables.has(qualified(table))) out.push(`table ${qualified(table)}: not expected (left behind)`);
  out.push(...keyedDifferences('enum', expected.enums, actual.enums, qualified));
  // a SQLite table rebuild re-creates its triggers, so the catalog lists objects in another order
  out.push(...keyedDifferences('', expected.objects ?? [], actual.objects ?? [], objectLabel));
  const compared = new Set(['tables', 'enums', 'objects']);
  const e = expected as unknown as Record<string, unknown>;
  const a = actual as unknown as Record<string, unknown>;
  for (const property of new Set([...Object.keys(e), ...Object.keys(a)])) {
    if (!compared.has(property) && !deepEqual(e[property], a[property])) out.push(`${property}: ${show(e[property])} → ${show(a[property])}`);
  }
  return out;
}

/** `view live_books`, `trigger books_log on books`: kind and name, as a person reads them. */
function objectLabel(o: SchemaObjectRef): string {
  return `${o.kind} ${qualified(o)}${o.kind === 'trigger' && o.table !== undefined ? ` on ${o.table}` : ''}`;
}

function tableDifferences(expected: TableSpec, actual: TableSpec): string[] {
  const out: string[] = [];
  out.push(...keyedDifferences('column', expected.columns, actual.columns, (c: ColumnSpec) => c.name));
  if (!deepEqual(expected.primaryKey, actual.primaryKey)) out.push(`primary key: ${show(expected.primaryKey)} → ${show(actual.primaryKey)}`);
  out.push(...keyedDifferences('unique', expected.uniques, actual.uniques, (u) => u.name ?? u.columns.join(',')));
  out.push(...keyedDifferences('index', expected.indexes, actual.indexes, (i) => i.name));
  out.push(...keyedDifferences('foreign key', expected.foreignKeys, actual.foreignKeys, (f) => f.name ?? `${f.columns.join(',')}→${f.refTable}`));
  out.push(...keyedDifferences('check', expected.checks, actual.checks, (c) => c.name));
  out.push(...keyedDifferences('exclusion constraint', expected.exclusions ?? [], actual.exclusions ?? [], (x) => x.name));
  const compared = new Set(['name', 'schema', 'columns', 'primaryKey', 'uniques', 'indexes', 'foreignKeys', 'checks', 'exclusions']);
  const e = expected as unknown as Record<string, unknown>;
  const a = actual as unknown as Record<string, unknown>;
  for (const property of new Set([...Object.keys(e), ...Object.keys(a)])) {
    if (!compared.has(property) && !deepEqual(e[property], a[property])) out.push(`${property}: ${show(e[property])} → ${show(a[property])}`);
  }
  return out;
}

/** Named things on both sides: missing, unexpected, or each property that differs (`what` '': the key says it). */
function keyedDifferences<T extends object>(kind: string, expected: readonly T[], actual: readonly T[], keyOf: (item: T) => string): string[] {
  const out: string[] = [];
  const what = kind === '' ? '' : `${kind} `;
  const actualByKey = new Map(actual.map((item) => [keyOf(item), item]));
  for (const item of expected) {
    const key = keyOf(item);
    const other = actualByKey.get(key);
    if (other === undefined) {
      out.push(`${what}${key}: missing`);
      continue;
    }
    const record = item as Record<string, unknown>;
    const otherRecord = other as Record<string, unknown>;
    for (const property of new Set([...Object.keys(record), ...Object.keys(otherRecord)])) {
      if (!deepEqual(record[property], otherRecord[property])) out.push(`${what}${key}: ${property}: ${show(record[property])} → ${show(otherRecord[property])}`);
    }
  }
  const expectedKeys = new Set(expected.map(keyOf));
  for (const item of actual) if (!expectedKeys.has(keyOf(item))) out.push(`${what}${keyOf(item)}: not expected (left behind)`);
  return out;
}

function show(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}
