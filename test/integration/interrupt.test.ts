// Ctrl-C during an upgrade (issue 9.15): the run stops, says what really happened on this database (rolled back;
// or, where DDL cannot be rolled back, which statements ran and were recorded), exits 130, and a plain re-run
// completes. PostgreSQL cancels the statement in flight instead of waiting for it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BIN, createProject, type TestProject } from '../support/project.js';
import { queryRows, tableNames, versionRows } from '../support/db.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts `upgrade`, sends SIGINT once `ready()` holds; resolves with the exit code, stderr and seconds from the signal. */
async function interruptedUpgrade(project: TestProject, env: NodeJS.ProcessEnv, ready: () => Promise<boolean>): Promise<{ code: number | null; stderr: string; seconds: number }> {
  // no --no-lint: the lint gate checks each call as the run issues it, so the pause happens once (issue 14.8)
  const child = spawn(process.execPath, [BIN, '--url', project.url, 'upgrade'], { cwd: project.dir, env: { ...process.env, DATABASE_URL: '', NO_COLOR: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  for (let i = 0; !(await ready()); i++) {
    assert.ok(i < 300, `the run never reached the point to interrupt: ${stderr}`);
    await sleep(100);
  }
  const signalled = performance.now();
  child.kill('SIGINT');
  const code = await closed;
  return { code, stderr, seconds: (performance.now() - signalled) / 1000 };
}

for (const target of selectedTargets(['postgres', 'mysql', 'sqlite'])) {
  describe(`Ctrl-C during upgrade on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;
    let pausedFile = '';
    const create = (name: string) => `await op.createTable('${name}', { id: t.integer().primaryKey() });`;

    before(async () => {
      db = await target.create('interrupt');
      project = createProject(db.url, target.dialect);
      pausedFile = join(project.dir, 'paused');
      project.migration({ revision: 'ffff00000001', down: null, upgrade: create('first'), downgrade: `await op.dropTable('first');` });
      // PostgreSQL: a long statement, which Ctrl-C cancels; elsewhere a 2 s pause in the migration's own code (the
      // run stops at the statement after it)
      const wait =
        target.dialect === 'postgres'
          ? `await op.execute('SELECT pg_sleep(20)');`
          : `(await import('node:fs')).writeFileSync(process.env['ATHANOR_TEST_PAUSED'] ?? '', 'paused');\n  await new Promise((resolve) => setTimeout(resolve, 2000));`;
      project.migration({
        revision: 'ffff00000002',
        down: 'ffff00000001',
        upgrade: `${create('second_a')}\n  if (process.env['ATHANOR_TEST_PAUSED']) {\n  ${wait}\n  }\n  ${create('second_b')}`,
        downgrade: `await op.dropTable('second_b');\n  await op.dropTable('second_a');`,
      });
      // compiled before the timed run
      assert.equal((await project.cli(['upgrade', '--sql'])).code, 0);
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('stops within seconds, says what happened, exits 130; a plain re-run completes', async () => {
      const ready =
        target.dialect === 'postgres'
          ? // the sleep travels with the step's earlier statements in one round trip: find it anywhere in the text
            async () => (await queryRows(db.url, `SELECT 1 FROM pg_stat_activity WHERE query LIKE '%SELECT pg_sleep(20)%' AND state = 'active' AND pid <> pg_backend_pid()`)).length > 0
          : async () => existsSync(pausedFile);
      const r = await interruptedUpgrade(project, { ATHANOR_TEST_PAUSED: pausedFile }, ready);
      assert.equal(r.code, 130, r.stderr);
      assert.ok(r.seconds < (target.dialect === 'postgres' ? 5 : 10), `stopped ${r.seconds.toFixed(1)} s after Ctrl-C`);
      assert.match(r.stderr, /^interrupting: stopping the migration in progress/m);
      const tables = await tableNames(db.url);
      if (target.dialect === 'mysql') {
        assert.match(r.stderr, /interrupted; 1 statement\(s\) of upgrade ffff00000002, .* ran and were recorded \(this database cannot roll DDL back\); run the command again to resume after them/);
        assert.ok(tables.includes('second_a') && !tables.includes('second_b'), tables.join(', '));
        const partial = await queryRows<{ statements_done: number | string }>(db.url, `SELECT statements_done FROM athanor_history WHERE direction = 'partial-up'`);
        assert.deepEqual(partial.map((p) => Number(p.statements_done)), [1]);
      } else {
        assert.match(r.stderr, /interrupted; the migration in progress \(upgrade ffff00000002, .*\) was rolled back; the database stays at ffff00000001/);
        assert.ok(!tables.includes('second_a'), tables.join(', '));
      }
      assert.deepEqual(await versionRows(db.url), ['ffff00000001']);
      const rerun = await project.cli(['upgrade']);
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.deepEqual(await versionRows(db.url), ['ffff00000002']);
      assert.ok((await tableNames(db.url)).includes('second_b'));
    });
  });
}
