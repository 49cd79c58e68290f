// The lint gate of `upgrade`: lint errors in the pending migrations stop the run. What can be judged without
// running migration code (.sql files, and files whose findings are cached by checksum) is judged before the
// database is touched; the other migrations are judged as they run, each call before it executes
// (lint/live.ts), so their code runs once (issue 14.8). The pending migrations are judged together and against
// the database as it is before the run: a table created earlier in the run, or one with no rows, serves no
// traffic, so lock hazards on it are not refused; on embedded PGlite no other session exists to block at all.
import { readFileSync } from 'node:fs';
import type { ResolvedConfig } from '../config/types.js';
import type { Dialect } from '../dialects/dialect.js';
import type { Connection } from '../drivers/connection.js';
import { parseDatabaseUrl } from '../drivers/url.js';
import { UsageError } from '../errors.js';
import type { Finding, LintInput, LintReport } from '../lint/index.js';
import type { TableKey } from '../lint/actions.js';
import type { RevisionGraph } from '../revisions/graph.js';
import type { RevisionHeader } from '../revisions/header.js';
import type { Step } from '../revisions/version-rows.js';
import type { CallGuard, StepGuard } from '../runner/call-guard.js';
import type { ColumnType, TableSpec } from '../schema/types.js';

type Lint = typeof import('../lint/index.js');

/** How to get past a refusal, with the comment a .sql file takes (`--`) or a TS/JS one (`//`). */
const fixFor = (file: string): string =>
  `fix it, suppress it with \`${file.endsWith('.sql') ? '--' : '//'} athanor-lint-disable-next-line <rule>\`, or pass --no-lint`;

/**
 * Refuses, before anything runs, a pending migration whose `upgrade()` (`downgrade()` for a downgrade) makes an op
 * call athanor refuses whatever the database holds (literal arguments: lint/literal-calls.ts). The live gate meets
 * such a call only when the run reaches it, after the calls before it ran, which stay where DDL commits (MariaDB,
 * `transactional = false`), and after the migrations before it in the run.
 */
export async function refuseRefusedCalls(config: ResolvedConfig, graph: RevisionGraph, steps: readonly Step[]): Promise<void> {
  const lint = await import('../lint/index.js');
  const clean = lint.CleanCallsCache.open(config.migrationsDir);
  try {
    for (const step of steps) {
      const header = graph.get(step.revision);
      if (header.format === 'sql') continue;
      const direction = step.direction === 'up' ? 'upgrade' : 'downgrade';
      const key = lint.CleanCallsCache.key(header.checksum, direction, config.dialect);
      if (clean.has(key)) continue;
      const [first] = await lint.refusedCallFindings(header, readFileSync(header.file, 'utf8'), direction, config.dialect);
      if (first === undefined) {
        clean.add(key);
        continue;
      }
      const where = `${header.shownAs}${first.line !== undefined ? `:${first.line}:${first.column ?? 1}` : ''}`;
      throw new UsageError(`${where}: ${first.message}; nothing ran: fix the call (\`athanor lint\` shows every one)`);
    }
  } finally {
    clean.save();
  }
}

export interface LiveLintGate {
  guard: CallGuard;
  /** after a run that went through: remember its findings, so the same files are judged up front next time */
  remember(): Promise<void>;
}

/**
 * Judges what can be judged up front (throws a UsageError at the first error, the database untouched) and
 * returns the guard that judges the rest as it runs, or undefined when nothing is left to judge.
 */
export async function openLintGate(
  config: ResolvedConfig,
  graph: RevisionGraph,
  steps: readonly Step[],
  conn: Connection,
  dialect: Dialect,
  headers: readonly RevisionHeader[],
): Promise<LiveLintGate | undefined> {
  const lint = await import('../lint/index.js');
  const judge = new Judge(lint, config, conn, dialect);
  const input = (revisions: readonly Step[]): LintInput => ({
    migrationsDir: config.migrationsDir,
    headers,
    dialect: config.dialect,
    lockTimeoutMs: config.lockTimeoutMs,
    revisions: revisions.map((s) => s.revision),
    pendingRun: true,
    lockHazards: config.safe ? 'error' : 'warning',
  });
  const whole = await lint.lintProjectWithoutCode(input(steps));
  if (whole) {
    await judge.refuseUpFront(whole);
    return undefined;
  }
  // the .sql files before the first TS/JS one run no code and see only each other: judged now
  let upFront = 0;
  while (upFront < steps.length && graph.get((steps[upFront] as Step).revision).format === 'sql') upFront++;
  const sqlFirst = upFront > 0 ? await lint.lintProjectWithoutCode(input(steps.slice(0, upFront))) : undefined;
  if (sqlFirst) await judge.refuseUpFront(sqlFirst);
  else upFront = 0;
  const judgedBefore = new Set(steps.slice(0, upFront).map((s) => s.revision));
  const live = new lint.LiveLint({
    dialect: config.dialect,
    defaultSchema: dialect.defaultSchema,
    runnerSetsLockTimeout: config.lockTimeoutMs > 0,
    columnType: (table, column) => judge.columnType(table, column),
  });
  // what a run that goes through found (warnings, suppression problems): `athanor lint` shows them, the cache keeps them
  const findings = new Map<string, Finding[]>();
  const guard: CallGuard = {
    openStep(step, module, transactional): StepGuard {
      const migration = live.migration(module.header, transactional, !judgedBefore.has(step.revision));
      const found: Finding[] = [];
      return {
        wantsCallSites: migration.wantsCallSites,
        async check(call) {
          const now = await migration.check(call);
          const first = (await judge.errors(now))[0];
          if (first) throw new UsageError(`lint refused this call before it ran: ${lint.formatFindings({ findings: [first], errors: 1, warnings: 0, files: 1, filesWithFindings: 1 }).replace(/\s+/g, ' ')}; ${fixFor(first.file)}`);
          found.push(...now);
        },
        done() {
          findings.set(step.revision, [...found, ...migration.problems()]);
        },
      };
    },
  };
  const remember = async (): Promise<void> => {
    if (upFront > 0 || live.consultedDatabase) return;
    await lint.rememberPendingRun({ ...input(steps), revisions: steps.map((s) => s.revision) }, steps.flatMap((s) => findings.get(s.revision) ?? []));
  };
  return { guard, remember };
}

/** Which findings refuse the run: errors, lock hazards only with `safe: true` and only on tables with rows. */
class Judge {
  private readonly lockHazard: ReadonlySet<string>;
  private readonly embedded: boolean;
  private readonly tables = new Map<TableKey, TableSpec | undefined>();
  private readonly rows = new Map<TableKey, boolean>();

  constructor(
    private readonly lint: Lint,
    private readonly config: ResolvedConfig,
    private readonly conn: Connection,
    private readonly dialect: Dialect,
  ) {
    this.lockHazard = new Set<string>(lint.RULES.filter((r) => r.lockHazard).map((r) => r.id));
    this.embedded = config.url !== null && parseDatabaseUrl(config.url).driver === 'pglite';
  }

  async refuseUpFront(report: LintReport): Promise<void> {
    if (report.errors === 0) return;
    const errors = await this.errors(report.findings, { judged: true });
    if (errors.length === 0) return;
    const first = this.lint.formatFindings({ ...report, findings: errors.slice(0, 1) }).split('\n')[0] ?? '';
    throw new UsageError(`lint found ${errors.length} error(s) in the pending migrations (run \`athanor lint\`): ${first.replace(/\s+/g, ' ')}; ${fixFor(errors[0]?.file ?? '')}`);
  }

  /** The findings that refuse the run. `judged`: severities already follow `safe` (a LintReport's). */
  async errors(findings: readonly Finding[], { judged = false } = {}): Promise<Finding[]> {
    const errors: Finding[] = [];
    for (const found of findings) {
      const f = judged || this.config.safe ? found : this.lint.asWarningIfLockHazard(found);
      if (f.severity !== 'error') continue;
      if (this.embedded && this.lockHazard.has(f.rule)) continue;
      // a NOT NULL column without a default fails only when the table has rows
      const rowRule = this.lockHazard.has(f.rule) || f.rule === 'add-column-not-null-without-default';
      if (rowRule && f.table !== undefined && !(await this.hasRows(f.table))) continue;
      errors.push(f);
    }
    return errors;
  }

  async columnType(table: TableKey, column: string): Promise<ColumnType | undefined> {
    return (await this.table(table))?.columns.find((c) => c.name === column)?.type;
  }

  /** False when the table has no rows, or does not exist (it is created by an earlier step of the run). */
  private async hasRows(table: TableKey): Promise<boolean> {
    let answer = this.rows.get(table);
    if (answer === undefined) {
      const spec = await this.table(table);
      const qualified = spec ? (spec.schema ? `${this.dialect.quoteIdent(spec.schema)}.` : '') + this.dialect.quoteIdent(spec.name) : undefined;
      answer = qualified !== undefined && (await this.conn.query(`SELECT 1 AS one FROM ${qualified} LIMIT 1`)).rows.length > 0;
      this.rows.set(table, answer);
    }
    return answer;
  }

  /** The table as the database has it (introspection reads the catalog: no error can break a transaction). */
  private async table(key: TableKey): Promise<TableSpec | undefined> {
    if (!this.tables.has(key)) {
      const dot = key.indexOf('.');
      const schema = key.slice(0, dot);
      const name = key.slice(dot + 1);
      const found = await this.dialect.introspect(this.conn, { includeTables: [name], ...(schema ? { schemas: [schema] } : {}) });
      this.tables.set(key, found.tables.find((t) => t.name === name));
    }
    return this.tables.get(key);
  }
}

/** Runs `work` with stacks deep enough to reach a migration's line through its helper functions (when `deep`). */
export async function withCallSites<T>(deep: boolean, work: () => Promise<T>): Promise<T> {
  const previous = Error.stackTraceLimit;
  if (deep) Error.stackTraceLimit = Math.max(previous, 50);
  try {
    return await work();
  } finally {
    Error.stackTraceLimit = previous;
  }
}
