// The check before COMMIT: with foreign keys OFF during a migration (so table rebuilds cannot cascade), a
// broken reference would otherwise commit silently. PRAGMA foreign_key_check finds every violating row.
import type { Connection } from '../../drivers/connection.js';
import { DatabaseError } from '../../errors.js';

interface ViolationRow {
  table: string;
  rowid: number | null;
  parent: string;
  columns: string | null;
}

const VIOLATIONS_SQL = `
SELECT c."table" AS "table", c.rowid AS rowid, c.parent AS parent,
  (SELECT group_concat(f."from", ', ') FROM pragma_foreign_key_list(c."table") f WHERE f.id = c.fkid) AS columns
FROM pragma_foreign_key_check c`;

const SHOWN = 10;

/** Throws a DatabaseError naming the violating rows (table, rowid, parent) when there are any. */
export async function verifySqliteForeignKeys(conn: Connection): Promise<void> {
  const { rows } = await conn.query<ViolationRow>(VIOLATIONS_SQL);
  if (rows.length === 0) return;
  const listed = rows
    .slice(0, SHOWN)
    .map((r) => `${r.table}${r.rowid === null ? '' : ` rowid ${r.rowid}`} (${r.columns ?? '?'}) → ${r.parent}`)
    .join('; ');
  const more = rows.length > SHOWN ? `; and ${rows.length - SHOWN} more` : '';
  throw new DatabaseError(
    `foreign key check failed: ${rows.length} row(s) reference missing parent rows: ${listed}${more}`,
  );
}
