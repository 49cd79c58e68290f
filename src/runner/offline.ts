// `--sql`: the plan written as a script instead of executed, through the same loop as an online run
// (execute.ts), version table statements included.
import type { Dialect } from '../dialects/dialect.js';
import { scriptStatement } from '../dialects/shared/sql-statements.js';
import { sqlLineComment } from '../dialects/shared/sql-text.js';
import type { MigrationModule } from '../loader/migration-module.js';
import { Op } from '../operations/op.js';
import type { RevisionGraph } from '../revisions/graph.js';
import type { Step } from '../revisions/version-rows.js';
import { runSteps } from './execute.js';
import type { RunOutput, StepSink, StepStart } from './output.js';
import { noProgress } from './progress.js';
import { OfflineSink, SchemaTracker } from './sinks.js';
import { versionTablesDdl } from './version-store.js';

class ScriptOutput implements RunOutput {
  readonly live = false;
  readonly lines: string[] = [];

  constructor(
    readonly dialect: Dialect,
    /** follows the schema through the script, for renderers that need a table's current definition */
    private readonly tracker: SchemaTracker,
    /** the lock timeout each migration sets, as online (whoever runs the script retries one that hits it) */
    private readonly lockTimeoutMs?: number,
  ) {}

  async prepare(): Promise<void> {
    await this.send(versionTablesDdl(this.dialect));
  }

  async finish(): Promise<undefined> {
    return undefined;
  }

  async send(statements: readonly string[]): Promise<void> {
    for (const statement of statements) this.write(statement);
  }

  async open(statements: readonly string[]): Promise<void> {
    await this.send(statements);
  }

  beginStatements(): string[] {
    const { lockTimeoutMs } = this;
    return [this.dialect.beginSql, ...(lockTimeoutMs && this.dialect.lockTimeoutSql ? [this.dialect.lockTimeoutSql(lockTimeoutMs)] : [])];
  }

  async verify(): Promise<void> {
    // checked by the database that runs the script
  }

  async rollback(): Promise<void> {
    // nothing ran
  }

  comment(text: string): void {
    this.lines.push('', sqlLineComment(text));
  }

  async openStep({ transactional }: StepStart): Promise<StepSink> {
    // autocommit: each statement waits for locks under the session's timeout, not a SET LOCAL one
    if (!transactional && this.lockTimeoutMs && this.dialect.sessionLockTimeoutSql) this.write(this.dialect.sessionLockTimeoutSql(this.lockTimeoutMs));
    return new OfflineSink(this.dialect, noProgress(this.dialect), this.tracker, (statement) => this.write(statement));
  }

  /** `sql;`, or wrapped in DELIMITER lines where the client would cut it at an inner `;` (MySQL bodies) */
  private write(statement: string): void {
    this.lines.push(scriptStatement(statement, this.dialect.sqlSyntax));
  }
}

export async function renderPlanSql(
  dialect: Dialect,
  graph: RevisionGraph,
  startHeads: string[],
  steps: Step[],
  modules: ReadonlyMap<string, MigrationModule>,
  /** revisions already applied at the range start, replayed silently so the schema is known (SQLite/MySQL) */
  replay: readonly MigrationModule[] = [],
  options: { transactionPerMigration?: boolean; lockTimeoutMs?: number } = {},
): Promise<string> {
  const tracker = new SchemaTracker();
  for (const module of replay) {
    const op = new Op(new OfflineSink(dialect, noProgress(dialect), tracker, null));
    await module.upgrade(op);
    await op.settle();
  }
  const output = new ScriptOutput(dialect, tracker, options.lockTimeoutMs);
  await runSteps(output, { graph, startHeads, steps, modules }, { transactionPerMigration: options.transactionPerMigration ?? true });
  return [...output.lines, ''].join('\n');
}
