// Issue 4 figures: `athanor upgrade` of 1000 migrations (table + index + FK each) on MariaDB and SQLite,
// next to the same SQL (`upgrade --sql`) run by the `mariadb` and `sqlite3` command-line clients.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migration, revisionId } from './core.js';
import { athanor, REPO_ROOT, report, seconds, timeCommand } from './support.js';

const COUNT = Number(process.env['BENCH_MIGRATIONS'] ?? 1000);
const MYSQL = process.env['BENCH_MYSQL'] ?? 'mysql://root@127.0.0.1:3306/test';

function project(dialect: 'mysql' | 'sqlite'): string {
  const dir = join(REPO_ROOT, 'bench', '.work', `dialect-${dialect}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'migrations'), { recursive: true });
  writeFileSync(join(dir, 'athanor.config.json'), JSON.stringify({ dialect, migrations: 'migrations' }));
  for (let i = 1; i <= COUNT; i++) {
    writeFileSync(join(dir, 'migrations', `20260101_${String(i).padStart(6, '0')}_${revisionId(i)}_table_${i}.ts`), migration(i));
  }
  return dir;
}

function mariadb(args: string[], input?: string): number {
  const r = timeCommand('mariadb', ['-uroot', '-h127.0.0.1', ...args], input === undefined ? {} : { input });
  if (r.status !== 0) throw new Error(`mariadb ${args.join(' ')}: ${r.stderr}`);
  return r.seconds;
}

export async function benchDialects(): Promise<void> {
  console.log(`\n## dialects: ${COUNT} linear migrations (table + index + foreign key each)`);
  {
    const dir = project('mysql');
    const [a, b] = [`ath_bench_my_a_${process.pid}`, `ath_bench_my_b_${process.pid}`];
    mariadb(['-e', `DROP DATABASE IF EXISTS ${a}; DROP DATABASE IF EXISTS ${b}; CREATE DATABASE ${a}; CREATE DATABASE ${b};`]);
    try {
      const url = MYSQL.replace(/\/[^/]*$/, `/${a}`);
      const sql = athanor(['upgrade', '--sql'], dir).stdout;
      const raw = mariadb([b], sql);
      const up = athanor(['upgrade', 'head'], dir, { DATABASE_URL: url });
      report('MariaDB: `athanor upgrade head`', seconds(up.seconds));
      report('MariaDB: `mariadb` client on the same SQL', seconds(raw), `ratio ${(up.seconds / raw).toFixed(2)}x`);
      const down = athanor(['downgrade', 'base'], dir, { DATABASE_URL: url });
      report('MariaDB: `athanor downgrade base`', seconds(down.seconds), 'succeeds');
    } finally {
      mariadb(['-e', `DROP DATABASE IF EXISTS ${a}; DROP DATABASE IF EXISTS ${b};`]);
    }
  }
  {
    const dir = project('sqlite');
    const sql = athanor(['upgrade', '--sql'], dir).stdout;
    writeFileSync(join(dir, 'upgrade.sql'), sql);
    const raw = timeCommand('sqlite3', [join(dir, 'raw.db')], { input: sql });
    if (raw.status !== 0) throw new Error(`sqlite3: ${raw.stderr}`);
    const up = athanor(['upgrade', 'head'], dir, { DATABASE_URL: `sqlite:${join(dir, 'athanor.db')}` });
    report('SQLite: `athanor upgrade head`', seconds(up.seconds));
    report('SQLite: `sqlite3` client on the same SQL', seconds(raw.seconds), `ratio ${(up.seconds / raw.seconds).toFixed(2)}x`);
    const down = athanor(['downgrade', 'base'], dir, { DATABASE_URL: `sqlite:${join(dir, 'athanor.db')}` });
    report('SQLite: `athanor downgrade base`', seconds(down.seconds), 'succeeds');
  }
}
