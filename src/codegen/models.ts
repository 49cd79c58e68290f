// A schema as a models module in the athanor DSL (what `athanor pull` writes): one exported enumType per enum,
// one exported table() per table, in an order where every `.references(() => other.col)` points at a table
// declared above it. Foreign keys of a cycle, self-references and references to tables outside the schema go
// to the extras as `foreignKey().on(c.col).references({ table, columns })` (a thunk there would make
// TypeScript infer the two tables' types from each other). The output depends on the schema only, so pulling
// an unchanged database writes the same bytes.
import { creationOrder } from '../diff/order.js';
import type { EnumRef, ForeignKeySpec, SchemaObjectKind, SchemaObjectSpec, SchemaSpec, TableRef, TableSpec, UnmanagedObject } from '../schema/types.js';
import { describeUnmanaged } from '../schema/unmanaged.js';
import { objectKey } from '../schema/objects.js';
import type { PrintContext } from './column.js';
import { printMember, printOptions, printSqlText, printStringList, quoteString } from './literal.js';
import { camelCase, JS_RESERVED, NameClaims, nameCandidates } from './names.js';
import { contextFor } from './print.js';
import { printTableParts } from './table.js';

export interface ModelsSourceInput {
  schema: SchemaSpec;
  /** objects the models cannot declare: listed in the header */
  unmanaged: readonly UnmanagedObject[];
  /** the dialect, named in the header */
  dialect: string;
}

// names the module imports: no const may take them
const RESERVED = new Set([
  ...JS_RESERVED,
  ...('t table index uniqueIndex indexExpression unique check exclude primaryKey foreignKey enumType ' +
    'view materializedView trigger sqlFunction procedure sequence').split(' '),
]);

const refKey = (r: TableRef | EnumRef): string => `${r.schema ?? ''}\u0000${r.name}`;

/** A unique const name for every table and enum: camelCase, schema-prefixed or suffixed where names collide. */
function constNames(schema: SchemaSpec): NameClaims {
  const names = new NameClaims(RESERVED);
  for (const table of schema.tables) names.claim(`table\u0000${refKey(table)}`, nameCandidates(table, 'Table'));
  for (const e of schema.enums) names.claim(`enum\u0000${refKey(e)}`, nameCandidates(e, 'Enum'));
  for (const o of schema.objects ?? []) names.claim(constKey(o), objectNameCandidates(o));
  return names;
}

/** The DSL function of each object kind, and the suffix its const gets when its name is taken. */
const OBJECT_FUNCTION: Record<SchemaObjectKind, string> = {
  view: 'view',
  'materialized view': 'materializedView',
  trigger: 'trigger',
  function: 'sqlFunction',
  procedure: 'procedure',
  sequence: 'sequence',
};
const OBJECT_SUFFIX: Record<SchemaObjectKind, string> = {
  view: 'View',
  'materialized view': 'View',
  trigger: 'Trigger',
  function: 'Function',
  procedure: 'Procedure',
  sequence: 'Sequence',
};

/** An object's const is keyed by its identity in the schema (a trigger's includes its table). */
const constKey = (o: SchemaObjectSpec): string => `object\u0000${objectKey(o)}`;

/** A trigger of the same name on several tables (`last_updated`) gets its table in its name: `actorLastUpdatedTrigger`. */
function objectNameCandidates(o: SchemaObjectSpec): string[] {
  const candidates = nameCandidates(o, OBJECT_SUFFIX[o.kind]);
  return o.kind === 'trigger' ? [...candidates, `${camelCase(`${o.table}_${o.name}`)}Trigger`] : candidates;
}

/** `export const bigOrders = view('big_orders', `SELECT …`);` — a trigger names its table's const when there is one. */
function objectLines(o: SchemaObjectSpec, constName: string, tableConst: (r: TableRef) => string | undefined): string[] {
  const fn = OBJECT_FUNCTION[o.kind];
  const sql = printSqlText(o.definition);
  if (o.kind === 'trigger') {
    const table: TableRef = o.schema === undefined ? { name: o.table ?? '' } : { schema: o.schema, name: o.table ?? '' };
    // a trigger in another schema takes it from its table object; a bare table name means the default schema
    const on = tableConst(table) ?? quoteString(table.name);
    return [`export const ${constName} = trigger(${quoteString(o.name)}, {`, `  on: ${on},`, `  sql: ${sql},`, '});'];
  }
  const name = o.schema === undefined ? quoteString(o.name) : `{ schema: ${quoteString(o.schema)}, name: ${quoteString(o.name)} }`;
  return [`export const ${constName} = ${fn}(`, `  ${name},`, `  ${sql},`, ');'];
}

function enumLines(e: { schema?: string; name: string; values: readonly string[] }, constName: string): string {
  const options = e.schema === undefined ? '' : `, { schema: ${quoteString(e.schema)} }`;
  return `export const ${constName} = enumType(${quoteString(e.name)}, ${printStringList(e.values)}${options});`;
}

function tableLines(table: TableSpec, constName: string, ctx: PrintContext, referenceTarget: (fk: ForeignKeySpec) => string | undefined): string[] {
  const parts = printTableParts(table, ctx, { referenceTarget });
  const options = printOptions([['schema', table.schema === undefined ? undefined : quoteString(table.schema)], ...parts.options]);
  if (parts.extras.length === 0 && !options) {
    return [`export const ${constName} = table(${quoteString(table.name)}, {`, ...parts.columns.map((c) => `  ${c},`), '});'];
  }
  const lines = [`export const ${constName} = table(`, `  ${quoteString(table.name)},`, '  {', ...parts.columns.map((c) => `    ${c},`), '  },'];
  if (parts.extras.length > 0) lines.push('  (c) => [', ...parts.extras.map((e) => `    ${e},`), '  ],');
  else if (options) lines.push('  undefined,');
  if (options) lines.push(`  ${options},`);
  lines.push(');');
  return lines;
}

function header(input: ModelsSourceInput, tables: number, enums: number, objects: number): string[] {
  const counts = `${tables} table(s)${enums > 0 ? `, ${enums} enum(s)` : ''}${objects > 0 ? `, ${objects} view(s)/trigger(s)/routine(s)/sequence(s)` : ''}`;
  const lines = [
    `// The database's schema as athanor models, written by \`athanor pull\` (${input.dialect}): ${counts}.`,
    '// Pulling an unchanged database writes this file unchanged; `athanor check` compares it with the database.',
  ];
  if (input.unmanaged.length > 0) {
    const listed = [...input.unmanaged].map(describeUnmanaged).sort();
    lines.push(
      '//',
      '// Not representable in the models (left as they are in the database, not managed by athanor):',
      ...listed.map((d) => `//   ${d.replace(/[\r\n\u2028\u2029]+/g, ' ')}`),
    );
  }
  return lines;
}

/** The models module's text. */
export function renderModelsSource(input: ModelsSourceInput): string {
  const { schema } = input;
  const names = constNames(schema);
  const tableConst = (r: TableRef): string | undefined => names.get(`table\u0000${refKey(r)}`);
  const imports = new Set<string>(['table']);
  const ctx: PrintContext = {
    ...contextFor(schema.enums, imports),
    enumConst: (ref) => names.get(`enum\u0000${refKey(ref)}`),
  };
  const { order } = creationOrder(schema.tables);
  const position = new Map(order.map((t, i) => [refKey(t), i]));
  const byKey = new Map(schema.tables.map((t) => [refKey(t), t]));

  const body: string[] = [];
  if (schema.enums.length > 0) imports.add('enumType');
  for (const e of schema.enums) body.push(enumLines(e, names.get(`enum\u0000${refKey(e)}`) ?? camelCase(e.name)), '');
  order.forEach((ordered, at) => {
    const table = byKey.get(refKey(ordered)) ?? ordered;
    // inline only what points at a table declared above: a later table or a cycle goes to the extras
    const referenceTarget = (fk: ForeignKeySpec): string | undefined => {
      const target: TableRef = fk.refSchema === undefined ? { name: fk.refTable } : { schema: fk.refSchema, name: fk.refTable };
      const declaredAt = position.get(refKey(target));
      const name = tableConst(target);
      if (declaredAt === undefined || declaredAt >= at || name === undefined) return undefined;
      return `() => ${printMember(name, fk.refColumns[0] ?? '')}`;
    };
    body.push(...tableLines(table, tableConst(table) ?? camelCase(table.name), ctx, referenceTarget), '');
  });
  // objects keep the order introspection gives them: a view reading another view comes after it
  for (const o of schema.objects ?? []) {
    imports.add(OBJECT_FUNCTION[o.kind]);
    body.push(...objectLines(o, names.get(constKey(o)) ?? camelCase(o.name), tableConst), '');
  }
  const importLine = `import { ${[...imports].sort().join(', ')} } from 'athanor';`;
  return [...header(input, schema.tables.length, schema.enums.length, schema.objects?.length ?? 0), '', importLine, '', ...body].join('\n');
}
