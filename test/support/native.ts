// Loading a schema the way a DBA does: the database's own command-line client (psql, mariadb), or the driver's
// multi-statement execute where there is no client to run (PGlite, SQLite's better-sqlite3 `exec`).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { openConnection } from '../../src/drivers/open.js';

function run(bin: string, args: string[], input: string, env: NodeJS.ProcessEnv = {}): void {
  const result = spawnSync(bin, args, { input, encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(result.status, 0, `${bin} loaded the script: ${result.stderr || result.error?.message || ''}`);
}

/** Runs a SQL script against the database at `url` as its native client would. */
export async function loadNatively(url: string, script: string): Promise<void> {
  if (url.startsWith('postgres:') || url.startsWith('postgresql:')) {
    run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', '-'], script);
    return;
  }
  if (url.startsWith('mysql:') || url.startsWith('mariadb:')) {
    const { hostname, port, username, password, pathname } = new URL(url);
    const client = ['mariadb', 'mysql'].find((bin) => spawnSync(bin, ['--version']).status === 0);
    assert.ok(client, 'the mariadb or mysql command-line client is installed');
    const args = ['--default-character-set=utf8mb4', '-h', hostname, '-P', port || '3306', '-u', decodeURIComponent(username), pathname.slice(1)];
    run(client, args, script, { MYSQL_PWD: decodeURIComponent(password) });
    return;
  }
  // PGlite and SQLite: the driver's multi-statement execute
  const conn = await openConnection(url);
  try {
    await conn.exec(script);
  } finally {
    await conn.close();
  }
}
