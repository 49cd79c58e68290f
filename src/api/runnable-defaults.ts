// A default the database cannot evaluate — SQLite accepts one in CREATE TABLE and fails every INSERT, PostgreSQL
// and MySQL refuse it half-way through an upgrade — is found when migrate or check compares: migrate exits 2,
// check reports it, naming the column.
import type { Dialect } from '../dialects/dialect.js';
import type { Connection } from '../drivers/connection.js';
import type { SchemaSpec } from '../schema/types.js';

export async function unrunnableDefaults(dialect: Dialect, conn: Connection, models: SchemaSpec): Promise<string[]> {
  if (!dialect.unrunnableDefault) return [];
  // what the migration itself creates may be used by a default before it exists
  const created = [
    ...models.tables.map((t) => t.name),
    ...models.enums.map((e) => e.name),
    ...(models.objects ?? []).map((o) => o.name),
  ];
  const problems: string[] = [];
  for (const table of models.tables) {
    for (const column of table.columns) {
      if (column.default?.kind !== 'sql') continue;
      const reason = await dialect.unrunnableDefault(conn, column.default.sql, created);
      if (reason === undefined) continue;
      problems.push(
        `column ${table.name}.${column.name}: ${dialect.name} cannot run its default ${column.default.sql} (${reason}): ` +
          `use a portable default (now(), current_date, gen_random_uuid()) or SQL that ${dialect.name} runs`,
      );
    }
  }
  return problems;
}
