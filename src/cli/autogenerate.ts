// Shared by `migrate` and `revision --autogenerate`: flags → decisions, prompts on a TTY, the report.
import { relative } from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import type { RenameCandidate, RenameDecisions } from '../diff/index.js';
import { unmanagedLine } from '../schema/unmanaged.js';
import { println } from './context.js';
import { describeOperation } from './describe-operation.js';
import { colors, interactive } from './io.js';

export interface AutogenerateFlags {
  message: string;
  head?: string;
  splice?: boolean;
  branchLabel?: string[];
  dependsOn?: string[];
  revId?: string;
  rename?: string[];
  notRenamed?: string[];
  backfill?: string[];
  backfillSql?: string[];
}

export function parseRenames(values: string[] = [], declined: string[] = []): RenameDecisions {
  const decisions: Required<RenameDecisions> = { tables: {}, columns: {}, declined: [...declined] };
  for (const value of values) {
    const match = /^([^:]+):([^:.]+)$/.exec(value.trim());
    if (!match?.[1] || !match[2]) throw new UsageError(`--rename "${value}": use table.old_column:new_column or old_table:new_table`);
    if (match[1].includes('.')) decisions.columns[match[1]] = match[2];
    else decisions.tables[match[1]] = match[2];
  }
  return decisions;
}

/** `table.column=rest` → [key, rest]; `flag` and `what` name the form in the error. */
function splitAssignment(value: string, flag: string, what: string, allowEmpty = false): [string, string] {
  const at = value.indexOf('=');
  const key = value.slice(0, at).trim();
  const rest = value.slice(at + 1);
  if (at <= 0 || !key.includes('.') || (!allowEmpty && rest.trim() === '')) throw new UsageError(`${flag} "${value}": use table.column=${what}`);
  return [key, rest];
}

export function parseBackfillSql(values: string[] = []): Record<string, string> {
  return Object.fromEntries(values.map((value) => splitAssignment(value, '--backfill-sql', 'SQL expression (e.g. posts.slug=lower(title))')));
}

export function parseBackfill(values: string[] = []): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const value of values) {
    const [key, raw] = splitAssignment(value, '--backfill', 'value', true);
    let parsed: unknown = raw;
    try {
      parsed = JSON.parse(raw);
    } catch {
      // not JSON: a plain string value
    }
    result[key] = parsed;
  }
  return result;
}

async function askRenames(candidates: RenameCandidate[]): Promise<RenameDecisions> {
  const { confirm } = await import('@inquirer/prompts');
  const decisions: Required<RenameDecisions> = { tables: {}, columns: {}, declined: [] };
  for (const c of candidates) {
    const what = c.kind === 'table' ? `table ${c.from} → ${c.to}` : `column ${c.table}.${c.from} → ${c.table}.${c.to}`;
    const yes = await confirm({ message: `Was ${what} renamed? (no = drop ${c.from} and its data, add ${c.to})`, default: true });
    if (!yes) decisions.declined.push(c.kind === 'table' ? c.from : `${c.table}.${c.from}`);
    else if (c.kind === 'table') decisions.tables[c.from] = c.to;
    else decisions.columns[`${c.table}.${c.from}`] = c.to;
  }
  return decisions;
}

export async function runAutogenerate(config: ResolvedConfig, flags: AutogenerateFlags): Promise<void> {
  const { autogenerate } = await import('../api/autogenerate.js');
  const canAsk = interactive();
  const result = await autogenerate(config, {
    message: flags.message,
    renames: parseRenames(flags.rename, flags.notRenamed),
    backfill: parseBackfill(flags.backfill),
    backfillSql: parseBackfillSql(flags.backfillSql),
    ...(canAsk ? { resolveRenames: askRenames } : {}),
    ...(flags.head ? { head: flags.head } : {}),
    ...(flags.splice ? { splice: true } : {}),
    ...(flags.branchLabel ? { branchLabels: flags.branchLabel } : {}),
    ...(flags.dependsOn ? { dependsOn: flags.dependsOn } : {}),
    ...(flags.revId ? { revId: flags.revId } : {}),
  });
  const unmanaged = unmanagedLine(result.unmanaged);
  if (unmanaged !== undefined) println(colors().yellow(unmanaged));
  if (!result.created) {
    for (const w of result.warnings) println(colors().yellow(`  WARNING ${w}`));
    println('No changes detected: models and database match (no file written)');
    return;
  }
  for (const op of result.operations) println(`  ${describeOperation(op)}`);
  for (const d of result.destructive) println(colors().yellow(`  WARNING destructive: ${d}`));
  for (const w of result.warnings) println(colors().yellow(`  WARNING ${w}`));
  for (const [key, value] of Object.entries(parseBackfill(flags.backfill))) {
    if (typeof value === 'string' && /^\w+\s*\(.*\)$/s.test(value.trim())) {
      println(colors().yellow(`  WARNING --backfill ${key}: '${value}' is written as a string; for a SQL expression use --backfill-sql ${key}=${value}`));
    }
  }
  println(`created ${relative(process.cwd(), result.created.file)} (revision ${result.created.revision}): review it, then \`athanor upgrade\``);
}
