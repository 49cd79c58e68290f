import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Database, Dialect } from '../databases.js';
import { ATHANOR_BIN, write } from '../paths.js';
import type { Tool } from '../tool.js';
import { writeAthanorProject } from './athanor.js';

// The floor: the same SQL athanor runs (its `upgrade --sql`, bookkeeping included) fed to the database's own
// command-line client in one transaction: the per-migration BEGIN/COMMIT (and SQLite's per-migration PRAGMAs)
// are taken out and the whole script is wrapped once. MariaDB commits each DDL statement implicitly anyway.
const PER_MIGRATION_LINES = new Set(['BEGIN;', 'BEGIN IMMEDIATE;', 'START TRANSACTION;', 'COMMIT;', 'PRAGMA foreign_keys = OFF;', 'PRAGMA foreign_keys = ON;', 'PRAGMA legacy_alter_table = OFF;']);
const WRAP: Record<Dialect, [string, string]> = { postgres: ['', ''], mysql: ['SET autocommit = 0;', 'COMMIT;'], sqlite: ['BEGIN;', 'COMMIT;'] };

export const CLIENT_NAME: Record<Dialect, string> = { postgres: 'psql -1 -f', mysql: 'mariadb client', sqlite: 'sqlite3 CLI' };

function clientUnavailable(dialect?: Dialect): string | null {
  const client = dialect === 'mysql' ? 'mariadb' : dialect === 'sqlite' ? 'sqlite3' : 'psql';
  const r = spawnSync(client, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? null : `${client} not found${client === 'sqlite3' ? ' (apt-get install sqlite3)' : ''}`;
}

export const native: Tool = {
  name: 'native client',
  dialects: ['postgres', 'mysql', 'sqlite'],
  unavailable: clientUnavailable,
  write(dir, dialect, count) {
    writeAthanorProject(dir, dialect, count);
    const r = spawnSync(process.execPath, [ATHANOR_BIN, 'upgrade', '--sql'], { cwd: dir, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`athanor upgrade --sql failed: ${r.stderr}`);
    const body = r.stdout.split('\n').filter((line) => !PER_MIGRATION_LINES.has(line.trim()));
    const [open, close] = WRAP[dialect];
    write(`${dir}/upgrade.sql`, [open, ...body, close].join('\n'));
  },
  upgrade(dir, db: Database) {
    const file = `${dir}/upgrade.sql`;
    switch (db.dialect) {
      case 'postgres':
        return { command: 'psql', args: ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', db.env['BENCH_HOST'] ?? '', '-p', db.env['BENCH_PORT'] ?? '', '-U', 'postgres', '-d', db.name, '-1', '-f', file], cwd: dir };
      case 'mysql':
        return { command: 'mariadb', args: ['-uroot', `-h${db.env['BENCH_HOST']}`, `-P${db.env['BENCH_PORT']}`, db.name], cwd: dir, input: readFileSync(file, 'utf8') };
      case 'sqlite':
        return { command: 'sqlite3', args: ['-bail', db.name], cwd: dir, input: readFileSync(file, 'utf8') };
    }
  },
};
