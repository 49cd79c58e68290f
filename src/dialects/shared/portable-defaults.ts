// Defaults written for one database that another spells differently (`uuid()` is MySQL's, `gen_random_uuid()`
// PostgreSQL's, `now()` both): each dialect maps the portable spellings to its own, when rendering and when
// normalizing, so one models file serves every dialect and `check` converges. What a dialect still cannot run
// is found by Dialect.unrunnableDefault before a migration is written.

/** Portable spelling (lower case, no spaces) → this dialect's SQL. */
export type PortableDefaults = Readonly<Record<string, string>>;

/** True when the database's message names one of `names` as a whole word (`type "mood" does not exist`). */
export function mentionsAny(message: string, names: readonly string[]): boolean {
  const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return names.some((name) => new RegExp(`(^|[^\\w$])${escape(name)}($|[^\\w$])`, 'i').test(message));
}

/** The dialect's spelling of a portable default; other SQL as it is. */
export function portableDefault(sql: string, map: PortableDefaults): string {
  return map[sql.replace(/\s+/g, '').toLowerCase()] ?? sql;
}
