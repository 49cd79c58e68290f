// DEFERRABLE foreign keys (PostgreSQL; SQLite keeps the clause as written): a key checked at COMMIT lets a
// transaction insert rows that reference each other in any order. The model says when the key is checked:
// `deferrable: 'immediate'` (DEFERRABLE INITIALLY IMMEDIATE: a transaction may defer it with SET CONSTRAINTS) or
// `'deferred'` (DEFERRABLE INITIALLY DEFERRED); the spec holds the clause PostgreSQL prints.
import { UsageError } from '../errors.js';

export type Deferrable = 'immediate' | 'deferred';

const DEFERRABLES: readonly Deferrable[] = ['immediate', 'deferred'];

/** The clause for a deferrable key: `DEFERRABLE` (initially immediate) or `DEFERRABLE INITIALLY DEFERRED`. */
export function deferrableClause(when: Deferrable): string {
  return when === 'deferred' ? 'DEFERRABLE INITIALLY DEFERRED' : 'DEFERRABLE';
}

/** When a key with this clause (any spelling, as written in SQL) is checked; undefined: not deferrable. */
export function deferrableOf(clause: string | undefined): Deferrable | undefined {
  const words = (clause ?? '').trim().toUpperCase().split(/\s+/).join(' ');
  if (words === '' || words.startsWith('NOT DEFERRABLE')) return undefined;
  if (words.includes('INITIALLY DEFERRED')) return 'deferred';
  return words.startsWith('DEFERRABLE') ? 'immediate' : undefined;
}

/** The clause for a model's `deferrable` option, checked. */
export function deferrableClauseOf(value: unknown, where: string): string {
  const when = DEFERRABLES.find((d) => d === value);
  if (when !== undefined) return deferrableClause(when);
  throw new UsageError(`${where}: deferrable ${JSON.stringify(value)} is not one of 'immediate' (DEFERRABLE INITIALLY IMMEDIATE) or 'deferred' (DEFERRABLE INITIALLY DEFERRED)`);
}
