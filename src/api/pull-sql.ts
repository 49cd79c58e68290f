// pull --format sql: the database's schema as a declarative schema.sql — the CREATE statements that build it in an
// empty database, in dependency order (schemas, enums, sequences and functions tables need, tables, foreign keys of
// a cycle, indexes, views, triggers), rendered by the dialect exactly as `migrate` would run them; what the
// models reader (api/sql-models.ts) applies to a scratch database and reads back.
import type { Dialect } from '../dialects/dialect.js';
import { scriptStatement } from '../dialects/shared/sql-statements.js';
import { applyOperations } from '../diff/index.js';
import type { Operation } from '../operations/types.js';
import type { SchemaSpec, TableRef, UnmanagedDefinition, UnmanagedObject } from '../schema/types.js';
import { describeUnmanaged, notDefined } from '../schema/unmanaged.js';
import { creationOperations } from './baseline.js';

const sameTable = (a: TableRef, b: TableRef): boolean => a.name === b.name && (a.schema ?? '') === (b.schema ?? '');

/**
 * A foreign key the diff adds after both tables exist (a cycle) goes into its CREATE TABLE where adding it would
 * rebuild the table (SQLite, which resolves a reference when it is used, not when it is declared).
 */
function foldRebuildingKeys(dialect: Dialect, ops: Operation[]): Operation[] {
  const folded: Operation[] = [];
  for (const op of ops) {
    const create = op.kind === 'createForeignKey' && dialect.needsCurrentTable?.(op)
      ? folded.find((o): o is Extract<Operation, { kind: 'createTable' }> => o.kind === 'createTable' && sameTable(o.table, op.table))
      : undefined;
    if (create && op.kind === 'createForeignKey') create.table = { ...create.table, foreignKeys: [...create.table.foreignKeys, op.constraint] };
    else folded.push(op);
  }
  return folded;
}

/** Each operation's statements; an operation that needs the table as it stands (SQLite) gets it from those before. */
function statementsOf(dialect: Dialect, schema: SchemaSpec, defined: readonly UnmanagedDefinition[]): string[][] {
  let built: SchemaSpec = { tables: [], enums: [] };
  const groups: string[][] = [];
  for (const op of foldRebuildingKeys(dialect, creationOperations(dialect, schema, defined))) {
    const table = 'table' in op && typeof op.table === 'object' && op.table !== null && 'name' in op.table ? (op.table as TableRef) : undefined;
    const context = dialect.needsCurrentTable?.(op) && table ? { currentTable: built.tables.find((t) => sameTable(t, table)) } : undefined;
    groups.push(dialect.render(op, context));
    // tracked for later operations' context only: a folded key may point at a table created after it
    built = applyOperations(built, [op.kind === 'createTable' ? { ...op, table: { ...op.table, foreignKeys: [] } } : op]);
  }
  return groups;
}

export function renderSchemaSql(input: { dialect: Dialect; schema: SchemaSpec; unmanaged: readonly UnmanagedObject[]; defined?: readonly UnmanagedDefinition[] }): string {
  const { dialect, schema } = input;
  const defined = input.defined ?? [];
  const unmanaged = notDefined(input.unmanaged, defined);
  const objects = schema.objects?.length ?? 0;
  const counts = `${schema.tables.length} table(s)${schema.enums.length > 0 ? `, ${schema.enums.length} enum(s)` : ''}${objects > 0 ? `, ${objects} view(s)/trigger(s)/routine(s)/sequence(s)` : ''}`;
  const lines = [
    `-- The database's schema as declarative SQL, written by \`athanor pull --format sql\` (${dialect.name}): ${counts}.`,
    "-- With `models: './schema.sql'` athanor applies it to a scratch database and compares: `athanor check`.",
    '-- Pulling an unchanged database writes this file unchanged.',
  ];
  if (unmanaged.length > 0) {
    lines.push(
      '--',
      '-- Not representable here (left as they are in the database, not managed by athanor):',
      ...[...unmanaged].map(describeUnmanaged).sort().map((d) => `--   ${d.replace(/[\r\n\u2028\u2029]+/g, ' ')}`),
    );
  }
  const first = defined.filter((d) => !d.afterTables);
  const last = defined.filter((d) => d.afterTables);
  if (first.length > 0) {
    lines.push('--', '-- Created as the database has them, for the tables that use them (not managed by athanor):', ...first.map((d) => `--   ${describeUnmanaged(d.object)}`));
  }
  if (last.length > 0) {
    lines.push('--', '-- Set after the tables, as the database has them (not managed by athanor):', ...last.map((d) => `--   ${describeUnmanaged(d.object)}`));
  }
  // as the database's client runs a script: a MySQL routine or trigger body between DELIMITER lines
  const body = statementsOf(dialect, schema, defined).map((group) => group.map((sql) => scriptStatement(sql, dialect.sqlSyntax)).join('\n'));
  return `${[...lines, '', ...body.filter((b) => b !== '').flatMap((b) => [b, ''])].join('\n')}`;
}
