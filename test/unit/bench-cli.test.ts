// `npm run bench` as a developer runs it: --help on each entry, and a mistyped suite, option or name is refused
// with one line and exit code 2 before anything is installed or timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../support/project.js';

function bench(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('--help names the suites, the peers options and lint-quality', () => {
  const top = bench('--help');
  assert.equal(top.code, 0, top.stderr);
  assert.match(top.stdout, /suites: core, autogen, online, dialects, connect/);
  const peers = bench('peers', '--help');
  assert.equal(peers.code, 0, peers.stderr);
  for (const option of ['--dialect', '--only', '--tools', '--runs', '--baseline']) assert.match(peers.stdout, new RegExp(`^  ${option} `, 'm'));
  assert.equal(bench('lint-quality', '--help').code, 0);
});

test('a mistyped suite, option, dialect, tool or count: one line, exit 2, nothing run', () => {
  for (const [args, says] of [
    [['cor'], /unknown suite 'cor'/],
    [['peers', '--frob'], /Unknown option '--frob'/],
    [['peers', '--dialect', 'oracle'], /unknown dialect 'oracle'/],
    [['peers', '--tools', 'knex,flyway'], /unknown tool 'flyway'/],
    [['peers', '--only', 'upgrades'], /unknown suite 'upgrades'/],
    [['peers', '--runs', '0'], /--runs must be a positive whole number/],
    [['lint-quality', '--fast'], /takes no options/],
  ] as const) {
    const run = bench(...args);
    assert.equal(run.code, 2, args.join(' '));
    assert.match(run.stderr, says);
    assert.equal(run.stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}`);
    assert.equal(run.stdout, '', `nothing run for ${args.join(' ')}`);
  }
});
