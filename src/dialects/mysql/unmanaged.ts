// The objects of a MySQL/MariaDB database athanor does not manage (objects.ts reads views, triggers, routines
// and sequences): events, by name. Reported by `migrate` and `check`.
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
  return selectUnmanaged(objects, options);
}
