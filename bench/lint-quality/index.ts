// npm run bench -- lint-quality: athanor's lint next to squawk (the PostgreSQL migration linter) on the
// labelled cases of test/fixtures/lint-cases. Both tools' findings are mapped to hazards (what would hurt a
// deploy: a blocking index build, a rewrite, a validation scan under lock, a drop…); style and configuration
// advice (prefer-text-field, prefer-robust-stmts, statement/lock timeouts, bigint/identity/timestamptz
// preferences) is left out. Per case: true = a labelled hazard reported, false = a hazard reported that the
// case does not have, missed = a labelled hazard not reported.
// squawk is installed into bench/lint-quality/node_modules on first use (not a dependency of athanor).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { athanorRules } from '../../test/fixtures/lint-cases/athanor.js';
import { CASES, type LintCase } from '../../test/fixtures/lint-cases/postgres-cases.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORK = path.join(HERE, '.work');
const SQUAWK = path.join(HERE, 'node_modules', '.bin', 'squawk');

/** athanor rule id → hazard. missing-lock-timeout is configuration (the runner sets one): left out. */
const ATHANOR_HAZARD: Record<string, string> = {
  'create-index-non-concurrently': 'blocking index build',
  'drop-index-non-concurrently': 'blocking index drop',
  'constraint-without-not-valid': 'validation under lock',
  'set-not-null-without-check': 'NOT NULL scan',
  'add-column-not-null-without-default': 'NOT NULL column without default',
  'type-change-rewrite': 'type change rewrite',
  'volatile-default': 'rewrite by default',
  'add-stored-generated-column': 'rewrite by default',
  'add-unique-constraint': 'blocking unique',
  'add-primary-key': 'blocking primary key',
  'rename-column': 'rename',
  'rename-table': 'rename',
  'drop-column': 'drop',
  'drop-table': 'drop',
  'concurrently-in-transaction': 'refused in a transaction',
  'transaction-control': 'transaction control',
  'backfill-in-ddl-transaction': 'backfill under DDL lock',
};

/** squawk rule → hazard; rules not listed are style or configuration advice. */
const SQUAWK_HAZARD: Record<string, string> = {
  'require-concurrent-index-creation': 'blocking index build',
  'require-concurrent-index-deletion': 'blocking index drop',
  'adding-foreign-key-constraint': 'validation under lock',
  'constraint-missing-not-valid': 'validation under lock',
  'adding-not-nullable-field': 'NOT NULL scan',
  'adding-required-field': 'NOT NULL column without default',
  'changing-column-type': 'type change rewrite',
  'adding-field-with-default': 'rewrite by default',
  // its message is the primary key's index build under ACCESS EXCLUSIVE
  'adding-serial-primary-key-field': 'blocking primary key',
  'disallowed-unique-constraint': 'blocking unique',
  'adding-primary-key-constraint': 'blocking primary key',
  'renaming-column': 'rename',
  'renaming-table': 'rename',
  'ban-drop-column': 'drop',
  'ban-drop-table': 'drop',
  'ban-concurrent-index-creation-in-transaction': 'refused in a transaction',
  'transaction-nesting': 'transaction control',
};

interface Tally {
  true: number;
  false: number;
  missed: number;
  details: string[];
}

function installSquawk(): void {
  if (existsSync(SQUAWK)) return;
  console.log('installing squawk into bench/lint-quality/node_modules (npm ci, once)…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: HERE, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm ci in bench/lint-quality failed');
}

function squawkVersion(): string {
  return spawnSync(SQUAWK, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

/** squawk's rule names for one case, run as squawk is meant to be run on a migration file. */
async function squawkRules(lintCase: LintCase): Promise<string[]> {
  const file = path.join(WORK, 'squawk', `${lintCase.id}.sql`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${lintCase.sql}\n`);
  const args = ['--reporter', 'json', '--pg-version', '15', ...(lintCase.nonTransactional ? [] : ['--assume-in-transaction']), file];
  const r = spawnSync(SQUAWK, args, { encoding: 'utf8' });
  const violations = JSON.parse(r.stdout || '[]') as Array<{ rule_name: string }>;
  return [...new Set(violations.map((v) => v.rule_name))].sort();
}

function hazardsOf(rules: readonly string[], map: Record<string, string>): Set<string> {
  return new Set(rules.flatMap((rule) => (map[rule] ? [map[rule]] : [])));
}

function score(tally: Tally, lintCase: LintCase, reported: Set<string>): void {
  const expected = hazardsOf(lintCase.expected, ATHANOR_HAZARD);
  for (const hazard of reported) {
    if (expected.has(hazard)) tally.true++;
    else {
      tally.false++;
      tally.details.push(`false  ${lintCase.id}: ${hazard}`);
    }
  }
  for (const hazard of expected) {
    if (!reported.has(hazard)) {
      tally.missed++;
      tally.details.push(`missed ${lintCase.id}: ${hazard}`);
    }
  }
}

export async function benchLintQuality(): Promise<void> {
  installSquawk();
  await rm(WORK, { recursive: true, force: true });
  const athanor: Tally = { true: 0, false: 0, missed: 0, details: [] };
  const squawk: Tally = { true: 0, false: 0, missed: 0, details: [] };
  const unmapped = new Set<string>();
  for (const lintCase of CASES) {
    score(athanor, lintCase, hazardsOf(await athanorRules(lintCase, path.join(WORK, 'athanor')), ATHANOR_HAZARD));
    const rules = await squawkRules(lintCase);
    for (const rule of rules) if (!SQUAWK_HAZARD[rule]) unmapped.add(rule);
    score(squawk, lintCase, hazardsOf(rules, SQUAWK_HAZARD));
  }
  const hazards = CASES.reduce((n, c) => n + hazardsOf(c.expected, ATHANOR_HAZARD).size, 0);
  console.log(`\nlint quality: ${CASES.length} PostgreSQL cases, ${hazards} labelled hazards (${CASES.filter((c) => c.expected.length === 0).length} safe cases)`);
  console.log('tool                 true  false  missed');
  for (const [name, tally] of [['athanor', athanor], [squawkVersion(), squawk]] as const) {
    console.log(`${name.padEnd(20)} ${String(tally.true).padStart(4)}  ${String(tally.false).padStart(5)}  ${String(tally.missed).padStart(6)}`);
  }
  for (const [name, tally] of [['athanor', athanor], ['squawk', squawk]] as const) {
    if (tally.details.length > 0) console.log(`\n${name}:\n  ${tally.details.join('\n  ')}`);
  }
  console.log(`\nsquawk rules counted as advice, not hazards: ${[...unmapped].sort().join(', ')}`);
}
