// The objects of a SQLite database that introspect() does not read, by name: triggers and views (SQLite has
// no functions, procedures or sequences in the schema). Reported by `migrate` and `check`.
import type { Connection } from '../../drivers/connection.js';
import type { UnmanagedObject } from '../../schema/types.js';
import type { IntrospectOptions } from '../dialect.js';
import { selectUnmanaged } from '../shared/unmanaged.js';
import { identName, tokenize } from './tokenize.js';

interface ObjectRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

const OBJECTS_SQL = `
SELECT type, name, tbl_name, sql FROM sqlite_master
WHERE type IN ('trigger', 'view') AND name NOT LIKE 'sqlite_%'
ORDER BY type, name`;

const TABLE_NAMES_SQL = `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`;

/** The tables a view's text names (SQLite keeps no dependency list): words that are table names. */
function viewUses(sql: string, tables: ReadonlyMap<string, string>): string[] {
  const uses = new Set<string>();
  for (const token of tokenize(sql)) {
    if (token.kind !== 'word' && token.kind !== 'ident') continue;
    const table = tables.get(identName(token).toLowerCase());
    if (table !== undefined) uses.add(table);
  }
  return [...uses].sort();
}

export async function listSqliteUnmanaged(conn: Connection, options: IntrospectOptions = {}): Promise<UnmanagedObject[]> {
  const rows = (await conn.query<ObjectRow>(OBJECTS_SQL)).rows;
  const tables = new Map((await conn.query<{ name: string }>(TABLE_NAMES_SQL)).rows.map((r) => [r.name.toLowerCase(), r.name]));
  const objects = rows.map((row): UnmanagedObject => {
    if (row.type === 'trigger') return { kind: 'trigger', name: row.name, table: row.tbl_name };
    const uses = viewUses(row.sql ?? '', tables);
    return { kind: 'view', name: row.name, ...(uses.length > 0 ? { uses } : {}) };
  });
  return selectUnmanaged(objects, options);
}
