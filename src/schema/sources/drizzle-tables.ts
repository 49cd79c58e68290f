// One Drizzle table (read through drizzle-orm's getTableConfig) → a TableSpec: columns, keys, indexes, foreign
// keys and checks, with the names drizzle-kit gives what the schema leaves unnamed.
import type { ForeignKeySpec, IndexPart, IndexSpec, PrimaryKeySpec, ReferentialAction, TableSpec, UniqueSpec } from '../types.js';
import { defaultPrimaryKeyName } from '../table.js';
import { columnSpecFromDrizzle, isMysqlSerial, refuse, type DrizzleContext } from './drizzle-columns.js';
import type { DrizzleColumn, DrizzleIndex, DrizzleIndexedColumn, DrizzleTableConfig } from './drizzle-types.js';

const ACTIONS: ReadonlySet<string> = new Set<ReferentialAction>(['no action', 'restrict', 'cascade', 'set null', 'set default']);

function qualified(config: { schema?: string; name: string }): string {
  return config.schema ? `${config.schema}.${config.name}` : config.name;
}

function primaryKeyOf(config: DrizzleTableConfig, ctx: DrizzleContext, where: string): PrimaryKeySpec | undefined {
  const inline = config.columns.filter((c) => c.primary).map(ctx.runtime.columnName);
  const declared = config.primaryKeys;
  if (declared.length + (inline.length > 0 ? 1 : 0) > 1) refuse(where, 'more than one primary key (a column .primaryKey() and primaryKey(), or two primaryKey())');
  const pk = declared[0];
  if (pk) {
    const columns = pk.columns.map(ctx.runtime.columnName);
    // drizzle-kit names a composite key on PostgreSQL only (MySQL's is always PRIMARY, SQLite's unnamed)
    return ctx.dialect === 'postgres' ? { name: pk.getName(), columns } : { columns };
  }
  if (inline.length === 0) return undefined;
  // PostgreSQL names an inline PRIMARY KEY table_pkey, as drizzle-kit's CREATE TABLE leaves it to
  return ctx.dialect === 'postgres' ? { name: defaultPrimaryKeyName(config.name), columns: inline } : { columns: inline };
}

function uniquesOf(config: DrizzleTableConfig, ctx: DrizzleContext, where: string): UniqueSpec[] {
  const uniques: UniqueSpec[] = [];
  for (const column of config.columns) {
    const name = ctx.runtime.columnName(column);
    if (column.uniqueType === 'not distinct') refuse(`column ${qualified(config)}.${name}`, 'UNIQUE NULLS NOT DISTINCT is not managed by athanor');
    if (column.isUnique) uniques.push({ name: column.uniqueName ?? `${config.name}_${name}_unique`, columns: [name] });
    // the UNIQUE of MySQL's serial makes an index named after the column
    else if (ctx.dialect === 'mysql' && isMysqlSerial(column)) uniques.push({ name, columns: [name] });
  }
  for (const u of config.uniqueConstraints) {
    if (u.nullsNotDistinct) refuse(where, `unique ${u.getName()}: NULLS NOT DISTINCT is not managed by athanor`);
    uniques.push({ name: u.name ?? u.getName(), columns: u.columns.map(ctx.runtime.columnName) });
  }
  return uniques;
}

function isIndexedColumn(value: unknown): value is DrizzleIndexedColumn {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string';
}

function indexPart(part: unknown, ctx: DrizzleContext, where: string): IndexPart {
  if (ctx.runtime.isSql(part)) return { expression: ctx.runtime.sqlText(part, ctx.dialect) };
  if (!isIndexedColumn(part)) return refuse(where, 'an index key is neither a column nor an sql`…` expression');
  const key: IndexPart = { column: ctx.runtime.columnName(part) };
  const options = part.indexConfig;
  if (!options) return key;
  const desc = options.order === 'desc';
  if (desc) key.desc = true;
  // NULLS LAST is ASC's default and FIRST is DESC's; drizzle's .desc() keeps NULLS LAST, as drizzle-kit writes it
  if (options.nulls !== undefined && options.nulls !== (desc ? 'first' : 'last')) key.nulls = options.nulls;
  if (options.opClass !== undefined) key.opclass = options.opClass;
  return key;
}

function indexOf(index: DrizzleIndex, config: DrizzleTableConfig, ctx: DrizzleContext, where: string): IndexSpec {
  const c = index.config;
  const keyNames = c.columns.map((part) => (ctx.runtime.isSql(part) || !isIndexedColumn(part) ? undefined : ctx.runtime.columnName(part)));
  if (c.name === undefined && keyNames.some((n) => n === undefined)) refuse(where, 'an index on an expression needs a name: index("name")');
  const name = c.name ?? `${config.name}_${keyNames.join('_')}_index`;
  const at = `${where} index ${name}`;
  if (c.with && Object.keys(c.with).length > 0) refuse(at, `storage parameters with(${Object.keys(c.with).join(', ')}) are not managed by athanor`);
  // `only` (ON ONLY, partitioned tables) is ignored like drizzle-kit does: drizzle's .using() sets it on every index
  if (c.concurrently) ctx.warnings.push(`index ${name}: .concurrently() is how drizzle-kit builds it, not part of the schema; set \`safe: true\` in the config to build indexes concurrently`);
  if (c.algorithm !== undefined || c.lock !== undefined) ctx.warnings.push(`index ${name}: algorithm/lock are how an index is built, not part of the schema (ignored)`);
  const spec: IndexSpec = { name, parts: c.columns.map((part) => indexPart(part, ctx, at)) };
  if (c.unique) spec.unique = true;
  const method = c.method ?? c.using;
  if (method !== undefined && method !== 'btree') spec.using = method;
  if (c.where !== undefined) spec.where = ctx.runtime.sqlText(c.where, ctx.dialect);
  return spec;
}

function action(value: string | undefined, where: string): ReferentialAction | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (!ACTIONS.has(lower)) return refuse(where, `unknown referential action "${value}"`);
  return lower as ReferentialAction;
}

function foreignKeysOf(config: DrizzleTableConfig, ctx: DrizzleContext, where: string): ForeignKeySpec[] {
  return config.foreignKeys.map((fk) => {
    const ref = fk.reference();
    const target = ctx.runtime.tableConfig(ref.foreignTable, ctx.dialect);
    const name = fk.getName();
    const spec: ForeignKeySpec = {
      // drizzle-kit leaves SQLite's foreign keys unnamed (FOREIGN KEY (…) REFERENCES …): the same here
      ...(ctx.dialect === 'sqlite' ? {} : { name }),
      columns: ref.columns.map(ctx.runtime.columnName),
      refTable: target.name,
      refColumns: ref.foreignColumns.map(ctx.runtime.columnName),
    };
    if (target.schema) spec.refSchema = target.schema;
    const onDelete = action(fk.onDelete, `${where} foreign key ${name}`);
    const onUpdate = action(fk.onUpdate, `${where} foreign key ${name}`);
    if (onDelete) spec.onDelete = onDelete;
    if (onUpdate) spec.onUpdate = onUpdate;
    return spec;
  });
}

function reportUnmanaged(config: DrizzleTableConfig, ctx: DrizzleContext, name: string): void {
  for (const policy of config.policies ?? []) ctx.warnings.push(`policy ${policy.name} on ${name} is not managed by athanor: create it in a migration (op.execute)`);
  if (config.enableRLS) ctx.warnings.push(`row-level security on ${name} is not managed by athanor: enable it in a migration (op.execute)`);
}

export function tableSpecFromDrizzle(table: object, ctx: DrizzleContext): TableSpec {
  const config = ctx.runtime.tableConfig(table, ctx.dialect);
  const name = qualified(config);
  const where = `table ${name}`;
  reportUnmanaged(config, ctx, name);
  const uniques = uniquesOf(config, ctx, where);
  const indexes = config.indexes.map((i) => indexOf(i, config, ctx, where));
  // drizzle-kit writes SQLite's unique constraints as CREATE UNIQUE INDEX (droppable without a table rebuild):
  // the same here, so a database drizzle-kit made is in sync with the same schema
  const uniquesAsIndexes = ctx.dialect === 'sqlite';
  if (uniquesAsIndexes) for (const u of uniques) indexes.push({ name: u.name ?? `${config.name}_${u.columns.join('_')}_unique`, parts: u.columns.map((column) => ({ column })), unique: true });
  const spec: TableSpec = {
    name: config.name,
    columns: config.columns.map((c) => columnSpecFromDrizzle(c, name, ctx)),
    uniques: uniquesAsIndexes ? [] : uniques,
    indexes,
    foreignKeys: foreignKeysOf(config, ctx, where),
    checks: config.checks.map((c) => ({ name: c.name, expression: ctx.runtime.sqlText(c.value, ctx.dialect) })),
  };
  if (config.schema) spec.schema = config.schema;
  const pk = primaryKeyOf(config, ctx, where);
  if (pk) spec.primaryKey = pk;
  return spec;
}
