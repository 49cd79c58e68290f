// A default the database accepts in CREATE TABLE but cannot evaluate (SQLite and `now()` before it was
// mapped, or any function it lacks) would make every INSERT fail: found when migrate or check compares.
import type { Dialect } from '../dialects/dialect.js';
import type { Connection } from '../drivers/connection.js';
import type { SchemaSpec } from '../schema/types.js';

export async function unrunnableDefaults(dialect: Dialect, conn: Connection, models: SchemaSpec): Promise<string[]> {
  if (!dialect.unrunnableDefault) return [];
  const problems: string[] = [];
  for (const table of models.tables) {
    for (const column of table.columns) {
      if (column.default?.kind !== 'sql') continue;
      const reason = await dialect.unrunnableDefault(conn, column.default.sql);
      if (reason === undefined) continue;
      problems.push(
        `column ${table.name}.${column.name}: ${dialect.name} cannot run its default ${column.default.sql} (${reason}): ` +
          `use a portable default (now(), current_date, gen_random_uuid()) or SQL that ${dialect.name} runs`,
      );
    }
  }
  return problems;
}
