// Other tools' bookkeeping tables (src/dialects/shared/other-tools-tables.ts): Kysely's by name; TypeORM's by name and
// shape, since `migrations` is also a name an app gives its own table.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isBookkeepingTable, isOtherToolsTableShape } from '../../src/dialects/shared/other-tools-tables.js';
import type { ColumnSpec, ColumnType, TableSpec } from '../../src/schema/types.js';

const col = (name: string, type: ColumnType, nullable = false): ColumnSpec => ({ name, type, nullable });
const tableOf = (name: string, columns: ColumnSpec[], pk?: string[]): TableSpec => ({
  name,
  columns,
  uniques: [],
  indexes: [],
  foreignKeys: [],
  checks: [],
  ...(pk ? { primaryKey: { columns: pk } } : {}),
});

// TypeORM's migrations table as PostgreSQL, MariaDB and SQLite read back
const typeormMigrations = (id: ColumnType, name: ColumnType) =>
  tableOf('migrations', [col('id', id), col('timestamp', { name: 'bigint' }), col('name', name)], ['id']);

describe('other tools tables', () => {
  test("Kysely's migrator tables, by name", () => {
    assert.ok(isBookkeepingTable('kysely_migration'));
    assert.ok(isBookkeepingTable('kysely_migration_lock'));
    assert.ok(!isBookkeepingTable('migrations'), 'an app may call its own table migrations');
  });

  test("TypeORM's migrations and typeorm_metadata, by name and shape", () => {
    assert.ok(isOtherToolsTableShape(typeormMigrations({ name: 'serial' }, { name: 'varchar' })));
    assert.ok(isOtherToolsTableShape(typeormMigrations({ name: 'integer' }, { name: 'varchar', length: 255 })));
    const text = (name: string) => col(name, { name: 'custom', raw: 'TEXT' }, true);
    const metadata = tableOf('typeorm_metadata', [col('type', { name: 'varchar' }), text('database'), text('schema'), text('table'), text('name'), text('value')]);
    assert.ok(isOtherToolsTableShape(metadata));
  });

  test('an app table called migrations stays the app’s', () => {
    const extra = typeormMigrations({ name: 'serial' }, { name: 'varchar' });
    assert.ok(!isOtherToolsTableShape({ ...extra, columns: [...extra.columns, col('checksum', { name: 'char', length: 64 }, true)] }));
    assert.ok(!isOtherToolsTableShape(tableOf('migrations', [col('id', { name: 'serial' }), col('name', { name: 'text' }), col('ran_at', { name: 'timestamptz' })], ['id'])));
    assert.ok(!isOtherToolsTableShape({ ...extra, primaryKey: undefined } as TableSpec));
    assert.ok(!isOtherToolsTableShape({ ...typeormMigrations({ name: 'serial' }, { name: 'varchar' }), name: 'schema_migrations' }));
  });
});
