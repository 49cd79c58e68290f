// table(): a table object exposing its columns as properties, and the TableSpec it stands for.
// Specs are built lazily (tableSpecOf), so `.references(() => other.col)` may point at tables declared later.
import { UsageError } from '../errors.js';
import { checkColumnDefault } from './column-checks.js';
import { deferrableClauseOf } from './deferrable.js';
import {
  COLUMN_OWNER,
  COLUMN_STATE,
  type ColumnBuilder,
  ColumnRef,
  type ColumnTarget,
  IndexColumn,
  IndexExpression,
  type IndexKeyState,
  columnSpecOf,
  isColumnBuilder,
  isColumnRef,
} from './columns.js';
import { EXTRA_STATE, type ExtraState, type ForeignKeyTarget, type PrimaryKeyBuilder, type TableExtra, isTableExtra } from './extras.js';
import type {
  CheckSpec,
  ExclusionSpec,
  ConstraintSpec,
  ForeignKeySpec,
  IndexPart,
  IndexSpec,
  PrimaryKeySpec,
  TableOptionsSpec,
  ReferentialAction,
  TableRef,
  TableSpec,
  UniqueSpec,
} from './types.js';

/** Key of a table object's definition: a symbol, so no column name can collide with it. */
export const TABLE_DEF: unique symbol = Symbol.for('athanor.tableDef');

export type ColumnMap = Record<string, ColumnBuilder>;
/** The columns of a table as references: what `todos.id` and the extras function's `c` are. */
export type ColumnRefs<C extends ColumnMap> = { readonly [K in keyof C & string]: ColumnRef<K> };
export type ExtrasFn<C extends ColumnMap> = (c: ColumnRefs<C>) => readonly TableExtra[];

export interface TableOptions<S extends string = string> {
  schema?: S;
  comment?: string;
  /** MySQL: ENGINE=… (InnoDB when absent) */
  engine?: string;
  /** MySQL: DEFAULT CHARSET=… */
  charset?: string;
  /** MySQL: COLLATE=… */
  collate?: string;
  /** MySQL: ROW_FORMAT=… */
  rowFormat?: string;
  /** MySQL: other CREATE TABLE options, `{ KEY_BLOCK_SIZE: 8, STATS_PERSISTENT: 0 }` (names as MySQL prints them) */
  createOptions?: Record<string, string | number>;
  /** SQLite: WITHOUT ROWID */
  withoutRowid?: boolean;
  /** SQLite: STRICT */
  strict?: boolean;
}

/** The storage options of table(), without schema and comment: what op.setTableOptions takes. */
export type TableStorageOptions = Omit<TableOptions, 'schema' | 'comment'>;

/** The storage options as the schema model holds them ({} when none is set). */
export function tableOptionsSpec(options: TableStorageOptions): TableOptionsSpec {
  return storageOptions(options) ?? {};
}

/** The storage options of table(…, options) as the schema model holds them; undefined when none is set. */
function storageOptions(options: TableStorageOptions): TableOptionsSpec | undefined {
  const out: TableOptionsSpec = {};
  if (options.engine !== undefined) out.engine = options.engine;
  if (options.charset !== undefined) out.charset = options.charset;
  if (options.collate !== undefined) out.collation = options.collate;
  if (options.rowFormat !== undefined) out.rowFormat = options.rowFormat;
  const createOptions = Object.entries(options.createOptions ?? {});
  if (createOptions.length > 0) out.createOptions = Object.fromEntries(createOptions.map(([k, v]) => [k.toUpperCase(), String(v)]));
  if (options.withoutRowid) out.withoutRowid = true;
  if (options.strict) out.strict = true;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The columns a table's extras put in its primary key (`primaryKey().on(c.a, c.b)` → 'a' | 'b'). */
export type ExtrasPrimaryKey<E extends readonly TableExtra[]> = E[number] extends infer X
  ? X extends PrimaryKeyBuilder<infer K>
    ? K
    : never
  : never;

/**
 * What the row types (rows.ts, kysely.ts) read from a table object, at the type level only: its SQL name, its
 * schema (never: the default one), its column builders and the primary key columns declared in its extras.
 */
export interface TableTypes<C extends ColumnMap, N extends string, S extends string, P extends string> {
  readonly name: N;
  readonly schema: S;
  readonly columns: C;
  readonly extrasPrimaryKey: P;
}

/** Where a table object keeps its TableTypes: a type-only key (nothing is stored under it at run time). */
export declare const TABLE_TYPES: unique symbol;

export interface TableDef {
  readonly ref: TableRef;
  readonly comment?: string;
  readonly options?: TableOptionsSpec;
  readonly columns: Readonly<ColumnMap>;
  readonly refs: Readonly<Record<string, ColumnRef>>;
  readonly extras?: (c: Readonly<Record<string, ColumnRef>>) => readonly TableExtra[];
}

export type Table<C extends ColumnMap = ColumnMap, N extends string = string, S extends string = string, P extends string = string> = ColumnRefs<C> & {
  readonly [TABLE_DEF]: TableDef;
  readonly [TABLE_TYPES]?: TableTypes<C, N, S, P>;
};

function refOf(name: string, schema: string | undefined): TableRef {
  return Object.freeze(schema !== undefined ? { schema, name } : { name });
}

function label(ref: TableRef): string {
  return ref.schema !== undefined ? `${ref.schema}.${ref.name}` : ref.name;
}

export function table<N extends string, C extends ColumnMap, E extends readonly TableExtra[] = [], S extends string = never>(
  name: N,
  columns: C,
  extras?: (c: ColumnRefs<C>) => E,
  options: TableOptions<S> = {},
): Table<C, N, S, ExtrasPrimaryKey<E>> {
  // refs holds exactly the keys of C, which the name-typed ColumnRefs<C> cannot see
  const def = tableDef(name, columns, extras as unknown as TableDef['extras'], options);
  const obj: Record<string | symbol, unknown> = { ...def.refs };
  Object.defineProperty(obj, TABLE_DEF, { value: def, enumerable: false });
  return Object.freeze(obj) as Table<C, N, S, ExtrasPrimaryKey<E>>;
}

/** What table() checks and keeps: the definition its column references belong to (frozen). */
function tableDef(name: string, columns: ColumnMap, extras: TableDef['extras'], options: TableOptions): TableDef {
  if (typeof name !== 'string' || name === '') throw new UsageError('table(): the name must be a non-empty string');
  if (typeof columns !== 'object' || columns === null) throw new UsageError(`table "${name}": expected an object of columns`);
  if (extras !== undefined && typeof extras !== 'function') {
    throw new UsageError(`table "${name}": the third argument must be a function (c) => [extras]`);
  }
  const ref = refOf(name, options.schema);
  const refs: Record<string, ColumnRef> = {};
  const storage = storageOptions(options);
  const def: TableDef = {
    ref,
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
    ...(storage ? { options: storage } : {}),
    columns: Object.freeze({ ...columns }),
    refs,
    ...(extras !== undefined ? { extras } : {}),
  };
  for (const [key, builder] of Object.entries(columns)) {
    if (!isColumnBuilder(builder)) {
      throw new UsageError(`table "${label(ref)}", column "${key}": not a column builder (use t.integer(), t.text(), …)`);
    }
    refs[key] = new ColumnRef(ref, key, def);
  }
  Object.freeze(refs);
  return Object.freeze(def);
}

export function isTable(x: unknown): x is Table {
  return typeof x === 'object' && x !== null && TABLE_DEF in x;
}

export function tableRefOf(tbl: Table): TableRef {
  return { ...defOf(tbl).ref };
}

function defOf(tbl: Table): TableDef {
  if (!isTable(tbl)) throw new UsageError('expected a table made with table()');
  return tbl[TABLE_DEF];
}

/**
 * The TableSpec for `op.createTable(name, columns, extras?, options?)`: a table without a table object.
 * A `{ schema, name }` ref and options.schema may both be given; options.schema wins.
 */
export function createTableSpec<C extends ColumnMap>(
  ref: string | TableRef,
  columns: C,
  extras?: ExtrasFn<C>,
  options: TableOptions = {},
): TableSpec {
  const name = typeof ref === 'string' ? ref : ref.name;
  const schema = options.schema ?? (typeof ref === 'string' ? undefined : ref.schema);
  const opts: TableOptions = schema === options.schema ? options : { ...options, schema };
  // the spec straight from the definition: no table object is made for a table only this call sees
  return specOfDef(tableDef(name, columns, extras as unknown as TableDef['extras'], opts));
}

// --- constraint names -------------------------------------------------------------------------------

// Default names are a convention of the models, the same on every dialect (one models file, one set of names;
// codegen leaves default names out): PostgreSQL's, cut at its 63 bytes, which every dialect's identifierLimit
// admits (MySQL 64 characters, SQLite none; test/unit/default-names.test.ts). Not a dialect switch.
const NAME_MAX_BYTES = 63;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** Longest prefix of at most `n` bytes that does not split a UTF-8 character. */
function clip(bytes: Uint8Array, n: number): number {
  let len = Math.min(n, bytes.length);
  while (len > 0 && len < bytes.length && ((bytes[len] ?? 0) & 0xc0) === 0x80) len--;
  return len;
}

/**
 * PostgreSQL's makeObjectName: `name1[_name2]_label`, shortening the longer of name1/name2 first so
 * the label survives and the result fits in 63 bytes. Matching it means introspected names compare equal.
 */
const ASCII = /^[\x00-\x7f]*$/;

export function pgObjectName(name1: string, name2: string | undefined, suffix: string): string {
  // the usual case, a short ASCII name, needs no encoding (one byte per character)
  const joined = name2 === undefined ? `${name1}_${suffix}` : `${name1}_${name2}_${suffix}`;
  if (joined.length <= NAME_MAX_BYTES && ASCII.test(joined)) return joined;
  const b1 = utf8.encode(name1);
  const b2 = name2 === undefined ? undefined : utf8.encode(name2);
  let n1 = b1.length;
  let n2 = b2?.length ?? 0;
  const overhead = (b2 ? 1 : 0) + utf8.encode(suffix).length + 1;
  const available = NAME_MAX_BYTES - overhead;
  while (n1 + n2 > available) {
    if (n1 > n2) n1--;
    else n2--;
  }
  const parts = [fromUtf8.decode(b1.subarray(0, clip(b1, n1)))];
  if (b2) parts.push(fromUtf8.decode(b2.subarray(0, clip(b2, n2))));
  parts.push(suffix);
  return parts.join('_');
}

export function defaultPrimaryKeyName(tableName: string): string {
  return pgObjectName(tableName, undefined, 'pkey');
}
export function defaultUniqueName(tableName: string, columns: readonly string[]): string {
  return pgObjectName(tableName, columns.join('_'), 'key');
}
export function defaultForeignKeyName(tableName: string, columns: readonly string[]): string {
  return pgObjectName(tableName, columns.join('_'), 'fkey');
}

// --- reference resolution ---------------------------------------------------------------------------

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object') return Array.isArray(x) ? 'an array' : 'an object that is not a table column';
  return typeof x;
}

function evaluate<T>(thunk: () => T, where: string): T {
  try {
    return thunk();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new UsageError(`${where}: the references() target could not be evaluated (${why})`, { cause: e });
  }
}

type Target = { refSchema?: string; refTable: string; refColumns: string[] };

function targetOf(table: TableRef, columns: string[]): Target {
  return table.schema !== undefined
    ? { refSchema: table.schema, refTable: table.name, refColumns: columns }
    : { refTable: table.name, refColumns: columns };
}

/** `'users.id'` (default schema) or `'app.users.id'`. */
function parseColumnPath(path: string, where: string): Target {
  const parts = path.split('.');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
    throw new UsageError(`${where}: references('${path}') must be 'table.column' or 'schema.table.column'`);
  }
  const [a, b, c] = parts as [string, string, string | undefined];
  return c === undefined ? targetOf({ name: a }, [b]) : targetOf({ schema: a, name: b }, [c]);
}

function resolveColumnTarget(target: ColumnTarget, where: string): Target {
  if (typeof target === 'string') return parseColumnPath(target, where);
  const col = evaluate(target, where);
  if (!isColumnRef(col)) {
    throw new UsageError(`${where}: references() must point at a column of a table made with table() (got ${describe(col)})`);
  }
  return targetOf(col.table, [col.name]);
}

function resolveForeignKeyTarget(target: ForeignKeyTarget, where: string): Target {
  if (typeof target !== 'function') {
    if (typeof target.table !== 'string' || !Array.isArray(target.columns) || target.columns.length === 0) {
      throw new UsageError(`${where}: references({ table, columns }) needs a table name and at least one column`);
    }
    return targetOf(target.schema !== undefined ? { schema: target.schema, name: target.table } : { name: target.table }, [
      ...target.columns,
    ]);
  }
  const got = evaluate(target, where);
  const cols: readonly unknown[] = Array.isArray(got) ? got : [got];
  if (cols.length === 0) throw new UsageError(`${where}: references() returned no columns`);
  const first = cols[0];
  for (const col of cols) {
    if (!isColumnRef(col)) {
      throw new UsageError(`${where}: references() must point at columns of a table made with table() (got ${describe(col)})`);
    }
    if (isColumnRef(first) && col[COLUMN_OWNER] !== first[COLUMN_OWNER]) {
      throw new UsageError(`${where}: the referenced columns must all belong to one table`);
    }
  }
  const refs = cols as ColumnRef[];
  return targetOf(refs[0]!.table, refs.map((c) => c.name));
}

// --- specs ------------------------------------------------------------------------------------------

const REFERENTIAL_ACTIONS: readonly ReferentialAction[] = ['no action', 'restrict', 'cascade', 'set null', 'set default'];

/** The action as given, checked: a typo ('setnull') would otherwise become a migration that fails half-way. */
function referentialAction(value: unknown, where: string): ReferentialAction {
  const action = REFERENTIAL_ACTIONS.find((a) => a === value);
  if (action !== undefined) return action;
  const spaced = typeof value === 'string' ? REFERENTIAL_ACTIONS.find((a) => a.replace(' ', '') === value.toLowerCase().replace(/[\s_-]/g, '')) : undefined;
  const hint = spaced !== undefined ? `did you mean '${spaced}'? ` : '';
  throw new UsageError(`${where} ${JSON.stringify(value)} is not a referential action: ${hint}use ${REFERENTIAL_ACTIONS.map((a) => `'${a}'`).join(', ')}`);
}

/** Table-level constraints implied by one column's modifiers (.primaryKey(), .unique(), .references()). */
function columnLevel(
  builder: ColumnBuilder,
  tableRef: TableRef,
  column: string,
): { primaryKey: boolean; unique?: UniqueSpec; foreignKey?: ForeignKeySpec } {
  const s = builder[COLUMN_STATE];
  const out: { primaryKey: boolean; unique?: UniqueSpec; foreignKey?: ForeignKeySpec } = { primaryKey: s.primaryKey };
  if (s.unique) out.unique = { name: s.unique.name ?? defaultUniqueName(tableRef.name, [column]), columns: [column] };
  if (s.references) {
    const where = `table "${label(tableRef)}", column "${column}"`;
    const { options } = s.references;
    const fk: ForeignKeySpec = {
      name: options.name ?? defaultForeignKeyName(tableRef.name, [column]),
      columns: [column],
      ...resolveColumnTarget(s.references.target, where),
    };
    if (options.onDelete !== undefined) fk.onDelete = referentialAction(options.onDelete, `${where}: onDelete`);
    if (options.onUpdate !== undefined) fk.onUpdate = referentialAction(options.onUpdate, `${where}: onUpdate`);
    if (options.deferrable !== undefined) fk.deferrable = deferrableClauseOf(options.deferrable, where);
    out.foreignKey = fk;
  }
  return out;
}

/**
 * The constraints a single column builder implies, for `op.addColumn(table, name, builder)`:
 * a primary key, a unique constraint and/or a foreign key, each with its default name filled in.
 */
export function columnConstraintsOf(builder: ColumnBuilder, tableRef: string | TableRef, column: string): ConstraintSpec[] {
  const ref = typeof tableRef === 'string' ? { name: tableRef } : tableRef;
  if (!isColumnBuilder(builder)) throw new UsageError(`table "${label(ref)}", column "${column}": not a column builder`);
  const level = columnLevel(builder, ref, column);
  const out: ConstraintSpec[] = [];
  if (level.primaryKey) out.push({ type: 'primaryKey', name: defaultPrimaryKeyName(ref.name), columns: [column] });
  if (level.unique) out.push({ type: 'unique', ...level.unique });
  if (level.foreignKey) out.push({ type: 'foreignKey', ...level.foreignKey });
  return out;
}

function ownColumns(cols: readonly ColumnRef[], def: TableDef, where: string): string[] {
  return cols.map((col) => ownColumn(col, def, where));
}

function ownColumn(col: unknown, def: TableDef, where: string): string {
  if (!isColumnRef(col)) throw new UsageError(`${where}: expected a column of this table (got ${describe(col)})`);
  if (col[COLUMN_OWNER] !== def) {
    throw new UsageError(
      `${where}: column "${col.name}" belongs to table "${label(col.table)}", not to table "${label(def.ref)}"`,
    );
  }
  return col.name;
}

/** The key options that are set, in a fixed order (specs are compared field by field). */
function keyOptions(options: IndexKeyState): Omit<IndexKeyState, 'prefix'> {
  const out: Omit<IndexKeyState, 'prefix'> = {};
  if (options.desc) out.desc = true;
  if (options.nulls !== undefined) out.nulls = options.nulls;
  if (options.opclass !== undefined) out.opclass = options.opclass;
  if (options.collation !== undefined) out.collation = options.collation;
  return out;
}

function indexPart(part: unknown, def: TableDef, where: string): IndexPart {
  if (typeof part === 'string') return { expression: part };
  // instanceof, or the same shapes from another loaded copy of athanor
  if (part instanceof IndexExpression || (typeof part === 'object' && part !== null && 'expression' in part && 'options' in part)) {
    const p = part as IndexExpression;
    return { expression: p.expression, ...keyOptions(p.options) };
  }
  if (part instanceof IndexColumn || (typeof part === 'object' && part !== null && 'column' in part && 'options' in part)) {
    const p = part as IndexColumn;
    const column = ownColumn(p.column, def, where);
    return { column, ...(p.options.prefix !== undefined ? { prefix: p.options.prefix } : {}), ...keyOptions(p.options) };
  }
  return { column: ownColumn(part, def, where) };
}

/** A primary key's columns and (MySQL) prefix lengths; no other key option means anything in a primary key. */
function primaryKeyParts(targets: readonly unknown[], def: TableDef, where: string): Pick<PrimaryKeySpec, 'columns' | 'prefixes'> {
  const columns: string[] = [];
  const prefixes: Record<string, number> = {};
  for (const target of targets) {
    const part = indexPart(target, def, where);
    if (!('column' in part)) throw new UsageError(`${where}: expected a column of this table (got ${describe(target)})`);
    const { column, prefix, ...options } = part;
    if (Object.keys(options).length > 0) {
      throw new UsageError(`${where}: column "${column}" takes no key options in a primary key (only .prefix(n), MySQL)`);
    }
    columns.push(column);
    if (prefix !== undefined) prefixes[column] = prefix;
  }
  return Object.keys(prefixes).length > 0 ? { columns, prefixes } : { columns };
}

/** The TableSpec a table object stands for. Resolves lazy references, so call it after all tables are declared. */
export function tableSpecOf(tbl: Table): TableSpec {
  return specOfDef(defOf(tbl));
}

function specOfDef(def: TableDef): TableSpec {
  const at = `table "${label(def.ref)}"`;
  const entries = Object.entries(def.columns);
  const columns = entries.map(([key, builder]) => columnSpecOf(builder, key));
  for (const column of columns) checkColumnDefault(column, at);
  const keys = columnKeys(def, entries);
  const extras = def.extras ? def.extras(def.refs) : [];
  if (!Array.isArray(extras)) throw new UsageError(`${at}: the extras function must return an array`);
  for (const extra of extras as unknown[]) addExtra(keys, extra, def, at);
  const { primaryKey, uniques, foreignKeys, indexes, checks, exclusions } = keys;

  // PostgreSQL makes primary key columns NOT NULL; say so here so the model matches the database.
  if (primaryKey) {
    const inPk = new Set(primaryKey.columns);
    for (const col of columns) if (inPk.has(col.name) && def.columns[col.name]?.[COLUMN_STATE].nullable !== true) col.nullable = false;
  }
  // names all distinct (the usual case): nothing to number, nothing to refuse
  if (!allNamesDistinct(primaryKey, uniques, foreignKeys, checks, exclusions, indexes)) {
    numberCollidingDefaults(def.ref.name, primaryKey, uniques, foreignKeys, checks, indexes);
    checkDuplicateNames(at, primaryKey, uniques, foreignKeys, [...checks, ...exclusions.map((x) => ({ name: x.name, expression: '' }))], indexes);
  }

  const spec: TableSpec = { ...def.ref, columns, uniques, indexes, foreignKeys, checks };
  if (primaryKey) spec.primaryKey = primaryKey;
  if (exclusions.length > 0) spec.exclusions = exclusions;
  if (def.comment !== undefined) spec.comment = def.comment;
  if (def.options !== undefined) spec.options = { ...def.options };
  return spec;
}

/** A table's keys, indexes and checks, gathered from its columns' modifiers and then from its extras. */
interface TableKeys {
  primaryKey: PrimaryKeySpec | undefined;
  /** where the primary key came from, spelled out only for the error of a second one */
  pkSource: () => string;
  uniques: UniqueSpec[];
  foreignKeys: ForeignKeySpec[];
  indexes: IndexSpec[];
  checks: CheckSpec[];
  exclusions: ExclusionSpec[];
}

/** The keys the columns' own modifiers declare (.primaryKey(), .unique(), .references()). */
function columnKeys(def: TableDef, entries: ReadonlyArray<[string, ColumnBuilder]>): TableKeys {
  const pkColumns: string[] = [];
  const uniques: UniqueSpec[] = [];
  const foreignKeys: ForeignKeySpec[] = [];
  for (const [key, builder] of entries) {
    const level = columnLevel(builder, def.ref, key);
    if (level.primaryKey) pkColumns.push(key);
    if (level.unique) uniques.push(level.unique);
    if (level.foreignKey) foreignKeys.push(level.foreignKey);
  }
  const primaryKey = pkColumns.length > 0 ? { name: defaultPrimaryKeyName(def.ref.name), columns: pkColumns } : undefined;
  const pkSource = (): string => `.primaryKey() on column(s) ${pkColumns.join(', ')}`;
  return { primaryKey, pkSource, uniques, foreignKeys, indexes: [], checks: [], exclusions: [] };
}

type ExtraOf<K extends ExtraState['kind']> = Extract<ExtraState, { kind: K }>;

/** One entry of the extras function's array, added to the table's keys. */
function addExtra(keys: TableKeys, extra: unknown, def: TableDef, at: string): void {
  if (!isTableExtra(extra)) {
    throw new UsageError(`${at}: extras must be index(), uniqueIndex(), unique(), check(), exclude(), primaryKey() or foreignKey() (got ${describe(extra)})`);
  }
  const e = extra[EXTRA_STATE];
  switch (e.kind) {
    case 'index':
      keys.indexes.push(indexSpec(e, def, at));
      break;
    case 'unique': {
      const where = `${at}, unique(${e.name ?? ''})`;
      const cols = ownColumns(e.columns, def, where);
      const include = e.include !== undefined ? { include: ownColumns(e.include, def, where) } : {};
      keys.uniques.push({ name: e.name ?? defaultUniqueName(def.ref.name, cols), columns: cols, ...include });
      break;
    }
    case 'primaryKey':
      setPrimaryKey(keys, e, def, at);
      break;
    case 'foreignKey':
      keys.foreignKeys.push(foreignKeySpec(e, def, at));
      break;
    case 'check':
      keys.checks.push({ name: e.name, expression: e.expression });
      break;
    case 'exclude':
      keys.exclusions.push({ name: e.name, definition: e.definition });
      break;
  }
}

function indexSpec(e: ExtraOf<'index'>, def: TableDef, at: string): IndexSpec {
  const where = `${at}, index "${e.name}"`;
  const spec: IndexSpec = { name: e.name, parts: e.parts.map((p) => indexPart(p, def, where)) };
  if (e.unique) spec.unique = true;
  if (e.where !== undefined) spec.where = e.where;
  if (e.using !== undefined) spec.using = e.using;
  if (e.include !== undefined) spec.include = ownColumns(e.include, def, where);
  return spec;
}

function setPrimaryKey(keys: TableKeys, e: ExtraOf<'primaryKey'>, def: TableDef, at: string): void {
  const source = `primaryKey(${e.name !== undefined ? `'${e.name}'` : ''})`;
  if (keys.primaryKey) throw new UsageError(`${at}: two primary key declarations (${keys.pkSource()} and ${source}); declare one`);
  const include = e.include !== undefined ? { include: ownColumns(e.include, def, `${at}, ${source}`) } : {};
  keys.primaryKey = { name: e.name ?? defaultPrimaryKeyName(def.ref.name), ...primaryKeyParts(e.columns, def, `${at}, ${source}`), ...include };
  keys.pkSource = () => source;
}

function foreignKeySpec(e: ExtraOf<'foreignKey'>, def: TableDef, at: string): ForeignKeySpec {
  const where = `${at}, foreignKey(${e.name !== undefined ? `'${e.name}'` : ''})`;
  const cols = ownColumns(e.columns, def, where);
  const target = resolveForeignKeyTarget(e.target, where);
  if (target.refColumns.length !== cols.length) {
    throw new UsageError(`${where}: ${cols.length} column(s) reference ${target.refColumns.length} column(s)`);
  }
  const fk: ForeignKeySpec = { name: e.name ?? defaultForeignKeyName(def.ref.name, cols), columns: cols, ...target };
  if (e.onDelete !== undefined) fk.onDelete = referentialAction(e.onDelete, `${where}: onDelete`);
  if (e.onUpdate !== undefined) fk.onUpdate = referentialAction(e.onUpdate, `${where}: onUpdate`);
  if (e.deferrable !== undefined) fk.deferrable = deferrableClauseOf(e.deferrable, where);
  return fk;
}

/** True when no two of the table's constraints and indexes share a name. */
function allNamesDistinct(
  pk: PrimaryKeySpec | undefined,
  ...groups: ReadonlyArray<readonly { name?: string }[]>
): boolean {
  const seen = new Set<string>();
  if (pk?.name !== undefined) seen.add(pk.name);
  for (const group of groups) {
    for (const { name } of group) {
      if (name === undefined) continue;
      if (seen.has(name)) return false;
      seen.add(name);
    }
  }
  return true;
}

/**
 * Default names can collide once cut to 63 bytes (two long column lists): PostgreSQL then numbers the later
 * one (`…_key1`, `…_fkey1`), and so do we. Names the user wrote are left alone (a clash there is an error).
 */
function numberCollidingDefaults(
  tableName: string,
  pk: PrimaryKeySpec | undefined,
  uniques: UniqueSpec[],
  fks: ForeignKeySpec[],
  checks: CheckSpec[],
  indexes: IndexSpec[],
): void {
  // name → the column list holding it ('' for names not tied to a column list)
  const taken = new Map<string, string>([...(pk?.name ? [pk.name] : []), ...checks.map((c) => c.name), ...indexes.map((i) => i.name)].map((n) => [n, '']));
  const settle = (item: { name?: string; columns: string[] }, label: 'key' | 'fkey', byDefault: string) => {
    if (item.name === undefined) return;
    const columns = item.columns.join('\u0000');
    const holder = taken.get(item.name);
    // the same default over the same columns is a real duplicate: left for checkDuplicateNames to refuse
    if (holder !== undefined && holder !== columns && item.name === byDefault) {
      for (let n = 1; ; n++) {
        const numbered = pgObjectName(tableName, item.columns.join('_'), `${label}${n}`);
        if (!taken.has(numbered)) {
          item.name = numbered;
          break;
        }
      }
    }
    if (!taken.has(item.name)) taken.set(item.name, columns);
  };
  for (const u of uniques) settle(u, 'key', defaultUniqueName(tableName, u.columns));
  for (const fk of fks) settle(fk, 'fkey', defaultForeignKeyName(tableName, fk.columns));
}

function checkDuplicateNames(
  at: string,
  pk: PrimaryKeySpec | undefined,
  uniques: UniqueSpec[],
  fks: ForeignKeySpec[],
  checks: CheckSpec[],
  indexes: IndexSpec[],
): void {
  // Constraints share one namespace per table; indexes share one with the index-backed constraints.
  const constraintNames = [pk?.name, ...uniques.map((u) => u.name), ...fks.map((f) => f.name), ...checks.map((c) => c.name)];
  const relationNames = [pk?.name, ...uniques.map((u) => u.name), ...indexes.map((i) => i.name)];
  for (const names of [constraintNames, relationNames]) {
    const seen = new Set<string>();
    for (const n of names) {
      if (n === undefined) continue;
      if (seen.has(n)) throw new UsageError(`${at}: the name "${n}" is used by two constraints or indexes`);
      seen.add(n);
    }
  }
}
