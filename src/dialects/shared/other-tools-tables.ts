// The tables other migration tools keep their history in (Alembic, knex, Kysely's Migrator, Prisma Migrate, drizzle-kit
// on MySQL and SQLite; drizzle-kit's PostgreSQL table lives in its own `drizzle` schema). After `athanor import` they stay, so
// the other tool can still read them, but they are bookkeeping like athanor_version, not the app's schema:
// introspection leaves them out, so check and migrate do not report them as drift (a generated dropTable), and
// pull and baseline do not write them into the models or a first migration.
import { isVersionTable } from './version-tables.js';

const OTHER_TOOLS_TABLES: ReadonlySet<string> = new Set([
  'alembic_version',
  'knex_migrations',
  'knex_migrations_lock',
  'kysely_migration',
  'kysely_migration_lock',
  '_prisma_migrations',
  '__drizzle_migrations',
]);

/** True for a migration tool's bookkeeping table, athanor's own or another tool's (by its default name). */
export function isBookkeepingTable(name: string): boolean {
  return isVersionTable(name) || OTHER_TOOLS_TABLES.has(name.toLowerCase());
}
