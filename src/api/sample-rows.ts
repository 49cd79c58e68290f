// A few rows in every table, made up from the column types, so a stairway test runs each downgrade on tables
// that hold data (a NOT NULL column put back on a table with rows fails where an empty table would pass).
// Parents are filled first and foreign keys point at a parent row; values count up across calls so unique
// columns stay unique. A table that refuses the rows (a check, a type athanor cannot make up) is reported.
import type { Dialect } from '../dialects/dialect.js';
import { creationOrder } from '../diff/index.js';
import type { Connection } from '../drivers/connection.js';
import type { ColumnSpec, SchemaSpec, TableSpec } from '../schema/types.js';

const SERIALS = new Set(['smallserial', 'serial', 'bigserial']);

/** The schema the rows go into, and the one before the step just upgraded (its enum values are kept by the downgrade). */
interface Schemas {
  schema: SchemaSpec;
  before: SchemaSpec | undefined;
}

export class SampleRows {
  private next = 1;

  constructor(
    private readonly conn: Connection,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Inserts `count` rows into every table of the schema; returns one line per table that refused them. `before`:
   * the schema before the step just upgraded, whose enum values the rows prefer (its downgrade keeps them).
   */
  async fill(schema: SchemaSpec, { count = 2, before }: { count?: number; before?: SchemaSpec } = {}): Promise<string[]> {
    const problems: string[] = [];
    for (const table of creationOrder(schema.tables).order) {
      for (let i = 0; i < count; i++) {
        const problem = await this.insertOne({ schema, before }, table, i);
        if (problem !== undefined) {
          problems.push(`${table.name}: ${problem}; its downgrades ran without sample rows`);
          break;
        }
      }
    }
    return problems;
  }

  /** Deletes every row (children first), for a step that refuses the made-up rows. */
  async clear(schema: SchemaSpec): Promise<void> {
    for (const table of [...creationOrder(schema.tables).order].reverse()) {
      const target = (table.schema ? `${this.dialect.quoteIdent(table.schema)}.` : '') + this.dialect.quoteIdent(table.name);
      await this.conn.exec(`DELETE FROM ${target}`).catch(() => undefined);
    }
  }

  private async insertOne(schemas: Schemas, table: TableSpec, row: number): Promise<string | undefined> {
    const n = this.next++;
    const names: string[] = [];
    const values: string[] = [];
    const guessed: string[] = [];
    for (const column of table.columns) {
      if (SERIALS.has(column.type.name) || column.identity !== undefined || column.generated !== undefined) continue;
      let value = await this.valueFor(schemas, table, column, n, row);
      if (value === undefined) {
        if (column.nullable || column.default !== undefined) continue;
        // a type athanor does not know (a domain over integer, citext): a quoted number is read by its input
        // function, which many accept; a type that refuses it leaves the table without rows, as before
        value = this.dialect.literal(String(n));
        guessed.push(`${column.name} (type ${column.type.raw ?? column.type.name})`);
      }
      names.push(this.dialect.quoteIdent(column.name));
      values.push(value);
    }
    const target = (table.schema ? `${this.dialect.quoteIdent(table.schema)}.` : '') + this.dialect.quoteIdent(table.name);
    const sql = names.length ? `INSERT INTO ${target} (${names.join(', ')}) VALUES (${values.join(', ')})` : `INSERT INTO ${target} DEFAULT VALUES`;
    try {
      await this.conn.exec(sql);
      return undefined;
    } catch (error) {
      if (guessed.length > 0) return `no sample value for column ${guessed.join(', ')}`;
      return `sample rows refused (${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)})`;
    }
  }

  /** A SQL literal for the column, or undefined when none can be made up. */
  private async valueFor({ schema, before }: Schemas, table: TableSpec, column: ColumnSpec, n: number, row: number): Promise<string | undefined> {
    const fk = table.foreignKeys.find((f) => f.columns.includes(column.name));
    if (fk) return this.parentValue(table, fk.refSchema, fk.refTable, fk.refColumns[fk.columns.indexOf(column.name)] ?? '', column, row);
    const literal = (v: unknown) => this.dialect.literal(v);
    // a column a CHECK limits to a list (SQLite's enums, hand-written ones) takes a value from the list
    const previous = before?.tables.find((t) => t.name === table.name && t.schema === table.schema);
    const listed = allowedValues(table, column.name);
    if (listed?.length) return literal(lastingValue(column, listed, previous && allowedValues(previous, column.name)));
    const type = column.type;
    switch (type.name) {
      case 'smallint':
      case 'integer':
      case 'bigint':
      case 'real':
      case 'double':
        return literal(n);
      case 'numeric':
        return literal(type.precision !== undefined && type.scale !== undefined ? n % 10 ** Math.max(0, type.precision - type.scale) : n);
      case 'boolean':
        return literal(n % 2 === 0);
      case 'text':
      case 'varchar':
      case 'char':
      case 'bytea':
        return literal(text(n, type.length));
      case 'date':
        return literal(`2020-01-${String((n % 28) + 1).padStart(2, '0')}`);
      case 'timestamp':
      case 'timestamptz':
        return literal(`2020-01-01 00:00:${String(n % 60).padStart(2, '0')}`);
      case 'time':
        return literal(`12:00:${String(n % 60).padStart(2, '0')}`);
      case 'interval':
        return literal(`${n} seconds`);
      case 'uuid':
        return literal(sampleUuid(n));
      case 'json':
      case 'jsonb':
        return literal(JSON.stringify({ n }));
      case 'enum': {
        const values = type.values ?? enumValues(schema, type);
        const old = previous?.columns.find((c) => c.name === column.name)?.type;
        const valuesBefore = old?.name === 'enum' ? (old.values ?? (before && enumValues(before, old))) : undefined;
        return values?.length ? literal(lastingValue(column, values, valuesBefore)) : undefined;
      }
      default:
        // MariaDB's own UUID type, read as custom (t.uuid() is char(36) there)
        return type.name === 'custom' && type.raw?.toLowerCase() === 'uuid' ? literal(sampleUuid(n)) : undefined;
    }
  }

  /**
   * A value the referenced column holds: the `row`-th newest (the parents' rows of this fill, as they were
   * inserted just before), so a unique pair of foreign keys is a pair never used before; NULL for a cycle.
   */
  private async parentValue(table: TableSpec, refSchema: string | undefined, refTable: string, refColumn: string, column: ColumnSpec, row: number): Promise<string | undefined> {
    if (refTable === table.name && refSchema === table.schema) return column.nullable ? 'NULL' : undefined;
    const q = (name: string) => this.dialect.quoteIdent(name);
    const source = (refSchema ? `${q(refSchema)}.` : '') + q(refTable);
    try {
      const { rows } = await this.conn.query<Record<string, unknown>>(`SELECT ${q(refColumn)} AS v FROM ${source} ORDER BY ${q(refColumn)} DESC LIMIT 50`);
      const value = rows.length ? rows[row % rows.length]?.v : undefined;
      if (value === undefined || value === null) return column.nullable ? 'NULL' : undefined;
      return this.dialect.literal(value instanceof Date ? value.toISOString() : value);
    } catch {
      return column.nullable ? 'NULL' : undefined;
    }
  }
}

function sampleUuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

const QUOTED = String.raw`'(?:[^']|'')*'`;
const IN_LIST = new RegExp(String.raw`^\(?\s*["\x60]?([\w$]+)["\x60]?\s+in\s*\(\s*(${QUOTED}(?:\s*,\s*${QUOTED})*)\s*\)\s*\)?$`, 'i');

/**
 * The column's default when it is one of the values, else the first, among the values it had before the step
 * when that is known: a value an added value's downgrade keeps (a row holding the new value rightly stops that
 * downgrade, which is not what the stairway looks for), also when the step made the added value the default.
 */
function lastingValue(column: ColumnSpec, values: readonly string[], before?: readonly string[]): string | undefined {
  // values the type had before the step: a default changed to an added value is not one the downgrade keeps
  const kept = before ? values.filter((v) => before.includes(v)) : values;
  const candidates = kept.length > 0 ? kept : values;
  const fallback = column.default?.kind === 'value' ? column.default.value : undefined;
  return typeof fallback === 'string' && candidates.includes(fallback) ? fallback : candidates[0];
}

function enumValues(schema: SchemaSpec, type: ColumnSpec['type']): readonly string[] | undefined {
  return schema.enums.find((e) => e.name === type.enumName && e.schema === type.enumSchema)?.values;
}

/** The values of a CHECK `"col" IN ('a', 'b')` on the column, if the table has one. */
function allowedValues(table: TableSpec, column: string): string[] | undefined {
  for (const check of table.checks) {
    const match = IN_LIST.exec(check.expression.trim());
    if (!match || match[1]?.toLowerCase() !== column.toLowerCase()) continue;
    return [...(match[2] ?? '').matchAll(new RegExp(QUOTED, 'g'))].map((m) => m[0].slice(1, -1).replace(/''/g, "'"));
  }
  return undefined;
}

function text(n: number, length: number | undefined): string {
  const value = `sample ${n}`;
  if (length === undefined || value.length <= length) return value;
  return String(n).slice(-length);
}
