// better-sqlite3 compiled for one Node.js, athanor run by another (a user switched versions with nvm): on a Node
// that has node:sqlite, athanor uses it instead of failing with "compiled against a different Node.js version".
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BIN, migrationSource } from '../support/project.js';
import { recentNode } from '../support/packed.js';

const hasBetterSqlite = (() => {
  try {
    createRequire(import.meta.url).resolve('better-sqlite3');
    return true;
  } catch {
    return false;
  }
})();

describe('SQLite on a Node.js the installed better-sqlite3 was not built for', async () => {
  const node = await recentNode();
  const why = !hasBetterSqlite ? 'better-sqlite3 is not installed here' : node === undefined ? 'no Node >= 22.13 at hand' : false;

  test('upgrade, current and downgrade run on node:sqlite', { skip: why }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'ath-sqlite-abi-'));
    try {
      mkdirSync(join(dir, 'migrations'));
      writeFileSync(join(dir, 'athanor.config.json'), JSON.stringify({ dialect: 'sqlite', migrations: 'migrations' }));
      writeFileSync(join(dir, 'migrations', '0001_a1b2c3d4e5f6_todos.ts'), migrationSource({ revision: 'a1b2c3d4e5f6', down: null, upgrade: "await op.createTable('todos', { id: t.serial().primaryKey() });", downgrade: "await op.dropTable('todos');" }));
      const cli = (args: string[]) => spawnSync(node ?? '', [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, DATABASE_URL: 'sqlite:./app.db', NO_COLOR: '1' } });
      for (const args of [['upgrade'], ['current'], ['downgrade']]) {
        const result = cli(args);
        assert.equal(result.status, 0, `${args[0]}: ${result.stderr}`);
        assert.doesNotMatch(result.stderr, /NODE_MODULE_VERSION|self-register/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
