// Lock-safe forms for changes to tables that already exist (config `safe: true`, PostgreSQL):
//   - CREATE/DROP INDEX CONCURRENTLY instead of a build or drop that blocks writes (the migration becomes
//     non-transactional);
//   - foreign keys and checks added NOT VALID, then validated (validation takes a weaker lock);
//   - SET NOT NULL on a column of an existing table (an existing column, or one added nullable and backfilled:
//     --backfill) after a validated CHECK (col IS NOT NULL), so PostgreSQL 12+ skips the full-table scan under
//     an exclusive lock; the helper check is dropped afterwards. The backfill's UPDATE then runs outside a
//     transaction too, so it does not hold the ADD COLUMN's lock until the migration ends.
import type { Operation } from '../operations/types.js';
import type { SchemaSpec, TableRef } from '../schema/types.js';

export interface LockSafeResult {
  operations: Operation[];
  /** true when an index is built CONCURRENTLY (refused in a transaction) or a constraint is validated after a NOT VALID add */
  nonTransactional: boolean;
}

/** The dialect's identifier rules (Dialect.quoteIdent, and its identifierLimit as a cut). */
export interface IdentifierRules {
  quoteIdent(name: string): string;
  /** the name as the database keeps it (PostgreSQL cuts at 63 bytes) */
  fitName(name: string): string;
}

const key = (ref: TableRef) => `${ref.schema ?? ''}.${ref.name}`;

export function lockSafeOperations(operations: readonly Operation[], from: SchemaSpec, identifiers: IdentifierRules): LockSafeResult {
  const existing = new Set(from.tables.map(key));
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
    } else if (op.kind === 'alterColumn' && op.changes.nullable === false && onExisting && Object.keys(op.changes).length === 1) {
      // an existing column, or one added (nullable) and backfilled just before on a table that has rows
      const name = identifiers.fitName(`${op.table.name}_${op.column}_not_null`);
      const constraint = { name, expression: `${identifiers.quoteIdent(op.column)} IS NOT NULL` };
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
