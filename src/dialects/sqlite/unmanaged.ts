// The objects of a SQLite database athanor reads and manages beside its tables (views and triggers, as their
// CREATE text from sqlite_master), and those it does not (virtual tables), reported by `migrate` and `check`.
import type { Connection } from '../../drivers/connection.js';
import type { SchemaObjectSpec, UnmanagedObject } from '../../schema/types.js';
import type { IntrospectOptions } from '../dialect.js';
import { selectUnmanaged } from '../shared/unmanaged.js';
import { identName, tokenize } from './tokenize.js';

interface ObjectRow {
  type: 'view' | 'trigger';
  name: string;
  tbl_name: string;
  sql: string | null;
}

// creation order (rowid), so what a view reads comes first
const OBJECTS_SQL = `
SELECT type, name, tbl_name, sql FROM sqlite_master
WHERE type IN ('trigger', 'view') AND name NOT LIKE 'sqlite_%' AND sql IS NOT NULL
ORDER BY rowid`;

const RELATIONS_SQL = `SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'`;

const VIRTUAL_TABLES_SQL = `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'virtual' ORDER BY name`;

/** The tables and views a view's text names (SQLite keeps no dependency list): its words that are their names. */
function viewUses(sql: string, self: string, relations: ReadonlyMap<string, string>): string[] {
  const uses = new Set<string>();
  for (const token of tokenize(sql)) {
    if (token.kind !== 'word' && token.kind !== 'ident') continue;
    const name = relations.get(identName(token).toLowerCase());
    if (name !== undefined && name !== self) uses.add(name);
  }
  return [...uses].sort();
}

export async function readSqliteObjects(conn: Connection, options: IntrospectOptions = {}): Promise<SchemaObjectSpec[]> {
  const rows = (await conn.query<ObjectRow>(OBJECTS_SQL)).rows;
  const relations = new Map((await conn.query<{ name: string }>(RELATIONS_SQL)).rows.map((r) => [r.name.toLowerCase(), r.name]));
  const objects = rows.map((row): SchemaObjectSpec => {
    const definition = row.sql ?? '';
    if (row.type === 'trigger') return { kind: 'trigger', name: row.name, table: row.tbl_name, definition };
    const uses = viewUses(definition, row.name, relations);
    return { kind: 'view', name: row.name, definition, ...(uses.length > 0 ? { uses } : {}) };
  });
  return selectUnmanaged(objects, options);
}

export async function listSqliteUnmanaged(conn: Connection, options: IntrospectOptions = {}): Promise<UnmanagedObject[]> {
  const rows = (await conn.query<{ name: string }>(VIRTUAL_TABLES_SQL)).rows;
  const objects: UnmanagedObject[] = rows.map((row) => ({ kind: 'virtual table', name: row.name }));
  return selectUnmanaged(objects, options);
}
