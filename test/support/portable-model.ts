// Random models of what PostgreSQL, MariaDB and SQLite all support, random edits of them, and each model written
// the three ways a user keeps models: athanor's DSL (built in-process), a Drizzle table file, a schema.sql file.
// The convergence properties drive the same model sequences through each source (autogen-convergence-dialects,
// model-sources-convergence).
import fc from 'fast-check';
import { check, index, schemaFromModule, t, table, unique, type ColumnBuilder } from '../../src/schema/dsl.js';
import type { SchemaSpec } from '../../src/schema/types.js';
import type { DialectName } from '../../src/drivers/connection.js';

export type Kind = 'integer' | 'bigint' | 'varchar20' | 'varchar100' | 'boolean' | 'numeric' | 'date' | 'timestamp' | 'text';
export interface ColumnDraft {
  name: string;
  kind: Kind;
  notNull: boolean;
  withDefault: boolean;
  unique: boolean;
  indexed: boolean;
  /** a check constraint on the column: `length(c) > 0` on text kinds, `c >= 0` on numbers */
  checked?: boolean;
}
export interface TableDraft {
  name: string;
  columns: ColumnDraft[];
  /** a nullable parent_id referencing the previous table */
  references: 'none' | 'cascade' | 'set null' | 'no action';
  /** a unique constraint over the first two keyable columns, when there are two */
  compositeUnique?: boolean;
}
export type Model = TableDraft[];

const KINDS: Kind[] = ['integer', 'bigint', 'varchar20', 'varchar100', 'boolean', 'numeric', 'date', 'timestamp', 'text'];
/** text and boolean columns are neither unique nor indexed (MySQL cannot key TEXT without a prefix) */
export const keyable = (k: Kind): boolean => k !== 'text' && k !== 'boolean';
const checkable = (k: Kind): 'text' | 'number' | undefined =>
  k === 'varchar20' || k === 'varchar100' || k === 'text' ? 'text' : k === 'integer' || k === 'bigint' || k === 'numeric' ? 'number' : undefined;
const DEFAULTS: Record<Kind, string | number | boolean | undefined> = {
  integer: 7, bigint: 7, varchar20: 'x', varchar100: "it's", boolean: false, numeric: 1.5, date: undefined, timestamp: undefined, text: undefined,
};
/** the default of a timestamp column: SQL every database runs */
const NOW = 'CURRENT_TIMESTAMP';

const checkName = (table: string, column: string): string => `ck_${table}_${column}`;
const indexName = (table: string, column: string): string => `ix_${table}_${column}`;
const checkSql = (c: ColumnDraft, ref: string): string => (checkable(c.kind) === 'text' ? `length(${ref}) > 0` : `${ref} >= 0`);
const checked = (d: TableDraft): ColumnDraft[] => d.columns.filter((c) => c.checked && checkable(c.kind));
const indexed = (d: TableDraft): ColumnDraft[] => d.columns.filter((c) => c.indexed && keyable(c.kind));
/** the columns of the table's composite unique constraint, when it has one */
function compositeUnique(d: TableDraft): [ColumnDraft, ColumnDraft] | undefined {
  const [a, b] = d.columns.filter((c) => keyable(c.kind));
  return d.compositeUnique && a && b ? [a, b] : undefined;
}

// --- athanor's DSL, built in-process ---------------------------------------------------------------------

function builder(c: ColumnDraft): ColumnBuilder {
  const base = {
    integer: () => t.integer(),
    bigint: () => t.bigint(),
    varchar20: () => t.varchar(20),
    varchar100: () => t.varchar(100),
    boolean: () => t.boolean(),
    numeric: () => t.numeric(10, 2),
    date: () => t.date(),
    timestamp: () => t.timestamp(),
    text: () => t.text(),
  }[c.kind]();
  let b: ColumnBuilder = base;
  const value = DEFAULTS[c.kind];
  if (c.withDefault && value !== undefined) b = b.default(value);
  if (c.withDefault && c.kind === 'timestamp') b = b.defaultSql(NOW);
  if (c.notNull) b = b.notNull();
  if (c.unique && keyable(c.kind)) b = b.unique();
  return b;
}

/** The model as athanor DSL tables, read as a models module is. */
export function dslSchemaOf(model: Model): SchemaSpec {
  const exports: Record<string, unknown> = {};
  let previous: ReturnType<typeof table> | undefined;
  for (const draft of model) {
    const columns: Record<string, ColumnBuilder> = { id: t.integer().primaryKey() };
    for (const c of draft.columns) columns[c.name] = builder(c);
    const parent = previous;
    if (draft.references !== 'none' && parent) {
      const onDelete = draft.references;
      columns['parent_id'] = t.integer().references(() => (parent as unknown as { id: never }).id, onDelete === 'no action' ? {} : { onDelete });
    }
    const pair = compositeUnique(draft);
    const made = table(draft.name, columns, (cols) => [
      ...(pair ? [unique().on((cols as Record<string, never>)[pair[0].name] as never, (cols as Record<string, never>)[pair[1].name] as never)] : []),
      ...indexed(draft).map((c) => index(indexName(draft.name, c.name)).on((cols as Record<string, never>)[c.name] as never)),
      ...checked(draft).map((c) => check(checkName(draft.name, c.name), checkSql(c, c.name))),
    ]);
    exports[draft.name] = made;
    previous = made;
  }
  return schemaFromModule(exports);
}

// --- a Drizzle table file -----------------------------------------------------------------------------

const DRIZZLE_CORE: Record<DialectName, { module: string; table: string; imports: string[] }> = {
  postgres: { module: 'drizzle-orm/pg-core', table: 'pgTable', imports: ['integer', 'bigint', 'varchar', 'boolean', 'numeric', 'date', 'timestamp', 'text'] },
  mysql: { module: 'drizzle-orm/mysql-core', table: 'mysqlTable', imports: ['int', 'bigint', 'varchar', 'boolean', 'decimal', 'date', 'datetime', 'text'] },
  sqlite: { module: 'drizzle-orm/sqlite-core', table: 'sqliteTable', imports: ['integer', 'text', 'numeric'] },
};

function drizzleType(kind: Kind, name: string, dialect: DialectName): string {
  const n = JSON.stringify(name);
  const int = dialect === 'mysql' ? 'int' : 'integer';
  switch (kind) {
    case 'integer': return `${int}(${n})`;
    case 'bigint': return dialect === 'sqlite' ? `integer(${n})` : `bigint(${n}, { mode: 'number' })`;
    case 'varchar20': return dialect === 'sqlite' ? `text(${n}, { length: 20 })` : `varchar(${n}, { length: 20 })`;
    case 'varchar100': return dialect === 'sqlite' ? `text(${n}, { length: 100 })` : `varchar(${n}, { length: 100 })`;
    case 'boolean': return dialect === 'sqlite' ? `integer(${n}, { mode: 'boolean' })` : `boolean(${n})`;
    case 'numeric': return dialect === 'sqlite' ? `numeric(${n})` : `${dialect === 'mysql' ? 'decimal' : 'numeric'}(${n}, { precision: 10, scale: 2 })`;
    case 'date': return dialect === 'sqlite' ? `text(${n})` : `date(${n})`;
    case 'timestamp': return dialect === 'sqlite' ? `integer(${n}, { mode: 'timestamp' })` : dialect === 'mysql' ? `datetime(${n})` : `timestamp(${n})`;
    case 'text': return `text(${n})`;
  }
}

function drizzleDefault(kind: Kind, dialect: DialectName): string | undefined {
  const value = DEFAULTS[kind];
  if (value === undefined) return undefined;
  // Drizzle's numeric/decimal columns take their values as strings
  if (kind === 'numeric' && dialect !== 'sqlite') return JSON.stringify(String(value));
  return JSON.stringify(value);
}

function drizzleColumn(c: ColumnDraft, dialect: DialectName): string {
  let code = drizzleType(c.kind, c.name, dialect);
  const value = drizzleDefault(c.kind, dialect);
  if (c.withDefault && value !== undefined) code += `.default(${value})`;
  if (c.withDefault && c.kind === 'timestamp') code += `.default(sql\`${NOW}\`)`;
  if (c.notNull) code += '.notNull()';
  if (c.unique && keyable(c.kind)) code += '.unique()';
  return code;
}

/** The model as a Drizzle schema module (pgTable / mysqlTable / sqliteTable), as a Drizzle app declares it. */
export function drizzleSource(model: Model, dialect: DialectName): string {
  const core = DRIZZLE_CORE[dialect];
  const lines = [
    `import { sql } from 'drizzle-orm';`,
    `import { ${core.table}, ${core.imports.join(', ')}, index, unique, check } from '${core.module}';`,
    '',
  ];
  let previous: string | undefined;
  for (const draft of model) {
    lines.push(`export const ${draft.name} = ${core.table}(${JSON.stringify(draft.name)}, {`);
    lines.push(`  id: ${dialect === 'mysql' ? 'int' : 'integer'}('id').primaryKey(),`);
    for (const c of draft.columns) lines.push(`  ${c.name}: ${drizzleColumn(c, dialect)},`);
    if (draft.references !== 'none' && previous) {
      const actions = draft.references === 'no action' ? '' : `, { onDelete: '${draft.references}' }`;
      lines.push(`  parent_id: ${dialect === 'mysql' ? 'int' : 'integer'}('parent_id').references(() => ${previous}.id${actions}),`);
    }
    const pair = compositeUnique(draft);
    const extras = [
      ...(pair ? [`unique().on(${pair.map((c) => `t.${c.name}`).join(', ')})`] : []),
      ...indexed(draft).map((c) => `index('${indexName(draft.name, c.name)}').on(t.${c.name})`),
      ...checked(draft).map((c) => `check('${checkName(draft.name, c.name)}', sql\`${checkSql(c, `\${t.${c.name}}`)}\`)`),
    ];
    lines.push(extras.length ? `}, (t) => [${extras.join(', ')}]);` : '});');
    previous = draft.name;
  }
  return `${lines.join('\n')}\n`;
}

// --- a schema.sql file -------------------------------------------------------------------------------

const SQL_TYPES: Record<DialectName, Record<Kind, string>> = {
  postgres: { integer: 'integer', bigint: 'bigint', varchar20: 'varchar(20)', varchar100: 'varchar(100)', boolean: 'boolean', numeric: 'numeric(10,2)', date: 'date', timestamp: 'timestamp', text: 'text' },
  mysql: { integer: 'int', bigint: 'bigint', varchar20: 'varchar(20)', varchar100: 'varchar(100)', boolean: 'boolean', numeric: 'decimal(10,2)', date: 'date', timestamp: 'datetime', text: 'text' },
  sqlite: { integer: 'integer', bigint: 'bigint', varchar20: 'varchar(20)', varchar100: 'varchar(100)', boolean: 'boolean', numeric: 'numeric(10,2)', date: 'date', timestamp: 'timestamp', text: 'text' },
};

function sqlLiteral(value: string | number | boolean): string {
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  return typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : String(value);
}

function sqlColumn(c: ColumnDraft, dialect: DialectName): string {
  let text = `${c.name} ${SQL_TYPES[dialect][c.kind]}`;
  if (c.notNull) text += ' NOT NULL';
  const value = DEFAULTS[c.kind];
  if (c.withDefault && value !== undefined) text += ` DEFAULT ${sqlLiteral(value)}`;
  if (c.withDefault && c.kind === 'timestamp') text += ` DEFAULT ${NOW}`;
  if (c.unique && keyable(c.kind)) text += ' UNIQUE';
  return text;
}

/** The model as a schema.sql of CREATE statements, as a Supabase/Atlas user keeps it. */
export function sqlSource(model: Model, dialect: DialectName): string {
  const statements: string[] = [];
  let previous: string | undefined;
  for (const draft of model) {
    const parts = [`id ${SQL_TYPES[dialect].integer} PRIMARY KEY`, ...draft.columns.map((c) => sqlColumn(c, dialect))];
    if (draft.references !== 'none' && previous) {
      parts.push(`parent_id ${SQL_TYPES[dialect].integer}`);
      // a table constraint: MySQL ignores REFERENCES written on a column
      const action = draft.references === 'no action' ? '' : ` ON DELETE ${draft.references.toUpperCase()}`;
      parts.push(`FOREIGN KEY (parent_id) REFERENCES ${previous} (id)${action}`);
    }
    const pair = compositeUnique(draft);
    if (pair) parts.push(`UNIQUE (${pair.map((c) => c.name).join(', ')})`);
    for (const c of checked(draft)) parts.push(`CONSTRAINT ${checkName(draft.name, c.name)} CHECK (${checkSql(c, c.name)})`);
    statements.push(`CREATE TABLE ${draft.name} (\n  ${parts.join(',\n  ')}\n);`);
    for (const c of indexed(draft)) statements.push(`CREATE INDEX ${indexName(draft.name, c.name)} ON ${draft.name} (${c.name});`);
    previous = draft.name;
  }
  return `${statements.join('\n')}\n`;
}

// --- random models and edits --------------------------------------------------------------------------

export const columnArb = (name: string): fc.Arbitrary<ColumnDraft> =>
  fc.record({
    name: fc.constant(name),
    kind: fc.constantFrom(...KINDS),
    notNull: fc.boolean(),
    withDefault: fc.boolean(),
    unique: fc.boolean(),
    indexed: fc.boolean(),
    checked: fc.boolean(),
  });
export const tableArb = (name: string): fc.Arbitrary<TableDraft> =>
  fc.record({
    name: fc.constant(name),
    columns: fc.subarray(['a', 'b', 'c', 'd']).chain((names) => fc.tuple(...names.map(columnArb))),
    references: fc.constantFrom('none' as const, 'cascade' as const, 'set null' as const, 'no action' as const),
    compositeUnique: fc.boolean(),
  });
export const modelArb: fc.Arbitrary<Model> = fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => tableArb(`t${i + 1}`))));

export type Edit =
  | { kind: 'addColumn'; table: number; column: ColumnDraft }
  | { kind: 'dropColumn'; table: number; column: number }
  | { kind: 'toggleNotNull'; table: number; column: number }
  | { kind: 'toggleIndex'; table: number; column: number }
  | { kind: 'toggleCheck'; table: number; column: number }
  | { kind: 'toggleCompositeUnique'; table: number }
  | { kind: 'widen'; table: number; column: number }
  | { kind: 'addTable'; draft: TableDraft }
  | { kind: 'dropLastTable' };
export const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('addColumn' as const), table: fc.nat(5), column: columnArb('e') }),
  fc.record({ kind: fc.constant('dropColumn' as const), table: fc.nat(5), column: fc.nat(5) }),
  fc.record({ kind: fc.constant('toggleNotNull' as const), table: fc.nat(5), column: fc.nat(5) }),
  fc.record({ kind: fc.constant('toggleIndex' as const), table: fc.nat(5), column: fc.nat(5) }),
  fc.record({ kind: fc.constant('toggleCheck' as const), table: fc.nat(5), column: fc.nat(5) }),
  fc.record({ kind: fc.constant('toggleCompositeUnique' as const), table: fc.nat(5) }),
  fc.record({ kind: fc.constant('widen' as const), table: fc.nat(5), column: fc.nat(5) }),
  fc.record({ kind: fc.constant('addTable' as const), draft: tableArb('t9') }),
  fc.record({ kind: fc.constant('dropLastTable' as const) }),
);

/** A value for rows that exist when a column becomes NOT NULL or is added NOT NULL; it passes the checks. */
const BACKFILL: Record<Kind, unknown> = { integer: 1, bigint: 1, varchar20: 'b', varchar100: 'b', boolean: true, numeric: 2, date: '2020-01-02', timestamp: '2020-01-02 03:04:05', text: 'b' };

export function applyEdits(model: Model, edits: readonly Edit[]): { model: Model; backfill: Record<string, unknown> } {
  const next: Model = structuredClone(model);
  const backfill: Record<string, unknown> = {};
  for (const e of edits) {
    const tbl = 'table' in e ? next[e.table % Math.max(next.length, 1)] : undefined;
    const col = tbl && 'column' in e && typeof e.column === 'number' && tbl.columns.length ? tbl.columns[e.column % tbl.columns.length] : undefined;
    if (e.kind === 'addColumn' && tbl && !tbl.columns.some((c) => c.name === 'e')) {
      tbl.columns.push(e.column);
      backfill[`${tbl.name}.e`] = BACKFILL[e.column.kind];
    } else if (e.kind === 'dropColumn' && tbl && col) tbl.columns = tbl.columns.filter((c) => c !== col);
    else if (e.kind === 'toggleNotNull' && tbl && col) {
      col.notNull = !col.notNull;
      backfill[`${tbl.name}.${col.name}`] = BACKFILL[col.kind];
    } else if (e.kind === 'toggleIndex' && col) col.indexed = !col.indexed;
    else if (e.kind === 'toggleCheck' && col) col.checked = !col.checked;
    else if (e.kind === 'toggleCompositeUnique' && tbl) tbl.compositeUnique = !tbl.compositeUnique;
    else if (e.kind === 'widen' && col && col.kind === 'varchar20') col.kind = 'varchar100';
    else if (e.kind === 'addTable' && !next.some((x) => x.name === 't9')) next.push(e.draft);
    else if (e.kind === 'dropLastTable' && next.length > 1) next.pop();
  }
  return { model: next, backfill };
}
