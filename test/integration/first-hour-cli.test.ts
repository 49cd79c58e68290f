// A new user's first hour through the CLI (issue 9): what athanor prints, writes and refuses in a fresh project,
// the way a newcomer meets it — `init`, models, migrate, upgrade, no flags.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BIN, createProject, type CliResult, type TestProject } from '../support/project.js';
import { onlyOn } from '../support/targets.js';

/** The binary with its stdout piped into a reader that has already gone (`athanor history | head -0`). */
function spawnIntoClosedPipe(args: string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, DATABASE_URL: '', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: '', stderr }));
  });
}

describe('output into a pipe closed early (athanor history | head)', onlyOn('sqlite'), () => {
  let dir: string;
  let project: TestProject;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ath-epipe-'));
    project = createProject(`sqlite:${join(dir, 'app.db')}`, 'sqlite');
    let down: string | null = null;
    for (let i = 0; i < 40; i++) {
      const revision = `e${String(i).padStart(11, '0')}`;
      project.migration({ revision, down, upgrade: `await op.execute('SELECT ${i}');`, downgrade: `await op.execute('SELECT ${i}');` });
      down = revision;
    }
  });
  after(() => {
    project.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const args of [['history'], ['history', '-v'], ['upgrade', '--dry-run'], ['upgrade', '--sql']]) {
    test(`athanor ${args.join(' ')} ends quietly`, async () => {
      const result = await spawnIntoClosedPipe(['--url', project.url, ...args], project.dir);
      assert.doesNotMatch(result.stderr, /EPIPE|Error|at /, result.stderr);
      assert.equal(result.code, 0, result.stderr);
    });
  }
});
