// The table rebuild: how SQLite changes what ALTER TABLE cannot (https://www.sqlite.org/lang_altertable.html#otheralter).
//
//   1. guard: refuse to go on while PRAGMA foreign_keys is ON and another table references this one
//      (DROP TABLE would then run an implicit DELETE that cascades into the children: silent data loss)
//   2. CREATE TABLE "_athanor_new_<t>" with the new definition (references to other tables by their names)
//   3. INSERT INTO the new table SELECT the kept columns FROM the old one (new columns take their defaults)
//   4. carry the AUTOINCREMENT high-water mark over, so deleted ids are never handed out again
//   5. DROP TABLE "<t>" (its indexes and triggers go with it)
//   6. ALTER TABLE "_athanor_new_<t>" RENAME TO "<t>" with legacy_alter_table ON, so the rename checks and
//      rewrites no other schema object: views over <t> and other tables' REFERENCES "<t>" stay as written and
//      point at the new table again (with it OFF, a view over <t> makes the rename fail: "no such table")
//   7. recreate the indexes, then the triggers (their CREATE TRIGGER text: RenderContext.currentTriggers)
//
// The runner runs this inside the migration's transaction with PRAGMA foreign_keys = OFF (set outside the
// transaction: Dialect.aroundMigration) and checks PRAGMA foreign_key_check before COMMIT
// (Dialect.verifyBeforeCommit), so a rebuild that breaks a reference rolls back instead of committing.
import type { Operation } from '../../operations/types.js';
import type { SchemaObjectSpec, TableSpec } from '../../schema/types.js';
import { createIndexStatement, createTableStatement, isAutoincrement } from './ddl.js';
import { quoteSqliteString } from './literal.js';
import { quoteSqliteIdent as q } from './types.js';

export const REBUILD_PREFIX = '_athanor_new_';

/** `NOT NULL constraint failed: _athanor_new_posts.slug` → `… posts.slug (rows of posts do not fit its new definition)` */
export function explainRebuildError(message: string): string {
  let table: string | undefined;
  const named = message.replace(new RegExp(`"?${REBUILD_PREFIX}([A-Za-z0-9_$]+)"?`, 'g'), (_all, name: string) => {
    table ??= name;
    return name;
  });
  return table === undefined ? message : `${named} (while rebuilding table ${table}: its existing rows do not fit the new definition)`;
}

export interface RebuildPlan {
  /** the table as it stands */
  current: TableSpec;
  /** the new definition, under the same name */
  next: TableSpec;
  /** new column → SQL expression over the old table's row; a column not here takes its default */
  sources: Map<string, string>;
  /** the table's triggers: DROP TABLE takes them, so the rebuild re-creates them */
  triggers: readonly SchemaObjectSpec[];
  kind: Operation['kind'];
}

function hasAutoincrement(table: TableSpec): boolean {
  return table.columns.some((c) => isAutoincrement(c, table.primaryKey));
}

/** Fails the statement (and so the migration) when the rebuild could cascade-delete rows of child tables. */
function foreignKeysOffGuard(table: string): string[] {
  const guard = 'temp."_athanor_rebuild_guard"';
  const message = `athanor: PRAGMA foreign_keys must be OFF while table ${table} is rebuilt (other tables reference it)`;
  return [
    `CREATE TEMP TABLE IF NOT EXISTS "_athanor_rebuild_guard" (foreign_keys integer CONSTRAINT ${q(message)} CHECK (foreign_keys = 0))`,
    `INSERT INTO ${guard} SELECT foreign_keys FROM pragma_foreign_keys WHERE EXISTS (` +
      `SELECT 1 FROM sqlite_master m, pragma_foreign_key_list(m.name) f ` +
      `WHERE m.type = 'table' AND lower(m.name) <> lower(${quoteSqliteString(table)}) AND lower(f."table") = lower(${quoteSqliteString(table)}))`,
    `DROP TABLE ${guard}`,
  ];
}

/** sqlite_sequence keeps AUTOINCREMENT's high-water mark per table name; move it to the new table. */
function carrySequence(oldName: string, newName: string): string[] {
  const oldLit = quoteSqliteString(oldName);
  const newLit = quoteSqliteString(newName);
  return [
    `UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(seq) FROM sqlite_sequence WHERE name = ${oldLit}), 0)) WHERE name = ${newLit}`,
    `INSERT INTO sqlite_sequence (name, seq) SELECT ${newLit}, seq FROM sqlite_sequence WHERE name = ${oldLit} ` +
      `AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ${newLit}) LIMIT 1`,
  ];
}

export function rebuildStatements(plan: RebuildPlan): string[] {
  const { current, next, sources, triggers, kind } = plan;
  const name = current.name;
  const temporary = `${REBUILD_PREFIX}${name}`;
  const statements = foreignKeysOffGuard(name);
  statements.push(createTableStatement(next, { kind, strictSerial: false, as: temporary }));
  const copied = next.columns.filter((c) => c.generated === undefined && sources.has(c.name));
  if (copied.length > 0) {
    const targets = copied.map((c) => q(c.name)).join(', ');
    const values = copied.map((c) => sources.get(c.name) ?? 'NULL').join(', ');
    statements.push(`INSERT INTO ${q(temporary)} (${targets}) SELECT ${values} FROM ${q(name)}`);
  }
  if (hasAutoincrement(current) && hasAutoincrement(next)) statements.push(...carrySequence(name, temporary));
  statements.push(`DROP TABLE ${q(name)}`);
  statements.push('PRAGMA legacy_alter_table = ON');
  statements.push(`ALTER TABLE ${q(temporary)} RENAME TO ${q(name)}`);
  statements.push('PRAGMA legacy_alter_table = OFF');
  for (const index of next.indexes) statements.push(createIndexStatement(next, index, kind));
  for (const trigger of triggers) statements.push(trigger.definition);
  return statements;
}
