// Lints one migration file: load it, record upgrade (and optionally downgrade) offline, turn the recorded
// calls into actions, run the rules, apply the file's suppression comments.
import type { SqlSyntax } from '../dialects/shared/sql-lexer.js';
import { sqlSyntaxOf } from '../dialects/sql-syntax.js';
import type { DialectName } from '../drivers/connection.js';
import type { RevisionHeader } from '../revisions/header.js';
import { loadMigrationModule, type MigrationFn, type MigrationModule } from '../loader/migration-module.js';
import { parseSqlMigration } from '../loader/sql-migration.js';
import type { Action } from './actions.js';
import { MigrationAnalysis, type AnalyzedCall, type RawFinding } from './analyze.js';
import { actionsOfOperation } from './from-operation.js';
import { actionsOfSql } from './from-sql.js';
import { FileMatcher, loadProblem, positionAt, type Position } from '../loader/positions.js';
import { refusedLiteralCalls } from './literal-calls.js';
import { recordMigration, type RecordedCall, type Recording } from './record.js';
import { UsageError } from '../errors.js';
import { getRule, type RuleId, type Severity } from './rules.js';
import type { RunState } from './run-state.js';
import { isSuppressed, parseSuppressions, type Suppressions } from './suppressions.js';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** absolute path of the migration file */
  file: string;
  line?: number;
  column?: number;
  revision?: string;
  /** the table the finding is about, as `schema.name` with '' for the default schema */
  table?: string;
  message: string;
  fix: string;
}

export interface MigrationLintOptions {
  dialect: DialectName;
  /** the dialect runs DDL in transactions (PostgreSQL, SQLite) */
  transactionalDdl: boolean;
  runnerSetsLockTimeout: boolean;
  includeDowngrade: boolean;
  timeoutMs: number;
  /** findings are wanted (false: only the run state is advanced, for an ancestor of the linted revisions) */
  report: boolean;
  /** the reported migrations run together on a database at their ancestors (an upgrade's pending ones) */
  pendingRun: boolean;
  /** the schema a table named without one lives in (Dialect.defaultSchema) */
  defaultSchema: string;
}

export function finding(rule: RuleId, file: string, message: string, extra: { position?: Position; revision?: string; fix?: string; table?: string } = {}): Finding {
  const definition = getRule(rule);
  return {
    rule,
    severity: definition.severity,
    file,
    ...(extra.position ? { line: extra.position.line, column: extra.position.column } : {}),
    ...(extra.revision !== undefined ? { revision: extra.revision } : {}),
    ...(extra.table !== undefined ? { table: extra.table } : {}),
    message,
    fix: extra.fix ?? definition.fix,
  };
}

export async function lintMigration(header: RevisionHeader, text: string, state: RunState, options: MigrationLintOptions): Promise<Finding[]> {
  const revision = header.revision;
  let module: MigrationModule;
  try {
    module = await loadMigrationModule(header, options.dialect);
  } catch (error) {
    if (!options.report) return [];
    const problem = loadProblem(error, header.file);
    return [finding('parse-error', header.file, `cannot load the migration: ${problem.message}`, { revision, ...(problem.position ? { position: problem.position } : {}) })];
  }

  const transactional = module.transactional && options.transactionalDdl;
  const raw: Array<RawFinding & { downgrade?: true }> = [];
  raw.push(...(await lintFunction(module.upgrade, 'upgrade', state)));
  if (options.includeDowngrade && module.downgrade && options.report) {
    for (const found of await lintFunction(module.downgrade, 'downgrade', state.clone())) raw.push({ ...found, downgrade: true });
  }
  if (!options.report) return [];

  const suppressions = parseSuppressions(text);
  const findings = unsuppressed(raw, suppressions, header);
  findings.push(...suppressionProblems(suppressions, header));
  return findings;

  async function lintFunction(fn: MigrationFn, direction: 'upgrade' | 'downgrade', runState: RunState): Promise<RawFinding[]> {
    const recording = await recordMigration(fn, options.dialect, options.timeoutMs);
    const analysis = new MigrationAnalysis({
      dialect: options.dialect,
      transactional,
      direction,
      runnerSetsLockTimeout: options.runnerSetsLockTimeout,
      state: runState,
      runScoped: options.pendingRun && options.report,
    });
    // positions cost a stack parse and a source-map lookup each: computed only for calls that get a finding
    let positions: Array<Position | undefined> | undefined;
    const positionOf = (index: number): Position | undefined => {
      positions ??= callPositions(header, text, direction, recording.calls, sqlSyntaxOf(options.dialect));
      return positions[index];
    };
    recording.calls.forEach((call, index) => {
      analysis.call({
        actions: actionsOf(call, recording.calls[index - 1], runState, sqlSyntaxOf(options.dialect), options.defaultSchema),
        source: 'sql' in call ? 'sql' : 'op',
        get position() {
          return positionOf(index);
        },
      });
    });
    const found = [...analysis.findings];
    if (recording.error !== undefined) found.push(throwFinding(recording, direction, header.file));
    if (header.format !== 'sql' && options.report) await addLiteralRefusals(found, text, direction, options.dialect);
    return found;
  }
}

/**
 * The literal calls Op refuses (literal-calls.ts: what `upgrade`/`downgrade` refuse before a run) are errors here
 * too, wherever they are: a throw the offline run classed as `run-error` (a read came first) at such a call is one,
 * and a call the offline run never reached (a branch for another dialect, after an earlier throw) is reported.
 */
async function addLiteralRefusals(found: RawFinding[], text: string, direction: 'upgrade' | 'downgrade', dialect: DialectName): Promise<void> {
  for (const call of await refusedLiteralCalls(text, direction, dialect)) {
    const at = found.findIndex((f) => (f.rule === 'invalid-op-call' || f.rule === 'run-error') && f.position?.line === call.line);
    if (at !== -1 && found[at]?.rule === 'invalid-op-call') continue;
    const refusal: RawFinding = { rule: 'invalid-op-call', position: { line: call.line, column: call.column }, message: `${direction}() stops here: ${call.message}`, fix: getRule('invalid-op-call').fix };
    if (at === -1) found.push(refusal);
    else found[at] = refusal;
  }
}

/**
 * `invalid-op-call` findings for the literal calls of a migration's `upgrade()` or `downgrade()` that Op refuses
 * (none for a `.sql` file), in the file's order: what `upgrade`/`downgrade` refuse before running anything.
 */
export async function refusedCallFindings(header: RevisionHeader, text: string, direction: 'upgrade' | 'downgrade', dialect: DialectName): Promise<Finding[]> {
  if (header.format === 'sql') return [];
  return (await refusedLiteralCalls(text, direction, dialect)).map((call) =>
    finding('invalid-op-call', header.file, `${direction}() makes a call athanor refuses: ${call.message}`, { revision: header.revision, position: call }),
  );
}

/**
 * What a throw while recording is. athanor refusing an op call (a UsageError: the call's arguments are wrong)
 * is an error, in the words `upgrade` stops with, unless the migration read something first: offline every
 * query returns no rows, so arguments built from rows may be wrong here only. Any other throw may depend on
 * the database too (code that reads rows, a timeout): a warning that the calls after it were not checked.
 */
function throwFinding(recording: Recording, direction: 'upgrade' | 'downgrade', file: string): RawFinding {
  const problem = loadProblem(recording.error, file, { unwrapCause: false });
  const position = problem.position ? { position: problem.position } : {};
  const readFirst = recording.calls.some((call) => 'sql' in call);
  if (recording.error instanceof UsageError && !readFirst) {
    return { rule: 'invalid-op-call', ...position, message: `${direction}() stops here: ${recording.error.message}`, fix: getRule('invalid-op-call').fix };
  }
  return {
    rule: 'run-error',
    ...position,
    message: `${direction}() threw offline after ${recording.calls.length} call(s): ${problem.message}`,
    fix: getRule('run-error').fix,
  };
}

/** The findings of a migration's raw findings that no suppression comment of the file silences. */
export function unsuppressed(raw: ReadonlyArray<RawFinding & { downgrade?: true }>, suppressions: Suppressions, header: RevisionHeader): Finding[] {
  const findings: Finding[] = [];
  for (const found of raw) {
    const definition = getRule(found.rule);
    if (definition.suppressible && isSuppressed(suppressions, found.rule, found.position?.line)) continue;
    const message = found.downgrade ? `downgrade: ${found.message}` : found.message;
    const extra = { revision: header.revision, fix: found.fix, ...(found.table !== undefined ? { table: found.table } : {}), ...(found.position ? { position: found.position } : {}) };
    findings.push(finding(found.rule, header.file, message, extra));
  }
  return findings;
}

/** Suppression comments naming unknown rules (or none), as findings. */
export function suppressionProblems(suppressions: Suppressions, header: RevisionHeader): Finding[] {
  return suppressions.problems.map((problem) => finding('invalid-suppression', header.file, problem.message, { revision: header.revision, position: { line: problem.line, column: problem.column } }));
}

/** What lint reasons about in one recorded (or issued) call. */
export function actionsOf(call: RecordedCall, previous: RecordedCall | undefined, state: RunState, syntax: SqlSyntax, defaultSchema: string): Action[] {
  if ('sql' in call) return actionsOfSql(call.sql, syntax, defaultSchema);
  const actions = actionsOfOperation(call.operation, { knownType: (table, column) => state.knownType(table, column), syntax, defaultSchema });
  // op.addColumn(…, t.x().references()/.unique()/.primaryKey()) runs its constraint ops with the same call site
  const column = previous && 'operation' in previous && previous.operation.kind === 'addColumn' && previous.site === call.site ? previous.operation.column.name : undefined;
  if (column === undefined) return actions;
  return actions.map((action) => (action.kind === 'addConstraint' ? { ...action, viaColumn: column } : action));
}

export function callPositions(
  header: RevisionHeader,
  text: string,
  direction: 'upgrade' | 'downgrade',
  calls: RecordedCall[],
  syntax: SqlSyntax,
): Array<Position | undefined> {
  if (header.format === 'sql') {
    try {
      const parsed = parseSqlMigration(text, header.file, syntax);
      return ((direction === 'upgrade' ? parsed.upgrade : parsed.downgrade) ?? []).map((statement) => positionAt(text, statement.offset));
    } catch {
      return [];
    }
  }
  const matcher = new FileMatcher(header.file);
  return calls.map((call) => (call.site ? matcher.positionInStack(call.site.stack) : undefined));
}
