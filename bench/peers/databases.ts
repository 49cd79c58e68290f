// Fresh scratch databases for the peers bench, one per run, on the machine's PostgreSQL and MariaDB or in a
// SQLite file; every tool gets the same coordinates in its own spelling.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export type Dialect = 'postgres' | 'mysql' | 'sqlite';
export const DIALECTS: readonly Dialect[] = ['postgres', 'mysql', 'sqlite'];
export const DIALECT_TITLE: Record<Dialect, string> = { postgres: 'PostgreSQL', mysql: 'MariaDB', sqlite: 'SQLite' };

const PG_HOST = process.env['BENCH_PG_HOST'] ?? '127.0.0.1';
const PG_PORT = process.env['BENCH_PG_PORT'] ?? '5432';
const MY_HOST = process.env['BENCH_MYSQL_HOST'] ?? '127.0.0.1';
const MY_PORT = process.env['BENCH_MYSQL_PORT'] ?? '3306';

export interface Database {
  dialect: Dialect;
  /** database name (server dialects) or absolute file path (SQLite) */
  name: string;
  /** athanor's URL */
  url: string;
  /** SQLAlchemy's URL, for Alembic */
  sqlalchemyUrl: string;
  /** what the generated peer scripts read: BENCH_DIALECT, BENCH_DB, host and port */
  env: Record<string, string>;
}

function run(command: string, args: string[], input?: string): void {
  const r = spawnSync(command, args, { encoding: 'utf8', input, maxBuffer: 1024 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${r.stderr || r.error?.message}`);
}

export function psql(database: string, args: string[], input?: string): void {
  run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', PG_HOST, '-p', PG_PORT, '-U', 'postgres', '-d', database, ...args], input);
}

export function mariadb(args: string[], input?: string): void {
  run('mariadb', ['-uroot', `-h${MY_HOST}`, `-P${MY_PORT}`, ...args], input);
}

export function describe(dialect: Dialect, name: string): Database {
  const env = { BENCH_DIALECT: dialect, BENCH_DB: name };
  switch (dialect) {
    case 'postgres':
      return { dialect, name, url: `postgres://postgres@${PG_HOST}:${PG_PORT}/${name}`, sqlalchemyUrl: `postgresql+psycopg2://postgres@${PG_HOST}:${PG_PORT}/${name}`, env: { ...env, BENCH_HOST: PG_HOST, BENCH_PORT: PG_PORT } };
    case 'mysql':
      return { dialect, name, url: `mysql://root@${MY_HOST}:${MY_PORT}/${name}`, sqlalchemyUrl: `mysql+pymysql://root@${MY_HOST}:${MY_PORT}/${name}`, env: { ...env, BENCH_HOST: MY_HOST, BENCH_PORT: MY_PORT } };
    case 'sqlite':
      return { dialect, name, url: `sqlite:${name}`, sqlalchemyUrl: `sqlite:///${name}`, env };
  }
}

/** Drops whatever a previous run left under this name and creates it empty. */
export function freshDatabase(dialect: Dialect, label: string, scratchDir: string): Database {
  const name = `ath_peers_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}`;
  switch (dialect) {
    case 'postgres':
      psql('postgres', ['-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, '-c', `CREATE DATABASE ${name}`]);
      return describe(dialect, name);
    case 'mysql':
      mariadb(['-e', `DROP DATABASE IF EXISTS ${name}; CREATE DATABASE ${name};`]);
      return describe(dialect, name);
    case 'sqlite': {
      mkdirSync(scratchDir, { recursive: true });
      const file = join(scratchDir, `${name}.db`);
      for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
      return describe(dialect, file);
    }
  }
}

export function dropDatabase(db: Database): void {
  switch (db.dialect) {
    case 'postgres':
      psql('postgres', ['-c', `DROP DATABASE IF EXISTS ${db.name} WITH (FORCE)`]);
      return;
    case 'mysql':
      mariadb(['-e', `DROP DATABASE IF EXISTS ${db.name};`]);
      return;
    case 'sqlite':
      for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${db.name}${suffix}`, { force: true });
  }
}

/** Whether the server for this dialect answers; the bench skips a dialect whose server is down. */
export function reachable(dialect: Dialect): string | null {
  try {
    if (dialect === 'postgres') psql('postgres', ['-c', 'SELECT 1']);
    if (dialect === 'mysql') mariadb(['-e', 'SELECT 1']);
    return null;
  } catch (error) {
    return String(error instanceof Error ? error.message : error).split('\n')[0] ?? 'unreachable';
  }
}

/** How many of the bench's tables (t1, t2, …) exist: a tool that reports success must have made them all. */
export function countBenchTables(db: Database): number {
  const pattern = `'t%'`;
  const query: Record<Dialect, [string, string[]]> = {
    postgres: ['psql', ['-X', '-A', '-t', '-h', PG_HOST, '-p', PG_PORT, '-U', 'postgres', '-d', db.name, '-c', `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+$'`]],
    mysql: ['mariadb', ['-uroot', `-h${MY_HOST}`, `-P${MY_PORT}`, '-N', '-B', '-e', `SELECT count(*) FROM information_schema.tables WHERE table_schema = '${db.name}' AND table_name LIKE ${pattern} AND table_name REGEXP '^t[0-9]+$'`]],
    sqlite: ['sqlite3', [db.name, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name GLOB 't[0-9]*'`]],
  };
  const [command, args] = query[db.dialect];
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command}: ${r.stderr}`);
  return Number(r.stdout.trim());
}

/** A PostgreSQL copy of `template` (CREATE DATABASE … TEMPLATE): each tool gets its own identical schema. */
export function copyPostgres(template: Database, label: string): Database {
  const name = `${template.name}_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
  psql('postgres', ['-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, '-c', `CREATE DATABASE ${name} TEMPLATE ${template.name}`]);
  return describe('postgres', name);
}
