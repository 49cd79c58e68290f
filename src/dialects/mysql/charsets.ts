// Character sets, collations and table options: what a MySQL/MariaDB table or column says explicitly, as the
// schema model holds it (only what differs from the level above: server → database → table → column).
//
// The server fills in every level (information_schema gives each column its charset and collation), so
// introspection keeps a value only where it differs from what the level above would give: a column's collation
// when it is not its table's, a table's when it is not its database's. A collation that is its character set's
// default is said as the character set alone (`CHARACTER SET latin1`), as DBAs write it.
import type { Connection } from '../../drivers/connection.js';
import type { SchemaSpec, ServerFacts, TableOptionsSpec } from '../../schema/types.js';

/** A charset and collation as the model says them, each only when needed. */
export interface CharsetSetting {
  charset?: string;
  collation?: string;
}

export interface CharsetDefaults {
  /** charset → its default collation */
  defaultCollation: ReadonlyMap<string, string>;
  /** database → its default collation */
  databaseCollation: ReadonlyMap<string, string>;
  /** the server's default storage engine, lower case */
  engine: string;
}

/** The charset a collation belongs to: its name up to the first `_` (`latin1_general_cs` → latin1). */
export function charsetOfCollation(collation: string): string {
  const cut = collation.indexOf('_');
  return cut > 0 ? collation.slice(0, cut) : collation;
}

export async function readCharsetDefaults(conn: Connection, schemas: readonly string[]): Promise<CharsetDefaults> {
  const collations = await conn.query<{ charset: string; collation: string }>(
    `SELECT CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation FROM information_schema.COLLATIONS WHERE IS_DEFAULT = 'Yes'`,
  );
  const databases = await conn.query<{ db: string; collation: string }>(
    `SELECT SCHEMA_NAME AS db, DEFAULT_COLLATION_NAME AS collation FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?)`,
    [schemas],
  );
  const engine = await conn.query<{ engine: string }>('SELECT @@default_storage_engine AS engine');
  return {
    defaultCollation: new Map(collations.rows.map((r) => [r.charset.toLowerCase(), r.collation.toLowerCase()])),
    databaseCollation: new Map(databases.rows.map((r) => [r.db, r.collation.toLowerCase()])),
    engine: (engine.rows[0]?.engine ?? 'InnoDB').toLowerCase(),
  };
}

/**
 * What must be said for `collation` where the level above gives `inherited`: nothing when they are the same,
 * the charset alone when the collation is its charset's default (and the charset differs), else the collation
 * (its charset is implied by its name).
 */
export function explicitCharset(collation: string | null, inherited: string | undefined, defaults: CharsetDefaults): CharsetSetting {
  if (!collation) return {};
  const coll = collation.toLowerCase();
  if (coll === inherited) return {};
  const charset = charsetOfCollation(coll);
  if (defaults.defaultCollation.get(charset) === coll && charset !== charsetOfCollation(inherited ?? '')) return { charset };
  return { collation: coll };
}

/** Options with a place of their own (ROW_FORMAT) or not options (`partitioned`, reported as partitioning). */
const NOT_CREATE_OPTIONS = new Set(['ROW_FORMAT', 'PARTITIONED']);

/**
 * CREATE_OPTIONS other than ROW_FORMAT: `min_rows=10 key_block_size=8 \`PAGE_COMPRESSED\`='1'` →
 * `{ MIN_ROWS: '10', KEY_BLOCK_SIZE: '8', PAGE_COMPRESSED: '1' }` (engine-defined options come quoted).
 */
export function otherCreateOptions(text: string | null): Record<string, string> | undefined {
  const options: Record<string, string> = {};
  for (const m of (text ?? '').matchAll(/`?(\w+)`?=('(?:[^']|'')*'|\S+)/g)) {
    const name = (m[1] ?? '').toUpperCase();
    const value = (m[2] ?? '').replace(/^'(.*)'$/s, '$1').replace(/''/g, "'");
    if (!NOT_CREATE_OPTIONS.has(name)) options[name] = value;
  }
  return Object.keys(options).length > 0 ? options : undefined;
}

/** ENGINE, DEFAULT CHARSET/COLLATE, ROW_FORMAT and other CREATE_OPTIONS of a table, each only when not the default. */
export function tableOptionsOf(
  row: { engine: string | null; collation: string | null; create_options: string | null },
  database: string,
  defaults: CharsetDefaults,
): TableOptionsSpec | undefined {
  const options: TableOptionsSpec = {};
  const engine = row.engine?.toLowerCase();
  if (engine && engine !== defaults.engine) options.engine = engine;
  Object.assign(options, explicitCharset(row.collation, defaults.databaseCollation.get(database), defaults));
  // CREATE_OPTIONS holds the row format only when the table was created or altered with one
  const rowFormat = /(?:^|\s)row_format=(\w+)/i.exec(row.create_options ?? '')?.[1];
  if (rowFormat) options.rowFormat = rowFormat.toLowerCase();
  const createOptions = otherCreateOptions(row.create_options);
  if (createOptions) options.createOptions = createOptions;
  return Object.keys(options).length > 0 ? options : undefined;
}

/** What normalisation needs to know of the server to read the models as introspection reads the database. */
export function serverFacts(defaults: CharsetDefaults, database: string): ServerFacts {
  const facts: ServerFacts = { defaultCollations: Object.fromEntries(defaults.defaultCollation) };
  const collation = defaults.databaseCollation.get(database);
  if (collation !== undefined) facts.databaseCollation = collation;
  return facts;
}

/**
 * The models' charsets and collations said the way introspection says them on this server: each level's
 * effective collation (its own, its charset's default, or the level above's) restated with explicitCharset.
 * Tables of other databases (a schema) are left as written: their database's default is not known here.
 */
export function restateCharsets(schema: SchemaSpec): SchemaSpec {
  const facts = schema.server;
  if (!facts?.defaultCollations || facts.databaseCollation === undefined) return schema;
  const defaults: CharsetDefaults = { defaultCollation: new Map(Object.entries(facts.defaultCollations)), databaseCollation: new Map(), engine: '' };
  const effective = (x: CharsetSetting): string | undefined => {
    const c = canonicalCharset(x);
    return c.collation ?? (c.charset !== undefined ? defaults.defaultCollation.get(c.charset) : undefined);
  };
  const without = <T extends CharsetSetting>(x: T): T => {
    const { charset: _cs, collation: _co, ...rest } = x;
    return rest as T;
  };
  return {
    ...schema,
    tables: schema.tables.map((table) => {
      if (table.schema !== undefined) return table;
      const tableCollation = effective(table.options ?? {}) ?? facts.databaseCollation;
      const options = { ...without(table.options ?? {}), ...explicitCharset(tableCollation ?? null, facts.databaseCollation, defaults) };
      const columns = table.columns.map((c) =>
        c.charset === undefined && c.collation === undefined ? c : { ...without(c), ...explicitCharset(effective(c) ?? null, tableCollation, defaults) },
      );
      const { options: _written, ...rest } = table;
      return { ...rest, columns, ...(Object.keys(options).length > 0 ? { options } : {}) };
    }),
  };
}

// --- canonical spelling, for normalize ---------------------------------------------------------------------------

/** MariaDB 10.6+ and MySQL 8 call utf8 utf8mb3. */
function canonicalName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower === 'utf8' || lower.startsWith('utf8_') ? lower.replace(/^utf8/, 'utf8mb3') : lower;
}

/** A charset/collation pair as compared: lower case, utf8 as utf8mb3, no charset its collation implies. */
export function canonicalCharset<T extends CharsetSetting>(setting: T): T {
  const result = { ...setting };
  if (result.collation !== undefined) result.collation = canonicalName(result.collation);
  if (result.charset !== undefined) result.charset = canonicalName(result.charset);
  if (result.collation !== undefined && result.charset === charsetOfCollation(result.collation)) delete result.charset;
  return result;
}

/** Table options as compared: names lower case, InnoDB (the default engine) omitted, charsets canonical. */
export function canonicalTableOptions(options: TableOptionsSpec): TableOptionsSpec {
  const result = canonicalCharset(options);
  if (result.engine !== undefined) result.engine = result.engine.trim().toLowerCase();
  if (result.engine === 'innodb') delete result.engine;
  if (result.rowFormat !== undefined) result.rowFormat = result.rowFormat.trim().toLowerCase();
  if (result.rowFormat === 'default') delete result.rowFormat;
  if (result.createOptions !== undefined) {
    const entries = Object.entries(result.createOptions).map(([k, v]) => [k.trim().toUpperCase(), String(v).trim()] as const);
    // Aria lists TRANSACTIONAL=1, its default, whether said or not
    const isDefault = ([k, v]: readonly [string, string]): boolean => v.toUpperCase() === 'DEFAULT' || (k === 'TRANSACTIONAL' && v === '1' && result.engine === 'aria');
    const set = entries.filter((e) => !isDefault(e)).sort(([a], [b]) => a.localeCompare(b));
    if (set.length > 0) result.createOptions = Object.fromEntries(set);
    else delete result.createOptions;
  }
  return result;
}
