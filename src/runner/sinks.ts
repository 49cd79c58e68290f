// Where `op` calls go: executed on a connection (online) or collected as SQL text (a script, --sql).
import { failedBatchIndex } from '../drivers/batch.js';
import type { BatchStatement, Connection, DialectName, QueryResult } from '../drivers/connection.js';
import type { Dialect, RenderContext } from '../dialects/dialect.js';
import { InterruptedError } from '../errors.js';
import { lexSql } from '../dialects/shared/sql-lexer.js';
import { splitSqlStatements } from '../dialects/shared/sql-statements.js';
import { withoutTerminator } from '../dialects/shared/statement-text.js';
import { applyOperations } from '../diff/apply.js';
import type { CallSite } from '../operations/op.js';
import type { Operation } from '../operations/types.js';
import type { SchemaObjectSpec, SchemaSpec, TableRef, TableSpec } from '../schema/types.js';
import type { ExecutedStatement, StepSink } from './output.js';
import type { StepProgress } from './progress.js';

type Rows = Record<string, unknown>[];

function sameTable(ref: TableRef, spec: TableSpec, defaultSchema: string): boolean {
  return spec.name === ref.name && (spec.schema ?? defaultSchema) === (ref.schema ?? defaultSchema);
}

/** What render() needs to change a table it must rebuild: its definition and its triggers. */
function contextOf(schema: SchemaSpec, ref: TableRef, defaultSchema: string): RenderContext {
  const currentTable = schema.tables.find((t) => sameTable(ref, t, defaultSchema));
  const onTable = (o: SchemaObjectSpec) => o.kind === 'trigger' && o.table === ref.name && (o.schema ?? defaultSchema) === (ref.schema ?? defaultSchema);
  const currentTriggers = (schema.objects ?? []).filter(onTable);
  return { currentTable, ...(currentTriggers.length > 0 ? { currentTriggers } : {}) };
}

export interface OnlineSinkOptions {
  /** keep what each statement did (dry runs) */
  report?: boolean;
  /** Ctrl-C: no statement starts once it is aborted */
  signal?: AbortSignal | undefined;
  /** statements still to send before this step's first one (what opens its transaction) */
  pending?: () => string[];
  /**
   * statements whose results nobody reads wait and go with the next round trip (at the latest the step's
   * bookkeeping and COMMIT): for a step in a transaction, where what ran before a failure is rolled back anyway
   */
  defer?: boolean;
  /**
   * a step outside a transaction (MySQL): its latest statement whose result nobody reads is held until the next
   * one, or until the step ends and it travels with the step's finishing record — which records it as done, so
   * the last statement needs no progress record (and commit) of its own
   */
  holdLast?: boolean;
  /**
   * nothing is sent before this settles: the sink of a step whose code runs ahead of its turn (run-ahead.ts),
   * opened when the step is entered, refused when it never will be
   */
  gate?: Promise<void>;
}

/**
 * Runs each rendered statement (an unsupported operation throws in render(), before anything of it runs): at
 * once, or, with `defer`, with the next statement whose result is read or with the step's COMMIT — one round
 * trip per migration instead of one per statement, the failed statement still named. Where the dialect runs a
 * batch statement by statement (MySQL), a statement and the record of its progress travel in one round trip
 * whatever the statement's shape, so no crash can fall between them.
 */
export class OnlineSink implements StepSink {
  failedStatement: string | null = null;
  /** statements run (or skipped as done by an earlier run) */
  private done = 0;
  readonly ran: string[] = [];
  readonly executed: ExecutedStatement[] = [];
  /** LOCK TABLES holds: the progress table cannot be written until UNLOCK TABLES */
  private tablesLocked = false;

  private readonly report: boolean;
  private readonly signal: AbortSignal | undefined;
  private readonly pending: () => string[];
  private readonly defer: boolean;
  /** rendered statements not sent yet (with `defer`) */
  private deferred: string[] = [];
  private readonly holdLast: boolean;
  /** the statement held back (with `holdLast`) */
  private held: string | undefined;
  private readonly gate: Promise<void> | undefined;

  constructor(
    private readonly conn: Connection,
    private readonly dialectImpl: Dialect,
    readonly progress: StepProgress,
    options: OnlineSinkOptions = {},
  ) {
    this.report = options.report === true;
    this.signal = options.signal;
    this.pending = options.pending ?? (() => []);
    this.defer = options.defer === true;
    this.holdLast = options.holdLast === true;
    this.gate = options.gate;
  }

  /** Waits until the sink may send (a step run ahead: once it is entered). */
  private async ready(): Promise<void> {
    if (this.gate) await this.gate;
  }

  /** statements done, the one held back included (it is sent with what records the step, or before anything else) */
  get statementsDone(): number {
    return this.done + (this.held === undefined ? 0 : 1);
  }

  /** Whether a statement is held back. */
  get hasHeld(): boolean {
    return this.held !== undefined;
  }

  /**
   * The statement held back, sent now with its progress record (before the next statement, or when the step's
   * code failed after issuing it: it runs as it would have when issued).
   */
  async sendHeld(): Promise<void> {
    const sql = this.held;
    if (sql === undefined) return;
    this.held = undefined;
    await this.execute(sql, undefined);
  }

  /**
   * The step's duration as the record held with the last statement writes it: `before` ms (measured up to now),
   * plus the time since the batch carrying that statement started (the dialect's batchClock). Undefined when no
   * statement is held back, or where the dialect has no such clock.
   */
  heldDurationSql(before: number): string | undefined {
    const clock = this.dialectImpl.batchClock;
    return this.held === undefined || !clock ? undefined : `${Math.round(before)} + ${clock.elapsedMsSql}`;
  }

  /** The statement held back, then `after` (the transaction recording the finished step), in one round trip. */
  async sendHeldWith(opening: readonly string[], after: readonly string[]): Promise<void> {
    await this.ready();
    const sql = this.held;
    if (sql === undefined) throw new Error('internal: no statement held back');
    this.held = undefined;
    const mark = this.dialectImpl.batchClock ? [{ sql: this.dialectImpl.batchClock.markSql }] : [];
    const batch = [...mark, { sql: withoutTerminator(sql, this.dialectImpl.sqlSyntax) }, ...[...opening, ...after].map((text) => ({ sql: text }))];
    try {
      await this.conn.batch(batch);
    } catch (error) {
      // a driver that cannot tell which failed (mysql2) is taken as the statement failing, as for a statement and its progress record
      if ((failedBatchIndex(error) ?? mark.length) <= mark.length) this.failedStatement = sql;
      else this.done++;
      throw error;
    }
    this.done++;
  }

  get dialect(): DialectName {
    return this.dialectImpl.name;
  }

  async run(op: Operation, _site?: CallSite): Promise<void> {
    if (op.kind === 'execute') {
      await this.raw(op.sql, op.params, false);
      return;
    }
    for (const sql of this.dialectImpl.render(op, await this.context(op))) await this.statement(sql, undefined, false);
  }

  /** Raw SQL, possibly several statements: they run one by one and the last one's rows are returned. */
  query(sql: string, params?: readonly unknown[], _site?: CallSite, wantsRows = true): Promise<Rows> {
    return this.raw(sql, params, wantsRows);
  }

  private async raw(sql: string, params: readonly unknown[] | undefined, wantsRows: boolean): Promise<Rows> {
    const syntax = this.dialectImpl.sqlSyntax;
    if (params && params.length > 0) return this.statement(sql, params, wantsRows);
    const statements = splitSqlStatements(sql, syntax);
    const first = statements[0];
    const end = statements[statements.length - 1]?.tokens.at(-1)?.end;
    if (!first || end === undefined) return [];
    // the server splits compound statements itself: send the text whole, without a trailing terminator or comment
    if (syntax.statements.serverSplits) return this.statement(sql.slice(first.start, end), undefined, wantsRows);
    let rows: Rows = [];
    for (const [index, statement] of statements.entries()) rows = await this.statement(statement.sql, undefined, wantsRows && index === statements.length - 1);
    return rows;
  }

  /** The statements waiting to be sent, sent now ahead of `after` in one round trip (the step's bookkeeping and COMMIT). */
  async flush(opening: readonly string[], after: readonly string[]): Promise<void> {
    await this.ready();
    const deferred = this.takeDeferred();
    await this.sendBatch(opening.length, deferred, [...opening, ...deferred, ...after].map((sql) => ({ sql })));
  }

  get waitsForCommit(): boolean {
    return this.defer;
  }

  /** Whether statements wait to be sent. */
  get hasDeferred(): boolean {
    return this.deferred.length > 0;
  }

  /** Forgets what waits (the step is being rolled back). */
  discardDeferred(): void {
    this.deferred = [];
  }

  private takeDeferred(): string[] {
    const deferred = this.deferred;
    this.deferred = [];
    return deferred;
  }

  /**
   * `batch`: `openingCount` statements opening the transaction, then `deferred` (this step's statements that
   * waited), then the rest. A failure among the deferred ones names that statement.
   */
  private async sendBatch(openingCount: number, deferred: readonly string[], batch: BatchStatement[]): Promise<QueryResult<Record<string, unknown>>[]> {
    try {
      const results = await this.conn.batch(batch);
      this.done += deferred.length;
      return results;
    } catch (error) {
      const index = (failedBatchIndex(error) ?? -1) - openingCount;
      if (index >= 0 && index < deferred.length) {
        this.failedStatement = deferred[index] ?? null;
        this.done += index;
      }
      throw error;
    }
  }

  private async context(op: Operation): Promise<RenderContext | undefined> {
    if (!this.dialectImpl.needsCurrentTable?.(op) || !('table' in op)) return undefined;
    await this.ready();
    // the table is read after what this step did to it so far
    await this.sendHeld();
    const opening = this.pending();
    // the table is read inside the step's transaction, after what this step did to it so far
    if (opening.length || this.deferred.length) await this.flush(opening, []);
    const ref = op.table;
    const schema = await this.dialectImpl.introspect(this.conn, {
      includeTables: [ref.name],
      ...(ref.schema ? { schemas: [ref.schema] } : {}),
    });
    return contextOf(schema, ref, this.dialectImpl.defaultSchema);
  }

  private async statement(sql: string, params: readonly unknown[] | undefined, wantsRows: boolean): Promise<Rows> {
    if (this.done < this.progress.skip) {
      this.progress.issued(sql); // the last one skipped checks they are the ones that ran
      this.done++;
      return [];
    }
    await this.sendHeld();
    if (this.signal?.aborted) throw new InterruptedError();
    this.progress.issued(sql);
    this.ran.push(sql);
    if (this.defer && !wantsRows && !params?.length) {
      this.deferred.push(sql);
      return [];
    }
    const locks = this.dialectImpl.sessionTableLocks;
    if (this.holdLast && !wantsRows && !params?.length && !this.tablesLocked && !(locks && (locks.lock.test(sql) || locks.unlock.test(sql)))) {
      this.held = sql;
      return [];
    }
    return this.execute(sql, params);
  }

  /** The statement now, with what records its progress. */
  private async execute(sql: string, params: readonly unknown[] | undefined): Promise<Rows> {
    await this.ready(); // before what opens the transaction is taken: it is there once the step is entered
    const done = this.done + 1;
    const locks = this.dialectImpl.sessionTableLocks;
    if (locks) this.tablesLocked = locks.unlock.test(sql) ? false : this.tablesLocked || locks.lock.test(sql);
    const record = this.tablesLocked ? [] : this.progress.after(done);
    const started = performance.now();
    let result: QueryResult<Record<string, unknown>>;
    try {
      result = await this.send({ sql, ...(params?.length ? { params } : {}) }, record);
    } catch (error) {
      // a deferred statement sent ahead of this one may be the one that failed
      this.failedStatement ??= sql;
      throw error;
    }
    if (record.length) this.progress.recorded(done);
    this.done = done;
    if (this.report) this.executed.push({ sql, rowCount: result.rowCount, ms: performance.now() - started });
    return result.rows;
  }

  /**
   * What opens the transaction (if not sent yet), the statement, then what records its progress: in one round
   * trip where the driver can join them.
   */
  private async send(statement: BatchStatement, record: readonly string[]): Promise<QueryResult<Record<string, unknown>>> {
    const opening = this.pending();
    const deferred = this.takeDeferred();
    if (opening.length > 0 || deferred.length > 0) return this.sendAfter(opening, deferred, statement, record);
    if (record.length === 0) return this.conn.query(statement.sql, statement.params);
    if (this.dialectImpl.independentStatementBatches) {
      const batch = [{ ...statement, sql: withoutTerminator(statement.sql, this.dialectImpl.sqlSyntax) }, ...record.map((sql) => ({ sql }))];
      const [result] = await this.conn.batch(batch);
      if (!result) throw new Error('internal: a batch returned no result');
      return result;
    }
    const result = await this.conn.query(statement.sql, statement.params);
    for (const sql of record) await this.conn.exec(sql);
    return result;
  }

  /**
   * The transaction's opening statements, the deferred ones and the statement as one batch (a statement with
   * parameters goes alone).
   */
  private async sendAfter(opening: readonly string[], deferred: readonly string[], statement: BatchStatement, record: readonly string[]): Promise<QueryResult<Record<string, unknown>>> {
    const before = [...opening, ...deferred].map((sql) => ({ sql }));
    if (record.length > 0 && !this.dialectImpl.independentStatementBatches) {
      await this.sendBatch(opening.length, deferred, before);
      return this.send(statement, record);
    }
    const batch = [...before, { ...statement, sql: withoutTerminator(statement.sql, this.dialectImpl.sqlSyntax) }, ...record.map((sql) => ({ sql }))];
    const result = (await this.sendBatch(opening.length, deferred, batch))[before.length];
    if (!result) throw new Error('internal: a batch returned no result for its statement');
    return result;
  }
}

/** Inline $1 / ? / ?2 placeholders as literals, for offline SQL (placeholders inside strings and comments stay). */
export function inlineParams(dialect: Dialect, sql: string, params: readonly unknown[] | undefined): string {
  if (!params || params.length === 0) return sql;
  let out = '';
  let at = 0;
  let next = 0;
  for (const token of lexSql(sql, dialect.sqlSyntax)) {
    if (token.kind !== 'param') continue;
    const numbered = /^[$?](\d+)$/.exec(token.text);
    const index = numbered ? Number(numbered[1]) - 1 : token.text === '?' ? next++ : -1;
    if (index < 0 || index >= params.length) continue;
    out += sql.slice(at, token.start) + dialect.literal(params[index]);
    at = token.end;
  }
  return out + sql.slice(at);
}

/**
 * The schema as operations leave it, for offline rendering. Operations are applied in batches, only when a
 * renderer asks for a table: applying one at a time would copy the schema per operation (quadratic over
 * 1000 migrations).
 */
export class SchemaTracker {
  private pending: Operation[] = [];

  constructor(private schema: SchemaSpec = { tables: [], enums: [] }) {}

  add(op: Operation): void {
    this.pending.push(op);
  }

  current(): SchemaSpec {
    if (this.pending.length === 0) return this.schema;
    const ops = this.pending;
    this.pending = [];
    try {
      this.schema = applyOperations(this.schema, ops);
    } catch {
      // raw SQL the tracker cannot follow left it behind: apply what fits, one by one
      for (const op of ops) {
        try {
          this.schema = applyOperations(this.schema, [op]);
        } catch {
          // skipped: renderers then see what is known
        }
      }
    }
    return this.schema;
  }
}

/**
 * Collects statements instead of running them. It follows the schema through the operations (from an
 * empty database, or from what earlier revisions built) so renderers that need a table's current
 * definition (SQLite rebuilds, MySQL MODIFY) get it without a database.
 */
export class OfflineSink implements StepSink {
  readonly failedStatement = null;
  readonly executed: ExecutedStatement[] = [];
  readonly ran: string[] = [];

  constructor(
    private readonly dialectImpl: Dialect,
    readonly progress: StepProgress,
    private readonly tracker: SchemaTracker,
    /** where statements go; null only follows the schema (replaying revisions before the range start) */
    private readonly emit: ((statement: string) => void) | null,
  ) {}

  get dialect(): DialectName {
    return this.dialectImpl.name;
  }

  get statementsDone(): number {
    return this.ran.length;
  }

  async run(op: Operation): Promise<void> {
    if (op.kind === 'execute') {
      this.raw(op.sql, op.params);
      return;
    }
    if (this.emit) {
      // the schema as the script has built it so far: the table and its triggers, as an online run would read them
      const context = this.dialectImpl.needsCurrentTable?.(op) && 'table' in op ? contextOf(this.tracker.current(), op.table, this.dialectImpl.defaultSchema) : undefined;
      for (const statement of this.dialectImpl.render(op, context)) this.write(statement);
    }
    this.tracker.add(op);
  }

  async query(sql: string, params?: readonly unknown[]): Promise<Rows> {
    this.raw(sql, params);
    return [];
  }

  /** raw SQL: parameters written as literals, a trailing `;` left to the script */
  private raw(sql: string, params: readonly unknown[] | undefined): void {
    if (this.emit) this.write(withoutTerminator(inlineParams(this.dialectImpl, sql, params), this.dialectImpl.sqlSyntax));
  }

  private write(statement: string): void {
    this.ran.push(statement);
    this.emit?.(statement);
  }
}
