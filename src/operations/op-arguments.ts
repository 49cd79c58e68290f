// An `op` call's arguments, checked as the call is made. Migrations are not type-checked, so an option spelled
// otherwise (`rename` for `newName`) would be dropped without a word and the migration recorded as applied
// having done nothing, and a missing table would fail deep inside the renderer.
import { UsageError } from '../errors.js';
import { closestName } from '../schema/strict-namespace.js';

/** Throws naming the first option `call` does not take, with the one meant (an alias, else the closest name) or the list. */
export function checkOptionNames(call: string, options: unknown, known: readonly string[], aliases: Readonly<Record<string, string>> = {}): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object') throw new UsageError(`${call}: the options must be an object, not ${typeof options}`);
  const unknown = Object.keys(options).find((key) => !known.includes(key));
  if (unknown === undefined) return;
  const meant = aliases[unknown] ?? closestName(unknown, known);
  throw new UsageError(`${call}: unknown option '${unknown}'${meant ? ` (did you mean ${meant}?)` : `; it takes ${known.join(', ')}`}`);
}

/** Throws when a required table argument is missing (Alembic's drop_index takes the table as optional). */
export function checkTableGiven(call: string, table: unknown): void {
  if (typeof table === 'string' && table !== '') return;
  if (typeof table === 'object' && table !== null && typeof (table as { name?: unknown }).name === 'string') return;
  throw new UsageError(`${call}: the table is missing or not a name (a string or { schema, name })`);
}
