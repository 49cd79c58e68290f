// Inputs and outputs of diffSchemas.
import type { Operation } from '../operations/types.js';

/** SQL quoting of the target dialect, injected so the diff stays dialect-free (Dialect.quoteIdent / literal). */
export interface SqlQuoting {
  ident(name: string): string;
  literal(value: unknown): string;
}

export interface RenameDecisions {
  /** old table → new table name, spelled `todos` or `app.todos` */
  tables?: Record<string, string>;
  /** `table.old` → new column name; `table` is the table's name in the target schema (after table renames) */
  columns?: Record<string, string>;
  /**
   * Old names that were NOT renamed (the user said no): `todos` for a table, `todos.notes` for a column.
   * Every candidate from that old name is declined, and the diff drops it and adds the new one.
   */
  declined?: string[];
}

export interface DiffOptions {
  /** how the backfill UPDATE statements quote names and values; ANSI double quotes when absent */
  quote?: SqlQuoting;
  /** `table.column` (or `schema.table.column`) → the value existing rows get for a new NOT NULL column */
  backfill?: Record<string, unknown>;
  /** the same with a SQL expression instead of a value (`posts.slug` → `lower(title)`) */
  backfillSql?: Record<string, string>;
  /** a backfill key that names no column needing one is a problem (the user's flags), not ignored */
  reportUnusedBackfills?: boolean;
  renames?: RenameDecisions;
  /** Lock-safe output for tables that already exist (see safe.ts) */
  safe?: boolean;
}

/** A dropped and an added table (or column) that look the same: was it a rename? */
export interface RenameCandidate {
  kind: 'table' | 'column';
  /** the table: its old name for a table candidate, its target name for a column candidate */
  table: string;
  from: string;
  to: string;
}

export interface DiffResult {
  /** empty while problems or rename candidates are pending */
  operations: Operation[];
  /** blocking: nothing may be generated until each is resolved */
  problems: string[];
  /** undecided renames: ask the user, then diff again with options.renames */
  renameCandidates: RenameCandidate[];
  /** what the operations would lose, e.g. "drop column todos.notes" */
  destructive: string[];
}
