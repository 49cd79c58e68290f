// diffSchemas(from, to): the operations that turn the `from` schema (the database) into `to` (the models),
// ordered so each one can run: enums before the tables using them, referenced tables before referencing
// ones, constraints dropped before the columns they use change, drops last. Both inputs are normalized by
// the dialect first, so equal things compare equal field by field. Pure: no database, no file system.
import type { Operation } from '../operations/types.js';
import type {
  CheckSpec,
  ExclusionSpec,
  ForeignKeySpec,
  IndexSpec,
  PrimaryKeySpec,
  SchemaSpec,
  TableRef,
  TableSpec,
  UniqueSpec,
} from '../schema/types.js';
import { diffColumns } from './columns.js';
import { destructiveReason } from './destructive.js';
import { diffEnums } from './enums.js';
import { diffObjects } from './objects.js';
import { deepEqual, sameSet } from './equal.js';
import { constraintKey, constraintNameOf, fkTargetKey, refKey, tableRefOf } from './names.js';
import { creationOrder } from './order.js';
import { recreatedColumns, recreateKeysOn } from './recreated.js';
import { resolveRenames } from './renames.js';
import type { DiffOptions, DiffResult, SqlQuoting } from './types.js';

/** ANSI quoting (PostgreSQL, SQLite); dialects inject their own through DiffOptions.quote. */
export const ansiQuoting: SqlQuoting = {
  ident: (name) => `"${name.replace(/"/g, '""')}"`,
  literal: (value) => {
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'number' || typeof value === 'bigint') return String(value);
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if (value instanceof Date) return `'${value.toISOString()}'`;
    if (typeof value === 'object') return `'${JSON.stringify(value).replace(/'/g, "''")}'`;
    return `'${String(value).replace(/'/g, "''")}'`;
  },
};

interface Split<T> {
  drop: T[];
  add: T[];
}

/** Items whose key is gone or whose definition changed are dropped; new or changed ones are added. */
function split<T>(from: readonly T[], to: readonly T[], key: (x: T) => string): Split<T> {
  const fromByKey = new Map(from.map((x) => [key(x), x]));
  const toByKey = new Map(to.map((x) => [key(x), x]));
  return {
    drop: from.filter((x) => !deepEqual(toByKey.get(key(x)), x)),
    add: to.filter((x) => !deepEqual(fromByKey.get(key(x)), x)),
  };
}

interface TablePlan {
  from: TableSpec;
  to: TableSpec;
  ref: TableRef;
  foreignKeys: Split<ForeignKeySpec>;
  primaryKey: Split<PrimaryKeySpec>;
  uniques: Split<UniqueSpec>;
  checks: Split<CheckSpec>;
  exclusions: Split<ExclusionSpec>;
  indexes: Split<IndexSpec>;
}

function planTable(from: TableSpec, to: TableSpec): TablePlan {
  return {
    from,
    to,
    ref: tableRefOf(to),
    foreignKeys: split(from.foreignKeys, to.foreignKeys, constraintKey),
    primaryKey: split(from.primaryKey ? [from.primaryKey] : [], to.primaryKey ? [to.primaryKey] : [], () => 'pk'),
    uniques: split(from.uniques, to.uniques, constraintKey),
    checks: split(from.checks, to.checks, (c) => c.name),
    exclusions: split(from.exclusions ?? [], to.exclusions ?? [], (x) => x.name),
    indexes: split(from.indexes, to.indexes, (ix) => ix.name),
  };
}

/** Columns of `table` that a foreign key may point at, and that this diff removes (a PK, unique or unique index). */
function removedKeys(plan: TablePlan): string[][] {
  const keys = [...plan.primaryKey.drop, ...plan.uniques.drop].map((c) => c.columns);
  for (const ix of plan.indexes.drop) {
    if (!ix.unique || ix.where !== undefined) continue;
    const columns = ix.parts.flatMap((p) => ('column' in p ? [p.column] : []));
    if (columns.length === ix.parts.length) keys.push(columns);
  }
  return keys;
}

function dropForeignKey(table: TableRef, fk: ForeignKeySpec): Operation {
  return { kind: 'dropConstraint', table, name: constraintNameOf('foreignKey', table, fk), existing: { type: 'foreignKey', ...fk } };
}

function hasFk(list: readonly ForeignKeySpec[], fk: ForeignKeySpec): boolean {
  return list.some((x) => deepEqual(x, fk));
}

export function diffSchemas(from: SchemaSpec, to: SchemaSpec, options: DiffOptions = {}): DiffResult {
  const renames = resolveRenames(from, to, options.renames);
  if (renames.candidates.length > 0) {
    return { operations: [], problems: renames.problems, renameCandidates: renames.candidates, destructive: [] };
  }
  const base = renames.renamed;
  const problems = [...renames.problems];
  const enums = diffEnums(base.enums, to.enums);
  problems.push(...enums.problems);

  const baseByKey = new Map(base.tables.map((t) => [refKey(t), t]));
  const toKeys = new Set(to.tables.map(refKey));
  const plans: TablePlan[] = [];
  const addedTables: TableSpec[] = [];
  for (const target of to.tables) {
    const current = baseByKey.get(refKey(target));
    if (current) plans.push(planTable(current, target));
    else addedTables.push(target);
  }
  // keep the foreign keys of dropped tables editable: some are dropped before the tables themselves
  const droppedTables = base.tables.filter((t) => !toKeys.has(refKey(t))).map((t) => ({ ...t, foreignKeys: [...t.foreignKeys] }));

  // A foreign key that points at a primary key / unique this diff drops must go first (the database refuses
  // otherwise); it comes back afterwards if the models still have it.
  const removed = plans.flatMap((p) => removedKeys(p).map((columns) => ({ table: refKey(p.to), columns })));
  const pointsAtRemoved = (fk: ForeignKeySpec): boolean =>
    removed.some((r) => r.table === fkTargetKey(fk) && sameSet(r.columns, fk.refColumns));
  const earlyDrops: Operation[] = [];
  if (removed.length > 0) {
    for (const plan of plans) {
      for (const fk of plan.from.foreignKeys) {
        if (hasFk(plan.foreignKeys.drop, fk) || !pointsAtRemoved(fk)) continue;
        plan.foreignKeys.drop.push(fk);
        plan.foreignKeys.add.push(fk);
      }
    }
    for (const table of droppedTables) {
      const ref = tableRefOf(table);
      table.foreignKeys = table.foreignKeys.filter((fk) => {
        if (!pointsAtRemoved(fk)) return true;
        earlyDrops.push(dropForeignKey(ref, fk));
        return false;
      });
    }
  }

  const quote = options.quote ?? ansiQuoting;
  const backfill = options.backfill ?? {};
  const backfillSql = options.backfillSql ?? {};
  const usedBackfills = new Set<string>();
  // Table renames come first: everything below names tables by their new name. Checks and indexes whose SQL
  // text (check expression, predicate, expression parts) changes are dropped before the column renames: their
  // recorded text names the old columns, so the reversed script must re-create them after renaming back.
  // Everything else naming a column by list (keys, plain index columns) follows a rename like the database does.
  const tableRenames = renames.operations.filter((op) => op.kind === 'renameTable');
  const columnRenames = renames.operations.filter((op) => op.kind !== 'renameTable');
  const columnDiffs = plans.map((plan) => diffColumns(plan.from, plan.to, { quote, backfill, backfillSql, used: usedBackfills }));
  const carried = columnDiffs.map((columns, i) => {
    const plan = plans[i] as TablePlan;
    const recreated = recreatedColumns(columns.operations);
    const dropped = columns.operations.filter((op) => op.kind === 'dropColumn' && recreated.has(op.column));
    columns.operations = columns.operations.filter((op) => !dropped.includes(op));
    return { plan, keys: recreateKeysOn(plan, plan.from, plan.to, recreated), dropped };
  });
  // a view reading a column whose type changes or that goes must be dropped first and re-created after
  const alteredTables = new Set<string>();
  columnDiffs.forEach((columns, i) => {
    const readded = (carried[i]?.dropped.length ?? 0) > 0;
    const reshaped = readded || columns.operations.some((op) => op.kind === 'dropColumn' || (op.kind === 'alterColumn' && op.changes.type !== undefined));
    if (reshaped) alteredTables.add((plans[i] as TablePlan).to.name);
  });
  const objects = diffObjects(base.objects, to.objects, alteredTables);
  const ops: Operation[] = [...objects.dropsBeforeTables, ...tableRenames];
  const hasSqlText = (ix: IndexSpec): boolean => ix.where !== undefined || ix.parts.some((p) => 'expression' in p);
  // the base already carries renamed column lists: an index dropped before the renames records the old names
  const oldNames = new Map<string, string>();
  for (const op of columnRenames) {
    if (op.kind === 'alterColumn' && op.changes.name !== undefined) oldNames.set(`${refKey(op.table)}\u0000${op.changes.name}`, op.column);
  }
  const beforeRenames = (ref: TableRef, ix: IndexSpec): IndexSpec => ({
    ...ix,
    parts: ix.parts.map((p) => ('column' in p ? { ...p, column: oldNames.get(`${refKey(ref)}\u0000${p.column}`) ?? p.column } : p)),
  });
  for (const { ref, indexes, checks, exclusions } of plans) {
    for (const ix of indexes.drop) if (hasSqlText(ix)) ops.push({ kind: 'dropIndex', table: ref, name: ix.name, existing: beforeRenames(ref, ix) });
    for (const ck of checks.drop) ops.push({ kind: 'dropConstraint', table: ref, name: ck.name, existing: { type: 'check', ...ck } });
    for (const x of exclusions.drop) ops.push({ kind: 'dropConstraint', table: ref, name: x.name, existing: { type: 'exclusion', ...x } });
  }
  // re-added generated columns and the keys on them, before the renames (recreated.ts)
  const oldName = (ref: TableRef, column: string) => oldNames.get(`${refKey(ref)}\u0000${column}`) ?? column;
  const oldColumns = (ref: TableRef, columns: readonly string[]) => columns.map((c) => oldName(ref, c));
  for (const { plan: { ref }, keys, dropped } of carried) {
    for (const ix of keys.indexes) ops.push({ kind: 'dropIndex', table: ref, name: ix.name, existing: beforeRenames(ref, ix) });
    for (const u of keys.uniques) {
      ops.push({ kind: 'dropConstraint', table: ref, name: constraintNameOf('unique', ref, u), existing: { type: 'unique', ...u, columns: oldColumns(ref, u.columns) } });
    }
    for (const pk of keys.primaryKey) {
      ops.push({ kind: 'dropConstraint', table: ref, name: constraintNameOf('primaryKey', ref, pk), existing: { type: 'primaryKey', ...pk, columns: oldColumns(ref, pk.columns) } });
    }
    for (const fk of keys.foreignKeys) ops.push(dropForeignKey(ref, { ...fk, columns: oldColumns(ref, fk.columns) }));
    for (const op of dropped) {
      if (op.kind !== 'dropColumn') continue;
      const column = oldName(ref, op.column);
      ops.push({ ...op, column, ...(op.existing ? { existing: { ...op.existing, name: column } } : {}) });
    }
  }
  ops.push(...columnRenames, ...enums.creates, ...earlyDrops);
  for (const { ref, foreignKeys } of plans) for (const fk of foreignKeys.drop) ops.push(dropForeignKey(ref, fk));
  // Dropped tables go before anything is created: a new table, index or constraint may take over a name
  // (index and constraint names are per schema on PostgreSQL). Dropping is creating backwards: referencing
  // tables first, cycles opened by dropping their foreign keys.
  const removal = creationOrder(droppedTables);
  for (const { table, foreignKey } of removal.deferred) ops.push(dropForeignKey(tableRefOf(table), foreignKey));
  for (let i = removal.order.length - 1; i >= 0; i--) {
    const table = removal.order[i] as TableSpec;
    ops.push({ kind: 'dropTable', table: tableRefOf(table), existing: table });
  }
  ops.push(...objects.dropsAfterTables);
  for (const { ref, indexes, uniques, primaryKey } of plans) {
    for (const ix of indexes.drop) if (!hasSqlText(ix)) ops.push({ kind: 'dropIndex', table: ref, name: ix.name, existing: ix });
    for (const u of uniques.drop) {
      ops.push({ kind: 'dropConstraint', table: ref, name: constraintNameOf('unique', ref, u), existing: { type: 'unique', ...u } });
    }
    for (const pk of primaryKey.drop) {
      ops.push({ kind: 'dropConstraint', table: ref, name: constraintNameOf('primaryKey', ref, pk), existing: { type: 'primaryKey', ...pk } });
    }
  }
  for (const [i, plan] of plans.entries()) {
    const columns = columnDiffs[i] as (typeof columnDiffs)[number];
    problems.push(...columns.problems);
    ops.push(...columns.operations);
    if (!deepEqual(plan.from.options ?? {}, plan.to.options ?? {})) {
      ops.push({ kind: 'setTableOptions', table: plan.ref, options: { ...plan.to.options }, existing: { ...plan.from.options } });
    }
    if ((plan.from.comment ?? null) !== (plan.to.comment ?? null)) {
      ops.push({ kind: 'setTableComment', table: plan.ref, comment: plan.to.comment ?? null, existing: plan.from.comment ?? null });
    }
  }
  for (const { ref, indexes, checks, exclusions, uniques, primaryKey } of plans) {
    for (const pk of primaryKey.add) ops.push({ kind: 'createPrimaryKey', table: ref, constraint: pk });
    for (const u of uniques.add) ops.push({ kind: 'createUniqueConstraint', table: ref, constraint: u });
    for (const ck of checks.add) ops.push({ kind: 'createCheckConstraint', table: ref, constraint: ck });
    for (const x of exclusions.add) ops.push({ kind: 'createExclusionConstraint', table: ref, constraint: x });
    for (const ix of indexes.add) ops.push({ kind: 'createIndex', table: ref, index: ix });
  }

  problems.push(...backfillProblems(backfill, backfillSql, options.reportUnusedBackfills ? usedBackfills : null));
  ops.push(...objects.createsBeforeTables);
  const creation = creationOrder(addedTables);
  for (const table of creation.order) ops.push({ kind: 'createTable', table });
  for (const { ref, foreignKeys } of plans) {
    for (const fk of foreignKeys.add) ops.push({ kind: 'createForeignKey', table: ref, constraint: fk });
  }
  for (const { table, foreignKey } of creation.deferred) ops.push({ kind: 'createForeignKey', table: tableRefOf(table), constraint: foreignKey });

  ops.push(...objects.createsAfterTables);
  ops.push(...enums.drops);

  const destructive = [...enums.destructive];
  for (const op of ops) {
    const reason = destructiveReason(op);
    if (reason !== null) destructive.push(reason);
  }
  return { operations: problems.length > 0 ? [] : ops, problems, renameCandidates: [], destructive };
}

/**
 * A key given both ways is ambiguous; with `used`, a backfill naming no column that needs one is a typo or a
 * misunderstanding (a user's flag): said, never ignored.
 */
function backfillProblems(values: Record<string, unknown>, expressions: Record<string, string>, used: ReadonlySet<string> | null): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(values)) {
    if (Object.prototype.hasOwnProperty.call(expressions, key)) problems.push(`${key} is given both --backfill and --backfill-sql: keep one`);
  }
  if (used === null) return problems;
  for (const [flag, keys] of [['--backfill', Object.keys(values)], ['--backfill-sql', Object.keys(expressions)]] as const) {
    for (const key of keys) {
      if (!used.has(key)) problems.push(`${flag} ${key}: no column ${key} of an existing table becomes NOT NULL in this change (check the name)`);
    }
  }
  return problems;
}
