// The objects of a MySQL/MariaDB database athanor does not manage (objects.ts reads views, triggers, routines
// and sequences): events, by name; and settings of tables the schema model has no place for: partitioning, and
// the AUTO_INCREMENT start of an empty table (a table with rows has a counter, which is data). Reported by
// `migrate` and `check`.
import type { Connection } from '../../drivers/connection.js';
import type { UnmanagedObject } from '../../schema/types.js';
import type { IntrospectOptions } from '../dialect.js';
import { selectUnmanaged } from '../shared/unmanaged.js';

interface ObjectRow {
  schema_name: string;
  name: string;
}

const EVENTS_SQL = `
SELECT EVENT_SCHEMA AS schema_name, EVENT_NAME AS name FROM information_schema.EVENTS WHERE EVENT_SCHEMA IN (?)
ORDER BY 1, 2`;

interface TableSettingRow {
  schema_name: string;
  name: string;
  partitioned: number | string;
  auto_increment: number | string | null;
  table_rows: number | string | null;
}

const TABLE_SETTINGS_SQL = `
SELECT TABLE_SCHEMA AS schema_name, TABLE_NAME AS name, CREATE_OPTIONS LIKE '%partitioned%' AS partitioned,
  AUTO_INCREMENT AS auto_increment, TABLE_ROWS AS table_rows
FROM information_schema.TABLES
WHERE TABLE_SCHEMA IN (?) AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
  AND (CREATE_OPTIONS LIKE '%partitioned%' OR (AUTO_INCREMENT > 1 AND TABLE_ROWS = 0))
ORDER BY 1, 2`;

function tableSettings(row: TableSettingRow, database: string | null): UnmanagedObject[] {
  const table = { of: 'table', ...(row.schema_name !== database ? { schema: row.schema_name } : {}), name: row.name, table: row.name };
  const settings: UnmanagedObject[] = [];
  if (Number(row.partitioned) === 1) settings.push({ kind: 'partitioning', ...table });
  if (Number(row.auto_increment) > 1 && Number(row.table_rows) === 0) settings.push({ kind: `AUTO_INCREMENT=${String(row.auto_increment)}`, ...table });
  return settings;
}

export async function listMysqlUnmanaged(conn: Connection, options: IntrospectOptions = {}): Promise<UnmanagedObject[]> {
  const database = (await conn.query<{ db: string | null }>('SELECT DATABASE() AS db')).rows[0]?.db ?? null;
  const schemas = options.schemas && options.schemas.length > 0 ? options.schemas : database !== null ? [database] : [];
  if (schemas.length === 0) return [];
  const rows = (await conn.query<ObjectRow>(EVENTS_SQL, [schemas])).rows;
  const objects = rows.map((row): UnmanagedObject => ({
    kind: 'event',
    ...(row.schema_name !== database ? { schema: row.schema_name } : {}),
    name: row.name,
  }));
  for (const row of (await conn.query<TableSettingRow>(TABLE_SETTINGS_SQL, [schemas])).rows) objects.push(...tableSettings(row, database));
  return selectUnmanaged(objects, options);
}
