// athanor writes the tables of `public` unqualified ("todos", not "public"."todos"), so they land in the
// connection's current_schema(). A role or URL whose search_path puts another schema first would create them there
// while every comparison reads public: `check` would report them missing forever and `migrate` would write them
// again. Such a connection is refused before a comparison, with the two ways out.
import { UsageError } from '../../errors.js';
import type { Connection } from '../../drivers/connection.js';
import type { IntrospectOptions } from '../dialect.js';
import { scannedSchemas } from './scanned-schemas.js';

export async function checkUnqualifiedSchema(conn: Connection, options: IntrospectOptions = {}): Promise<void> {
  if (!scannedSchemas(options).includes('public')) return;
  const { rows } = await conn.query<{ current: string | null }>('SELECT current_schema() AS current');
  const current = rows[0]?.current ?? null;
  // null: no schema of the search_path exists, and creating a table fails by itself, saying so
  if (current === null || current === 'public') return;
  throw new UsageError(
    `this connection creates unqualified tables in schema "${current}" (its search_path), but athanor writes the tables of public ` +
      `unqualified and compares public: connect with search_path=public (?options=-c%20search_path%3Dpublic in the URL), or declare ` +
      `the tables with { schema: '${current}' } and set schemas: ['${current}'] in the config`,
  );
}
