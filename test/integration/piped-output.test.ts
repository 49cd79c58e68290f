// Output to a pipe or a file (CI logs, `athanor upgrade | tee log`, `2>&1`): stdout's lines are held briefly and
// written together, yet a combined log keeps them in order with stderr's, and nothing is lost at exit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { BIN, migrationSource } from '../support/project.js';

describe('piped output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ath-piped-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('stdout and stderr in one pipe keep their order: applied lines, then the error, then nothing lost', () => {
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'athanor.config.json'), JSON.stringify({ dialect: 'sqlite', migrations: 'migrations', url: 'sqlite:./piped.db' }));
    const tables = ['one', 'two', 'three'];
    tables.forEach((name, i) => {
      const revision = `pp000000000${i + 1}`;
      const down = i === 0 ? null : `pp000000000${i}`;
      writeFileSync(join(dir, 'migrations', `2026010${i + 1}_${revision}.ts`), migrationSource({ revision, down, upgrade: `await op.createTable('${name}', { id: t.integer().primaryKey() });` }));
    });
    writeFileSync(join(dir, 'migrations', '20260104_pp0000000004.ts'), migrationSource({ revision: 'pp0000000004', down: 'pp0000000003', upgrade: `await op.execute('THIS IS NOT SQL');` }));
    const run = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" upgrade --no-lint 2>&1`], { cwd: dir, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', NO_COLOR: '1' } });
    assert.notEqual(run.status, 0, run.stdout);
    const lines = run.stdout.split('\n');
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    const applied = [1, 2, 3].map((n) => at(new RegExp(`^applied pp000000000${n}\\b`)));
    const error = at(/^athanor: error: .*pp0000000004/);
    assert.ok(applied.every((index) => index >= 0) && error >= 0, run.stdout);
    assert.deepEqual([...applied, error], [...applied, error].sort((a, b) => a - b), run.stdout);
  });
});
