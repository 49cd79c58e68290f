// Where `op` calls go: executed on a connection (online) or collected as SQL text (offline --sql).
import type { Connection, DialectName } from '../drivers/connection.js';
import type { Dialect } from '../dialects/dialect.js';
import type { OperationSink } from '../operations/op.js';
import type { Operation } from '../operations/types.js';

/** Executes each rendered statement at once, remembering the last one so a failure can name it. */
export class OnlineSink implements OperationSink {
  lastStatement: string | null = null;
  statementsRun = 0;

  constructor(
    private readonly conn: Connection,
    private readonly dialectImpl: Dialect,
  ) {}

  get dialect(): DialectName {
    return this.dialectImpl.name;
  }

  async run(op: Operation): Promise<void> {
    if (op.kind === 'execute') {
      await this.query(op.sql, op.params);
      return;
    }
    for (const statement of this.dialectImpl.render(op)) {
      this.lastStatement = statement;
      await this.conn.exec(statement);
      this.statementsRun++;
    }
  }

  async query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]> {
    this.lastStatement = sql;
    const result = params && params.length > 0 ? await this.conn.query(sql, params) : await this.conn.query(sql);
    this.statementsRun++;
    return result.rows;
  }
}

/** Inline $1 / ? placeholders as literals, for offline SQL. */
export function inlineParams(dialect: Dialect, sql: string, params: readonly unknown[] | undefined): string {
  if (!params || params.length === 0) return sql;
  if (dialect.name === 'postgres') {
    return sql.replace(/\$(\d+)/g, (whole, index: string) => {
      const i = Number(index) - 1;
      return i < params.length ? dialect.literal(params[i]) : whole;
    });
  }
  let next = 0;
  return sql.replace(/\?/g, (whole) => (next < params.length ? dialect.literal(params[next++]) : whole));
}

/** Collects statements instead of running them. */
export class OfflineSink implements OperationSink {
  readonly statements: string[] = [];

  constructor(private readonly dialectImpl: Dialect) {}

  get dialect(): DialectName {
    return this.dialectImpl.name;
  }

  async run(op: Operation): Promise<void> {
    if (op.kind === 'execute') {
      this.statements.push(inlineParams(this.dialectImpl, op.sql, op.params));
      return;
    }
    this.statements.push(...this.dialectImpl.render(op));
  }

  async query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]> {
    this.statements.push(inlineParams(this.dialectImpl, sql, params));
    return [];
  }
}
