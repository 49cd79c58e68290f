// What a Drizzle schema module cannot declare, by name: views, triggers, routines and sequences (athanor reads
// none of drizzle's view/sequence objects), comments, column collations/charsets/statistics, table storage
// options, and index features drizzle's index builder lacks. `pull --format drizzle` lists these in the file's
// header; `check` and `migrate` with Drizzle models leave them out of the comparison (reported, never drift).
import { defaultForeignKeyName } from '../table.js';
import type { ColumnSpec, IndexSpec, SchemaObjectSpec, SchemaSpec, TableSpec } from '../types.js';
import type { DrizzleDialect } from './drizzle-types.js';

export interface DrizzleLimits {
  /** the schema without what Drizzle cannot declare */
  schema: SchemaSpec;
  /** each left-out thing, as a user names it: `comment on table customers`, `view big_orders` */
  left: string[];
  /** the left-out views, triggers, routines and sequences */
  objects: SchemaObjectSpec[];
}

const qualified = (r: { schema?: string; name: string }): string => (r.schema === undefined ? r.name : `${r.schema}.${r.name}`);

/** Why drizzle's index builder cannot write this index on this dialect, or undefined when it can. */
function indexLimit(ix: IndexSpec, dialect: DrizzleDialect): string | undefined {
  if (ix.include !== undefined && ix.include.length > 0) return 'INCLUDE columns';
  if (dialect === 'mysql' && ix.using !== undefined && ix.using !== 'btree' && ix.using !== 'hash') return `USING ${ix.using}`;
  for (const part of ix.parts) {
    if ('column' in part && part.prefix !== undefined) return 'a key prefix';
    if (part.collation !== undefined) return 'a key collation';
    if ('expression' in part && (part.desc || part.nulls !== undefined || part.opclass !== undefined)) return 'an expression key with an order or operator class';
    if (dialect !== 'postgres' && (part.desc || part.nulls !== undefined || part.opclass !== undefined)) return 'a descending key';
  }
  return undefined;
}

/**
 * MySQL: the ON UPDATE drizzle's `timestamp().onUpdateNow()` declares — CURRENT_TIMESTAMP at the column's own
 * precision, on a TIMESTAMP column (normalised: `current_timestamp()`, `current_timestamp(3)`).
 */
function isOnUpdateNow(column: ColumnSpec, dialect: DrizzleDialect): boolean {
  if (dialect !== 'mysql' || column.type.name !== 'timestamptz' || column.onUpdate === undefined) return false;
  const precision = column.type.precision ?? 0;
  return column.onUpdate === (precision > 0 ? `current_timestamp(${precision})` : 'current_timestamp()');
}

function tableWithinLimits(table: TableSpec, dialect: DrizzleDialect, left: string[]): TableSpec {
  const name = qualified(table);
  const columns = table.columns.map((c): ColumnSpec => {
    const { comment, charset, collation, statistics, onUpdate, ...kept } = c;
    const onUpdateNow = isOnUpdateNow(c, dialect);
    if (onUpdate !== undefined && !onUpdateNow) left.push(`ON UPDATE ${onUpdate} of ${name}.${c.name}`);
    if (comment !== undefined) left.push(`comment on column ${name}.${c.name}`);
    if (charset !== undefined) left.push(`character set of ${name}.${c.name} (${charset})`);
    if (collation !== undefined) left.push(`collation of ${name}.${c.name} (${collation})`);
    if (statistics !== undefined) left.push(`statistics target of ${name}.${c.name} (${statistics})`);
    return onUpdateNow ? { ...kept, onUpdate } : kept;
  });
  const indexes = table.indexes.filter((ix) => {
    const why = indexLimit(ix, dialect);
    if (why !== undefined) left.push(`index ${ix.name} on ${name} (${why})`);
    return why === undefined;
  });
  // SQLite: drizzle declares a unique constraint as a unique index (as drizzle-kit writes it); the database's
  // UNIQUE constraint is one (sqlite_autoindex_…), so both compare as that index
  const uniqueIndexes: IndexSpec[] = dialect === 'sqlite'
    ? table.uniques.map((u) => ({ name: u.name ?? `${table.name}_${u.columns.join('_')}_unique`, parts: u.columns.map((column) => ({ column })), unique: true }))
    : [];
  const { comment, options, primaryKey, exclusions, ...rest } = table;
  for (const x of exclusions ?? []) left.push(`exclusion constraint ${x.name} on ${name}`);
  const keyPrefixes = primaryKey?.prefixes !== undefined && Object.keys(primaryKey.prefixes).length > 0;
  if (keyPrefixes) left.push(`primary key of ${name} (a key prefix)`);
  // INCLUDE columns of a key's index: the key stays, without them
  const withoutInclude = <K extends { name?: string; include?: string[] }>(key: K, what: string): K => {
    if (key.include === undefined || key.include.length === 0) return key;
    left.push(`INCLUDE columns of ${what} ${key.name ?? ''} on ${name}`.replace('  ', ' '));
    const { include: _include, ...kept } = key;
    return kept as K;
  };
  const key = primaryKey === undefined || keyPrefixes ? undefined : withoutInclude(primaryKey, 'primary key');
  const uniques = table.uniques.map((u) => withoutInclude(u, 'unique'));
  if (comment !== undefined) left.push(`comment on table ${name}`);
  const storage = Object.entries(options ?? {}).filter(([, v]) => v !== undefined && v !== false);
  if (storage.length > 0) left.push(`table options of ${name} (${storage.map(([k, v]) => (v === true ? k : `${k}=${String(v)}`)).join(', ')})`);
  // drizzle's foreign keys have no DEFERRABLE
  const undeferred = table.foreignKeys.map(({ deferrable, ...fk }) => {
    if (deferrable !== undefined) left.push(`${deferrable} of foreign key ${fk.name ?? fk.columns.join(', ')} on ${name}`);
    return fk;
  });
  // SQLite: drizzle's foreign keys are unnamed there (as drizzle-kit writes them); a name is lost only when it is
  // not the one an unnamed key is given (`<t>_<cols>_fkey`, what introspection calls SQLite's unnamed keys)
  const foreignKeys = dialect !== 'sqlite' ? undeferred : undeferred.map(({ name: fkName, ...fk }) => {
    if (fkName !== undefined && fkName !== defaultForeignKeyName(table.name, fk.columns)) left.push(`name of foreign key ${fkName} on ${name}`);
    return fk;
  });
  return {
    ...rest,
    foreignKeys,
    ...(key !== undefined ? { primaryKey: key } : {}),
    uniques,
    columns,
    indexes: [...indexes, ...uniqueIndexes],
    ...(dialect === 'sqlite' ? { uniques: [] } : {}),
  };
}

export function withinDrizzleLimits(schema: SchemaSpec, dialect: DrizzleDialect): DrizzleLimits {
  const left: string[] = [];
  const tables = schema.tables.map((t) => tableWithinLimits(t, dialect, left));
  const objects = schema.objects ?? [];
  for (const o of objects) left.push(`${o.kind} ${qualified(o)}${o.table !== undefined ? ` on ${o.table}` : ''}`);
  const { objects: _objects, ...rest } = schema;
  return { schema: { ...rest, tables }, left, objects: [...objects] };
}
