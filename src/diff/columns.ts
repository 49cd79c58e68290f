// Column changes of a table that exists on both sides. Data is kept: a NOT NULL column added to a table that
// may hold rows is added in one step when its default is a constant (`ADD COLUMN … NOT NULL DEFAULT 0`: the
// database fills the rows, instantly on PostgreSQL 11+, MariaDB 10.3+, MySQL 8 and SQLite); with a SQL
// default or an explicit --backfill it is added nullable, backfilled, then made NOT NULL. Nothing is dropped
// to be re-added.
import { executeWithoutUndo } from '../operations/reverse.js';
import type { ColumnChanges, ExistingColumn, Operation } from '../operations/types.js';
import type { ColumnSpec, DefaultValue, TableSpec } from '../schema/types.js';
import { deepEqual } from './equal.js';
import { displayName, tableRefOf } from './names.js';
import type { SqlQuoting } from './types.js';

export interface ColumnDiffContext {
  quote: SqlQuoting;
  /** `table.column` → a value (printed as a literal) */
  backfill: Record<string, unknown>;
  /** `table.column` → a SQL expression (`lower(title)`), written as it is */
  backfillSql: Record<string, string>;
  /** the keys of both that this table used, so the caller can report the others */
  used: Set<string>;
}

export interface ColumnDiff {
  operations: Operation[];
  problems: string[];
}

const SERIALS = new Set(['smallserial', 'serial', 'bigserial']);

/** The database fills these itself for existing rows. */
function filledByDatabase(column: ColumnSpec): boolean {
  return SERIALS.has(column.type.name) || column.identity !== undefined || column.generated !== undefined;
}

/** Column settings compared and swapped as they are (absent = the default). */
const SETTINGS = ['collation', 'charset', 'statistics', 'onUpdate'] as const;

function existingOf(column: ColumnSpec): ExistingColumn {
  const existing: ExistingColumn = { type: column.type, nullable: column.nullable, default: column.default ?? null, comment: column.comment ?? null };
  for (const field of SETTINGS) if (column[field] !== undefined) (existing as Record<string, unknown>)[field] = column[field];
  return existing;
}

function usableDefault(value: DefaultValue | undefined): DefaultValue | undefined {
  return value && !(value.kind === 'value' && value.value === null) ? value : undefined;
}

function hasOwn(record: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

export function diffColumns(from: TableSpec, to: TableSpec, ctx: ColumnDiffContext): ColumnDiff {
  const table = tableRefOf(to);
  const name = displayName(to);
  const operations: Operation[] = [];
  const problems: string[] = [];
  const { quote } = ctx;
  const qualified = (to.schema === undefined ? '' : `${quote.ident(to.schema)}.`) + quote.ident(to.name);
  const backfillSql = (column: string, valueSql: string): Operation =>
    executeWithoutUndo(`UPDATE ${qualified} SET ${quote.ident(column)} = ${valueSql} WHERE ${quote.ident(column)} IS NULL`);
  const backfillValue = (column: string): string | undefined => {
    const key = `${name}.${column}`;
    const value = hasOwn(ctx.backfillSql, key) ? ctx.backfillSql[key] : hasOwn(ctx.backfill, key) ? quote.literal(ctx.backfill[key]) : undefined;
    if (value !== undefined) ctx.used.add(key);
    return value;
  };
  const constantDefault = (column: ColumnSpec) => column.default?.kind === 'value' && column.default.value !== null;
  const fromColumns = new Map(from.columns.map((c) => [c.name, c]));
  const toNames = new Set(to.columns.map((c) => c.name));
  const drops: Operation[] = [];
  const add = (column: ColumnSpec): void => {
    if (column.nullable || filledByDatabase(column)) {
      operations.push({ kind: 'addColumn', table, column });
      return;
    }
    if (constantDefault(column) && backfillValue(column.name) === undefined) {
      operations.push({ kind: 'addColumn', table, column });
      return;
    }
    const fallback = usableDefault(column.default);
    const valueSql = backfillValue(column.name) ?? (fallback ? (fallback.kind === 'sql' ? fallback.sql : quote.literal(fallback.value)) : undefined);
    if (valueSql === undefined) {
      problems.push(
        `column ${name}.${column.name} is NOT NULL with no default: give .default(…), --backfill ${name}.${column.name}=VALUE or --backfill-sql ${name}.${column.name}=EXPRESSION`,
      );
      return;
    }
    const nullable: ColumnSpec = { ...column, nullable: true };
    operations.push(
      { kind: 'addColumn', table, column: nullable },
      backfillSql(column.name, valueSql),
      { kind: 'alterColumn', table, column: column.name, changes: { nullable: false }, existing: existingOf(nullable) },
    );
  };

  for (const target of to.columns) {
    const current = fromColumns.get(target.name);
    if (!current) {
      add(target);
      continue;
    }
    if (current.generated !== target.generated || current.virtual !== target.virtual) {
      // a generated column's expression (or VIRTUAL/STORED) cannot be altered in place; its values are computed, so
      // re-adding keeps everything that is not derived (turning a plain column into a generated one is reported as a drop)
      operations.push({ kind: 'dropColumn', table, column: current.name, existing: current });
      add(target);
      continue;
    }
    if (current.identity !== target.identity) {
      problems.push(`column ${name}.${target.name}: changing its identity is not supported by autogenerate; write this step by hand`);
      continue;
    }
    const changes: ColumnChanges = {};
    if (!deepEqual(current.type, target.type)) changes.type = target.type;
    if (!deepEqual(current.default ?? null, target.default ?? null)) changes.default = target.default ?? null;
    for (const field of SETTINGS) {
      if ((current[field] ?? null) !== (target[field] ?? null)) (changes as Record<string, unknown>)[field] = target[field] ?? null;
    }
    const becomesNotNull = current.nullable && !target.nullable;
    const backfill = becomesNotNull ? backfillValue(target.name) : undefined;
    if (current.nullable !== target.nullable && backfill === undefined) changes.nullable = target.nullable;
    let state = current;
    if (Object.keys(changes).length > 0) {
      const existing = existingOf(current);
      // a setting that changes from the default is recorded as null, so the change can be swapped back
      for (const field of SETTINGS) if (field in changes) (existing as Record<string, unknown>)[field] = current[field] ?? null;
      operations.push({ kind: 'alterColumn', table, column: target.name, changes, existing });
      state = { ...current, type: target.type, nullable: changes.nullable ?? current.nullable, default: target.default };
    }
    if (backfill !== undefined) {
      operations.push(backfillSql(target.name, backfill), {
        kind: 'alterColumn',
        table,
        column: target.name,
        changes: { nullable: false },
        existing: existingOf(state),
      });
    }
    if ((current.comment ?? null) !== (target.comment ?? null)) {
      operations.push({ kind: 'setColumnComment', table, column: target.name, comment: target.comment ?? null, existing: current.comment ?? null });
    }
  }
  // generated columns first: the database refuses to drop a column a generated column still uses
  const dropped = from.columns.filter((c) => !toNames.has(c.name));
  for (const current of [...dropped.filter((c) => c.generated !== undefined), ...dropped.filter((c) => c.generated === undefined)]) {
    drops.push({ kind: 'dropColumn', table, column: current.name, existing: current });
  }
  operations.push(...drops);
  return { operations, problems };
}
