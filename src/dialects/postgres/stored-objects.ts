// The models' views, triggers, functions and sequences as PostgreSQL would print them: each is created inside
// a transaction that is rolled back (its namesake in the database dropped first), and read back with the
// same catalog query introspection uses. Nothing is left behind. An object the database refuses keeps its
// text as written (it then differs, and the diff shows it).
import type { Connection } from '../../drivers/connection.js';
import { objectKey } from '../../schema/objects.js';
import type { SchemaObjectSpec } from '../../schema/types.js';
import { createObjectStatement, dropObjectStatement } from '../shared/objects.js';
import { POSTGRES_OBJECTS_SQL, readPostgresObjectRows, type PostgresObjectRow } from './objects.js';
import { quotePgIdent as q } from './types.js';

const name = (o: { schema?: string | undefined; name: string }): string => (o.schema ? `${q(o.schema)}.${q(o.name)}` : q(o.name));

const GROUP: Record<SchemaObjectSpec['kind'], number> = { sequence: 0, function: 1, procedure: 1, view: 2, 'materialized view': 2, trigger: 3 };

function dropIfExists(o: SchemaObjectSpec): string {
  const trigger = o.kind === 'trigger';
  const statement = dropObjectStatement(o, trigger ? q(o.name) : name(o), trigger ? name({ schema: o.schema, name: o.table ?? '' }) : undefined);
  return `${statement.replace(/^DROP (MATERIALIZED VIEW|VIEW|TRIGGER|FUNCTION|PROCEDURE|SEQUENCE) /, 'DROP $1 IF EXISTS ')} CASCADE`;
}

export async function postgresStoredObjects(conn: Connection, objects: readonly SchemaObjectSpec[]): Promise<SchemaObjectSpec[]> {
  if (objects.length === 0) return [...objects];
  const ordered = [...objects].sort((a, b) => GROUP[a.kind] - GROUP[b.kind]);
  const created = new Set<string>();
  let stored: SchemaObjectSpec[] = [];
  const attempt = async (sql: string): Promise<boolean> => {
    await conn.exec('SAVEPOINT athanor_probe');
    try {
      await conn.exec(sql);
      await conn.exec('RELEASE SAVEPOINT athanor_probe');
      return true;
    } catch {
      await conn.exec('ROLLBACK TO SAVEPOINT athanor_probe');
      return false;
    }
  };
  await conn.exec('BEGIN');
  try {
    // namesakes go first (with what depends on them); then the models' objects are created until no more can
    // be: one that reads another the models define waits for it, whatever order the module exports them in
    for (const o of ordered) await attempt(dropIfExists(o));
    let pending = ordered;
    while (pending.length > 0) {
      const left: SchemaObjectSpec[] = [];
      for (const o of pending) {
        if (await attempt(createObjectStatement(o, name(o)))) created.add(objectKey(o));
        else left.push(o);
      }
      if (left.length === pending.length) break;
      pending = left;
    }
    const schemas = [...new Set(objects.map((o) => o.schema ?? 'public'))];
    stored = readPostgresObjectRows((await conn.query<PostgresObjectRow>(POSTGRES_OBJECTS_SQL, [schemas])).rows);
  } finally {
    await conn.exec('ROLLBACK');
  }
  const byKey = new Map(stored.map((o) => [objectKey(o), o]));
  return objects.map((o) => (created.has(objectKey(o)) ? (byKey.get(objectKey(o)) ?? o) : o));
}
