// A server that accepts TCP and never answers (issue 14.6): node-postgres waited forever, mysql2 10 s. Every
// server dialect gives up after the connect timeout (default 10 s; ?connect_timeout=SECONDS in the URL, or
// connectTimeoutMs in the config), with one line saying what timed out and how to change it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { BIN, createProject, type TestProject } from '../support/project.js';
import { blackHole, type BlackHole } from '../support/black-hole.js';

interface TimedRun {
  code: number | null;
  stderr: string;
  seconds: number;
}

/** The real binary, killed after `limitMs` if it has not given up by then (code null). */
function timedCli(project: TestProject, args: string[], limitMs: number): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: project.dir, env: { ...process.env, DATABASE_URL: '', NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr, seconds: (performance.now() - started) / 1000 });
    });
  });
}

for (const dialect of ['postgres', 'mysql'] as const) {
  describe(`connect timeout on ${dialect}: a listener that never answers`, () => {
    let hole: BlackHole;
    let project: TestProject;
    const url = (query = '') => `${dialect}://admin:s3cretpw@127.0.0.1:${hole.port}/app${query}`;

    before(async () => {
      hole = await blackHole();
      project = createProject('unused', dialect);
    });
    after(async () => {
      project.remove();
      await hole.close();
    });

    test('?connect_timeout=1 in the URL: gives up after about a second, saying the connect timed out', async () => {
      const r = await timedCli(project, ['--url', url('?connect_timeout=1'), 'current'], 8000);
      assert.notEqual(r.code, null, `still waiting after 8 s: ${r.stderr}`);
      assert.equal(r.code, 2, r.stderr);
      assert.ok(r.seconds >= 0.9 && r.seconds < 5, `gave up after ${r.seconds.toFixed(2)} s`);
      assert.match(r.stderr, /^athanor: error: cannot connect to .*no answer from the server within 1 s \(connect timeout/);
      assert.match(r.stderr, /connect_timeout=SECONDS/);
      assert.ok(!r.stderr.includes('s3cretpw'));
      assert.equal(r.stderr.trim().split('\n').length, 1);
    });

    test('connectTimeoutMs in the config bounds a URL without the parameter', async () => {
      project.write('athanor.config.json', JSON.stringify({ dialect, migrations: 'migrations', connectTimeoutMs: 1500 }));
      const r = await timedCli(project, ['--url', url(), 'current'], 8000);
      assert.equal(r.code, 2, r.stderr);
      assert.ok(r.seconds >= 1.4 && r.seconds < 5, `gave up after ${r.seconds.toFixed(2)} s`);
      assert.match(r.stderr, /within 1\.5 s \(connect timeout/);
    });

    test('a connect_timeout that is not a number of seconds is bad input', async () => {
      const r = await project.cli(['current'], { url: url('?connect_timeout=soon') });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /connect_timeout must be a number of seconds/);
      assert.ok(!r.stderr.includes('s3cretpw'));
    });
  });
}

describe('the connect timeout leaves working URLs alone', () => {
  test('?connect_timeout=5 on the real servers: the parameter is taken out before the driver sees it', async () => {
    const project = createProject('unused', 'postgres');
    try {
      const { PG_ADMIN_URL, MYSQL_ADMIN_URL } = await import('../support/targets.js');
      const { queryRows } = await import('../support/db.js');
      for (const admin of [PG_ADMIN_URL, MYSQL_ADMIN_URL]) {
        const rows = await queryRows<{ one: number | string }>(`${admin}?connect_timeout=5`, 'SELECT 1 AS one');
        assert.equal(Number(rows[0]?.one), 1);
      }
    } finally {
      project.remove();
    }
  });
});
