// Lock-safe forms for changes to tables that already exist (config `safe: true`, PostgreSQL):
//   - CREATE/DROP INDEX CONCURRENTLY instead of a build or drop that blocks writes (the migration becomes
//     non-transactional);
//   - foreign keys and checks added NOT VALID, then validated (validation takes a weaker lock);
//   - SET NOT NULL on an existing column after a validated CHECK (col IS NOT NULL), so PostgreSQL 12+ skips
//     the full-table scan under an exclusive lock; the helper check is dropped afterwards.
import type { Operation } from '../operations/types.js';
import type { SchemaSpec, TableRef } from '../schema/types.js';

export interface LockSafeResult {
  operations: Operation[];
  /** true when an index is built CONCURRENTLY (refused in a transaction) or a constraint is validated after a NOT VALID add */
  nonTransactional: boolean;
}

const key = (ref: TableRef) => `${ref.schema ?? ''}.${ref.name}`;

function notNullCheckName(table: string, column: string): string {
  return `${table}_${column}_not_null`.slice(0, 63);
}

export function lockSafeOperations(operations: readonly Operation[], from: SchemaSpec): LockSafeResult {
  const existing = new Set(from.tables.map(key));
  const existingColumns = new Set(from.tables.flatMap((t) => t.columns.map((c) => `${key(t)}.${c.name}`)));
  const out: Operation[] = [];
  let nonTransactional = false;
  for (const op of operations) {
    const onExisting = 'table' in op && existing.has(key(op.table));
    if ((op.kind === 'createIndex' || op.kind === 'dropIndex') && onExisting) {
      out.push({ ...op, concurrently: true });
      nonTransactional = true;
    } else if ((op.kind === 'createForeignKey' || op.kind === 'createCheckConstraint') && onExisting && op.constraint.name) {
      out.push({ ...op, notValid: true }, { kind: 'validateConstraint', table: op.table, name: op.constraint.name });
      // inside one transaction the ADD's lock would be held through the validation scan
      nonTransactional = true;
    } else if (
      op.kind === 'alterColumn' &&
      op.changes.nullable === false &&
      existingColumns.has(`${key(op.table)}.${op.column}`) &&
      Object.keys(op.changes).length === 1
    ) {
      const name = notNullCheckName(op.table.name, op.column);
      const constraint = { name, expression: `"${op.column.replace(/"/g, '""')}" IS NOT NULL` };
      nonTransactional = true;
      out.push(
        { kind: 'createCheckConstraint', table: op.table, constraint, notValid: true },
        { kind: 'validateConstraint', table: op.table, name },
        op,
        { kind: 'dropConstraint', table: op.table, name, constraintType: 'check', existing: { type: 'check', ...constraint } },
      );
    } else {
      out.push(op);
    }
  }
  return { operations: out, nonTransactional };
}
