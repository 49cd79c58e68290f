// A schema as a Drizzle schema module (what `athanor pull --format drizzle` writes): pgTable / mysqlTable /
// sqliteTable per table with every column named explicitly, pgEnum consts (mysqlEnum inline), pgSchema for other
// schemas, and keys, uniques, indexes, checks and named foreign keys (with their actions) in the third argument.
// A foreign key drizzle would name the same (SQLite: all, since drizzle-kit leaves them unnamed) to a table
// declared above is inline, `.references(() => other.col)`. Types drizzle has no builder for use customType
// with the database's own spelling. What Drizzle cannot declare (drizzle-limits.ts) is left out and listed in
// the header. The output depends on the schema only: pulling an unchanged database writes the same bytes.
import { creationOrder } from '../diff/order.js';
import { withinDrizzleLimits } from '../schema/sources/drizzle-limits.js';
import type { DrizzleDialect } from '../schema/sources/drizzle-types.js';
import type { ColumnSpec, ColumnType, DefaultValue, EnumRef, ForeignKeySpec, IndexPart, IndexSpec, SchemaSpec, TableRef, TableSpec, UnmanagedObject } from '../schema/types.js';
import { describeUnmanaged } from '../schema/unmanaged.js';
import { printKey, printMember, printOptions, printStringList, printValue, quoteString } from './literal.js';
import { camelCase, JS_RESERVED, NameClaims, nameCandidates } from './names.js';

export interface DrizzleSourceInput {
  schema: SchemaSpec;
  unmanaged: readonly UnmanagedObject[];
  dialect: DrizzleDialect;
  /** camelCase property names over the column names */
  camelCase: boolean;
  /** a column type as the database spells it (customType's dataType) */
  typeSql(type: ColumnType): string;
}

export interface DrizzleSource {
  text: string;
  /** what the module cannot declare, by name (also in its header) */
  notRepresentable: string[];
}

const CORE: Record<DrizzleDialect, string> = { postgres: 'drizzle-orm/pg-core', mysql: 'drizzle-orm/mysql-core', sqlite: 'drizzle-orm/sqlite-core' };
const TABLE_FN: Record<DrizzleDialect, string> = { postgres: 'pgTable', mysql: 'mysqlTable', sqlite: 'sqliteTable' };
const EXTRA_CONFIG_TYPE: Record<DrizzleDialect, string> = { postgres: 'PgTableExtraConfigValue', mysql: 'MySqlTableExtraConfigValue', sqlite: 'SQLiteTableExtraConfigValue' };

/** Every name a printed module may import: no const takes one. */
const IMPORTABLE = [
  'sql', 'pgTable', 'mysqlTable', 'sqliteTable', 'pgSchema', 'pgEnum', 'mysqlEnum', 'customType', 'primaryKey', 'foreignKey', 'unique',
  'index', 'uniqueIndex', 'check', 'integer', 'smallint', 'bigint', 'serial', 'smallserial', 'bigserial', 'real', 'doublePrecision',
  'numeric', 'boolean', 'text', 'varchar', 'char', 'date', 'time', 'timestamp', 'interval', 'uuid', 'json', 'jsonb', 'int', 'double',
  'decimal', 'blob', 'tinyint', 'mediumint', 'PgTableExtraConfigValue', 'MySqlTableExtraConfigValue', 'SQLiteTableExtraConfigValue',
];
const RESERVED = new Set([...JS_RESERVED, ...IMPORTABLE]);

const refKey = (r: TableRef | EnumRef): string => `${r.schema ?? ''}\u0000${r.name}`;

/** `sql\`now()\`` — the text verbatim inside a template literal. */
function sqlTemplate(text: string): string {
  return `sql\`${text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
}

class Printer {
  readonly core = new Set<string>();
  usesSql = false;
  readonly names: NameClaims = new NameClaims(RESERVED);
  /** customType consts by SQL type, in first-use order */
  readonly customTypes = new Map<string, string>();
  private readonly enumValues = new Map<string, readonly string[]>();

  constructor(readonly input: DrizzleSourceInput, readonly schema: SchemaSpec) {
    for (const e of schema.enums) this.enumValues.set(refKey(e), e.values);
  }

  get dialect(): DrizzleDialect {
    return this.input.dialect;
  }

  use(name: string): string {
    this.core.add(name);
    return name;
  }

  sql(text: string): string {
    this.usesSql = true;
    return sqlTemplate(text);
  }

  property(column: string): string {
    return this.input.camelCase ? camelCase(column) : column;
  }

  member(object: string, column: string): string {
    return printMember(object, this.property(column));
  }

  customType(type: ColumnType): string {
    const sqlType = this.input.typeSql(type);
    const known = this.customTypes.get(sqlType);
    if (known !== undefined) return known;
    const name = this.names.claim(`custom\u0000${sqlType}`, [`${camelCase(sqlType.replace(/\W+/g, '_'))}Type`]);
    this.customTypes.set(sqlType, name);
    this.use('customType');
    return name;
  }

  enumValuesOf(type: ColumnType): readonly string[] {
    const ref: EnumRef = type.enumSchema === undefined ? { name: type.enumName ?? '' } : { schema: type.enumSchema, name: type.enumName ?? '' };
    return this.enumValues.get(refKey(ref)) ?? type.values ?? [];
  }
}

const opts = (entries: Array<[string, string | undefined]>): string => {
  const printed = printOptions(entries);
  return printed ? `, ${printed}` : '';
};
const num = (n: number | undefined): string | undefined => (n === undefined ? undefined : String(n));

/** The column builder call for a type: `varchar('email', { length: 255 })`. */
function builder(p: Printer, column: ColumnSpec): string {
  const name = quoteString(column.name);
  const type = column.type;
  const call = (fn: string, options = ''): string => `${p.use(fn)}(${name}${options})`;
  if (type.name === 'enum') {
    if (p.dialect === 'postgres') {
      const ref: EnumRef = type.enumSchema === undefined ? { name: type.enumName ?? '' } : { schema: type.enumSchema, name: type.enumName ?? '' };
      const enumConst = p.names.get(`enum\u0000${refKey(ref)}`);
      if (enumConst !== undefined) return `${enumConst}(${name})`;
    } else if (p.dialect === 'mysql') {
      return `${p.use('mysqlEnum')}(${name}, ${printStringList(p.enumValuesOf(type))})`;
    }
  }
  const native = nativeBuilder(p, type, call);
  return native ?? `${p.customType(type)}(${name})`;
}

function nativeBuilder(p: Printer, type: ColumnType, call: (fn: string, options?: string) => string): string | undefined {
  const length = opts([['length', num(type.length)]]);
  const decimal = opts([['precision', num(type.precision)], ['scale', num(type.scale)]]);
  if (p.dialect === 'postgres') {
    switch (type.name) {
      case 'smallint': case 'integer': case 'serial': case 'smallserial': case 'real': case 'boolean': case 'text':
      case 'date': case 'interval': case 'uuid': case 'json': case 'jsonb':
        return call(type.name);
      case 'bigint': case 'bigserial':
        return call(type.name, ", { mode: 'number' }");
      case 'double':
        return call('doublePrecision');
      case 'numeric':
        return call('numeric', decimal);
      case 'varchar': case 'char':
        return call(type.name, length);
      case 'time':
        return call('time', opts([['precision', num(type.precision)]]));
      case 'timestamp': case 'timestamptz':
        return call('timestamp', opts([['precision', num(type.precision)], ['withTimezone', type.name === 'timestamptz' ? 'true' : undefined]]));
      default:
        return undefined;
    }
  }
  if (p.dialect === 'mysql') {
    const fsp = opts([['fsp', type.precision ? num(type.precision) : undefined]]);
    switch (type.name) {
      case 'smallint': case 'smallserial': case 'boolean': case 'text': case 'date': case 'json':
        return call(type.name === 'smallserial' ? 'smallint' : type.name);
      case 'integer': case 'serial':
        return call('int');
      case 'bigint': case 'bigserial':
        return call('bigint', ", { mode: 'number' }");
      case 'custom': {
        const values = enumValuesOfSql(type.raw ?? '');
        if (values !== undefined) return call('mysqlEnum', `, ${printStringList(values)}`);
        // int unsigned and friends: the builders take { unsigned }, and only they can be .autoincrement()
        const integer = /^(tinyint|smallint|mediumint|int|bigint) unsigned$/.exec(type.raw ?? '');
        if (!integer?.[1]) return undefined;
        return call(integer[1], integer[1] === 'bigint' ? ", { mode: 'number', unsigned: true }" : ', { unsigned: true }');
      }
      case 'double':
        return call('double');
      case 'numeric':
        return call('decimal', decimal);
      case 'varchar':
        return type.length === undefined ? undefined : call('varchar', length);
      case 'char':
        return call('char', length);
      // MySQL's TIMESTAMP and DATETIME (a TIMESTAMP can then carry .onUpdateNow())
      case 'timestamptz':
        return call('timestamp', fsp);
      case 'timestamp':
        return call('datetime', fsp);
      default:
        return undefined;
    }
  }
  switch (type.name) {
    case 'integer': case 'serial': return call('integer');
    case 'text': return call('text');
    case 'real': return call('real');
    case 'numeric': return type.precision === undefined ? call('numeric') : undefined;
    case 'bytea': return call('blob');
    default: return undefined;
  }
}

/** drizzle types these columns' values as strings (exact decimals, 64-bit on MySQL's decimal) */
const STRING_VALUED: ReadonlySet<string> = new Set(['numeric']);

/** MySQL `enum('a','b')` → its values, when drizzle's mysqlEnum prints them back the same (no quote in a value). */
function enumValuesOfSql(raw: string): string[] | undefined {
  const body = /^enum\((.*)\)$/i.exec(raw)?.[1];
  if (body === undefined) return undefined;
  const values = body.split(',').map((v) => /^'([^'\\]*)'$/.exec(v)?.[1]);
  return values.every((v): v is string => v !== undefined) ? values : undefined;
}

function printDefault(p: Printer, column: ColumnSpec, value: DefaultValue): string {
  if (value.kind === 'sql') return `.default(${p.sql(value.sql)})`;
  if (value.value === null) return `.default(${p.sql('NULL')})`;
  if (typeof value.value === 'number' && STRING_VALUED.has(column.type.name)) return `.default(${quoteString(String(value.value))})`;
  return `.default(${printValue(value.value)})`;
}

interface Inline {
  primaryKey?: boolean;
  unique?: string;
  references?: string;
}

function columnLine(p: Printer, table: TableSpec, column: ColumnSpec, inline: Inline): string {
  let code = builder(p, column);
  const serial = column.type.name === 'serial' || column.type.name === 'smallserial' || column.type.name === 'bigserial';
  if (inline.primaryKey) code += p.dialect === 'sqlite' && column.type.name === 'serial' ? '.primaryKey({ autoIncrement: true })' : '.primaryKey()';
  const implied = inline.primaryKey === true || (serial && p.dialect === 'postgres') || (p.dialect === 'postgres' && column.identity !== undefined);
  if (!column.nullable && !implied) code += '.notNull()';
  if (inline.unique !== undefined) code += `.unique(${quoteString(inline.unique)})`;
  if (column.generated !== undefined) {
    code += `.generatedAlwaysAs(${p.sql(column.generated)}${p.dialect === 'postgres' ? '' : `, { mode: '${column.virtual ? 'virtual' : 'stored'}' }`})`;
  } else if (column.default !== undefined) {
    code += printDefault(p, column, column.default);
  }
  // what the limits kept of an ON UPDATE: MySQL's CURRENT_TIMESTAMP on a TIMESTAMP column
  if (column.onUpdate !== undefined && p.dialect === 'mysql') code += '.onUpdateNow()';
  if (column.identity !== undefined) {
    if (p.dialect === 'postgres') code += column.identity === 'always' ? '.generatedAlwaysAsIdentity()' : '.generatedByDefaultAsIdentity()';
    else if (p.dialect === 'mysql') code += '.autoincrement()';
  } else if (serial && p.dialect === 'mysql') {
    code += '.autoincrement()';
  }
  if (inline.references !== undefined) code += inline.references;
  void table;
  return `${printKey(p.property(column.name))}: ${code}`;
}

function indexPart(p: Printer, part: IndexPart): string {
  let code = 'expression' in part ? p.sql(part.expression) : p.member('t', part.column);
  if ('expression' in part) return code;
  // drizzle's .desc() says NULLS LAST: DESC's own default (first) must be spelled out
  if (part.desc) code += '.desc()';
  if (part.nulls === 'first' || (part.desc && part.nulls === undefined)) code += '.nullsFirst()';
  if (part.nulls === 'last' && !part.desc) code += '.nullsLast()';
  if (part.opclass !== undefined) code += `.op(${quoteString(part.opclass)})`;
  return code;
}

function printIndex(p: Printer, ix: IndexSpec): string {
  const fn = p.use(ix.unique ? 'uniqueIndex' : 'index');
  const parts = ix.parts.map((part) => indexPart(p, part)).join(', ');
  let code = `${fn}(${quoteString(ix.name)})`;
  if (ix.using !== undefined && p.dialect === 'postgres') code += `.using(${quoteString(ix.using)}, ${parts})`;
  else code += `.on(${parts})`;
  if (ix.using !== undefined && p.dialect === 'mysql') code += `.using(${quoteString(ix.using)})`;
  if (ix.where !== undefined) code += `.where(${p.sql(ix.where)})`;
  return code;
}

/** drizzle's own name for a foreign key (what getName() returns for an unnamed one). */
function drizzleForeignKeyName(table: TableSpec, fk: ForeignKeySpec): string {
  return `${table.name}_${fk.columns.join('_')}_${fk.refTable}_${fk.refColumns.join('_')}_fk`;
}

interface TableContext {
  tableConst: (r: TableRef) => string | undefined;
  /** the table is declared above this one */
  declaredAbove: (r: TableRef) => boolean;
}

function targetOf(fk: ForeignKeySpec): TableRef {
  return fk.refSchema === undefined ? { name: fk.refTable } : { schema: fk.refSchema, name: fk.refTable };
}

function tableParts(p: Printer, table: TableSpec, ctx: TableContext): { columns: string[]; extras: string[]; forward: boolean } {
  const inline = new Map<string, Inline>(table.columns.map((c) => [c.name, {}]));
  const extras: string[] = [];
  let forward = false;
  const pk = table.primaryKey;
  if (pk) {
    const only = pk.columns.length === 1 ? inline.get(pk.columns[0] ?? '') : undefined;
    const defaultName = p.dialect !== 'postgres' || pk.name === undefined || pk.name === `${table.name}_pkey`;
    if (only && defaultName) only.primaryKey = true;
    else {
      const name = p.dialect === 'postgres' && pk.name !== undefined ? quoteString(pk.name) : undefined;
      extras.push(`${p.use('primaryKey')}(${printOptions([['name', name], ['columns', `[${pk.columns.map((c) => p.member('t', c)).join(', ')}]`]])})`);
    }
  }
  for (const u of table.uniques) {
    const name = u.name ?? `${table.name}_${u.columns.join('_')}_unique`;
    const only = u.columns.length === 1 ? inline.get(u.columns[0] ?? '') : undefined;
    if (only && only.unique === undefined && p.dialect !== 'sqlite') only.unique = name;
    else extras.push(`${p.use('unique')}(${quoteString(name)}).on(${u.columns.map((c) => p.member('t', c)).join(', ')})`);
  }
  for (const ix of table.indexes) extras.push(printIndex(p, ix));
  for (const fk of table.foreignKeys) {
    const target = targetOf(fk);
    const targetConst = ctx.tableConst(target);
    const unnamed = p.dialect === 'sqlite' || fk.name === undefined || fk.name === drizzleForeignKeyName(table, fk);
    const only = fk.columns.length === 1 && fk.refColumns.length === 1 ? inline.get(fk.columns[0] ?? '') : undefined;
    const actions: Array<[string, string | undefined]> = [
      ['onDelete', fk.onDelete === undefined ? undefined : quoteString(fk.onDelete)],
      ['onUpdate', fk.onUpdate === undefined ? undefined : quoteString(fk.onUpdate)],
    ];
    if (only && only.references === undefined && unnamed && targetConst !== undefined && ctx.declaredAbove(target)) {
      only.references = `.references(() => ${p.member(targetConst, fk.refColumns[0] ?? '')}${opts(actions)})`;
      continue;
    }
    const self = refKey(target) === refKey(table);
    const foreign = self ? 't' : targetConst;
    if (!self && !ctx.declaredAbove(target)) forward = true;
    if (foreign === undefined) {
      // a table outside the pulled set: drizzle needs its column objects, so the key cannot be declared here
      continue;
    }
    let code = `${p.use('foreignKey')}(${printOptions([
      ['name', p.dialect === 'sqlite' || fk.name === undefined ? undefined : quoteString(fk.name)],
      ['columns', `[${fk.columns.map((c) => p.member('t', c)).join(', ')}]`],
      ['foreignColumns', `[${fk.refColumns.map((c) => p.member(foreign, c)).join(', ')}]`],
    ])})`;
    if (fk.onDelete !== undefined) code += `.onDelete(${quoteString(fk.onDelete)})`;
    if (fk.onUpdate !== undefined) code += `.onUpdate(${quoteString(fk.onUpdate)})`;
    extras.push(code);
  }
  for (const ck of table.checks) extras.push(`${p.use('check')}(${quoteString(ck.name)}, ${p.sql(ck.expression)})`);
  const columns = table.columns.map((c) => columnLine(p, table, c, inline.get(c.name) ?? {}));
  return { columns, extras, forward };
}

/** The foreign keys that point outside the pulled tables (drizzle cannot declare them without the other table). */
function outsideKeys(schema: SchemaSpec): string[] {
  const known = new Set(schema.tables.map(refKey));
  return schema.tables.flatMap((t) =>
    t.foreignKeys.filter((fk) => !known.has(refKey(targetOf(fk)))).map((fk) => `foreign key ${fk.name ?? fk.columns.join(', ')} on ${t.schema === undefined ? t.name : `${t.schema}.${t.name}`} (to ${fk.refTable}, not pulled)`),
  );
}

function header(input: DrizzleSourceInput, schema: SchemaSpec, left: readonly string[]): string[] {
  const counts = `${schema.tables.length} table(s)${schema.enums.length > 0 ? `, ${schema.enums.length} enum(s)` : ''}`;
  const lines = [
    `// The database's schema as Drizzle tables, written by \`athanor pull --format drizzle\` (${input.dialect}): ${counts}.`,
    '// Pulling an unchanged database writes this file unchanged; as the config\'s `models`, `athanor check` compares it.',
  ];
  const listed = [...left, ...[...input.unmanaged].map(describeUnmanaged)].map((d) => d.replace(/[\r\n\u2028\u2029]+/g, ' ')).sort();
  if (listed.length > 0) {
    lines.push('//', '// Not representable in a Drizzle schema (left as they are in the database; check and migrate ignore them):', ...listed.map((d) => `//   ${d}`));
  }
  return lines;
}

export function renderDrizzleSource(input: DrizzleSourceInput): DrizzleSource {
  const limits = withinDrizzleLimits(input.schema, input.dialect);
  const schema = limits.schema;
  const left = [...limits.left, ...outsideKeys(schema)];
  const p = new Printer(input, schema);
  const schemaConsts = new Map<string, string>();
  if (input.dialect === 'postgres') {
    const schemas = [...new Set([...schema.tables, ...schema.enums].map((o) => o.schema).filter((s): s is string => s !== undefined))].sort();
    for (const s of schemas) schemaConsts.set(s, p.names.claim(`schema\u0000${s}`, [`${camelCase(s)}Schema`]));
    for (const e of schema.enums) p.names.claim(`enum\u0000${refKey(e)}`, nameCandidates(e, 'Enum'));
  }
  for (const t of schema.tables) p.names.claim(`table\u0000${refKey(t)}`, nameCandidates(t, 'Table'));
  const tableConst = (r: TableRef): string | undefined => p.names.get(`table\u0000${refKey(r)}`);

  const body: string[] = [];
  for (const [s, name] of schemaConsts) body.push(`export const ${name} = ${p.use('pgSchema')}(${quoteString(s)});`, '');
  if (input.dialect === 'postgres') {
    for (const e of schema.enums) {
      const owner = e.schema === undefined ? p.use('pgEnum') : `${schemaConsts.get(e.schema) ?? ''}.enum`;
      body.push(`export const ${p.names.get(`enum\u0000${refKey(e)}`) ?? camelCase(e.name)} = ${owner}(${quoteString(e.name)}, ${printStringList(e.values)});`, '');
    }
  }
  const { order } = creationOrder(schema.tables);
  const position = new Map(order.map((t, i) => [refKey(t), i]));
  const byKey = new Map(schema.tables.map((t) => [refKey(t), t]));
  const tables: string[] = [];
  order.forEach((ordered, at) => {
    const table = byKey.get(refKey(ordered)) ?? ordered;
    const ctx: TableContext = { tableConst, declaredAbove: (r) => (position.get(refKey(r)) ?? Infinity) < at };
    const { columns, extras, forward } = tableParts(p, table, ctx);
    const fn = table.schema !== undefined && input.dialect === 'postgres' ? `${schemaConsts.get(table.schema) ?? ''}.table` : p.use(TABLE_FN[input.dialect]);
    const constName = tableConst(table) ?? camelCase(table.name);
    const lines = [`export const ${constName} = ${fn}(`, `  ${quoteString(table.name)},`, '  {', ...columns.map((c) => `    ${c},`)];
    // a key to a table declared below: the callback's type is spelled out, or TypeScript infers the two tables from each other
    const callback = forward ? `(t): ${p.use(EXTRA_CONFIG_TYPE[input.dialect])}[] => [` : '(t) => [';
    if (extras.length > 0) lines.push('  },', `  ${callback}`, ...extras.map((e) => `    ${e},`), '  ],', ');');
    else lines.push('  },', ');');
    tables.push(...lines, '');
  });
  const customs = [...p.customTypes].map(([sqlType, name]) => `const ${name} = customType<{ data: unknown }>({ dataType: () => ${quoteString(sqlType)} });`);
  const imports = [
    ...(p.usesSql ? ["import { sql } from 'drizzle-orm';"] : []),
    `import { ${[...p.core].sort().map((n) => (n.endsWith('ExtraConfigValue') ? `type ${n}` : n)).join(', ')} } from '${CORE[input.dialect]}';`,
  ];
  const text = [...header(input, schema, left), '', ...imports, '', ...(customs.length > 0 ? [...customs, ''] : []), ...body, ...tables].join('\n');
  return { text, notRepresentable: left };
}
