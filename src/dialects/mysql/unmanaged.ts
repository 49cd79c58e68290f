// The objects of a MySQL/MariaDB database that introspect() does not read, by name: triggers, views, stored
// functions and procedures, events, MariaDB sequences. Reported by `migrate` and `check`.
import type { Connection } from '../../drivers/connection.js';
import type { UnmanagedObject } from '../../schema/types.js';
import type { IntrospectOptions } from '../dialect.js';
import { selectUnmanaged } from '../shared/unmanaged.js';

interface ObjectRow {
  kind: string;
  schema_name: string;
  name: string;
  table_name: string | null;
  definition: string | null;
}

const OBJECTS_SQL = `
SELECT 'trigger' AS kind, TRIGGER_SCHEMA AS schema_name, TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS table_name,
  NULL AS definition
FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN (?)
UNION ALL
SELECT 'view', TABLE_SCHEMA, TABLE_NAME, NULL, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN (?)
UNION ALL
SELECT LOWER(ROUTINE_TYPE), ROUTINE_SCHEMA, ROUTINE_NAME, NULL, NULL
FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN (?)
UNION ALL
SELECT 'event', EVENT_SCHEMA, EVENT_NAME, NULL, NULL FROM information_schema.EVENTS WHERE EVENT_SCHEMA IN (?)
UNION ALL
SELECT 'sequence', TABLE_SCHEMA, TABLE_NAME, NULL, NULL
FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (?) AND TABLE_TYPE = 'SEQUENCE'
ORDER BY 1, 2, 3`;

/** The tables of `schema` a stored view definition reads: MySQL writes every table as `schema`.`table`. */
function viewUses(definition: string, schema: string): string[] {
  const prefix = `\`${schema.replace(/`/g, '``')}\`.\``;
  const uses = new Set<string>();
  for (let at = definition.indexOf(prefix); at >= 0; at = definition.indexOf(prefix, at + 1)) {
    const end = definition.indexOf('`', at + prefix.length);
    if (end > 0) uses.add(definition.slice(at + prefix.length, end));
  }
  return [...uses].sort();
}

export async function listMysqlUnmanaged(conn: Connection, options: IntrospectOptions = {}): Promise<UnmanagedObject[]> {
  const database = (await conn.query<{ db: string | null }>('SELECT DATABASE() AS db')).rows[0]?.db ?? null;
  const schemas = options.schemas && options.schemas.length > 0 ? options.schemas : database !== null ? [database] : [];
  if (schemas.length === 0) return [];
  const rows = (await conn.query<ObjectRow>(OBJECTS_SQL, [schemas, schemas, schemas, schemas, schemas])).rows;
  const objects = rows.map((row): UnmanagedObject => {
    const uses = row.definition !== null ? viewUses(row.definition, row.schema_name) : [];
    return {
      kind: row.kind,
      ...(row.schema_name !== database ? { schema: row.schema_name } : {}),
      name: row.name,
      ...(row.table_name !== null ? { table: row.table_name } : {}),
      ...(uses.length > 0 ? { uses } : {}),
    };
  });
  return selectUnmanaged(objects, options);
}
