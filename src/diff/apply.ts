// Pure in-memory application of operations to a schema: what the database would look like afterwards.
// Used to check the diff (apply(diff(A, B)) to A gives B) and to replay migrations without a database.
// Raw SQL (execute) and data (bulkInsert) have no effect on the schema model. Like a database it refuses
// operations out of order: a foreign key to a missing table or column, dropping a table, column, key or
// enum something still uses, a column of an enum type that does not exist (yet).
import { UsageError } from '../errors.js';
import type { Operation } from '../operations/types.js';
import type { ColumnSpec, EnumSpec, ForeignKeySpec, SchemaSpec, TableRef, TableSpec } from '../schema/types.js';
import { objectKey } from '../schema/objects.js';
import { sameSet } from './equal.js';
import { displayName, fkTargetKey, refKey } from './names.js';

/** A new schema (the input is not modified). Throws UsageError when an operation does not fit the schema. */
export function applyOperations(schema: SchemaSpec, ops: readonly Operation[]): SchemaSpec {
  const knownEnums = new Set(schema.enums.map(refKey));
  for (const op of ops) if (op.kind === 'createEnum' || op.kind === 'dropEnum') knownEnums.add(refKey(op.enum));
  const state: State = { schema: structuredClone(schema), tables: new Map(), referencedBy: new Map(), knownEnums };
  for (const table of state.schema.tables) state.tables.set(refKey(table), table);
  for (const table of state.schema.tables) countReferences(state, table, table.foreignKeys, 1);
  for (const op of ops) applyOne(state, op);
  return state.schema;
}

/** The schema being changed, with its tables by key (so long operation lists stay linear). */
interface State {
  schema: SchemaSpec;
  tables: Map<string, TableSpec>;
  /** how many foreign keys of other tables point at each table */
  referencedBy: Map<string, number>;
  /**
   * enums the schema or the operations mention: a column may only use one of these while it exists. Enums
   * mentioned nowhere are not checked (dialects without named enum types keep them out of `enums`).
   */
  knownEnums: Set<string>;
}

function countReferences(state: State, table: TableSpec, fks: readonly ForeignKeySpec[], delta: 1 | -1): void {
  const own = refKey(table);
  for (const fk of fks) {
    const target = fkTargetKey(fk);
    if (target !== own) state.referencedBy.set(target, (state.referencedBy.get(target) ?? 0) + delta);
  }
}

/** Foreign keys pointing at `table` (its own self-references included). */
function incomingForeignKeys(state: State, table: TableSpec): Array<{ from: TableSpec; fk: ForeignKeySpec }> {
  const key = refKey(table);
  const sources = (state.referencedBy.get(key) ?? 0) > 0 ? state.schema.tables : [table];
  return sources.flatMap((from) => from.foreignKeys.filter((fk) => fkTargetKey(fk) === key).map((fk) => ({ from, fk })));
}

function checkForeignKeyTarget(state: State, owner: TableSpec, fk: ForeignKeySpec, op: Operation): void {
  const target = fkTargetKey(fk) === refKey(owner) ? owner : state.tables.get(fkTargetKey(fk));
  const where = displayName({ schema: fk.refSchema, name: fk.refTable });
  if (!target) fail(op, `foreign key ${fk.name ?? ''} of ${displayName(owner)} points at missing table ${where}`);
  for (const c of fk.refColumns) {
    if (!target.columns.some((col) => col.name === c)) fail(op, `foreign key ${fk.name ?? ''} points at missing column ${where}.${c}`);
  }
  for (const c of fk.columns) if (!owner.columns.some((col) => col.name === c)) fail(op, `foreign key ${fk.name ?? ''} uses missing column ${c}`);
}

/** Dropping a key the database needs for a foreign key fails. */
function checkKeyUnused(state: State, table: TableSpec, columns: readonly string[], what: string, op: Operation): void {
  const user = incomingForeignKeys(state, table).find(({ fk }) => sameSet(fk.refColumns, columns));
  if (user) fail(op, `${what} of ${displayName(table)} is used by foreign key ${user.fk.name ?? ''} of ${displayName(user.from)}`);
}

function checkEnumsExist(state: State, columns: readonly ColumnSpec[], op: Operation): void {
  for (const c of columns) {
    if (c.type.name !== 'enum' || c.type.enumName === undefined) continue;
    const key = refKey({ schema: c.type.enumSchema, name: c.type.enumName });
    if (!state.knownEnums.has(key)) continue;
    if (!state.schema.enums.some((e) => refKey(e) === key)) fail(op, `column ${c.name} uses missing enum ${c.type.enumName}`);
  }
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
      checkEnumsExist(state, table.columns, op);
      for (const fk of table.foreignKeys) checkForeignKeyTarget(state, table, fk, op);
      schema.tables.push(table);
      state.tables.set(key, table);
      countReferences(state, table, table.foreignKeys, 1);
      return;
    }
    case 'dropTable': {
      const table = findTable(state, op.table, op);
      const user = incomingForeignKeys(state, table).find(({ from }) => from !== table);
      if (user) fail(op, `${displayName(table)} is used by foreign key ${user.fk.name ?? ''} of ${displayName(user.from)}`);
      countReferences(state, table, table.foreignKeys, -1);
      schema.tables.splice(schema.tables.indexOf(table), 1);
      state.tables.delete(refKey(table));
      dropTriggersOf(schema, op.table);
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
      state.referencedBy.set(refKey(table), state.referencedBy.get(oldKey) ?? 0);
      state.referencedBy.delete(oldKey);
      for (const other of schema.tables) {
        for (const fk of other.foreignKeys) if (fkTargetKey(fk) === oldKey) fk.refTable = op.newName;
      }
      return;
    }
    case 'addColumn': {
      const table = findTable(state, op.table, op);
      if (table.columns.some((c) => c.name === op.column.name)) fail(op, `column ${op.column.name} exists`);
      checkEnumsExist(state, [op.column], op);
      table.columns.push(structuredClone(op.column));
      return;
    }
    case 'dropColumn': {
      const table = findTable(state, op.table, op);
      findColumn(table, op.column, op);
      const uses = (columns: readonly string[]): boolean => columns.includes(op.column);
      const usedBy = [
        ...(table.primaryKey && uses(table.primaryKey.columns) ? ['the primary key'] : []),
        ...table.uniques.filter((u) => uses(u.columns)).map((u) => `unique ${u.name ?? ''}`),
        ...table.foreignKeys.filter((fk) => uses(fk.columns)).map((fk) => `foreign key ${fk.name ?? ''}`),
        ...table.indexes.filter((ix) => ix.parts.some((p) => 'column' in p && p.column === op.column)).map((ix) => `index ${ix.name}`),
        ...incomingForeignKeys(state, table).filter(({ fk }) => uses(fk.refColumns)).map(({ fk, from }) => `foreign key ${fk.name ?? ''} of ${displayName(from)}`),
      ];
      if (usedBy.length > 0) fail(op, `column ${displayName(table)}.${op.column} is used by ${usedBy.join(', ')}`);
      removeWhere(table.columns, (c) => c.name === op.column);
      return;
    }
    case 'alterColumn': {
      const table = findTable(state, op.table, op);
      const column = findColumn(table, op.column, op);
      const { changes } = op;
      if (changes.type !== undefined) {
        checkEnumsExist(state, [{ ...column, type: changes.type }], op);
        column.type = structuredClone(changes.type);
      }
      if (changes.nullable !== undefined) column.nullable = changes.nullable;
      if (changes.default === null) delete column.default;
      else if (changes.default !== undefined) column.default = structuredClone(changes.default);
      if (changes.comment === null) delete column.comment;
      else if (changes.comment !== undefined) column.comment = changes.comment;
      for (const field of ['collation', 'charset', 'statistics', 'onUpdate'] as const) {
        const value = changes[field];
        if (value === null) delete column[field];
        else if (value !== undefined) (column as unknown as Record<string, unknown>)[field] = value;
      }
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
      const index = table.indexes.find((ix) => ix.name === op.name);
      if (index?.unique && index.where === undefined && index.parts.every((p) => 'column' in p)) {
        checkKeyUnused(state, table, index.parts.flatMap((p) => ('column' in p ? [p.column] : [])), `unique index ${op.name}`, op);
      }
      if (removeWhere(table.indexes, (ix) => ix.name === op.name) === 0) fail(op, `no index ${op.name}`);
      return;
    }
    case 'createPrimaryKey': {
      const table = findTable(state, op.table, op);
      if (table.primaryKey) fail(op, `${displayName(table)} already has a primary key`);
      table.primaryKey = structuredClone(op.constraint);
      return;
    }
    case 'createForeignKey': {
      const table = findTable(state, op.table, op);
      checkForeignKeyTarget(state, table, op.constraint, op);
      table.foreignKeys.push(structuredClone(op.constraint));
      countReferences(state, table, [op.constraint], 1);
      return;
    }
    case 'createUniqueConstraint':
      findTable(state, op.table, op).uniques.push(structuredClone(op.constraint));
      return;
    case 'createCheckConstraint':
      findTable(state, op.table, op).checks.push(structuredClone(op.constraint));
      return;
    case 'createExclusionConstraint': {
      const table = findTable(state, op.table, op);
      (table.exclusions ??= []).push(structuredClone(op.constraint));
      return;
    }
    case 'validateConstraint':
      return;
    case 'dropConstraint': {
      const table = findTable(state, op.table, op);
      const named = (c: { name?: string }): boolean => c.name === op.name;
      let removed = 0;
      if (table.primaryKey && named(table.primaryKey)) {
        checkKeyUnused(state, table, table.primaryKey.columns, 'the primary key', op);
        delete table.primaryKey;
        removed++;
      }
      for (const u of table.uniques.filter(named)) checkKeyUnused(state, table, u.columns, `unique ${op.name}`, op);
      countReferences(state, table, table.foreignKeys.filter(named), -1);
      removed += removeWhere(table.uniques, named) + removeWhere(table.foreignKeys, named) + removeWhere(table.checks, named);
      if (table.exclusions) {
        removed += removeWhere(table.exclusions, named);
        if (table.exclusions.length === 0) delete table.exclusions;
      }
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
      if (target.values.includes(op.value)) {
        if (op.ifNotExists) return;
        fail(op, `enum ${displayName(op.enum)} already has ${op.value}`);
      }
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
    case 'dropEnumValue': {
      const target = findEnum(schema, op.enum, op);
      if (removeWhere(target.values, (v) => v === op.value) === 0) fail(op, `enum ${displayName(op.enum)} has no value ${op.value}`);
      return;
    }
    case 'dropEnum': {
      const key = refKey(op.enum);
      for (const table of schema.tables) {
        const user = table.columns.find((c) => c.type.name === 'enum' && refKey({ schema: c.type.enumSchema, name: c.type.enumName ?? '' }) === key);
        if (user) fail(op, `enum ${displayName(op.enum)} is used by column ${displayName(table)}.${user.name}`);
      }
      if (removeWhere(schema.enums, (e) => refKey(e) === key) === 0) fail(op, `no enum ${displayName(op.enum)}`);
      return;
    }
    case 'setTableOptions': {
      const table = findTable(state, op.table, op);
      if (Object.keys(op.options).length === 0) delete table.options;
      else table.options = { ...op.options };
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
    // Objects are tracked leniently: a hand-written migration may have made or removed one with raw SQL.
    case 'createObject': {
      const key = objectKey(op.object);
      schema.objects = [...(schema.objects ?? []).filter((o) => objectKey(o) !== key), structuredClone(op.object)];
      return;
    }
    case 'dropObject': {
      const key = objectKey(op.object);
      if (schema.objects) schema.objects = schema.objects.filter((o) => objectKey(o) !== key);
      return;
    }
  }
}

/** A dropped table takes its triggers with it. */
function dropTriggersOf(schema: SchemaSpec, table: TableRef): void {
  if (!schema.objects) return;
  schema.objects = schema.objects.filter((o) => !(o.kind === 'trigger' && o.table === table.name && (o.schema ?? '') === (table.schema ?? '')));
}
