// Pure in-memory application of operations to a schema: what the database would look like afterwards.
// Used to check the diff (apply(diff(A, B)) to A gives B) and to replay migrations without a database.
// Raw SQL (execute) and data (bulkInsert) have no effect on the schema model.
import { UsageError } from '../errors.js';
import type { Operation } from '../operations/types.js';
import type { ColumnSpec, EnumSpec, SchemaSpec, TableRef, TableSpec } from '../schema/types.js';
import { displayName, fkTargetKey, refKey } from './names.js';

/** A new schema (the input is not modified). Throws UsageError when an operation does not fit the schema. */
export function applyOperations(schema: SchemaSpec, ops: readonly Operation[]): SchemaSpec {
  const state: State = { schema: structuredClone(schema), tables: new Map() };
  for (const table of state.schema.tables) state.tables.set(refKey(table), table);
  for (const op of ops) applyOne(state, op);
  return state.schema;
}

/** The schema being changed, with its tables by key (so long operation lists stay linear). */
interface State {
  schema: SchemaSpec;
  tables: Map<string, TableSpec>;
}

function fail(op: Operation, detail: string): never {
  throw new UsageError(`cannot apply ${op.kind}: ${detail}`);
}

function findTable(state: State, ref: TableRef, op: Operation): TableSpec {
  const table = state.tables.get(refKey(ref));
  if (!table) fail(op, `no table ${displayName(ref)}`);
  return table;
}

function findColumn(table: TableSpec, name: string, op: Operation): ColumnSpec {
  const column = table.columns.find((c) => c.name === name);
  if (!column) fail(op, `no column ${displayName(table)}.${name}`);
  return column;
}

function findEnum(schema: SchemaSpec, ref: { schema?: string; name: string }, op: Operation): EnumSpec {
  const key = refKey(ref);
  const found = schema.enums.find((e) => refKey(e) === key);
  if (!found) fail(op, `no enum ${displayName(ref)}`);
  return found;
}

function removeWhere<T>(list: T[], predicate: (item: T) => boolean): number {
  let removed = 0;
  for (let i = list.length - 1; i >= 0; i--) {
    if (predicate(list[i] as T)) {
      list.splice(i, 1);
      removed++;
    }
  }
  return removed;
}

function renameIn(list: string[], from: string, to: string): void {
  for (let i = 0; i < list.length; i++) if (list[i] === from) list[i] = to;
}

/** What the database does on RENAME COLUMN: every constraint and index naming the column follows it. */
function renameColumnEverywhere(schema: SchemaSpec, table: TableSpec, from: string, to: string): void {
  if (table.primaryKey) renameIn(table.primaryKey.columns, from, to);
  for (const u of table.uniques) renameIn(u.columns, from, to);
  for (const fk of table.foreignKeys) renameIn(fk.columns, from, to);
  for (const ix of table.indexes) for (const part of ix.parts) if ('column' in part && part.column === from) part.column = to;
  const key = refKey(table);
  for (const other of schema.tables) {
    for (const fk of other.foreignKeys) if (fkTargetKey(fk) === key) renameIn(fk.refColumns, from, to);
  }
}

function applyOne(state: State, op: Operation): void {
  const { schema } = state;
  switch (op.kind) {
    case 'createTable': {
      const key = refKey(op.table);
      if (state.tables.has(key)) fail(op, `table ${displayName(op.table)} exists`);
      const table = structuredClone(op.table);
      schema.tables.push(table);
      state.tables.set(key, table);
      return;
    }
    case 'dropTable': {
      const table = findTable(state, op.table, op);
      schema.tables.splice(schema.tables.indexOf(table), 1);
      state.tables.delete(refKey(table));
      return;
    }
    case 'renameTable': {
      const table = findTable(state, op.table, op);
      const oldKey = refKey(table);
      const renamed = { schema: table.schema, name: op.newName };
      if (state.tables.has(refKey(renamed))) fail(op, `table ${displayName(renamed)} exists`);
      table.name = op.newName;
      state.tables.delete(oldKey);
      state.tables.set(refKey(table), table);
      for (const other of schema.tables) {
        for (const fk of other.foreignKeys) if (fkTargetKey(fk) === oldKey) fk.refTable = op.newName;
      }
      return;
    }
    case 'addColumn': {
      const table = findTable(state, op.table, op);
      if (table.columns.some((c) => c.name === op.column.name)) fail(op, `column ${op.column.name} exists`);
      table.columns.push(structuredClone(op.column));
      return;
    }
    case 'dropColumn': {
      const table = findTable(state, op.table, op);
      findColumn(table, op.column, op);
      removeWhere(table.columns, (c) => c.name === op.column);
      return;
    }
    case 'alterColumn': {
      const table = findTable(state, op.table, op);
      const column = findColumn(table, op.column, op);
      const { changes } = op;
      if (changes.type !== undefined) column.type = structuredClone(changes.type);
      if (changes.nullable !== undefined) column.nullable = changes.nullable;
      if (changes.default === null) delete column.default;
      else if (changes.default !== undefined) column.default = structuredClone(changes.default);
      if (changes.comment === null) delete column.comment;
      else if (changes.comment !== undefined) column.comment = changes.comment;
      if (changes.name !== undefined && changes.name !== op.column) {
        if (table.columns.some((c) => c.name === changes.name)) fail(op, `column ${changes.name} exists`);
        column.name = changes.name;
        renameColumnEverywhere(schema, table, op.column, changes.name);
      }
      return;
    }
    case 'createIndex': {
      const table = findTable(state, op.table, op);
      if (table.indexes.some((ix) => ix.name === op.index.name)) fail(op, `index ${op.index.name} exists`);
      table.indexes.push(structuredClone(op.index));
      return;
    }
    case 'dropIndex': {
      const table = findTable(state, op.table, op);
      if (removeWhere(table.indexes, (ix) => ix.name === op.name) === 0) fail(op, `no index ${op.name}`);
      return;
    }
    case 'createPrimaryKey': {
      const table = findTable(state, op.table, op);
      if (table.primaryKey) fail(op, `${displayName(table)} already has a primary key`);
      table.primaryKey = structuredClone(op.constraint);
      return;
    }
    case 'createForeignKey':
      findTable(state, op.table, op).foreignKeys.push(structuredClone(op.constraint));
      return;
    case 'createUniqueConstraint':
      findTable(state, op.table, op).uniques.push(structuredClone(op.constraint));
      return;
    case 'createCheckConstraint':
      findTable(state, op.table, op).checks.push(structuredClone(op.constraint));
      return;
    case 'validateConstraint':
      return;
    case 'dropConstraint': {
      const table = findTable(state, op.table, op);
      const named = (c: { name?: string }): boolean => c.name === op.name;
      let removed = 0;
      if (table.primaryKey && named(table.primaryKey)) {
        delete table.primaryKey;
        removed++;
      }
      removed += removeWhere(table.uniques, named) + removeWhere(table.foreignKeys, named) + removeWhere(table.checks, named);
      if (removed === 0) fail(op, `no constraint ${op.name} on ${displayName(table)}`);
      return;
    }
    case 'createEnum': {
      if (schema.enums.some((e) => refKey(e) === refKey(op.enum))) fail(op, `enum ${displayName(op.enum)} exists`);
      schema.enums.push(structuredClone(op.enum));
      return;
    }
    case 'addEnumValue': {
      const target = findEnum(schema, op.enum, op);
      if (target.values.includes(op.value)) fail(op, `enum ${displayName(op.enum)} already has ${op.value}`);
      const anchor = op.before ?? op.after;
      if (anchor === undefined) {
        target.values.push(op.value);
        return;
      }
      const at = target.values.indexOf(anchor);
      if (at < 0) fail(op, `enum ${displayName(op.enum)} has no value ${anchor}`);
      target.values.splice(op.before !== undefined ? at : at + 1, 0, op.value);
      return;
    }
    case 'dropEnum': {
      const key = refKey(op.enum);
      if (removeWhere(schema.enums, (e) => refKey(e) === key) === 0) fail(op, `no enum ${displayName(op.enum)}`);
      return;
    }
    case 'setTableComment': {
      const table = findTable(state, op.table, op);
      if (op.comment === null) delete table.comment;
      else table.comment = op.comment;
      return;
    }
    case 'setColumnComment': {
      const column = findColumn(findTable(state, op.table, op), op.column, op);
      if (op.comment === null) delete column.comment;
      else column.comment = op.comment;
      return;
    }
    case 'execute':
    case 'bulkInsert':
      return;
  }
}
