// The `op` object handed to upgrade(op) / downgrade(op). Each call becomes an Operation that the sink
// (online runner or offline SQL printer) executes in call order, whether or not the caller awaits it.
import type { DialectName } from '../dialect-name.js';
import {
  columnConstraintsOf,
  columnSpecOf,
  createTableSpec,
  tableOptionsSpec,
  type ColumnBuilder,
  type ExtrasFn,
  type TableOptions,
  type TableStorageOptions,
} from '../schema/dsl.js';
import type { DefaultValue, EnumRef, IndexPart, ReferentialAction, SchemaObjectKind, TableRef } from '../schema/types.js';
import { deferrableClauseOf, type Deferrable } from '../schema/deferrable.js';
import { UsageError } from '../errors.js';
import { checkOptionNames, checkTableGiven } from './op-arguments.js';
import { strictMethods } from '../schema/strict-namespace.js';
import type { ColumnChanges, ExistingColumn, Operation } from './types.js';

/** Where in the migration file an op call was made: the raw stack captured at the call (lint reads it). */
export interface CallSite {
  stack: string;
}

export interface OperationSink {
  readonly dialect: DialectName;
  /** true: the Op captures a CallSite for every call (costs a stack trace per call; lint only) */
  readonly wantsCallSites?: boolean;
  run(op: Operation, site?: CallSite): Promise<void>;
  /**
   * rows returned by a raw statement (empty offline); `wantsRows` false: nobody reads them, so the statement may
   * wait and travel with the next round trip
   */
  query(sql: string, params?: readonly unknown[], site?: CallSite, wantsRows?: boolean): Promise<Record<string, unknown>[]>;
}

/** Raw SQL whose rows nobody reads, for athanor's own callers (a `.sql` migration's statements); not user API. */
export const runStatements: unique symbol = Symbol('athanor.runStatements');

export type TableArg = string | TableRef;
export type EnumArg = string | EnumRef;
type Literal = string | number | boolean | null;

export interface AlterColumnOptions {
  type?: ColumnBuilder;
  using?: string;
  nullable?: boolean;
  default?: Literal;
  defaultSql?: string;
  newName?: string;
  comment?: string | null;
  existingType?: ColumnBuilder;
  existingNullable?: boolean;
  existingDefault?: Literal;
  existingDefaultSql?: string;
  existingComment?: string | null;
  collation?: string | null;
  existingCollation?: string | null;
  charset?: string | null;
  existingCharset?: string | null;
  statistics?: number | null;
  existingStatistics?: number | null;
  /** MySQL: ON UPDATE <sql> (null: none) */
  onUpdate?: string | null;
  existingOnUpdate?: string | null;
}

export interface CreateIndexOptions {
  unique?: boolean;
  where?: string;
  using?: string;
  concurrently?: boolean;
  /** PostgreSQL: INCLUDE (columns) */
  include?: string[];
}

export interface ForeignKeyOptions {
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  refSchema?: string;
  notValid?: boolean;
  /** PostgreSQL: DEFERRABLE INITIALLY IMMEDIATE (`'immediate'`) or INITIALLY DEFERRED (`'deferred'`) */
  deferrable?: Deferrable;
}

const keysOf = <T extends object>(record: Record<keyof T, true>): string[] => Object.keys(record);

const ALTER_COLUMN_OPTIONS = keysOf<AlterColumnOptions>({
  type: true, using: true, nullable: true, default: true, defaultSql: true, newName: true, comment: true,
  existingType: true, existingNullable: true, existingDefault: true, existingDefaultSql: true, existingComment: true,
  collation: true, existingCollation: true, charset: true, existingCharset: true, statistics: true,
  existingStatistics: true, onUpdate: true, existingOnUpdate: true,
});
/** what people coming from Alembic (`new_column_name`, `server_default`) or from the README's words write */
const ALTER_COLUMN_ALIASES: Record<string, string> = {
  rename: 'newName', name: 'newName', newColumnName: 'newName', new_column_name: 'newName',
  serverDefault: 'defaultSql', server_default: 'defaultSql', typeUsing: 'using', postgresql_using: 'using',
};
const CREATE_INDEX_OPTIONS = keysOf<CreateIndexOptions>({ unique: true, where: true, using: true, concurrently: true, include: true });
const FOREIGN_KEY_OPTIONS = keysOf<ForeignKeyOptions>({ onDelete: true, onUpdate: true, refSchema: true, notValid: true, deferrable: true });

function tableRef(table: TableArg): TableRef {
  return typeof table === 'string' ? { name: table } : table;
}

function enumRef(value: EnumArg): EnumRef {
  return typeof value === 'string' ? { name: value } : value;
}

function defaultOf(value: Literal | undefined, sql: string | undefined): DefaultValue | null | undefined {
  if (sql !== undefined) return { kind: 'sql', sql };
  if (value === undefined) return undefined;
  if (value === null) return null;
  return { kind: 'value', value };
}

export class Op {
  readonly #sink: OperationSink;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(sink: OperationSink) {
    this.#sink = sink;
    // `op.renameIndx(…)` or knex's `op.addIndex(…)` says what was meant instead of "is not a function"
    return strictMethods(this, 'op', 'an op');
  }

  /** 'postgres' | 'mysql' | 'sqlite', for migrations that branch on the database */
  get dialect(): DialectName {
    return this.#sink.dialect;
  }

  /** Resolves when every call made so far has run; rejects with the first failure. */
  async settle(): Promise<void> {
    await this.#chain;
  }

  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(work);
    this.#chain = next;
    return next;
  }

  #site(): CallSite | undefined {
    if (!this.#sink.wantsCallSites) return undefined;
    // the frames are taken now; their text, most of the cost, only when read (a finding's position)
    const error = new Error();
    return {
      get stack() {
        return error.stack ?? '';
      },
    };
  }

  #run(...ops: Operation[]): Promise<void> {
    const site = this.#site();
    return this.#enqueue(async () => {
      for (const op of ops) await this.#sink.run(op, site);
    });
  }

  createTable<C extends Record<string, ColumnBuilder>>(
    table: TableArg,
    columns: C,
    extras?: ExtrasFn<C>,
    options?: TableOptions,
  ): Promise<void> {
    const ref = tableRef(table);
    const spec = createTableSpec({ ...ref, ...(options?.schema ? { schema: options.schema } : {}) }, columns, extras, options);
    return this.#run({ kind: 'createTable', table: spec });
  }

  dropTable(table: TableArg): Promise<void> {
    return this.#run({ kind: 'dropTable', table: tableRef(table) });
  }

  renameTable(table: TableArg, newName: string): Promise<void> {
    return this.#run({ kind: 'renameTable', table: tableRef(table), newName });
  }

  addColumn(table: TableArg, name: string, column: ColumnBuilder): Promise<void> {
    const ref = tableRef(table);
    const ops: Operation[] = [{ kind: 'addColumn', table: ref, column: columnSpecOf(column, name) }];
    for (const constraint of columnConstraintsOf(column, ref, name)) {
      if (constraint.type === 'primaryKey') ops.push({ kind: 'createPrimaryKey', table: ref, constraint: { name: constraint.name, columns: constraint.columns } });
      else if (constraint.type === 'unique') ops.push({ kind: 'createUniqueConstraint', table: ref, constraint: { name: constraint.name, columns: constraint.columns } });
      else if (constraint.type === 'foreignKey') {
        const { type: _type, ...fk } = constraint;
        ops.push({ kind: 'createForeignKey', table: ref, constraint: fk });
      }
    }
    return this.#run(...ops);
  }

  /** knex's, TypeORM's and Kysely's name for alterColumn(table, name, { newName }) */
  renameColumn(table: TableArg, name: string, newName: string): Promise<void> {
    return this.alterColumn(table, name, { newName });
  }

  dropColumn(table: TableArg, name: string): Promise<void> {
    return this.#run({ kind: 'dropColumn', table: tableRef(table), column: name });
  }

  alterColumn(table: TableArg, name: string, options: AlterColumnOptions): Promise<void> {
    checkOptionNames(`op.alterColumn('${name}')`, options, ALTER_COLUMN_OPTIONS, ALTER_COLUMN_ALIASES);
    const changes: ColumnChanges = {};
    if (options.type) changes.type = columnSpecOf(options.type, name).type;
    if (options.using !== undefined) changes.using = options.using;
    if (options.nullable !== undefined) changes.nullable = options.nullable;
    const newDefault = defaultOf(options.default, options.defaultSql);
    if (newDefault !== undefined) changes.default = newDefault;
    if (options.newName !== undefined) changes.name = options.newName;
    if (options.comment !== undefined) changes.comment = options.comment;
    const existing: ExistingColumn = {};
    if (options.existingType) existing.type = columnSpecOf(options.existingType, name).type;
    if (options.existingNullable !== undefined) existing.nullable = options.existingNullable;
    const oldDefault = defaultOf(options.existingDefault, options.existingDefaultSql);
    if (oldDefault !== undefined) existing.default = oldDefault;
    if (options.existingComment !== undefined) existing.comment = options.existingComment;
    for (const field of ['collation', 'charset', 'statistics', 'onUpdate'] as const) {
      const key = `existing${field[0]?.toUpperCase()}${field.slice(1)}` as 'existingCollation' | 'existingCharset' | 'existingStatistics' | 'existingOnUpdate';
      if (options[field] !== undefined) (changes as Record<string, unknown>)[field] = options[field];
      if (options[key] !== undefined) (existing as Record<string, unknown>)[field] = options[key];
    }
    if (Object.keys(changes).length === 0) {
      throw new UsageError(`op.alterColumn('${name}'): nothing to change (give type, nullable, default, newName, comment…)`);
    }
    const op: Operation = { kind: 'alterColumn', table: tableRef(table), column: name, changes };
    if (Object.keys(existing).length > 0) op.existing = existing;
    return this.#run(op);
  }

  createIndex(name: string, table: TableArg, columns: Array<string | IndexPart>, options: CreateIndexOptions = {}): Promise<void> {
    checkOptionNames(`op.createIndex('${name}')`, options, CREATE_INDEX_OPTIONS);
    const parts: IndexPart[] = columns.map((c) => (typeof c === 'string' ? { column: c } : c));
    const index = { name, parts, ...(options.unique ? { unique: true } : {}), ...(options.where ? { where: options.where } : {}), ...(options.using ? { using: options.using } : {}), ...(options.include ? { include: options.include } : {}) };
    return this.#run({ kind: 'createIndex', table: tableRef(table), index, ...(options.concurrently ? { concurrently: true } : {}) });
  }

  dropIndex(name: string, table: TableArg, options: { concurrently?: boolean } = {}): Promise<void> {
    checkTableGiven(`op.dropIndex('${name}', table)`, table);
    checkOptionNames(`op.dropIndex('${name}')`, options, ['concurrently']);
    return this.#run({ kind: 'dropIndex', table: tableRef(table), name, ...(options.concurrently ? { concurrently: true } : {}) });
  }

  /** `prefixes` (MySQL): columns keyed by their first n characters only, `{ name: 50 }` for PRIMARY KEY (name(50)). */
  createPrimaryKey(name: string, table: TableArg, columns: string[], options: { prefixes?: Record<string, number>; include?: string[] } = {}): Promise<void> {
    const prefixes = options.prefixes && Object.keys(options.prefixes).length > 0 ? { prefixes: { ...options.prefixes } } : {};
    const include = options.include && options.include.length > 0 ? { include: [...options.include] } : {};
    return this.#run({ kind: 'createPrimaryKey', table: tableRef(table), constraint: { name, columns, ...prefixes, ...include } });
  }

  createForeignKey(name: string, table: TableArg, refTable: string, columns: string[], refColumns: string[], options: ForeignKeyOptions = {}): Promise<void> {
    checkOptionNames(`op.createForeignKey('${name}')`, options, FOREIGN_KEY_OPTIONS);
    const constraint = {
      name,
      columns,
      refTable,
      refColumns,
      ...(options.refSchema ? { refSchema: options.refSchema } : {}),
      ...(options.onDelete ? { onDelete: options.onDelete } : {}),
      ...(options.onUpdate ? { onUpdate: options.onUpdate } : {}),
      ...(options.deferrable ? { deferrable: deferrableClauseOf(options.deferrable, `createForeignKey('${name}')`) } : {}),
    };
    return this.#run({ kind: 'createForeignKey', table: tableRef(table), constraint, ...(options.notValid ? { notValid: true } : {}) });
  }

  /** `include` (PostgreSQL): columns stored in the constraint's index, not part of the key. */
  createUniqueConstraint(name: string, table: TableArg, columns: string[], options: { include?: string[] } = {}): Promise<void> {
    const include = options.include && options.include.length > 0 ? { include: [...options.include] } : {};
    return this.#run({ kind: 'createUniqueConstraint', table: tableRef(table), constraint: { name, columns, ...include } });
  }

  /** PostgreSQL: `ADD CONSTRAINT name EXCLUDE <definition>`, the definition after EXCLUDE: 'USING gist (room WITH =, during WITH &&)'. */
  createExclusionConstraint(name: string, table: TableArg, definition: string): Promise<void> {
    return this.#run({ kind: 'createExclusionConstraint', table: tableRef(table), constraint: { name, definition } });
  }

  createCheckConstraint(name: string, table: TableArg, expression: string, options: { notValid?: boolean } = {}): Promise<void> {
    return this.#run({ kind: 'createCheckConstraint', table: tableRef(table), constraint: { name, expression }, ...(options.notValid ? { notValid: true } : {}) });
  }

  validateConstraint(name: string, table: TableArg): Promise<void> {
    return this.#run({ kind: 'validateConstraint', table: tableRef(table), name });
  }

  dropConstraint(name: string, table: TableArg, options: { type?: 'primaryKey' | 'unique' | 'foreignKey' | 'check' | 'exclusion' } = {}): Promise<void> {
    return this.#run({ kind: 'dropConstraint', table: tableRef(table), name, ...(options.type ? { constraintType: options.type } : {}) });
  }

  createEnum(name: EnumArg, values: string[]): Promise<void> {
    return this.#run({ kind: 'createEnum', enum: { ...enumRef(name), values } });
  }

  /** `ifNotExists`: a value already there is left as it is (re-running an edited migration does not fail). */
  addEnumValue(name: EnumArg, value: string, options: { before?: string; after?: string; ifNotExists?: boolean } = {}): Promise<void> {
    return this.#run({ kind: 'addEnumValue', enum: enumRef(name), value, ...options });
  }

  /**
   * Removes a value from an enum (PostgreSQL: the type is rebuilt, every column using it converted, defaults
   * kept). It fails, changing nothing, while a row holds the value.
   */
  dropEnumValue(name: EnumArg, value: string): Promise<void> {
    return this.#run({ kind: 'dropEnumValue', enum: enumRef(name), value });
  }

  dropEnum(name: EnumArg): Promise<void> {
    return this.#run({ kind: 'dropEnum', enum: enumRef(name) });
  }

  /** Table options as table() takes them (engine, charset, collate, rowFormat, createOptions, withoutRowid, strict): all of them after the change. */
  setTableOptions(table: TableArg, options: TableStorageOptions, settings: { existing?: TableStorageOptions } = {}): Promise<void> {
    const op: Operation = { kind: 'setTableOptions', table: tableRef(table), options: tableOptionsSpec(options) };
    if (settings.existing) op.existing = tableOptionsSpec(settings.existing);
    return this.#run(op);
  }

  setTableComment(table: TableArg, comment: string | null): Promise<void> {
    return this.#run({ kind: 'setTableComment', table: tableRef(table), comment });
  }

  setColumnComment(table: TableArg, column: string, comment: string | null): Promise<void> {
    return this.#run({ kind: 'setColumnComment', table: tableRef(table), column, comment });
  }

  /** Run raw SQL; placeholders in the dialect's style ($1 on PostgreSQL, ? on MySQL/SQLite). Returns the rows. */
  execute(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]> {
    const site = this.#site();
    return this.#enqueue(() => this.#sink.query(sql, params, site));
  }

  /** Raw SQL run for its effect only (see runStatements). */
  [runStatements](sql: string): Promise<void> {
    const site = this.#site();
    return this.#enqueue(async () => {
      await this.#sink.query(sql, undefined, site, false);
    });
  }

  bulkInsert(table: TableArg, rows: Record<string, unknown>[]): Promise<void> {
    return this.#run({ kind: 'bulkInsert', table: tableRef(table), rows });
  }

  #createObject(kind: SchemaObjectKind, name: TableArg, definition: string, table?: TableArg): Promise<void> {
    const ref = tableRef(name);
    const on = table === undefined ? {} : { table: tableRef(table).name };
    return this.#run({ kind: 'createObject', object: { kind, ...ref, ...on, definition } });
  }

  #dropObject(kind: SchemaObjectKind, name: TableArg, table?: TableArg): Promise<void> {
    const on = table === undefined ? {} : { table: tableRef(table).name };
    return this.#run({ kind: 'dropObject', object: { kind, ...tableRef(name), ...on } });
  }

  /** A view from its query (`SELECT …`) or a whole `CREATE VIEW` statement. */
  createView(name: TableArg, definition: string): Promise<void> {
    return this.#createObject('view', name, definition);
  }

  dropView(name: TableArg): Promise<void> {
    return this.#dropObject('view', name);
  }

  /** A PostgreSQL materialized view from its query or a whole `CREATE MATERIALIZED VIEW` statement. */
  createMaterializedView(name: TableArg, definition: string): Promise<void> {
    return this.#createObject('materialized view', name, definition);
  }

  dropMaterializedView(name: TableArg): Promise<void> {
    return this.#dropObject('materialized view', name);
  }

  /** A trigger on `table` from its whole `CREATE TRIGGER` statement. */
  createTrigger(name: string, table: TableArg, definition: string): Promise<void> {
    const schema = tableRef(table).schema;
    return this.#createObject('trigger', schema === undefined ? name : { schema, name }, definition, table);
  }

  dropTrigger(name: string, table: TableArg): Promise<void> {
    const schema = tableRef(table).schema;
    return this.#dropObject('trigger', schema === undefined ? name : { schema, name }, table);
  }

  /** A function from its whole `CREATE FUNCTION` statement (a trigger function too). */
  createFunction(name: TableArg, definition: string): Promise<void> {
    return this.#createObject('function', name, definition);
  }

  dropFunction(name: TableArg): Promise<void> {
    return this.#dropObject('function', name);
  }

  /** A stored procedure from its whole `CREATE PROCEDURE` statement. */
  createProcedure(name: TableArg, definition: string): Promise<void> {
    return this.#createObject('procedure', name, definition);
  }

  dropProcedure(name: TableArg): Promise<void> {
    return this.#dropObject('procedure', name);
  }

  /** A standalone sequence from its whole `CREATE SEQUENCE` statement. */
  createSequence(name: TableArg, definition: string): Promise<void> {
    return this.#createObject('sequence', name, definition);
  }

  dropSequence(name: TableArg): Promise<void> {
    return this.#dropObject('sequence', name);
  }
}
