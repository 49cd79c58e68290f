// schemaFromModule: the target schema a models module declares.
import { UsageError } from '../errors.js';
import { columnEnumOf } from './columns.js';
import { type EnumType, enumSpecOf, isEnum } from './enum.js';
import { isSchemaObject, objectKey, schemaObjectSpecOf } from './objects.js';
import { TABLE_DEF, type Table, isTable, tableSpecOf } from './table.js';
import type { EnumSpec, SchemaObjectSpec, SchemaSpec, TableSpec } from './types.js';

function key(schema: string | undefined, name: string): string {
  return schema !== undefined ? `${schema}.${name}` : name;
}

export function byQualifiedName(a: { schema?: string; name: string }, b: { schema?: string; name: string }): number {
  // Plain code-unit order (not localeCompare) so the result never depends on the machine's locale.
  const sa = a.schema ?? '';
  const sb = b.schema ?? '';
  if (sa !== sb) return sa < sb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Every exported table and enum of a models module, plus the enums its columns use even when not exported.
 * Order is deterministic whatever the export order: tables, then enums, sorted by schema (default schema
 * first) and then name. The same object exported under two names counts once.
 */
export function schemaFromModule(ns: Record<string, unknown>): SchemaSpec {
  const tables = new Map<string, Table>();
  const enums = new Map<string, EnumType>();
  const objects = new Map<string, SchemaObjectSpec>();

  const addEnum = (e: EnumType): void => {
    const k = key(e.schema, e.name);
    const seen = enums.get(k);
    if (seen === undefined) enums.set(k, e);
    else if (seen !== e && seen.values.join('\u0000') !== e.values.join('\u0000')) {
      throw new UsageError(`enum "${k}" is declared twice with different values`);
    }
  };

  for (const value of Object.values(ns)) {
    if (isTable(value)) {
      const ref = value[TABLE_DEF].ref;
      const k = key(ref.schema, ref.name);
      const seen = tables.get(k);
      // two instances of one module (models files importing each other) declare equal tables: the same table
      const same = seen === undefined || seen === value || JSON.stringify(tableSpecOf(seen)) === JSON.stringify(tableSpecOf(value));
      if (!same) throw new UsageError(`table "${k}" is declared twice`);
      tables.set(k, value);
    } else if (isEnum(value)) {
      addEnum(value);
    } else if (isSchemaObject(value)) {
      const spec = schemaObjectSpecOf(value);
      const k = objectKey(spec);
      const seen = objects.get(k);
      if (seen !== undefined && seen !== spec) {
        const on = spec.kind === 'trigger' && spec.table !== undefined ? ` on ${spec.table}` : '';
        throw new UsageError(`${spec.kind} "${key(spec.schema, spec.name)}"${on} is declared twice`);
      }
      objects.set(k, spec);
    }
  }
  for (const tbl of tables.values()) {
    for (const builder of Object.values(tbl[TABLE_DEF].columns)) {
      const e = columnEnumOf(builder);
      if (e) addEnum(e);
    }
  }

  const tableSpecs: TableSpec[] = [...tables.values()].map(tableSpecOf).sort(byQualifiedName);
  const enumSpecs: EnumSpec[] = [...enums.values()].map(enumSpecOf).sort(byQualifiedName);
  // objects keep their export order: a view reading another view is exported after it
  return objects.size > 0 ? { tables: tableSpecs, enums: enumSpecs, objects: [...objects.values()] } : { tables: tableSpecs, enums: enumSpecs };
}
