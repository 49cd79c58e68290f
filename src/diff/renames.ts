// Renames: a dropped and an added table of the same shape, or a dropped and an added column of the same type,
// may be one object renamed. The diff never guesses: decided renames become renameTable / alterColumn {name},
// declined ones stay drop + add, and undecided ones are returned as candidates for the caller to ask about.
import type { Operation } from '../operations/types.js';
import type { SchemaSpec, TableSpec } from '../schema/types.js';
import { applyOperations } from './apply.js';
import { deepEqual } from './equal.js';
import { displayName, refKey, tableRefOf } from './names.js';
import type { RenameCandidate, RenameDecisions } from './types.js';

export interface RenameResolution {
  /** renameTable and alterColumn {name} operations, tables first */
  operations: Operation[];
  /** `from` with the decided renames applied: what the rest of the diff compares with `to` */
  renamed: SchemaSpec;
  candidates: RenameCandidate[];
  problems: string[];
}

/** Columns by name, type and nullability: constraint names (which embed the table name) do not count. */
function sameShape(a: TableSpec, b: TableSpec): boolean {
  const shape = (t: TableSpec): Array<[string, unknown, boolean]> =>
    t.columns.map((c): [string, unknown, boolean] => [c.name, c.type, c.nullable]).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return deepEqual(shape(a), shape(b));
}

function tablesMissingFrom(tables: readonly TableSpec[], other: readonly TableSpec[]): TableSpec[] {
  const keys = new Set(other.map(refKey));
  return tables.filter((t) => !keys.has(refKey(t)));
}

/** The new name of a table rename: `tasks` or `app.tasks` (the schema must stay the same). */
function newTableName(old: TableSpec, spelled: string): string {
  const prefix = old.schema === undefined ? '' : `${old.schema}.`;
  return prefix && spelled.startsWith(prefix) ? spelled.slice(prefix.length) : spelled;
}

export function resolveRenames(from: SchemaSpec, to: SchemaSpec, decisions: RenameDecisions = {}): RenameResolution {
  const problems: string[] = [];
  const candidates: RenameCandidate[] = [];
  const declined = new Set(decisions.declined ?? []);

  const droppedTables = tablesMissingFrom(from.tables, to.tables);
  const addedTables = tablesMissingFrom(to.tables, from.tables);
  const tableOps: Operation[] = [];
  const decidedOld = new Set<string>();
  const decidedNew = new Set<string>();
  for (const [oldName, spelled] of Object.entries(decisions.tables ?? {})) {
    const old = droppedTables.find((t) => displayName(t) === oldName);
    if (!old) {
      problems.push(`rename ${oldName} → ${spelled}: the models do not drop a table ${oldName}`);
      continue;
    }
    const target = { schema: old.schema, name: newTableName(old, spelled) };
    const added = addedTables.find((t) => refKey(t) === refKey(target));
    if (!added) {
      problems.push(`rename ${oldName} → ${spelled}: the models add no table ${displayName(target)}`);
      continue;
    }
    decidedOld.add(refKey(old));
    decidedNew.add(refKey(added));
    tableOps.push({ kind: 'renameTable', table: tableRefOf(old), newName: added.name });
  }
  const pendingTables = new Set<string>();
  for (const old of droppedTables) {
    if (decidedOld.has(refKey(old)) || declined.has(displayName(old))) continue;
    for (const added of addedTables) {
      if (decidedNew.has(refKey(added)) || added.schema !== old.schema || !sameShape(old, added)) continue;
      candidates.push({ kind: 'table', table: displayName(old), from: displayName(old), to: displayName(added) });
      pendingTables.add(refKey(added));
    }
  }

  const afterTables = applyOperations(from, tableOps);
  const columnOps: Operation[] = [];
  const decidedColumns = decisions.columns ?? {};
  const usedDecisions = new Set<string>();
  const fromByKey = new Map(afterTables.tables.map((t) => [refKey(t), t]));
  for (const target of to.tables) {
    const current = fromByKey.get(refKey(target));
    const name = displayName(target);
    if (pendingTables.has(refKey(target))) {
      // decided after the table rename is: checked on the next round
      for (const key of Object.keys(decidedColumns)) if (key.startsWith(`${name}.`)) usedDecisions.add(key);
      continue;
    }
    if (!current) continue;
    const targetNames = new Set(target.columns.map((c) => c.name));
    const currentNames = new Set(current.columns.map((c) => c.name));
    const dropped = current.columns.filter((c) => !targetNames.has(c.name));
    const added = target.columns.filter((c) => !currentNames.has(c.name));
    const takenNew = new Set<string>();
    for (const column of dropped) {
      const key = `${name}.${column.name}`;
      const decided = decidedColumns[key];
      if (decided !== undefined) {
        usedDecisions.add(key);
        if (!added.some((c) => c.name === decided)) {
          problems.push(`rename ${key} → ${decided}: the models add no column ${name}.${decided}`);
          continue;
        }
        takenNew.add(decided);
        columnOps.push({ kind: 'alterColumn', table: tableRefOf(target), column: column.name, changes: { name: decided } });
      }
    }
    for (const column of dropped) {
      const key = `${name}.${column.name}`;
      if (decidedColumns[key] !== undefined || declined.has(key)) continue;
      for (const candidate of added) {
        if (takenNew.has(candidate.name) || !deepEqual(candidate.type, column.type)) continue;
        candidates.push({ kind: 'column', table: name, from: column.name, to: candidate.name });
      }
    }
  }
  for (const key of Object.keys(decidedColumns)) {
    if (!usedDecisions.has(key)) problems.push(`rename ${key} → ${decidedColumns[key] ?? ''}: the models do not drop a column ${key}`);
  }

  const operations = [...tableOps, ...columnOps];
  return { operations, renamed: applyOperations(afterTables, columnOps), candidates, problems };
}
