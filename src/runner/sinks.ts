// Where `op` calls go: executed on a connection (online) or collected as SQL text (offline --sql).
import type { Connection, DialectName } from '../drivers/connection.js';
import type { Dialect, RenderContext } from '../dialects/dialect.js';
import { lexSql } from '../dialects/shared/sql-lexer.js';
import { splitSqlStatements } from '../dialects/shared/sql-statements.js';
import { applyOperations } from '../diff/apply.js';
import type { CallSite, OperationSink } from '../operations/op.js';
import type { Operation } from '../operations/types.js';
import type { SchemaSpec, TableRef, TableSpec } from '../schema/types.js';

export interface OnlineSinkOptions {
  /** statements already run by an earlier, interrupted attempt: skipped (non-transactional resume) */
  skipStatements?: number;
  /** SQL recording the count of statements done so far (progress of non-transactional runs), run after each */
  progressSql?: (done: number) => string;
  /** called with every statement that ran (dry-run reports) */
  onExecuted?: (entry: ExecutedStatement) => void;
}

export interface ExecutedStatement {
  sql: string;
  rowCount: number;
  ms: number;
}

function sameTable(ref: TableRef, spec: TableSpec, defaultSchema: string): boolean {
  return spec.name === ref.name && (spec.schema ?? defaultSchema) === (ref.schema ?? defaultSchema);
}

const RETURNS_ROWS = /^\s*(?:select|with|show|explain|values|describe|desc|call)\b/i;

/** Executes each rendered statement at once, remembering the last one so a failure can name it. */
export class OnlineSink implements OperationSink {
  lastStatement: string | null = null;
  /** statements counted in this migration, including skipped ones */
  statementsDone = 0;
  /** the SQL this sink ran, in order */
  readonly executed: string[] = [];
  /** LOCK TABLES holds: the progress table cannot be written until UNLOCK TABLES */
  private tablesLocked = false;

  constructor(
    private readonly conn: Connection,
    private readonly dialectImpl: Dialect,
    private readonly options: OnlineSinkOptions = {},
  ) {}

  get dialect(): DialectName {
    return this.dialectImpl.name;
  }

  private async context(op: Operation): Promise<RenderContext | undefined> {
    if (!this.dialectImpl.needsCurrentTable?.(op) || !('table' in op)) return undefined;
    const ref = op.table;
    const schema = await this.dialectImpl.introspect(this.conn, {
      includeTables: [ref.name],
      ...(ref.schema ? { schemas: [ref.schema] } : {}),
    });
    return { currentTable: schema.tables.find((t) => sameTable(ref, t, this.dialectImpl.defaultSchema)) };
  }

  private async statement(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]> {
    if (this.statementsDone < (this.options.skipStatements ?? 0)) {
      this.statementsDone++;
      return [];
    }
    this.lastStatement = sql;
    this.executed.push(sql);
    const started = performance.now();
    const locks = this.dialectImpl.sessionTableLocks;
    if (locks) this.tablesLocked = locks.unlock.test(sql) ? false : this.tablesLocked || locks.lock.test(sql);
    const progress = this.tablesLocked ? undefined : this.options.progressSql?.(this.statementsDone + 1);
    const returnsRows = this.returnsRows(sql);
    if (progress && !params?.length && !returnsRows && this.dialectImpl.independentStatementBatches && !/;\s*$/.test(sql)) {
      // one round trip: the progress update runs only if the statement before it succeeded
      await this.conn.exec(`${sql};\n${progress}`);
      this.statementsDone++;
      return [];
    }
    const result = params && params.length > 0 ? await this.conn.query(sql, params) : await this.conn.query(sql);
    this.options.onExecuted?.({ sql, rowCount: result.rowCount, ms: performance.now() - started });
    this.statementsDone++;
    if (progress) await this.conn.exec(progress);
    return result.rows;
  }

  async run(op: Operation, _site?: CallSite): Promise<void> {
    if (op.kind === 'execute') {
      await this.query(op.sql, op.params);
      return;
    }
    for (const sql of this.dialectImpl.render(op, await this.context(op))) await this.statement(sql);
  }

  /** True when the SQL (any of its statements, where the server splits them) may return rows. */
  private returnsRows(sql: string): boolean {
    if (!sql.includes(';')) return RETURNS_ROWS.test(sql);
    return splitSqlStatements(sql, this.dialectImpl.sqlSyntax).some((statement) => RETURNS_ROWS.test(statement.sql));
  }

  /** Raw SQL, possibly several statements: they run one by one and the last one's rows are returned. */
  async query(sql: string, params?: readonly unknown[], _site?: CallSite): Promise<Record<string, unknown>[]> {
    const syntax = this.dialectImpl.sqlSyntax;
    if (params && params.length > 0) return this.statement(sql, params);
    const statements = splitSqlStatements(sql, syntax);
    const first = statements[0];
    const end = statements[statements.length - 1]?.tokens.at(-1)?.end;
    if (!first || end === undefined) return [];
    // the server splits compound statements itself: send the text whole, without a trailing terminator or comment
    if (syntax.statements.serverSplits) return this.statement(sql.slice(first.start, end));
    let rows: Record<string, unknown>[] = [];
    for (const statement of statements) rows = await this.statement(statement.sql);
    return rows;
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
export class OfflineSink implements OperationSink {
  readonly statements: string[] = [];

  constructor(
    private readonly dialectImpl: Dialect,
    private readonly tracker: SchemaTracker = new SchemaTracker(),
    /** false: only follow the schema (replaying revisions before the range start) */
    private readonly emit = true,
  ) {}

  get dialect(): DialectName {
    return this.dialectImpl.name;
  }

  async run(op: Operation): Promise<void> {
    if (op.kind === 'execute') {
      if (this.emit) this.statements.push(inlineParams(this.dialectImpl, op.sql, op.params));
      return;
    }
    if (this.emit) {
      const context =
        this.dialectImpl.needsCurrentTable?.(op) && 'table' in op
          ? { currentTable: this.tracker.current().tables.find((t) => sameTable(op.table, t, this.dialectImpl.defaultSchema)) }
          : undefined;
      this.statements.push(...this.dialectImpl.render(op, context));
    }
    this.tracker.add(op);
  }

  async query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]> {
    if (this.emit) this.statements.push(inlineParams(this.dialectImpl, sql, params));
    return [];
  }
}
