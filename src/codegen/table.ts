// createTable as DSL code: one column per line, constraints as column modifiers where the DSL would
// produce the same spec (default names, single columns), the rest as extras `(c) => [...]`.
import { defaultForeignKeyName, defaultPrimaryKeyName, defaultUniqueName } from '../schema/table.js';
import type { ForeignKeySpec, IndexPart, IndexSpec, TableOptionsSpec, TableRef, TableSpec } from '../schema/types.js';
import { deferrableArg, type InlineConstraints, type PrintContext, printColumn } from './column.js';
import { printKey, printMember, printOptions, printStringList, printValue, quoteString } from './literal.js';

const SINGLE_LINE_MAX = 100;

/** `'todos'` or `{ schema: 'app', name: 'todos' }` */
export function printTableArg(ref: TableRef): string {
  return ref.schema === undefined ? quoteString(ref.name) : `{ schema: ${quoteString(ref.schema)}, name: ${quoteString(ref.name)} }`;
}

/** The key options as builder calls, after `c.col` or indexExpression(…): `.desc().nullsLast()`. */
function keyCalls(part: IndexPart): string {
  let code = '';
  if ('column' in part && part.prefix !== undefined) code += `.prefix(${part.prefix})`;
  if (part.desc) code += '.desc()';
  if (part.nulls === 'first') code += '.nullsFirst()';
  if (part.nulls === 'last') code += '.nullsLast()';
  if (part.opclass !== undefined) code += `.opclass(${quoteString(part.opclass)})`;
  if (part.collation !== undefined) code += `.collate(${quoteString(part.collation)})`;
  return code;
}

function indexPart(part: IndexPart, ctx: PrintContext): string {
  const calls = keyCalls(part);
  if ('expression' in part) {
    if (calls === '') return quoteString(part.expression);
    ctx.imports.add('indexExpression');
    return `indexExpression(${quoteString(part.expression)})${calls}`;
  }
  return printMember('c', part.column) + calls;
}

function printIndex(ix: IndexSpec, ctx: PrintContext): string {
  const fn = ix.unique ? 'uniqueIndex' : 'index';
  ctx.imports.add(fn);
  let code = `${fn}(${quoteString(ix.name)}).on(${ix.parts.map((p) => indexPart(p, ctx)).join(', ')})`;
  if (ix.where !== undefined) code += `.where(${quoteString(ix.where)})`;
  if (ix.using !== undefined) code += `.using(${quoteString(ix.using)})`;
  if (ix.include !== undefined && ix.include.length > 0) code += `.include(${columnsOn(ix.include)})`;
  return code;
}

/** `.include(c.a, c.b)` for a key's INCLUDE columns, '' when it has none. */
function includeCall(columns: readonly string[] | undefined): string {
  return columns && columns.length > 0 ? `.include(${columnsOn(columns)})` : '';
}

function columnsOn(columns: readonly string[]): string {
  return columns.map((c) => printMember('c', c)).join(', ');
}

function printForeignKeyExtra(table: TableSpec, fk: ForeignKeySpec, ctx: PrintContext): string {
  ctx.imports.add('foreignKey');
  const name = fk.name === undefined || fk.name === defaultForeignKeyName(table.name, fk.columns) ? '' : quoteString(fk.name);
  const target = printOptions([
    ['table', quoteString(fk.refTable)],
    ['schema', fk.refSchema === undefined ? undefined : quoteString(fk.refSchema)],
    ['columns', printStringList(fk.refColumns)],
  ]);
  let code = `foreignKey(${name}).on(${columnsOn(fk.columns)}).references(${target})`;
  if (fk.onDelete !== undefined) code += `.onDelete(${quoteString(fk.onDelete)})`;
  if (fk.onUpdate !== undefined) code += `.onUpdate(${quoteString(fk.onUpdate)})`;
  const deferrable = deferrableArg(fk);
  if (deferrable !== undefined) code += `.deferrable(${deferrable})`;
  return code;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export interface TablePrintOptions {
  /**
   * models (pull): the printed target of a single-column foreign key (`() => users.id`), or undefined to declare
   * it in extras (a table declared later, a cycle); absent: the `'table.column'` string form, as migrations print it
   */
  referenceTarget?: (fk: ForeignKeySpec) => string | undefined;
}

/** The column-level form reproduces the spec exactly only in these cases; everything else goes to extras. */
function splitConstraints(
  table: TableSpec,
  ctx: PrintContext,
  options: TablePrintOptions = {},
): { inline: Map<string, InlineConstraints>; extras: string[] } {
  const inline = new Map<string, InlineConstraints>(table.columns.map((c) => [c.name, {}]));
  const extras: string[] = [];
  const pk = table.primaryKey;
  if (pk) {
    // column-level .primaryKey() collects the columns in table order under the default name
    const inTableOrder = table.columns.map((c) => c.name).filter((n) => pk.columns.includes(n));
    const defaultName = pk.name === undefined || pk.name === defaultPrimaryKeyName(table.name);
    if (defaultName && sameList(inTableOrder, pk.columns) && pk.prefixes === undefined && pk.include === undefined) {
      for (const c of pk.columns) (inline.get(c) ?? {}).primaryKey = true;
    } else {
      ctx.imports.add('primaryKey');
      const parts = pk.columns.map((c) => `${printMember('c', c)}${pk.prefixes?.[c] !== undefined ? `.prefix(${pk.prefixes[c]})` : ''}`);
      extras.push(`primaryKey(${defaultName ? '' : quoteString(pk.name ?? '')}).on(${parts.join(', ')})${includeCall(pk.include)}`);
    }
  }
  for (const u of table.uniques) {
    const only = u.columns.length === 1 ? inline.get(u.columns[0] ?? '') : undefined;
    const defaultName = u.name === undefined || u.name === defaultUniqueName(table.name, u.columns);
    if (only && only.unique === undefined && u.include === undefined) {
      only.unique = defaultName ? null : (u.name ?? null);
    } else {
      ctx.imports.add('unique');
      extras.push(`unique(${defaultName ? '' : quoteString(u.name ?? '')}).on(${columnsOn(u.columns)})${includeCall(u.include)}`);
    }
  }
  for (const ix of table.indexes) extras.push(printIndex(ix, ctx));
  for (const fk of table.foreignKeys) {
    // the 'schema.table.column' string form cannot carry names with dots in them
    const dotted = [fk.refSchema, fk.refTable, ...fk.refColumns].some((part) => part?.includes('.'));
    const single = fk.columns.length === 1 && fk.refColumns.length === 1;
    const target = options.referenceTarget ? options.referenceTarget(fk) : dotted ? undefined : '';
    const only = single && target !== undefined ? inline.get(fk.columns[0] ?? '') : undefined;
    if (only && only.references === undefined) {
      const defaultName = fk.name === undefined || fk.name === defaultForeignKeyName(table.name, fk.columns);
      const printed = target ? { target } : {};
      only.references = defaultName ? { fk, ...printed } : { fk, name: fk.name ?? '', ...printed };
    } else {
      extras.push(printForeignKeyExtra(table, fk, ctx));
    }
  }
  for (const ck of table.checks) {
    ctx.imports.add('check');
    extras.push(`check(${quoteString(ck.name)}, ${quoteString(ck.expression)})`);
  }
  for (const x of table.exclusions ?? []) {
    ctx.imports.add('exclude');
    extras.push(`exclude(${quoteString(x.name)}, ${quoteString(x.definition)})`);
  }
  return { inline, extras };
}

const text = (value: string | undefined): string | undefined => (value === undefined ? undefined : quoteString(value));

/** Table options as table() and op.setTableOptions() take them. */
function storageEntries(o: TableOptionsSpec): Array<[string, string | undefined]> {
  return [
    ['engine', text(o.engine)],
    ['charset', text(o.charset)],
    ['collate', text(o.collation)],
    ['rowFormat', text(o.rowFormat)],
    ['createOptions', o.createOptions === undefined ? undefined : printValue(o.createOptions)],
    ['withoutRowid', o.withoutRowid ? 'true' : undefined],
    ['strict', o.strict ? 'true' : undefined],
  ];
}

export function printStorageOptions(o: TableOptionsSpec): string {
  return printOptions(storageEntries(o)) || '{}';
}

export interface TableParts {
  /** `name: t.text().notNull()` */
  columns: string[];
  /** the entries of the extras list: `index('ix').on(c.a)` */
  extras: string[];
  /** the table options (comment, storage) as printed entries */
  options: Array<[string, string | undefined]>;
}

/** A table as the pieces of table() / op.createTable(): column builders, extras, options. */
export function printTableParts(table: TableSpec, ctx: PrintContext, options: TablePrintOptions = {}): TableParts {
  const { inline, extras } = splitConstraints(table, ctx, options);
  const columns = table.columns.map((c) => `${printKey(c.name)}: ${printColumn(c, ctx, inline.get(c.name))}`);
  return { columns, extras, options: [['comment', text(table.comment)], ...storageEntries(table.options ?? {})] };
}

/** `await op.createTable(…);` as lines without indentation. */
export function printCreateTable(table: TableSpec, ctx: PrintContext): string[] {
  const parts = printTableParts(table, ctx);
  const { columns, extras } = parts;
  const options = printOptions(parts.options);
  const head = `await op.createTable(${printTableArg(table)}, {`;
  if (extras.length === 0 && !options) {
    const single = columns.length === 0 ? `${head}});` : `${head} ${columns.join(', ')} });`;
    if (single.length <= SINGLE_LINE_MAX) return [single];
  }
  const lines = [head, ...columns.map((c) => `  ${c},`)];
  if (extras.length > 0) {
    lines.push('}, (c) => [', ...extras.map((e) => `  ${e},`), `]${options ? `, ${options}` : ''});`);
  } else {
    lines.push(`}${options ? `, undefined, ${options}` : ''});`);
  }
  return lines;
}
