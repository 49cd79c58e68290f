// Column types and column builders as DSL code: `t.varchar(255).notNull().default('x')`.
import type { ColumnSpec, ColumnType, DefaultValue, EnumRef, ForeignKeySpec } from '../schema/types.js';
import { deferrableOf } from '../schema/deferrable.js';
import { printOptions, printStringList, printValue, quoteString } from './literal.js';

/** What printing needs besides the operation: enum values (a column type only names its enum). */
export interface PrintContext {
  /** values of an enum by reference, for `t.enum(enumType('mood', [...]))` */
  enumValues(ref: EnumRef): readonly string[] | undefined;
  /** names the printed code uses from 'athanor' */
  imports: Set<string>;
  /** models (pull): the name of an exported enum const to use instead of an inline enumType(…) */
  enumConst?(ref: EnumRef): string | undefined;
}

const SERIALS = new Set(['smallserial', 'serial', 'bigserial']);

function args(...values: Array<number | undefined>): string {
  const present: number[] = [];
  for (const v of values) {
    if (v === undefined) break;
    present.push(v);
  }
  return present.join(', ');
}

export function printType(type: ColumnType, ctx: PrintContext): string {
  ctx.imports.add('t');
  switch (type.name) {
    case 'varchar':
    case 'char':
      return `t.${type.name}(${args(type.length)})`;
    case 'numeric':
      return `t.numeric(${args(type.precision, type.scale)})`;
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return `t.${type.name}(${args(type.precision)})`;
    case 'enum': {
      const ref: EnumRef = type.enumSchema === undefined ? { name: type.enumName ?? '' } : { schema: type.enumSchema, name: type.enumName ?? '' };
      const named = ctx.enumConst?.(ref);
      if (named !== undefined) return `t.enum(${named})`;
      ctx.imports.add('enumType');
      const values = ctx.enumValues(ref) ?? type.values ?? [];
      const options = type.enumSchema === undefined ? '' : `, { schema: ${quoteString(type.enumSchema)} }`;
      return `t.enum(enumType(${quoteString(ref.name)}, ${printStringList(values)}${options}))`;
    }
    case 'custom':
      return `t.custom(${quoteString(type.raw ?? '')})`;
    default:
      return `t.${type.name}()`;
  }
}

export function printDefault(value: DefaultValue): string {
  return value.kind === 'sql' ? `.defaultSql(${quoteString(value.sql)})` : `.default(${printValue(value.value)})`;
}

/** `'users.id'` / `'app.users.id'` */
export function referenceTarget(fk: ForeignKeySpec): string {
  const path = [...(fk.refSchema === undefined ? [] : [fk.refSchema]), fk.refTable, fk.refColumns[0] ?? ''];
  return quoteString(path.join('.'));
}

/** Constraints printed as column modifiers inside createTable. */
export interface InlineConstraints {
  primaryKey?: boolean;
  /** undefined: none; null: the default name; a string: that name */
  unique?: string | null;
  /** a single-column foreign key, with its name when it is not the default one; `target`: the printed
   * target when not the `'table.column'` string (models: `() => users.id`) */
  references?: { fk: ForeignKeySpec; name?: string; target?: string };
}

/** The `deferrable` argument of a deferrable key (`'deferred'`, `'immediate'`), else undefined. */
export function deferrableArg(fk: ForeignKeySpec): string | undefined {
  const when = deferrableOf(fk.deferrable);
  return when === undefined ? undefined : quoteString(when);
}

/** A column builder expression. Without constraints it is what addColumn needs. */
export function printColumn(column: ColumnSpec, ctx: PrintContext, inline: InlineConstraints = {}): string {
  let code = printType(column.type, ctx);
  const impliedNotNull = inline.primaryKey === true || column.identity !== undefined || SERIALS.has(column.type.name);
  if (inline.primaryKey) code += '.primaryKey()';
  if (!column.nullable && !impliedNotNull) code += '.notNull()';
  if (column.nullable && impliedNotNull) code += '.nullable()';
  if (inline.unique !== undefined) code += inline.unique === null ? '.unique()' : `.unique(${quoteString(inline.unique)})`;
  if (column.default !== undefined) code += printDefault(column.default);
  if (inline.references) {
    const { fk, name } = inline.references;
    const options = printOptions([
      ['onDelete', fk.onDelete === undefined ? undefined : quoteString(fk.onDelete)],
      ['onUpdate', fk.onUpdate === undefined ? undefined : quoteString(fk.onUpdate)],
      ['name', name === undefined ? undefined : quoteString(name)],
      ['deferrable', deferrableArg(fk)],
    ]);
    code += `.references(${inline.references.target ?? referenceTarget(fk)}${options ? `, ${options}` : ''})`;
  }
  if (column.identity !== undefined) code += column.identity === 'always' ? ".identity('always')" : '.identity()';
  if (column.generated !== undefined) code += `.generated(${quoteString(column.generated)}${column.virtual ? ', { virtual: true }' : ''})`;
  if (column.comment !== undefined) code += `.comment(${quoteString(column.comment)})`;
  if (column.charset !== undefined) code += `.charset(${quoteString(column.charset)})`;
  if (column.collation !== undefined) code += `.collate(${quoteString(column.collation)})`;
  if (column.statistics !== undefined) code += `.statistics(${column.statistics})`;
  if (column.onUpdate !== undefined) code += `.onUpdateSql(${quoteString(column.onUpdate)})`;
  return code;
}

