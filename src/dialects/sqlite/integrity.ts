// The checks before COMMIT. Foreign keys are OFF during a migration (so a table rebuild cannot cascade), so a
// broken reference would otherwise commit silently: PRAGMA foreign_key_check finds every violating row. And a
// rebuild does not re-check views (SQLite stores them as text), so each view is read once to prove it still
// compiles — the same refusal SQLite's own ALTER TABLE gives ("error in view v: no such column").
import type { Connection } from '../../drivers/connection.js';
import { DatabaseError } from '../../errors.js';
import { quoteSqliteIdent } from './types.js';

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

/** Throws a DatabaseError naming the violating rows (table, rowid, columns → parent) when there are any. */
export async function verifySqliteForeignKeys(conn: Connection): Promise<void> {
  const { rows } = await conn.query<ViolationRow>(VIOLATIONS_SQL);
  if (rows.length === 0) return;
  const listed = rows
    .slice(0, SHOWN)
    .map((r) => `${r.table}${r.rowid === null ? '' : ` rowid ${r.rowid}`} (${r.columns ?? '?'}) → ${r.parent}`)
    .join('; ');
  const more = rows.length > SHOWN ? `; and ${rows.length - SHOWN} more` : '';
  throw new DatabaseError(`foreign key check failed: ${rows.length} row(s) reference missing parent rows: ${listed}${more}`);
}

/** Throws a DatabaseError naming the first view that no longer compiles. */
export async function verifySqliteViews(conn: Connection): Promise<void> {
  const { rows } = await conn.query<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name`);
  for (const { name } of rows) {
    try {
      await conn.query(`SELECT * FROM ${quoteSqliteIdent(name)} LIMIT 0`);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new DatabaseError(`view ${name} no longer works after this migration: ${why}`, { cause: error });
    }
  }
}

/** New tables are empty and new indexes change no rows: statements like these cannot break a reference or a view. */
const HARMLESS = /^\s*CREATE\s+(?:TABLE|(?:UNIQUE\s+)?INDEX)\b/i;

export async function verifySqliteBeforeCommit(conn: Connection, ran?: { statements: readonly string[] }): Promise<void> {
  // the full-database check costs O(tables) per migration; skip it when the migration only created things
  if (ran && ran.statements.every((sql) => HARMLESS.test(sql))) return;
  await verifySqliteForeignKeys(conn);
  await verifySqliteViews(conn);
}
