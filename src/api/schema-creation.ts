// The diff creates tables, enums and objects, not the schemas they live in: the operations that create those
// schemas first (a fresh database for a baseline; for `migrate`, the ones the database does not have yet, so the
// migration it writes runs where it was written and on a fresh database).
import type { Operation } from '../operations/types.js';
import type { SchemaSpec } from '../schema/types.js';

/** CREATE SCHEMA for each name (its reverse drops it, empty or refused). */
export function createSchemaOperations(names: readonly string[], ident: (name: string) => string): Operation[] {
  return [...names].sort().map((name) => ({
    kind: 'execute',
    sql: `CREATE SCHEMA IF NOT EXISTS ${ident(name)}`,
    reverseSql: `DROP SCHEMA IF EXISTS ${ident(name)}`,
  }));
}

/** The non-default schemas the tables and enums of `schema` live in. */
export function schemasOf(schema: SchemaSpec): string[] {
  return distinct([...schema.tables, ...schema.enums].map((o) => o.schema));
}

/** The non-default schemas that `operations` create something in. */
export function schemasCreatedIn(operations: readonly Operation[]): string[] {
  return distinct(
    operations.map((op) => {
      if (op.kind === 'createTable') return op.table.schema;
      if (op.kind === 'createEnum') return op.enum.schema;
      if (op.kind === 'createObject') return op.object.schema;
      return undefined;
    }),
  );
}

function distinct(names: ReadonlyArray<string | undefined>): string[] {
  return [...new Set(names.filter((s): s is string => s !== undefined))];
}
