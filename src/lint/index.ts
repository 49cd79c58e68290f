// `athanor lint`: lock-safety and destructiveness checks for migrations, offline. Lint does not parse
// TypeScript: it runs each migration's upgrade() (and optionally downgrade()) against a recording sink and
// checks the operations and raw SQL it receives, in upgrade order, remembering what earlier migrations
// of the run did (see run-state.ts).
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { precompile } from '../loader/compile-cache.js';
import path from 'node:path';
import { loadDialect } from '../dialects/index.js';
import type { DialectName } from '../drivers/connection.js';
import { UsageError } from '../errors.js';
import { RevisionGraph } from '../revisions/graph.js';
import { displayPath } from '../loader/display-path.js';
import { loadRevisions } from '../loader/revisions.js';
import { migrationFormat, parseHeaderBytes, type RevisionHeader } from '../revisions/header.js';
import { LintCache, selfContained } from './cache.js';
import { finding, lintMigration, type Finding, type MigrationLintOptions } from './lint-migration.js';
import { RunState } from './run-state.js';
import { getRule, type Severity } from './rules.js';

export { RULES, type Rule, type RuleId, type Severity } from './rules.js';
export type { Finding } from './lint-migration.js';
export { LiveLint } from './live.js';
export { refusedCallFindings } from './lint-migration.js';
export { CleanCallsCache } from './clean-calls-cache.js';

export interface LintInput {
  migrationsDir: string;
  /** the folder's headers when the caller has just read them (upgrade): the folder is not read again */
  headers?: readonly RevisionHeader[];
  dialect: DialectName;
  /** only these revisions (full ids or unique prefixes of 4+ characters); default all */
  revisions?: string[];
  /** also check downgrade() (drop/rename rules are skipped there: undoing the upgrade is its job) */
  includeDowngrade?: boolean;
  /** the config's lockTimeoutMs (default 5000): 0 means the runner sets no lock_timeout at all */
  lockTimeoutMs?: number;
  /** how long one upgrade() may take offline before lint gives up on it (default 10 s) */
  timeoutMs?: number;
  /**
   * the chosen revisions are about to run together on a database at their ancestors (`upgrade`'s pending
   * ones): a table created by one of them is new, not existing, for the later ones. Default: each migration
   * is judged against the state before it (it may be deployed alone).
   */
  pendingRun?: boolean;
  /**
   * severity of lock hazards (index builds without CONCURRENTLY, validated constraints, rewrites…): 'error'
   * for a database that serves traffic while it migrates (config `safe: true`), 'warning' otherwise.
   * Default 'error'.
   */
  lockHazards?: Severity;
}

export interface LintReport {
  findings: Finding[];
  errors: number;
  warnings: number;
  /** migration files linted */
  files: number;
  /** migration files with at least one finding */
  filesWithFindings: number;
}

interface FileEntry {
  file: string;
  header?: RevisionHeader;
  /** why the header does not parse */
  headerError?: string;
}

export async function lintProject(input: LintInput): Promise<LintReport> {
  return (await lintFolder(input, true)) as LintReport;
}

/**
 * The same lint, only when it runs no migration code: the files are .sql ones, or their findings are cached by
 * checksum. Undefined otherwise (`upgrade` then lints those migrations as they run: lint/live.ts).
 */
export function lintProjectWithoutCode(input: LintInput): Promise<LintReport | undefined> {
  return lintFolder(input, false);
}

async function lintFolder(input: LintInput, mayRunCode: boolean): Promise<LintReport | undefined> {
  const entries = await folderEntries(input);
  const headers = entries.flatMap((entry) => (entry.header ? [entry.header] : []));
  // a pending run inside a squashed range goes through the originals; a whole-folder lint reads every file
  const graph = buildGraph(headers)?.forHeads(input.revisions ?? []);
  const graphFiles = new Set(graph?.all().map((h) => h.file));
  const order = graph ? [...graph.all(), ...headers.filter((h) => !graphFiles.has(h.file))] : headers;
  // a squash answers to the last id it replaces: select among the graph's nodes too
  const selected = input.revisions ? selectRevisions(input.revisions, [...(graph?.all() ?? []), ...headers]) : undefined;
  const needed = selected && graph ? graph.ancestors(selected, { inclusive: true }) : undefined;

  const findings: Finding[] = [];
  for (const entry of entries) {
    if (entry.header || selected) continue;
    findings.push(headerProblem(entry));
  }

  const runs = order.filter((h) => !needed || needed.has(h.revision)).map((header) => ({ header, report: !selected || selected.has(header.revision) }));
  const options = await runOptions(input, selected !== undefined);
  const cache = LintCache.open(path.resolve(input.migrationsDir));
  const textOf = fileTexts();
  // pending migrations alone first: the applied ones are loaded only when a finding depends on what they did
  const pendingOnly = options.pendingRun ? runs.filter((run) => run.report) : runs;
  let fresh = await cachedRun(cache, pendingOnly, textOf, options, mayRunCode);
  if (fresh && pendingOnly.length < runs.length && fresh.some((f) => NEEDS_HISTORY.has(f.rule))) fresh = await cachedRun(cache, runs, textOf, options, mayRunCode);
  if (!fresh) return undefined;
  findings.push(...fresh);

  const rank = new Map(order.map((header, index) => [header.file, index]));
  findings.sort(
    (a, b) =>
      (rank.get(a.file) ?? -1) - (rank.get(b.file) ?? -1) ||
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
  const judged = input.lockHazards === 'warning' ? findings.map(asWarningIfLockHazard) : findings;
  return {
    findings: judged,
    errors: judged.filter((f) => f.severity === 'error').length,
    warnings: judged.filter((f) => f.severity === 'warning').length,
    files: selected ? selected.size : entries.length,
    filesWithFindings: new Set(judged.map((f) => f.file)).size,
  };
}

async function runOptions(input: LintInput, selected: boolean): Promise<Omit<MigrationLintOptions, 'report'>> {
  const dialect = await loadDialect(input.dialect);
  return {
    dialect: input.dialect,
    transactionalDdl: dialect.capabilities.transactionalDdl,
    defaultSchema: dialect.defaultSchema,
    runnerSetsLockTimeout: (input.lockTimeoutMs ?? 5000) > 0,
    includeDowngrade: input.includeDowngrade === true,
    timeoutMs: input.timeoutMs ?? 10_000,
    pendingRun: input.pendingRun === true && selected,
  };
}

/**
 * Remembers the findings of an upgrade's pending migrations linted as they ran (lint/live.ts), under the key
 * the same lint would have offline: the next upgrade of the same files judges them before the run.
 */
export async function rememberPendingRun(input: LintInput & { revisions: string[] }, findings: Finding[]): Promise<void> {
  const headers = (await folderEntries(input)).flatMap((entry) => (entry.header ? [entry.header] : []));
  const graph = buildGraph(headers);
  if (!graph) return;
  const selected = selectRevisions(input.revisions, headers);
  const runs = graph.all().filter((h) => selected.has(h.revision)).map((header) => ({ header, report: true }));
  if (!runs.every((run) => selfContained(run.header))) return;
  const options = await runOptions(input, true);
  LintCache.open(path.resolve(input.migrationsDir)).save(LintCache.runKey(runs, options), findings);
}

/** A lock hazard on a database that does not serve traffic while it migrates: worth knowing, not a refusal. */
export function asWarningIfLockHazard(f: Finding): Finding {
  if (f.severity !== 'error' || !getRule(f.rule).lockHazard) return f;
  return { ...f, severity: 'warning', message: `${f.message} (an error with \`safe: true\`)` };
}

/** Rules whose verdict depends on earlier migrations (column types, validated NOT NULL checks). */
const NEEDS_HISTORY: ReadonlySet<string> = new Set(['type-change-rewrite', 'set-not-null-without-check']);

/** The findings of a run: from the cache when the same files were linted with the same options before. */
async function cachedRun(
  cache: LintCache,
  runs: ReadonlyArray<{ header: RevisionHeader; report: boolean }>,
  textOf: (file: string) => string,
  options: Omit<MigrationLintOptions, 'report'>,
  mayRunCode: boolean,
): Promise<Finding[] | undefined> {
  const key = LintCache.runKey(runs, options);
  const cached = cache.findings(key);
  if (cached) return cached;
  if (!mayRunCode && runs.some((run) => run.header.format !== 'sql')) return undefined;
  const fresh = await lintRun(runs, textOf, options);
  const trusted = runs.every((run) => selfContained(run.header)) && !fresh.some((f) => f.rule === 'parse-error' || f.rule === 'run-error' || f.rule === 'invalid-op-call');
  if (trusted) cache.save(key, fresh);
  return fresh;
}

/** Lints the migrations of one run in order, each seeing what the earlier ones did. */
async function lintRun(
  runs: ReadonlyArray<{ header: RevisionHeader; report: boolean }>,
  textOf: (file: string) => string,
  options: Omit<MigrationLintOptions, 'report'>,
): Promise<Finding[]> {
  await precompile(runs.map((run) => run.header));
  const state = new RunState();
  const findings: Finding[] = [];
  const previousLimit = Error.stackTraceLimit;
  // call sites are read from stacks: keep enough frames to reach the migration through helper functions
  Error.stackTraceLimit = Math.max(previousLimit, 50);
  try {
    for (const { header, report } of runs) findings.push(...(await lintMigration(header, textOf(header.file), state, { ...options, report })));
  } finally {
    Error.stackTraceLimit = previousLimit;
  }
  return findings;
}

/** One line per finding: `path:line:col  severity  rule-id  message — fix: …`. */
export function formatFindings(report: LintReport): string {
  return report.findings
    .map((f) => {
      const where = f.line !== undefined ? `${displayPath(f.file)}:${f.line}:${f.column ?? 1}` : displayPath(f.file);
      return `${where}  ${f.severity}  ${f.rule}  ${f.message} — fix: ${f.fix}`;
    })
    .join('\n');
}

/** `2 errors, 1 warning in 2 of 5 migration files` (`no findings in 5 migration files`) */
export function formatSummary(report: LintReport): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (report.findings.length === 0) return `no findings in ${plural(report.files, 'migration file')}`;
  return `${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')} in ${report.filesWithFindings} of ${plural(report.files, 'migration file')}`;
}

/** The folder's files: the headers the caller read (upgrade), else the folder read now. */
function folderEntries(input: LintInput): Promise<FileEntry[]> | FileEntry[] {
  return input.headers ? input.headers.map((header) => ({ file: header.file, header })) : readMigrationFolder(input.migrationsDir);
}

/**
 * Every migration file of the folder with its header; a file whose header does not parse has none. The
 * headers come from the header cache (a warm folder is stat'ed, not read); only when one does not parse is
 * the folder read file by file to say which.
 */
async function readMigrationFolder(dir: string): Promise<FileEntry[]> {
  const folder = path.resolve(dir);
  try {
    return (await loadRevisions(folder)).map((header) => ({ file: header.file, header }));
  } catch (error) {
    // a header that does not parse: read the folder file by file below, to name every such file
    if (!(error instanceof UsageError)) throw error;
  }
  let dirents;
  try {
    dirents = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`no migrations folder at ${displayPath(folder)}`, { cause: error });
    throw error;
  }
  const names = dirents.filter((d) => (d.isFile() || d.isSymbolicLink()) && migrationFormat(d.name) !== undefined).map((d) => d.name);
  return names.sort().map((name) => {
    const file = path.join(folder, name);
    try {
      return { file, header: parseHeaderBytes(readFileSync(file), file, displayPath(file)) };
    } catch (error) {
      if (error instanceof UsageError) return { file, headerError: error.message };
      throw error;
    }
  });
}

/** The text of a migration file, read once and only when a migration is linted (a cache hit reads none). */
function fileTexts(): (file: string) => string {
  const texts = new Map<string, string>();
  return (file) => {
    let text = texts.get(file);
    if (text === undefined) {
      text = readFileSync(file, 'utf8');
      texts.set(file, text);
    }
    return text;
  };
}

/** The header problem of a file, as a parse-error finding (positioned at the declaration it names). */
function headerProblem(entry: FileEntry): Finding {
  let message = entry.headerError ?? 'malformed header';
  const prefix = `${displayPath(entry.file)}: `;
  if (message.startsWith(prefix)) message = message.slice(prefix.length);
  const named = /`export const (\w+)|`-- ([a-z-]+):`/.exec(message);
  let position: { line: number; column: number } | undefined;
  if (named) {
    const pattern = named[1] ? new RegExp(`^[ \\t]*export[ \\t]+const[ \\t]+${named[1]}\\b`, 'm') : new RegExp(`^[ \\t]*--[ \\t]*${named[2]}[ \\t]*:`, 'im');
    const text = readFileSync(entry.file, 'utf8');
    const match = pattern.exec(text);
    if (match) {
      const before = text.slice(0, match.index);
      position = { line: before.split('\n').length, column: match.index - before.lastIndexOf('\n') };
    }
  }
  return finding('parse-error', entry.file, `bad migration header: ${message}`, position ? { position } : {});
}

/** The revision graph, or undefined when it does not build (lint then goes by file name order). */
function buildGraph(headers: RevisionHeader[]): RevisionGraph | undefined {
  try {
    return RevisionGraph.build(headers);
  } catch (error) {
    if (error instanceof UsageError) return undefined;
    throw error;
  }
}

function selectRevisions(wanted: string[], headers: RevisionHeader[]): Set<string> {
  const selected = new Set<string>();
  // one set, not a scan of every header per id: upgrade asks for each of its pending revisions (1000 × 2000)
  const revisions = new Set(headers.map((h) => h.revision));
  for (const id of wanted) {
    if (revisions.has(id)) {
      selected.add(id);
      continue;
    }
    const matches = id.length >= 4 ? [...new Map(headers.filter((h) => h.revision.startsWith(id)).map((h) => [h.revision, h])).values()] : [];
    if (matches.length === 1) selected.add((matches[0] as RevisionHeader).revision);
    else if (matches.length > 1) throw new UsageError(`revision prefix '${id}' is ambiguous: ${matches.map((h) => h.revision).join(', ')}`);
    else throw new UsageError(`unknown revision '${id}'`);
  }
  return selected;
}
