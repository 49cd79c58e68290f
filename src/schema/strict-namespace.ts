// `t.varchr(20)` in a models file or a migration: instead of "import_athanor.t.varchr is not a function", say
// what is wrong and what was meant ("t.varchr is not a column type (did you mean varchar?)").
import { UsageError } from '../errors.js';

/** Names tools probe on any object (awaiting it, printing it, serialising it): never a typo. */
const PROBED = new Set(['then', 'toJSON', 'asymmetricMatch', '$$typeof', 'nodeType', '__esModule', 'default']);

/** Levenshtein distance, enough for a few dozen short names. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** The candidate closest to `word` when it is close enough to be a typo of it. */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** `namespace` where reading a name it lacks throws `${label}.${name} is not ${what}`, with the closest name. */
export function strictNamespace<T extends object>(namespace: T, label: string, what: string): T {
  const names = Object.keys(namespace);
  return new Proxy(namespace, {
    get(target, key, receiver) {
      if (typeof key !== 'string' || key in target || PROBED.has(key)) return Reflect.get(target, key, receiver) as unknown;
      const guess = closestName(key, names);
      throw new UsageError(`${label}.${key} is not ${what}${guess ? ` (did you mean ${guess}?)` : ''}`);
    },
  });
}

/** What the other tools call an operation athanor has under another name (knex, Rails, TypeORM, Kysely, Alembic). */
const OTHER_TOOLS_NAMES: Readonly<Record<string, string>> = {
  addIndex: 'createIndex', removeIndex: 'dropIndex', removeColumn: 'dropColumn', changeColumn: 'alterColumn',
  modifyColumn: 'alterColumn', raw: 'execute', sql: 'execute', query: 'execute', insert: 'bulkInsert',
  createType: 'createEnum', dropType: 'dropEnum', addForeignKey: 'createForeignKey', addPrimaryKey: 'createPrimaryKey',
  addUnique: 'createUniqueConstraint', addCheck: 'createCheckConstraint', dropForeignKey: 'dropConstraint',
};

/**
 * An object whose missing methods throw `${label}.${name} is not ${what}` with what was meant: its own name for a
 * snake_case one (Alembic's `op.add_column`), another tool's name for it, or the closest. Its methods are bound to
 * it, so they keep working through the proxy (private fields).
 */
export function strictMethods<T extends object>(target: T, label: string, what: string): T {
  const names: string[] = [];
  for (let proto = Object.getPrototypeOf(target) as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    names.push(...Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor'));
  }
  return new Proxy(target, {
    get(object, key) {
      if (typeof key !== 'string' || key in object || PROBED.has(key)) {
        const value = Reflect.get(object, key, object) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
      }
      const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      const guess = names.includes(camel) ? camel : (OTHER_TOOLS_NAMES[key] ?? closestName(key, names));
      throw new UsageError(`${label}.${key} is not ${what}${guess ? ` (did you mean ${label}.${guess}?)` : ''}`);
    },
  });
}
