// Helpers the importers share: deterministic revision ids, messages from file names, reading another tool's table.
import { createHash } from 'node:crypto';
import type { Connection } from '../../drivers/connection.js';
import type { Dialect } from '../../dialects/dialect.js';
import { UsageError } from '../../errors.js';
import type { ImportedMigration } from './types.js';

/** The same original always gets the same revision id, so importing the folder again elsewhere writes the same files. */
export function importedRevisionId(tool: string, originalId: string): string {
  return createHash('sha256').update(`${tool}:${originalId}`).digest('hex').slice(0, 12);
}

/** `0003_add_posts`, `20240101120000_add_posts` → `add posts` (the whole name when nothing is left). */
export function messageFromName(name: string): string {
  const words = name.replace(/\.[A-Za-z]+$/, '').replace(/^\d+[_-]?/, '').replace(/[_-]+/g, ' ').trim();
  return words || name;
}

/** One revision after the other: each original's parent is the one before it. */
export function chain(migrations: Omit<ImportedMigration, 'parents'>[]): ImportedMigration[] {
  return migrations.map((m, i) => ({ ...m, parents: i === 0 ? [] : [(migrations[i - 1] as ImportedMigration).revision] }));
}

export interface TableName {
  schema?: string;
  name: string;
}

export function parseTableName(text: string): TableName {
  const dot = text.indexOf('.');
  return dot < 0 ? { name: text } : { schema: text.slice(0, dot), name: text.slice(dot + 1) };
}

export function showTable(table: TableName): string {
  return table.schema ? `${table.schema}.${table.name}` : table.name;
}

/** The rows of another tool's table, or null when it does not exist. */
export async function readForeignTable<Row>(conn: Connection, dialect: Dialect, table: TableName, columns: readonly string[]): Promise<Row[] | null> {
  const q = (name: string) => dialect.quoteIdent(name);
  if (table.schema === undefined) {
    const { rows } = await conn.query<{ n: number | string }>(dialect.tableExistsSql(table.name));
    if (Number(rows[0]?.n ?? 0) === 0) return null;
  } else {
    if (!dialect.capabilities.schemas) throw new UsageError(`--table ${showTable(table)}: ${dialect.name} has no schemas, name the table alone`);
    const { rows } = await conn.query<{ n: number | string }>(
      `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = ${dialect.literal(table.schema)} AND table_name = ${dialect.literal(table.name)}`,
    );
    if (Number(rows[0]?.n ?? 0) === 0) return null;
  }
  const from = table.schema === undefined ? q(table.name) : `${q(table.schema)}.${q(table.name)}`;
  const { rows } = await conn.query<Row>(`SELECT ${columns.map(q).join(', ')} FROM ${from}`);
  return rows;
}

/** A linear history's applied originals must be a prefix of it: a later one applied over a missing one cannot be stamped. */
export function assertPrefix(label: string, migrations: readonly ImportedMigration[], applied: ReadonlySet<string>): void {
  const last = migrations.reduce((at, m, i) => (applied.has(m.revision) ? i : at), -1);
  const missing = migrations.slice(0, last + 1).filter((m) => !applied.has(m.revision));
  if (missing.length > 0) {
    const lastId = (migrations[last] as ImportedMigration).originalId;
    throw new UsageError(
      `${label} applied ${lastId} but not ${missing.map((m) => m.originalId).join(', ')} before it: athanor's history is one line, so apply ${missing.length === 1 ? 'it' : 'them'} with ${label} first (or remove ${missing.length === 1 ? 'it' : 'them'} from the folder), then import`,
    );
  }
}

/** SQL statements joined as one script: each ends with `;` (on a line of its own after a trailing `--` comment). */
export function joinStatements(statements: readonly string[]): string {
  const terminated = (s: string): string => (s.endsWith(';') ? s : /--[^\n]*$/.test(s) ? `${s}\n;` : `${s};`);
  return statements.map((s) => s.trim()).filter((s) => s !== '').map(terminated).join('\n\n');
}

/** Each original by the keys its tool's table may name it with. */
export function keyIndex(migrations: readonly ImportedMigration[]): Map<string, ImportedMigration> {
  return new Map(migrations.flatMap((m) => m.keys.map((k) => [k, m] as const)));
}
