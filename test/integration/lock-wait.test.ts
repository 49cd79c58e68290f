// A runner waiting for the migration lock says who holds it (issue 14.7, 9.15), and on PostgreSQL a runner
// killed in the middle of a long statement lets go of the lock within a second or two, not when its statement
// would have ended.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { after, before, describe, test } from 'node:test';
import type { Connection } from '../../src/drivers/connection.js';
import { openConnection } from '../../src/drivers/open.js';
import { loadDialect } from '../../src/dialects/index.js';
import { BIN, createProject, type TestProject } from '../support/project.js';
import { queryRows, versionRows } from '../support/db.js';
import { onlyOn, selectedTargets, type TestDatabase } from '../support/targets.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What the waiting runner should name: the holder's server pid, connection id, or OS pid. */
async function holderName(conn: Connection): Promise<RegExp> {
  if (conn.dialect === 'postgres') {
    const { rows } = await conn.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return new RegExp(`held by pid ${rows[0]?.pid} \\(athanor .*since \\d\\d:\\d\\d:\\d\\d UTC, \\d+ s ago.*pg_terminate_backend\\(${rows[0]?.pid}\\)`);
  }
  if (conn.dialect === 'mysql') {
    const { rows } = await conn.query<{ id: number | string }>('SELECT CONNECTION_ID() AS id');
    return new RegExp(`held by connection ${rows[0]?.id} \\(root@.*KILL ${rows[0]?.id}`);
  }
  return new RegExp(`held by pid ${process.pid} on ${hostname()} \\(since \\d\\d:\\d\\d:\\d\\d UTC, \\d+ s ago\\)`);
}

/** Until a runner waits for the lock (SQLite shows no waiter: a pause long enough to start one). */
async function waitingRunner(url: string, dialect: string): Promise<void> {
  const sql =
    dialect === 'postgres'
      ? `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`
      : dialect === 'mysql'
        ? `SELECT 1 FROM information_schema.PROCESSLIST WHERE STATE = 'User lock' AND DB = DATABASE()`
        : null;
  if (!sql) return sleep(1000);
  for (let i = 0; (await queryRows(url, sql)).length === 0; i++) {
    assert.ok(i < 300, 'no runner ever waited for the lock');
    await sleep(100);
  }
}

for (const target of selectedTargets(['postgres', 'mysql', 'sqlite'])) {
  describe(`waiting for the migration lock on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('lockwait');
      project = createProject(db.url, target.dialect);
      project.migration({ revision: 'bbbb00000001', down: null, upgrade: `await op.createTable('waited', { id: t.integer().primaryKey() });`, downgrade: `await op.dropTable('waited');` });
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('held by another session for 2 s: one line naming the holder after a second, then the upgrade runs', async () => {
      const dialect = await loadDialect(target.dialect);
      const holder = await openConnection(db.url);
      try {
        await dialect.acquireLock(holder);
        const expected = await holderName(holder);
        // compiled once beforehand, so a loaded machine does not spend the wait compiling
        assert.equal((await project.cli(['upgrade', '--sql'])).code, 0);
        const run = project.cli(['upgrade']);
        await waitingRunner(db.url, target.dialect);
        await sleep(1500);
        await dialect.releaseLock(holder);
        const r = await run;
        assert.equal(r.code, 0, r.stderr);
        const lines = r.stderr.trim().split('\n');
        assert.equal(lines.length, 1, r.stderr);
        assert.match(lines[0] ?? '', /^waiting for the migration lock held by /);
        assert.match(lines[0] ?? '', expected);
        assert.deepEqual(await versionRows(db.url), ['bbbb00000001']);
      } finally {
        await holder.close();
      }
    });

    test('a lock that is free says nothing', async () => {
      const r = await project.cli(['downgrade', 'base']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
    });
  });
}

describe('PostgreSQL: a runner killed in the middle of a 30 s statement', onlyOn('postgres'), () => {
  let db: TestDatabase;
  let project: TestProject;

  before(async () => {
    const [target] = selectedTargets(['postgres']);
    if (!target) throw new Error('no postgres target');
    db = await target.create('lockkill');
    project = createProject(db.url, 'postgres');
    project.migration({
      revision: 'cccc00000001',
      down: null,
      upgrade: `await op.createTable('slow', { id: t.integer().primaryKey() });\n  if (process.env['ATHANOR_TEST_SLOW']) await op.execute('SELECT pg_sleep(30)');`,
      downgrade: `await op.dropTable('slow');`,
    });
  });
  after(async () => {
    project.remove();
    await db.drop();
  });

  test('lets go of the lock within seconds: the next runner applies the migration', async () => {
    const child = spawn(process.execPath, [BIN, '--url', db.url, 'upgrade'], {
      cwd: project.dir,
      env: { ...process.env, DATABASE_URL: '', ATHANOR_TEST_SLOW: '1' },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('close', resolve));
    try {
      // until the killed runner is inside its long statement, holding the lock (the statement travels with the
      // step's earlier ones in one round trip: found anywhere in the text)
      for (let i = 0; ; i++) {
        const rows = await queryRows(db.url, `SELECT 1 FROM pg_stat_activity WHERE query LIKE '%SELECT pg_sleep(30)%' AND state = 'active' AND pid <> pg_backend_pid()`);
        if (rows.length) break;
        assert.ok(i < 200, 'the first runner never reached its long statement');
        await sleep(100);
      }
    } finally {
      child.kill('SIGKILL');
    }
    await exited;
    const started = performance.now();
    const r = await project.cli(['upgrade']);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(r.code, 0, r.stderr);
    assert.ok(seconds < 10, `the lock came after ${seconds.toFixed(1)} s (the killed statement had 30 s to go)`);
    assert.deepEqual(await versionRows(db.url), ['cccc00000001']);
  });
});
