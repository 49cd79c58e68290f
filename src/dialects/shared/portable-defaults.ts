// Defaults written for one database that another spells differently (`uuid()` is MySQL's, `gen_random_uuid()`
// PostgreSQL's, `now()` both): each dialect maps the portable spellings to its own, when rendering and when
// normalizing, so one models file serves every dialect and `check` converges. What a dialect still cannot run
// is found by Dialect.unrunnableDefault before a migration is written.
import type { Connection } from '../../drivers/connection.js';

/** Portable spelling (lower case, no spaces) → this dialect's SQL. */
export type PortableDefaults = Readonly<Record<string, string>>;

/**
 * Why the database cannot evaluate a default expression, or undefined when it can. EXPLAIN plans (PostgreSQL) or
 * prepares (MySQL) it without running it, so no sequence advances. A name the migration itself creates
 * (`created`: the models' types, functions, sequences) is not a reason: it exists when the default runs.
 */
export async function unrunnableExpression(conn: Connection, expression: string, created: readonly string[]): Promise<string | undefined> {
  try {
    await conn.query(`EXPLAIN SELECT (${expression}) AS value`);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return mentionsAny(message, created) ? undefined : message;
  }
}

/** True when the database's message names one of `names` as a whole word (`type "mood" does not exist`). */
function mentionsAny(message: string, names: readonly string[]): boolean {
  const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return names.some((name) => new RegExp(`(^|[^\\w$])${escape(name)}($|[^\\w$])`, 'i').test(message));
}

/** The dialect's spelling of a portable default; other SQL as it is. */
export function portableDefault(sql: string, map: PortableDefaults): string {
  return map[sql.replace(/\s+/g, '').toLowerCase()] ?? sql;
}
