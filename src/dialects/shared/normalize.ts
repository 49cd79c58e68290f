// The one normalize walker: every dialect's canonical form of a SchemaSpec is this walk with the dialect's
// rules (dialects/<d>/normalize.ts). Both the models and the introspected database pass through it before
// the diff, so two specs that mean the same schema on that database compare equal field by field.
//
// The walk is the same everywhere: schemas equal to the default are omitted; constraints and indexes are
// sorted by name, tables and enums by schema and name; foreign key actions and index access methods that
// mean the default are omitted; expressions (checks, predicates, generated columns, index expressions) are
// spelled canonically. What differs per dialect is data or a small hook in NormalizeRules.
import type {
  ColumnSpec,
  ColumnType,
  EnumSpec,
  ForeignKeySpec,
  IndexKeyOptions,
  IndexPart,
  IndexSpec,
  PrimaryKeySpec,
  ReferentialAction,
  SchemaObjectSpec,
  SchemaSpec,
  TableOptionsSpec,
  TableSpec,
  UniqueSpec,
} from '../../schema/types.js';
import { canonicalDefault, canonicalType, type DefaultRules, type TypeRules } from './canonical-type.js';
import { byName, bySchemaAndName } from './ordering.js';
import { deferrableClause, deferrableOf } from '../../schema/deferrable.js';

/** Enum values by enumKey(schema, name), for dialects that inline enums into column types. */
export type EnumValues = ReadonlyMap<string, readonly string[]>;

export const enumKey = (schema: string | undefined, name: string): string => `${schema ?? ''}\u0000${name}`;

/**
 * What an expression on a table may refer to: the table's own name (SQLite drops it as a qualifier) and its
 * columns' canonical types (PostgreSQL drops the `::text` casts it adds to varchar columns).
 */
export interface ExpressionContext {
  readonly table: string;
  readonly columns: ReadonlyMap<string, ColumnType>;
}

/** How an unnamed constraint is named in the canonical form. */
export type NamePolicy = 'keep' | 'fill' | 'drop';

export interface DefaultNames {
  primaryKey(table: string): string;
  unique(table: string, columns: readonly string[]): string;
  foreignKey(table: string, columns: readonly string[]): string;
}

export interface NormalizeRules {
  /** the text a view, trigger, function… definition is compared by (shared/objects.ts canonicalObject) */
  readonly objectCanonical?: (object: SchemaObjectSpec) => string;
  /** omitted from every reference; '' keeps each schema as given (MySQL: the connection's database is unknown here) */
  readonly defaultSchema: string;
  /** identifiers compare case-insensitively (SQLite): primary key membership */
  readonly caseInsensitiveNames?: boolean;
  /** column types: implied lengths and precisions, renamed types, how custom types parse */
  readonly types: TypeRules;
  /** column defaults: how SQL defaults parse, how values are stored */
  readonly defaults: DefaultRules;
  /** canonical spelling of SQL expression text (context: the table it belongs to, when it belongs to one) */
  expression(sql: string, context?: ExpressionContext): string;
  /** the column an index expression (as written) names when it is only a column name, else undefined */
  bareColumn(expression: string): string | undefined;
  /**
   * The dialect's last word on a column whose type, identity, generated expression and default are already
   * canonical: NOT NULL for auto-numbered and primary key columns, identity folded into serial types, …
   */
  column(column: ColumnSpec, inPrimaryKey: boolean): ColumnSpec;
  /** referential actions that mean what an absent action means */
  readonly defaultActions: readonly ReferentialAction[];
  /** index access methods that mean what an absent one means */
  readonly defaultIndexMethods: readonly string[];
  /** 'fill': unnamed constraints get the names the models give them (SQLite); 'drop': no names (MySQL's PRIMARY) */
  readonly constraintNames: { readonly primaryKey: NamePolicy; readonly unique: NamePolicy; readonly foreignKey: NamePolicy };
  /** the default names 'fill' uses */
  readonly defaultNames?: DefaultNames;
  /** false: the database stores no comments (SQLite) */
  readonly comments: boolean;
  /** 'inline': enums are column types, `enums` comes out empty (MySQL) */
  readonly enums: 'named' | 'inline';
  /** operator classes that mean what an absent one means (none known: all are kept) */
  readonly defaultOperatorClasses?: readonly string[];
  /** table options in the dialect's canonical spelling, defaults removed (MySQL: engine InnoDB) */
  tableOptions?(options: TableOptionsSpec): TableOptionsSpec;
  /** a last pass over the canonical table (MySQL: unique indexes that are unique constraints) */
  table?(table: TableSpec): TableSpec;
}

/** The schema field of a canonical reference: omitted when it is the default schema. */
function schemaOf(schema: string | undefined, rules: NormalizeRules): { schema?: string } {
  return schema && schema !== rules.defaultSchema ? { schema } : {};
}

function sameName(a: string, b: string, rules: NormalizeRules): boolean {
  return rules.caseInsensitiveNames ? a.toLowerCase() === b.toLowerCase() : a === b;
}

function normalizeType(type: ColumnType, rules: NormalizeRules, enums: EnumValues): ColumnType {
  const values = (t: ColumnType): readonly string[] | undefined => t.values ?? enums.get(enumKey(t.enumSchema, t.enumName ?? ''));
  const result = canonicalType(type, rules.types, values);
  if (result.name === 'enum' && result.enumSchema === rules.defaultSchema) delete result.enumSchema;
  return result;
}

function normalizeColumn(
  column: ColumnSpec,
  primaryKey: readonly string[],
  rules: NormalizeRules,
  enums: EnumValues,
  context: ExpressionContext,
): ColumnSpec {
  const type = normalizeType(column.type, rules, enums);
  const draft: ColumnSpec = { name: column.name, type, nullable: column.nullable };
  if (column.identity) draft.identity = column.identity;
  if (column.generated !== undefined) {
    draft.generated = rules.expression(column.generated, context);
    if (column.virtual) draft.virtual = true;
  } else if (column.default !== undefined) {
    const value = canonicalDefault(column.default, type, rules.defaults);
    if (value) draft.default = value.kind === 'sql' ? { kind: 'sql', sql: rules.expression(value.sql, context) } : value;
  }
  if (column.comment && rules.comments) draft.comment = column.comment;
  if (column.charset !== undefined) draft.charset = column.charset;
  if (column.collation !== undefined) draft.collation = collationName(column.collation, rules);
  if (column.statistics !== undefined && column.statistics >= 0) draft.statistics = column.statistics;
  if (column.onUpdate !== undefined) draft.onUpdate = column.onUpdate;
  return rules.column(draft, primaryKey.some((c) => sameName(c, column.name, rules)));
}

/** Collation names compare case-insensitively where identifiers do (SQLite: NOCASE, nocase). */
function collationName(name: string, rules: NormalizeRules): string {
  return rules.caseInsensitiveNames ? name.toUpperCase() : name;
}

/** The key options that mean something: NULLS only when not what the order implies (ASC: last, DESC: first). */
function keyOptions(part: IndexKeyOptions, rules: NormalizeRules): IndexKeyOptions {
  const out: IndexKeyOptions = {};
  if (part.desc) out.desc = true;
  if (part.nulls !== undefined && part.nulls !== (part.desc ? 'first' : 'last')) out.nulls = part.nulls;
  const opclass = part.opclass?.trim().toLowerCase();
  if (opclass && !rules.defaultOperatorClasses?.includes(opclass)) out.opclass = opclass;
  if (part.collation !== undefined) out.collation = collationName(part.collation, rules);
  return out;
}

function normalizeIndexPart(part: IndexPart, rules: NormalizeRules, context: ExpressionContext): IndexPart {
  const options = keyOptions(part, rules);
  if ('column' in part) return { column: part.column, ...(part.prefix !== undefined ? { prefix: part.prefix } : {}), ...options };
  const column = rules.bareColumn(part.expression);
  return column !== undefined ? { column, ...options } : { expression: rules.expression(part.expression, context), ...options };
}

function normalizeIndex(index: IndexSpec, rules: NormalizeRules, context: ExpressionContext): IndexSpec {
  const result: IndexSpec = { name: index.name, parts: index.parts.map((p) => normalizeIndexPart(p, rules, context)) };
  if (index.unique) result.unique = true;
  if (index.where !== undefined && index.where.trim() !== '') result.where = rules.expression(index.where, context);
  const using = index.using?.trim().toLowerCase();
  if (using && !rules.defaultIndexMethods.includes(using)) result.using = using;
  if (index.include && index.include.length > 0) result.include = [...index.include];
  return result;
}

/** Table options as the dialect compares them (rules.tableOptions), without the empty ones. */
function normalizeTableOptions(options: TableOptionsSpec | undefined, rules: NormalizeRules): TableOptionsSpec | undefined {
  if (!options) return undefined;
  const result = rules.tableOptions ? rules.tableOptions(options) : { ...options };
  for (const key of Object.keys(result) as (keyof TableOptionsSpec)[]) {
    if (result[key] === undefined || result[key] === false || result[key] === '') delete result[key];
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

/** The name a constraint keeps under a policy: its own, the default one, or none. */
function policyName(policy: NamePolicy, name: string | undefined, fallback: () => string): { name?: string } {
  if (policy === 'drop') return {};
  if (name !== undefined) return { name };
  return policy === 'fill' ? { name: fallback() } : {};
}

function defaultNamesOf(rules: NormalizeRules): DefaultNames {
  if (!rules.defaultNames) throw new Error("NormalizeRules: constraintNames 'fill' needs defaultNames");
  return rules.defaultNames;
}

function normalizeForeignKey(table: string, fk: ForeignKeySpec, rules: NormalizeRules): ForeignKeySpec {
  const result: ForeignKeySpec = {
    ...policyName(rules.constraintNames.foreignKey, fk.name, () => defaultNamesOf(rules).foreignKey(table, fk.columns)),
    columns: [...fk.columns],
    ...(fk.refSchema && fk.refSchema !== rules.defaultSchema ? { refSchema: fk.refSchema } : {}),
    refTable: fk.refTable,
    refColumns: [...fk.refColumns],
  };
  const meaningful = (action: ReferentialAction | undefined): action is ReferentialAction =>
    action !== undefined && !rules.defaultActions.includes(action);
  if (meaningful(fk.onDelete)) result.onDelete = fk.onDelete;
  if (meaningful(fk.onUpdate)) result.onUpdate = fk.onUpdate;
  // in one spelling; MySQL has none (a model's is drift there, refused when rendered)
  const deferrable = deferrableOf(fk.deferrable);
  if (deferrable !== undefined) result.deferrable = deferrableClause(deferrable);
  return result;
}

function normalizeUnique(table: string, unique: UniqueSpec, rules: NormalizeRules): UniqueSpec {
  const named = policyName(rules.constraintNames.unique, unique.name, () => defaultNamesOf(rules).unique(table, unique.columns));
  return { ...named, columns: [...unique.columns], ...(unique.include && unique.include.length > 0 ? { include: [...unique.include] } : {}) };
}

function normalizePrimaryKey(table: string, pk: PrimaryKeySpec, rules: NormalizeRules): PrimaryKeySpec {
  const named = policyName(rules.constraintNames.primaryKey, pk.name, () => defaultNamesOf(rules).primaryKey(table));
  return {
    ...named,
    columns: [...pk.columns],
    ...(pk.prefixes ? { prefixes: { ...pk.prefixes } } : {}),
    ...(pk.include && pk.include.length > 0 ? { include: [...pk.include] } : {}),
  };
}

export function normalizeTable(table: TableSpec, rules: NormalizeRules, enums: EnumValues = new Map()): TableSpec {
  const pkColumns = table.primaryKey?.columns ?? [];
  const context: ExpressionContext = { table: table.name, columns: new Map(table.columns.map((c) => [c.name, normalizeType(c.type, rules, enums)])) };
  const result: TableSpec = {
    ...schemaOf(table.schema, rules),
    name: table.name,
    columns: table.columns.map((c) => normalizeColumn(c, pkColumns, rules, enums, context)),
    uniques: table.uniques.map((u) => normalizeUnique(table.name, u, rules)).sort(byName),
    indexes: table.indexes.map((ix) => normalizeIndex(ix, rules, context)).sort(byName),
    foreignKeys: table.foreignKeys.map((fk) => normalizeForeignKey(table.name, fk, rules)).sort(byName),
    checks: table.checks.map((c) => ({ name: c.name, expression: rules.expression(c.expression, context) })).sort(byName),
  };
  if (table.primaryKey) result.primaryKey = normalizePrimaryKey(table.name, table.primaryKey, rules);
  const exclusions = (table.exclusions ?? []).map((x) => ({ name: x.name, definition: rules.expression(x.definition) }));
  if (exclusions.length > 0) result.exclusions = exclusions.sort(byName);
  if (table.comment && rules.comments) result.comment = table.comment;
  const options = normalizeTableOptions(table.options, rules);
  if (options) result.options = options;
  return rules.table ? rules.table(result) : result;
}

function normalizeEnum(spec: EnumSpec, rules: NormalizeRules): EnumSpec {
  return { ...schemaOf(spec.schema, rules), name: spec.name, values: [...spec.values] };
}

function normalizeObject(o: SchemaObjectSpec, rules: NormalizeRules): SchemaObjectSpec {
  const { canonical: _c, schema: _s, ...rest } = o;
  const result: SchemaObjectSpec = { ...schemaOf(o.schema, rules), ...rest };
  return rules.objectCanonical ? { ...result, canonical: rules.objectCanonical(result) } : result;
}

export function normalizeSchema(schema: SchemaSpec, rules: NormalizeRules): SchemaSpec {
  const order = bySchemaAndName(rules.defaultSchema);
  const enums: EnumValues = new Map(schema.enums.map((e) => [enumKey(e.schema, e.name), e.values]));
  const result: SchemaSpec = {
    tables: schema.tables.map((t) => normalizeTable(t, rules, enums)).sort(order),
    enums: rules.enums === 'inline' ? [] : schema.enums.map((e) => normalizeEnum(e, rules)).sort(order),
  };
  // objects keep their order: it is a creation order (what a view reads comes first)
  if (schema.objects && schema.objects.length > 0) result.objects = schema.objects.map((o) => normalizeObject(o, rules));
  return result;
}
