// Issue 2 figures: 1000 linear migrations (each a table with an index and a foreign key).
//   cold `heads` and `current`; `upgrade head` next to `psql -1 -f` of the same SQL; `downgrade base`.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { athanor, best, REPO_ROOT, report, seconds, timeCommand } from './support.js';

const COUNT = Number(process.env['BENCH_MIGRATIONS'] ?? 1000);
const PG = process.env['BENCH_PG'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export function revisionId(i: number): string {
  return i.toString(16).padStart(12, '0');
}

export function migration(i: number): string {
  const fk = i > 1 ? `\n    parentId: t.integer().references('t${i - 1}.id'),` : '';
  return `import { t, index, type Op } from 'athanor';

export const revision = '${revisionId(i)}';
export const downRevision = ${i === 1 ? 'null' : `'${revisionId(i - 1)}'`};
export const message = 'table ${i}';

export async function upgrade(op: Op): Promise<void> {
  await op.createTable('t${i}', {
    id: t.serial().primaryKey(),
    name: t.varchar(100).notNull(),${fk}
  }, (c) => [index('ix_t${i}_name').on(c.name)]);
}

export async function downgrade(op: Op): Promise<void> {
  await op.dropTable('t${i}');
}
`;
}

function psql(database: string, args: string[]): void {
  const r = timeCommand('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-U', 'postgres', '-d', database, ...args]);
  if (r.status !== 0) throw new Error(`psql ${args.join(' ')}: ${r.stderr}`);
}

export async function benchCore(): Promise<void> {
  const dir = join(REPO_ROOT, 'bench', '.work', 'core');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'migrations'), { recursive: true });
  writeFileSync(join(dir, 'athanor.config.ts'), `import type { AthanorConfig } from 'athanor';\n\nexport default { dialect: 'postgres', migrations: 'migrations' } satisfies AthanorConfig;\n`);
  for (let i = 1; i <= COUNT; i++) {
    writeFileSync(join(dir, 'migrations', `20260101_${String(i).padStart(6, '0')}_${revisionId(i)}_table_${i}.ts`), migration(i));
  }
  console.log(`\n## core: ${COUNT} linear migrations (table + index + foreign key each) on PostgreSQL`);

  const heads = best(5, () => athanor(['heads'], dir).seconds);
  report('cold `athanor heads` (best of 5 processes)', seconds(heads), 'target: well under 0.2 s');

  const dbA = `ath_bench_a_${process.pid}`;
  const dbB = `ath_bench_b_${process.pid}`;
  const url = (db: string) => `${PG.replace(/\/[^/]*$/, '')}/${db}`;
  psql('test', ['-c', `DROP DATABASE IF EXISTS ${dbA}`, '-c', `DROP DATABASE IF EXISTS ${dbB}`, '-c', `CREATE DATABASE ${dbA}`, '-c', `CREATE DATABASE ${dbB}`]);
  try {
    const current = best(5, () => athanor(['current'], dir, { DATABASE_URL: url(dbA) }).seconds);
    report('cold `athanor current` (best of 5 processes)', seconds(current));

    const sql = athanor(['upgrade', '--sql'], dir).stdout;
    const sqlFile = join(dir, 'upgrade.sql');
    writeFileSync(sqlFile, sql);
    // the server's speed drifts on a shared machine: alternate the two, on fresh databases, best of 3 each
    const runs: Array<{ athanor: number; psql: number }> = [];
    for (let i = 0; i < 3; i++) {
      psql('test', ['-c', `DROP DATABASE IF EXISTS ${dbA} WITH (FORCE)`, '-c', `DROP DATABASE IF EXISTS ${dbB} WITH (FORCE)`, '-c', `CREATE DATABASE ${dbA}`, '-c', `CREATE DATABASE ${dbB}`]);
      const raw = timeCommand('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-U', 'postgres', '-d', dbB, '-1', '-f', sqlFile]);
      if (raw.status !== 0) throw new Error(`psql -1 -f failed: ${raw.stderr}`);
      // the first run starts with an empty compile cache, so it also compiles the 1000 TypeScript files
      if (i === 0) rmSync(join(REPO_ROOT, 'node_modules', '.cache', 'athanor'), { recursive: true, force: true });
      const up = athanor(['upgrade', 'head'], dir, { DATABASE_URL: url(dbA) });
      runs.push({ athanor: up.seconds, psql: raw.seconds });
    }
    const bestAthanor = Math.min(...runs.map((r) => r.athanor));
    const bestPsql = Math.min(...runs.map((r) => r.psql));
    report('`athanor upgrade head`, first run (compiles the TS, lints, applies)', seconds(runs[0]?.athanor ?? NaN));
    report('`athanor upgrade head`, best of 3', seconds(bestAthanor), `runs: ${runs.map((r) => r.athanor.toFixed(2)).join(', ')}`);
    report('`psql -1 -f` of the same SQL (`upgrade --sql`), best of 3', seconds(bestPsql), `runs: ${runs.map((r) => r.psql.toFixed(2)).join(', ')}`);
    report('ratio upgrade / psql (best / best)', `${(bestAthanor / bestPsql).toFixed(2)}x`, 'target: within 1.3x');

    const down = athanor(['downgrade', 'base'], dir, { DATABASE_URL: url(dbA) });
    report('`athanor downgrade base` (all revisions)', seconds(down.seconds), 'succeeds');
  } finally {
    psql('test', ['-c', `DROP DATABASE IF EXISTS ${dbA} WITH (FORCE)`, '-c', `DROP DATABASE IF EXISTS ${dbB} WITH (FORCE)`]);
  }
}
