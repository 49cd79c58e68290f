// Side by side with drizzle-kit: the same Drizzle schema through the same 13 model changes (steps.ts). drizzle-kit
// generate's SQL (offline) is applied to database A, athanor's generated migrations (migrate + upgrade) to database
// B; after each step the two catalogs are compared (test/support/catalog.ts), and athanor also rolls the step
// back (downgrade -1 must give the previous catalog) and forward again.
//   node --import tsx scripts/drizzle-kit-compare/compare.ts [postgres] [mysql] [sqlite]   (servers as in test/)
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection } from '../../src/drivers/open.js';
import { catalogDifferences, readCatalog } from '../../test/support/catalog.js';
import { createProject, REPO_ROOT } from '../../test/support/project.js';
import { mysqlTarget, postgresTarget, sqliteTarget, type TestTarget } from '../../test/support/targets.js';
import { schemaSource, states, type Dialect } from './steps.js';

const TARGETS: Record<Dialect, TestTarget> = { postgres: postgresTarget, mysql: mysqlTarget, sqlite: sqliteTarget };
const KIT_DIALECT: Record<Dialect, string> = { postgres: 'postgresql', mysql: 'mysql', sqlite: 'sqlite' };

interface StepResult {
  step: number;
  change: string;
  kitStatements: number;
  kitError?: string;
  athanorOps: string;
  differences: string[];
  rollback: string;
  /** athanor check (the same Drizzle models) against the database drizzle-kit built, stamped at head */
  checkOnKit: string;
}

function newestSql(dir: string): string | undefined {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.sql')).sort().pop();
  } catch {
    return undefined;
  }
}

async function applyKitSql(url: string, sql: string): Promise<{ count: number; error?: string }> {
  const statements = sql.split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean);
  const conn = await openConnection(url);
  try {
    for (const statement of statements) {
      try {
        await conn.exec(statement);
      } catch (error) {
        return { count: statements.length, error: `${statement.split('\n')[0]} → ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    return { count: statements.length };
  } finally {
    await conn.close();
  }
}

async function run(dialect: Dialect): Promise<StepResult[]> {
  const target = TARGETS[dialect];
  const kitDb = await target.create('dkit');
  const athDb = await target.create('dath');
  const project = createProject(athDb.url, dialect);
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(project.dir, 'node_modules'));
  project.write('athanor.config.json', JSON.stringify({ dialect, migrations: 'migrations', models: './schema.ts' }));
  const results: StepResult[] = [];
  const kitOut = join(project.dir, 'drizzle');
  const sqlLog: string[] = [];
  try {
    for (const [i, { change, state }] of states().entries()) {
      project.write('schema.ts', schemaSource(dialect, state));
      const before = newestSql(kitOut);
      const kit = spawnSync(join(REPO_ROOT, 'node_modules/.bin/drizzle-kit'), ['generate', '--dialect', KIT_DIALECT[dialect], '--schema', './schema.ts', '--out', './drizzle', '--name', `step${i}`], {
        cwd: project.dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 120_000,
      });
      const file = newestSql(kitOut);
      let kitStatements = 0;
      let kitError: string | undefined;
      if (kit.status !== 0) kitError = `drizzle-kit exited ${kit.status}: ${(kit.stderr || kit.stdout).trim().split('\n').slice(-3).join(' ')}`;
      else if (file && file !== before) {
        const sql = readFileSync(join(kitOut, file), 'utf8');
        sqlLog.push(`-- step ${i}: ${change}\n${sql}`);
        const applied = await applyKitSql(kitDb.url, sql);
        kitStatements = applied.count;
        if (applied.error) kitError = applied.error;
      }
      const athBefore = await readCatalog(athDb.url);
      const m = await project.cli(['migrate', '-m', `step ${i}`]);
      const ops = m.stdout.split('\n').filter((l) => l.startsWith('  ') && !l.includes('WARNING')).length;
      const athanorOps = m.code === 0 ? String(ops) : `migrate exit ${m.code}: ${m.stderr.trim()}`;
      const u = await project.cli(['upgrade']);
      if (u.code !== 0) throw new Error(`${dialect} step ${i}: athanor upgrade failed: ${u.stderr}`);
      const differences = catalogDifferences(await readCatalog(kitDb.url), await readCatalog(athDb.url));
      const stamp = await project.cli(['stamp', 'head'], { url: kitDb.url });
      const kitCheck = await project.cli(['check'], { url: kitDb.url });
      const checkOnKit = stamp.code !== 0 ? `stamp exit ${stamp.code}` : kitCheck.code === 0 ? 'in sync' : kitCheck.stdout.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim()).join('; ');
      let rollback = 'n/a';
      if (i > 0 && /No changes detected/.test(m.stdout)) rollback = 'no migration (no change in the database)';
      else if (i > 0) {
        const after = await readCatalog(athDb.url);
        const d = await project.cli(['downgrade', '-1']);
        const back = d.code === 0 ? catalogDifferences(athBefore, await readCatalog(athDb.url)) : [`downgrade exit ${d.code}: ${d.stderr.trim()}`];
        const u2 = await project.cli(['upgrade']);
        const forward = u2.code === 0 ? catalogDifferences(after, await readCatalog(athDb.url)) : [`re-upgrade exit ${u2.code}`];
        rollback = back.length === 0 && forward.length === 0 ? 'restored' : [...back, ...forward].join('; ');
      }
      results.push({ step: i, change, kitStatements, ...(kitError ? { kitError } : {}), athanorOps, differences, rollback, checkOnKit });
      console.error(`${dialect} step ${i}: ${differences.length} difference(s)${kitError ? `; drizzle-kit: ${kitError}` : ''}; rollback ${rollback}`);
    }
    const log = join(tmpdir(), `athanor-drizzle-kit-${dialect}.sql`);
    writeFileSync(log, sqlLog.join('\n'));
    console.error(`drizzle-kit's SQL for ${dialect}: ${log}`);
  } finally {
    project.remove();
    await kitDb.drop();
    await athDb.drop();
  }
  return results;
}

function report(dialect: Dialect, results: StepResult[]): string {
  const lines = [`### ${dialect}`, '', '| # | change | drizzle-kit statements | athanor operations | catalog differences | athanor downgrade −1 / upgrade | athanor check on the drizzle-kit database |', '|---|---|---|---|---|---|---|'];
  for (const r of results) {
    const diffs = [...(r.kitError ? [`drizzle-kit: ${r.kitError}`] : []), ...r.differences].map((d) => d.replace(/\|/g, '\\|')).join('<br>') || 'identical';
    lines.push(`| ${r.step} | ${r.change} | ${r.kitStatements} | ${r.athanorOps} | ${diffs} | ${r.rollback} | ${r.checkOnKit} |`);
  }
  return lines.join('\n');
}

const wanted = (process.argv.slice(2).length ? process.argv.slice(2) : ['postgres', 'mysql', 'sqlite']) as Dialect[];
const sections: string[] = [];
for (const dialect of wanted) sections.push(report(dialect, await run(dialect)));
console.log(sections.join('\n\n'));
