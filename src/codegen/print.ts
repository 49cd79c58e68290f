// One Operation as readable `await op.…(…);` code, in the `op` API's exact call syntax.
import type { ColumnChanges, ExistingColumn, Operation } from '../operations/types.js';
import { defaultForeignKeyName, defaultPrimaryKeyName, defaultUniqueName } from '../schema/table.js';
import type { DefaultValue, EnumRef, EnumSpec, SchemaObjectKind, SchemaObjectRef } from '../schema/types.js';
import { deferrableArg, type PrintContext, printColumn, printType } from './column.js';
import { printOptions, printSqlText, printStringList, printValue, quoteString } from './literal.js';
import { printCreateTable, printStorageOptions, printTableArg } from './table.js';

export interface PrintOptions {
  /** enums whose values `t.enum(enumType(…))` should list (a column type only names its enum) */
  enums?: readonly EnumSpec[];
}

export interface PrintedOperation {
  /** one statement; may span lines (2-space indented inside), no trailing newline */
  code: string;
  /** names to import from 'athanor' */
  imports: Set<string>;
}

function enumArg(ref: EnumRef): string {
  return ref.schema === undefined ? quoteString(ref.name) : `{ schema: ${quoteString(ref.schema)}, name: ${quoteString(ref.name)} }`;
}

export function contextFor(enums: readonly EnumSpec[] = [], imports = new Set<string>()): PrintContext {
  const key = (r: EnumRef): string => `${r.schema ?? ''}\u0000${r.name}`;
  const values = new Map<string, readonly string[]>();
  for (const e of enums) if (!values.has(key(e))) values.set(key(e), e.values);
  return { enumValues: (ref) => values.get(key(ref)), imports };
}

/** [key, printed] pairs for a default: `default: false` / `defaultSql: 'now()'` / `default: null` */
function defaultEntries(prefix: 'default' | 'existingDefault', value: DefaultValue | null | undefined): Array<[string, string | undefined]> {
  if (value === undefined) return [];
  if (value === null) return [[prefix, 'null']];
  return value.kind === 'sql' ? [[`${prefix}Sql`, quoteString(value.sql)]] : [[prefix, printValue(value.value)]];
}

function commentValue(value: string | null | undefined): string | undefined {
  return value === undefined ? undefined : value === null ? 'null' : quoteString(value);
}

function call(method: string, args: Array<string | undefined>): string {
  const present = [...args];
  while (present.length > 0 && (present[present.length - 1] === undefined || present[present.length - 1] === '')) present.pop();
  return `await op.${method}(${present.map((a) => a ?? 'undefined').join(', ')});`;
}

/** The op method suffix of each object kind: createView, dropTrigger, … */
const OBJECT_METHOD: Record<SchemaObjectKind, string> = {
  view: 'View',
  'materialized view': 'MaterializedView',
  trigger: 'Trigger',
  function: 'Function',
  procedure: 'Procedure',
  sequence: 'Sequence',
};

/** A trigger is named alone (its schema is its table's); other objects like tables. */
function objectNameArg(o: SchemaObjectRef): string {
  return o.kind === 'trigger' ? quoteString(o.name) : printTableArg(o);
}

function objectTableArg(o: SchemaObjectRef): string {
  return printTableArg({ ...(o.schema !== undefined ? { schema: o.schema } : {}), name: o.table ?? '' });
}

type Printer<K extends Operation['kind']> = (op: Extract<Operation, { kind: K }>, ctx: PrintContext) => string[];

/** The printer of each operation kind; the mapped type makes a new kind without a printer a compile error. */
const PRINTERS: { [K in Operation['kind']]: Printer<K> } = {
  createTable: (op, ctx) => printCreateTable(op.table, ctx),
  dropTable: (op) => [call('dropTable', [printTableArg(op.table)])],
  renameTable: (op) => [call('renameTable', [printTableArg(op.table), quoteString(op.newName)])],
  addColumn: (op, ctx) => [call('addColumn', [printTableArg(op.table), quoteString(op.column.name), printColumn(op.column, ctx)])],
  dropColumn: (op) => [call('dropColumn', [printTableArg(op.table), quoteString(op.column)])],
  alterColumn: (op, ctx) => {
    const { changes, existing } = op;
    // existing default/comment are printed when they matter: they change, or there is one to keep
    const existingDefault = existing?.default === null && changes.default === undefined ? undefined : existing?.default;
    const existingComment = existing?.comment === null && changes.comment === undefined ? undefined : existing?.comment;
    const options = printOptions([
      ['newName', changes.name === undefined ? undefined : quoteString(changes.name)],
      ['type', changes.type === undefined ? undefined : printType(changes.type, ctx)],
      ['using', changes.using === undefined ? undefined : quoteString(changes.using)],
      ['nullable', changes.nullable === undefined ? undefined : String(changes.nullable)],
      ...defaultEntries('default', changes.default),
      ['comment', commentValue(changes.comment)],
      ['existingType', existing?.type === undefined ? undefined : printType(existing.type, ctx)],
      ['existingNullable', existing?.nullable === undefined ? undefined : String(existing.nullable)],
      ...defaultEntries('existingDefault', existingDefault),
      ['existingComment', commentValue(existingComment)],
      ...settingEntries(changes, existing),
    ]);
    return [call('alterColumn', [printTableArg(op.table), quoteString(op.column), options || '{}'])];
  },
  createIndex: (op) => {
    const { index } = op;
    const parts = index.parts.map((p) => {
      const keys = Object.keys(p);
      if ('column' in p && keys.length === 1) return quoteString(p.column);
      return printValue(p);
    });
    const options = printOptions([
      ['unique', index.unique ? 'true' : undefined],
      ['where', index.where === undefined ? undefined : quoteString(index.where)],
      ['using', index.using === undefined ? undefined : quoteString(index.using)],
      ['include', index.include === undefined ? undefined : printStringList(index.include)],
      ['concurrently', op.concurrently ? 'true' : undefined],
    ]);
    return [call('createIndex', [quoteString(index.name), printTableArg(op.table), `[${parts.join(', ')}]`, options])];
  },
  dropIndex: (op) => [call('dropIndex', [quoteString(op.name), printTableArg(op.table), printOptions([['concurrently', op.concurrently ? 'true' : undefined]])])],
  createPrimaryKey: (op) => {
    const name = op.constraint.name ?? defaultPrimaryKeyName(op.table.name);
    const prefixes = op.constraint.prefixes === undefined ? undefined : printValue(op.constraint.prefixes);
    const include = op.constraint.include === undefined ? undefined : printStringList(op.constraint.include);
    const options = printOptions([['prefixes', prefixes], ['include', include]]);
    return [call('createPrimaryKey', [quoteString(name), printTableArg(op.table), printStringList(op.constraint.columns), options])];
  },
  createForeignKey: (op) => {
    const fk = op.constraint;
    const options = printOptions([
      ['onDelete', fk.onDelete === undefined ? undefined : quoteString(fk.onDelete)],
      ['onUpdate', fk.onUpdate === undefined ? undefined : quoteString(fk.onUpdate)],
      ['refSchema', fk.refSchema === undefined ? undefined : quoteString(fk.refSchema)],
      ['notValid', op.notValid ? 'true' : undefined],
      ['deferrable', deferrableArg(fk)],
    ]);
    const name = fk.name ?? defaultForeignKeyName(op.table.name, fk.columns);
    return [
      call('createForeignKey', [
        quoteString(name),
        printTableArg(op.table),
        quoteString(fk.refTable),
        printStringList(fk.columns),
        printStringList(fk.refColumns),
        options,
      ]),
    ];
  },
  createUniqueConstraint: (op) => {
    const name = op.constraint.name ?? defaultUniqueName(op.table.name, op.constraint.columns);
    const include = printOptions([['include', op.constraint.include === undefined ? undefined : printStringList(op.constraint.include)]]);
    return [call('createUniqueConstraint', [quoteString(name), printTableArg(op.table), printStringList(op.constraint.columns), include])];
  },
  createExclusionConstraint: (op) => [
    call('createExclusionConstraint', [quoteString(op.constraint.name), printTableArg(op.table), quoteString(op.constraint.definition)]),
  ],
  createCheckConstraint: (op) => [
    call('createCheckConstraint', [
      quoteString(op.constraint.name),
      printTableArg(op.table),
      quoteString(op.constraint.expression),
      printOptions([['notValid', op.notValid ? 'true' : undefined]]),
    ]),
  ],
  validateConstraint: (op) => [call('validateConstraint', [quoteString(op.name), printTableArg(op.table)])],
  dropConstraint: (op) => [
    call('dropConstraint', [
      quoteString(op.name),
      printTableArg(op.table),
      printOptions([['type', op.existing === undefined ? undefined : quoteString(op.existing.type)]]),
    ]),
  ],
  createEnum: (op) => [call('createEnum', [enumArg(op.enum), printStringList(op.enum.values)])],
  addEnumValue: (op) => {
    const options = printOptions([
      ['before', op.before === undefined ? undefined : quoteString(op.before)],
      ['after', op.after === undefined ? undefined : quoteString(op.after)],
      ['ifNotExists', op.ifNotExists ? 'true' : undefined],
    ]);
    return [call('addEnumValue', [enumArg(op.enum), quoteString(op.value), options])];
  },
  dropEnumValue: (op) => [call('dropEnumValue', [enumArg(op.enum), quoteString(op.value)])],
  dropEnum: (op) => [call('dropEnum', [enumArg(op.enum)])],
  setTableOptions: (op) => {
    const existing = op.existing === undefined ? undefined : `{ existing: ${printStorageOptions(op.existing)} }`;
    return [call('setTableOptions', [printTableArg(op.table), printStorageOptions(op.options), existing])];
  },
  setTableComment: (op) => [call('setTableComment', [printTableArg(op.table), commentValue(op.comment) ?? 'null'])],
  setColumnComment: (op) => [call('setColumnComment', [printTableArg(op.table), quoteString(op.column), commentValue(op.comment) ?? 'null'])],
  execute: (op) => [call('execute', [quoteString(op.sql), op.params && op.params.length > 0 ? printValue(op.params) : undefined])],
  createObject: (op) => {
    const { object } = op;
    const name = objectNameArg(object);
    const method = `create${OBJECT_METHOD[object.kind]}`;
    const args = object.kind === 'trigger' ? [name, objectTableArg(object), printSqlText(object.definition)] : [name, printSqlText(object.definition)];
    return [call(method, args)];
  },
  dropObject: (op) => {
    const { object } = op;
    const method = `drop${OBJECT_METHOD[object.kind]}`;
    return [call(method, object.kind === 'trigger' ? [objectNameArg(object), objectTableArg(object)] : [objectNameArg(object)])];
  },
  bulkInsert: (op) => {
    if (op.rows.length <= 1) return [call('bulkInsert', [printTableArg(op.table), printValue(op.rows)])];
    return [`await op.bulkInsert(${printTableArg(op.table)}, [`, ...op.rows.map((r) => `  ${printValue(r)},`), ']);'];
  },
};

/** collation, charset, statistics (and their existing values when they change): null means back to the default. */
function settingEntries(changes: ColumnChanges, existing: ExistingColumn | undefined): Array<[string, string | undefined]> {
  const entries: Array<[string, string | undefined]> = [];
  for (const [field, existingKey] of [
    ['collation', 'existingCollation'],
    ['charset', 'existingCharset'],
    ['statistics', 'existingStatistics'],
    ['onUpdate', 'existingOnUpdate'],
  ] as const) {
    const after = changes[field];
    if (after === undefined) continue;
    entries.push([field, printValue(after)], [existingKey, existing?.[field] === undefined ? 'null' : printValue(existing[field])]);
  }
  return entries;
}

function lines(op: Operation, ctx: PrintContext): string[] {
  return (PRINTERS[op.kind] as Printer<Operation['kind']>)(op, ctx);
}

/** Lines of one operation's code, for callers that assemble bodies (no indentation). */
export function printOperationLines(op: Operation, ctx: PrintContext): string[] {
  return lines(op, ctx);
}

export function printOperation(op: Operation, options: PrintOptions = {}): PrintedOperation {
  const ctx = contextFor(options.enums);
  return { code: lines(op, ctx).join('\n'), imports: ctx.imports };
}
