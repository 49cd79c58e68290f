// Every statement athanor runs on its own tables: athanor_version (one row per applied head, like
// alembic_version) and athanor_history (one row per step). The tables are declared once
// (dialects/shared/version-tables.ts) and rendered by the dialect; nothing else writes SQL for them.
import type { Connection } from '../drivers/connection.js';
import type { Dialect } from '../dialects/dialect.js';
import { HISTORY_TABLE, historyTableSpec, VERSION_TABLE, versionTableSpec } from '../dialects/shared/version-tables.js';
import type { Step, VersionChange } from '../revisions/version-rows.js';
import type { RecordedProgress } from './resume-check.js';

export { HISTORY_TABLE, VERSION_TABLE };

/** CREATE TABLE IF NOT EXISTS for both tables, as the dialect renders their specs. */
export function versionTablesDdl(dialect: Dialect): string[] {
  return [versionTableSpec, historyTableSpec(dialect.currentTimestampSql)].flatMap((table) =>
    dialect.render({ kind: 'createTable', table }).map((statement) => {
      if (!statement.startsWith('CREATE TABLE ')) throw new Error(`internal: ${dialect.name} rendered ${table.name} as ${statement.slice(0, 40)}…`);
      return `CREATE TABLE IF NOT EXISTS ${statement.slice('CREATE TABLE '.length)}`;
    }),
  );
}

export async function versionTableExists(conn: Connection, dialect: Dialect): Promise<boolean> {
  const { rows } = await conn.query<{ n: number | string }>(dialect.tableExistsSql(VERSION_TABLE));
  return Number(rows[0]?.n ?? 0) > 0;
}

export async function ensureVersionTables(conn: Connection, dialect: Dialect): Promise<void> {
  if (await versionTableExists(conn, dialect)) return;
  for (const statement of versionTablesDdl(dialect)) await conn.exec(statement);
}

export async function readHeads(conn: Connection, dialect: Dialect): Promise<string[]> {
  if (!(await versionTableExists(conn, dialect))) return [];
  const { rows } = await conn.query<{ version_num: string }>(`SELECT version_num FROM ${VERSION_TABLE} ORDER BY version_num`);
  return rows.map((r) => r.version_num);
}

/** The statements that move the version table by one step. */
export function versionChangeSql(dialect: Dialect, change: VersionChange): string[] {
  const lit = (v: string) => dialect.literal(v);
  return [
    ...change.updates.map((u) => `UPDATE ${VERSION_TABLE} SET version_num = ${lit(u.to)} WHERE version_num = ${lit(u.from)}`),
    ...change.deletes.map((d) => `DELETE FROM ${VERSION_TABLE} WHERE version_num = ${lit(d)}`),
    ...change.inserts.map((i) => `INSERT INTO ${VERSION_TABLE} (version_num) VALUES (${lit(i)})`),
  ];
}

/** `stamp --purge`: forget every version row. */
export function clearVersionsSql(): string {
  return `DELETE FROM ${VERSION_TABLE}`;
}

export interface HistoryEntry {
  revision: string;
  direction: 'up' | 'down' | 'stamp' | 'accept';
  checksum: string | null;
  durationMs: number;
  /** the duration measured by the database as the row is written (instead of durationMs) */
  durationSql?: string;
  message?: string | null;
  /** a non-transactional step: how many statements it ran */
  statementsDone?: number;
}

export function historyInsertSql(dialect: Dialect, entry: HistoryEntry): string {
  const lit = (v: unknown) => dialect.literal(v);
  const done = entry.statementsDone === undefined ? ['', ''] : [', statements_done', `, ${entry.statementsDone}`];
  return `INSERT INTO ${HISTORY_TABLE} (revision, direction, checksum, duration_ms${done[0]}, message) VALUES (${lit(entry.revision)}, ${lit(entry.direction)}, ${lit(entry.checksum)}, ${entry.durationSql ?? Math.round(entry.durationMs)}${done[1]}, ${lit(entry.message ?? null)})`;
}

export interface HistoryRow {
  revision: string;
  direction: string;
  checksum: string | null;
  applied_at: string | Date;
  duration_ms: number;
}

export async function readHistory(conn: Connection, dialect: Dialect): Promise<HistoryRow[]> {
  if (!(await versionTableExists(conn, dialect))) return [];
  const { rows } = await conn.query<HistoryRow>(
    `SELECT revision, direction, checksum, applied_at, duration_ms FROM ${HISTORY_TABLE} ORDER BY id`,
  );
  return rows;
}

// --- unfinished non-transactional steps ------------------------------------------------------------------------
// A step that cannot run in one transaction (MariaDB DDL, `transactional = false`) has a `partial-up` /
// `partial-down` row while it runs; statements_done counts the statements that ran, so a re-run resumes after them.

/** History direction of an unfinished non-transactional step. */
export function partialDirection(step: Step): string {
  return `partial-${step.direction}`;
}

const partialKey = (revision: string, direction: string) => `${revision} ${direction}`;

/**
 * The live partial rows: those no later finished step of the same revision superseded. A finished step turns its
 * own partial row into its history row; one of the other direction (a partial-up row, then a finished downgrade
 * of that revision, as a stamp made before stamps settled partial rows allows) leaves it behind, and it must not
 * make a later run skip statements.
 */
function livePartialRowsSql(): string {
  return (
    `SELECT revision, direction, checksum, statements_done FROM ${HISTORY_TABLE} p WHERE direction LIKE 'partial-%' AND NOT EXISTS ` +
    `(SELECT 1 FROM ${HISTORY_TABLE} f WHERE f.revision = p.revision AND f.id > p.id AND f.direction IN ('up', 'down')) ORDER BY p.id`
  );
}

interface PartialRow {
  revision: string;
  direction: string;
  checksum: string | null;
  statements_done: number | string | null;
}

async function readPartialRows(conn: Connection): Promise<PartialRow[]> {
  return (await conn.query<PartialRow>(livePartialRowsSql())).rows;
}

/** What earlier runs of unfinished steps recorded, by step. */
export class UnfinishedSteps {
  constructor(private readonly recorded: ReadonlyMap<string, RecordedProgress>) {}

  static async read(conn: Connection): Promise<UnfinishedSteps> {
    const rows = await readPartialRows(conn);
    return new UnfinishedSteps(new Map(rows.map((r) => [partialKey(r.revision, r.direction), { statementsDone: Number(r.statements_done ?? 0), checksum: r.checksum }])));
  }

  /** what an earlier run of this step recorded, or undefined when it has no partial row */
  progressOf(step: Step): RecordedProgress | undefined {
    return this.recorded.get(partialKey(step.revision, partialDirection(step)));
  }
}

/** Steps that started and did not finish (their statements that ran are recorded), as `current` shows them. */
export async function readUnfinishedSteps(conn: Connection, dialect: Dialect): Promise<Array<{ revision: string; direction: 'up' | 'down'; statementsDone: number }>> {
  if (!(await versionTableExists(conn, dialect))) return [];
  const rows = await readPartialRows(conn);
  return rows.map((r) => ({ revision: r.revision, direction: r.direction === 'partial-down' ? 'down' : 'up', statementsDone: Number(r.statements_done ?? 0) }));
}

export interface PartialStep {
  step: Step;
  checksum: string;
  message: string | null;
}

/**
 * The partial row of a step that starts now, `done` statements in. Until the step finishes, its checksum column
 * holds `ran`, the digest of the statements that ran (resume-check.ts), not the file's checksum.
 */
export function partialInsertSql(dialect: Dialect, partial: PartialStep, done: number, ran: string): string {
  const lit = (v: unknown) => dialect.literal(v);
  const { step } = partial;
  return `INSERT INTO ${HISTORY_TABLE} (revision, direction, checksum, duration_ms, statements_done, message) VALUES (${lit(step.revision)}, ${lit(partialDirection(step))}, ${lit(ran)}, 0, ${done}, ${lit(partial.message)})`;
}

/** Progress of an unfinished step: `done` statements ran, whose digest is `ran`. */
export function partialProgressSql(dialect: Dialect, step: Step, done: number, ran: string): string {
  return `UPDATE ${HISTORY_TABLE} SET statements_done = ${done}, checksum = ${dialect.literal(ran)} WHERE ${partialRow(dialect, step)}`;
}

/** The partial row becomes the step's history row, with the file's checksum. */
export function partialFinishSql(dialect: Dialect, partial: PartialStep, done: number, entry: Pick<HistoryEntry, 'durationMs' | 'durationSql'>): string {
  const lit = (v: unknown) => dialect.literal(v);
  return `UPDATE ${HISTORY_TABLE} SET direction = ${lit(partial.step.direction)}, duration_ms = ${entry.durationSql ?? Math.round(entry.durationMs)}, statements_done = ${done}, checksum = ${lit(partial.checksum)} WHERE ${partialRow(dialect, partial.step)}`;
}

function partialRow(dialect: Dialect, step: Step): string {
  return `revision = ${dialect.literal(step.revision)} AND direction = ${dialect.literal(partialDirection(step))}`;
}
