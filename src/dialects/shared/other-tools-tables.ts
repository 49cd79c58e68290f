// The tables other migration tools keep their history in (Alembic, knex, Prisma Migrate, drizzle-kit on MySQL and
// SQLite, Kysely's Migrator, TypeORM; drizzle-kit's PostgreSQL table lives in its own `drizzle` schema). After
// `athanor import` or a baseline they stay, so the other tool can still read them, but they are bookkeeping like
// athanor_version, not the app's schema: introspection leaves them out, so check and migrate do not report them as
// drift (a generated dropTable), and pull and baseline do not write them into the models or a first migration.
import type { ColumnSpec, TableSpec } from '../../schema/types.js';
import { isVersionTable } from './version-tables.js';

const OTHER_TOOLS_TABLES: ReadonlySet<string> = new Set([
  'alembic_version',
  'knex_migrations',
  'knex_migrations_lock',
  '_prisma_migrations',
  '__drizzle_migrations',
  'kysely_migration',
  'kysely_migration_lock',
]);

/** True for another migration tool's bookkeeping table, by its default name (athanor's own are not). */
export function isOtherToolsTable(name: string): boolean {
  return OTHER_TOOLS_TABLES.has(name.toLowerCase());
}

/** True for a migration tool's bookkeeping table, athanor's own or another tool's (by its default name). */
export function isBookkeepingTable(name: string): boolean {
  return isVersionTable(name) || OTHER_TOOLS_TABLES.has(name.toLowerCase());
}

const INTEGERS: ReadonlySet<string> = new Set(['integer', 'serial', 'bigint', 'bigserial']);
const TEXTS: ReadonlySet<string> = new Set(['varchar', 'text']);

function columnsAre(table: TableSpec, expected: Record<string, (c: ColumnSpec) => boolean>): boolean {
  const names = Object.keys(expected);
  if (table.columns.length !== names.length) return false;
  return table.columns.every((c) => expected[c.name]?.(c) === true);
}

const isInteger = (c: ColumnSpec): boolean => INTEGERS.has(c.type.name);
// SQLite keeps a type as written (`TEXT`): read as custom
const isText = (c: ColumnSpec): boolean =>
  TEXTS.has(c.type.name) || (c.type.name === 'custom' && /^(text|varchar\b|character varying\b)/i.test(c.type.raw ?? ''));

/**
 * TypeORM's tables, known by their default names *and* their shape: `migrations` is also a name an app gives
 * its own table, which must stay in the models. TypeORM creates `migrations` (id, timestamp, name) for
 * `migration:run` and `typeorm_metadata` (type, database, schema, table, name, value) for views and generated
 * columns; renamed ones (`migrationsTableName`, `metadataTableName`) go in `excludeTables`.
 */
const SHAPES: Readonly<Record<string, (table: TableSpec) => boolean>> = {
  migrations: (table) =>
    columnsAre(table, { id: isInteger, timestamp: (c) => c.type.name === 'bigint' && !c.nullable, name: (c) => isText(c) && !c.nullable }) &&
    table.primaryKey?.columns.length === 1 &&
    table.primaryKey.columns[0] === 'id' &&
    table.foreignKeys.length === 0,
  typeorm_metadata: (table) => columnsAre(table, { type: isText, database: isText, schema: isText, table: isText, name: isText, value: isText }),
};

/** A name introspection leaves out when its table has the tool's shape: a table the tool made under it is known. */
export function isKnownByShape(name: string): boolean {
  return Object.hasOwn(SHAPES, name.toLowerCase());
}

export function isOtherToolsTableShape(table: TableSpec): boolean {
  const name = table.name.toLowerCase();
  return Object.hasOwn(SHAPES, name) && (SHAPES[name] as (table: TableSpec) => boolean)(table);
}

/**
 * The tables of an introspected schema without TypeORM's bookkeeping tables, and the names of every other tool's
 * table left out (`named`: those already left out by name, never read), for pull and baseline to say so.
 */
export function withoutOtherToolsTables(tables: readonly TableSpec[], named: readonly string[]): { tables: TableSpec[]; otherToolsTables?: string[] } {
  const kept = tables.filter((t) => !isOtherToolsTableShape(t));
  const shaped = tables.filter((t) => isOtherToolsTableShape(t)).map((t) => (t.schema ? `${t.schema}.${t.name}` : t.name));
  const left = [...named, ...shaped].sort();
  return left.length > 0 ? { tables: kept, otherToolsTables: left } : { tables: kept };
}
