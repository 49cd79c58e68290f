// Issue 3 figures: autogenerate against a 1000-table database (5 columns, an index and an FK each, the FKs
// forming one 1000-deep chain): no-change run, one added column; wall time and peak memory.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, REPO_ROOT, report, seconds, timeCommand } from './support.js';

const TABLES = Number(process.env['BENCH_TABLES'] ?? 1000);
const PG = process.env['BENCH_PG'] ?? 'postgres://postgres@127.0.0.1:5432/test';

function modelsSource(extraColumn: boolean): string {
  const lines = [`import { table, t, index } from 'athanor';`, ''];
  for (let i = 1; i <= TABLES; i++) {
    const fk = i > 1 ? `\n  parent_id: t.integer().references(() => t${i - 1}.id, { onDelete: 'cascade' }),` : `\n  parent_id: t.integer(),`;
    const extra = extraColumn && i === TABLES ? `\n  added: t.text(),` : '';
    lines.push(
      `export const t${i} = table('t${i}', {\n  id: t.serial().primaryKey(),\n  name: t.varchar(100).notNull(),\n  score: t.integer().default(0),\n  created_at: t.timestamptz().notNull().defaultSql('now()'),${fk}${extra}\n}, (c) => [index('ix_t${i}_name').on(c.name)]);`,
    );
  }
  return lines.join('\n');
}

function schemaSql(): string {
  const out: string[] = [];
  for (let i = 1; i <= TABLES; i++) {
    const fk = i > 1 ? `, CONSTRAINT t${i}_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES t${i - 1}(id) ON DELETE CASCADE` : '';
    out.push(
      `CREATE TABLE t${i} (id serial, name varchar(100) NOT NULL, score integer DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now(), parent_id integer, CONSTRAINT t${i}_pkey PRIMARY KEY (id)${fk});`,
      `CREATE INDEX ix_t${i}_name ON t${i} (name);`,
    );
  }
  return out.join('\n');
}

/** wall seconds and peak resident memory (MiB) of one athanor process */
function measured(args: string[], cwd: string, env: NodeJS.ProcessEnv): { wall: number; peakMiB: number; stdout: string; status: number } {
  const r = timeCommand('/usr/bin/time', ['-f', '%e %M', process.execPath, BIN, ...args], { cwd, env });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall, kb] = last.split(' ').map(Number);
  return { wall: wall ?? r.seconds, peakMiB: (kb ?? 0) / 1024, stdout: r.stdout, status: r.status };
}

export async function benchAutogen(): Promise<void> {
  const dir = join(REPO_ROOT, 'bench', '.work', 'autogen');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'migrations'), { recursive: true });
  writeFileSync(join(dir, 'athanor.config.ts'), `import type { AthanorConfig } from 'athanor';\nexport default { dialect: 'postgres', models: './models.ts' } satisfies AthanorConfig;\n`);
  writeFileSync(join(dir, 'models.ts'), modelsSource(false));
  const db = `ath_bench_ag_${process.pid}`;
  const url = `${PG.replace(/\/[^/]*$/, '')}/${db}`;
  const psql = (database: string, args: string[]) => {
    const r = timeCommand('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-U', 'postgres', '-d', database, ...args]);
    if (r.status !== 0) throw new Error(r.stderr);
  };
  console.log(`\n## autogenerate: ${TABLES} tables (5 columns, an index, an FK each; one ${TABLES}-deep FK chain) on PostgreSQL`);
  psql('test', ['-c', `DROP DATABASE IF EXISTS ${db}`, '-c', `CREATE DATABASE ${db}`]);
  try {
    writeFileSync(join(dir, 'schema.sql'), schemaSql());
    psql(db, ['-1', '-f', join(dir, 'schema.sql')]);
    const env = { DATABASE_URL: url };
    measured(['check'], dir, env); // warm the config cache and the OS file cache
    let best = { wall: Infinity, peakMiB: 0, stdout: '', status: 0 };
    for (let i = 0; i < 3; i++) {
      const run = measured(['check'], dir, env);
      if (run.status !== 0) throw new Error(`check found differences on an unchanged schema:\n${run.stdout}`);
      if (run.wall < best.wall) best = run;
    }
    report('`athanor check`, no changes (best of 3)', seconds(best.wall), 'target: under 1 s');
    report('  peak memory', `${best.peakMiB.toFixed(0)} MiB`);
    const none = measured(['migrate', '-m', 'nothing'], dir, env);
    report('`athanor migrate`, no changes', seconds(none.wall), /No changes detected/.test(none.stdout) ? 'no file written' : 'UNEXPECTED OUTPUT');
    writeFileSync(join(dir, 'models.ts'), modelsSource(true));
    const one = measured(['migrate', '-m', 'add one column'], dir, env);
    const files = readdirSync(join(dir, 'migrations')).filter((f) => f.endsWith('.ts'));
    report('`athanor migrate`, one added column', seconds(one.wall), `${files.length} file written`);
    report('  peak memory', `${one.peakMiB.toFixed(0)} MiB`);
    const up = measured(['upgrade'], dir, env);
    const after = measured(['check'], dir, env);
    report(`upgrade then check on the ${TABLES}-deep FK chain`, after.status === 0 && up.status === 0 ? 'in sync' : 'DRIFT', '');
  } finally {
    psql('test', ['-c', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]);
  }
}
