// V8's code cache for compiled migrations: taken by the run after the one that compiled them, used by the runs
// after that. Whatever the cache holds (nothing, good entries, a damaged file), a run's output and the positions
// lint reports in the .ts files are the same.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { codeCacheFile } from '../../src/loader/code-cache.js';
import { runCli } from '../support/project.js';

let root: string;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ath-code-cache-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const migration = (rev: string, down: string | null, body: string) =>
  `import { t, type Op } from 'athanor';\nexport const revision = '${rev}';\nexport const downRevision = ${down === null ? 'null' : `'${down}'`};\nexport async function upgrade(op: Op): Promise<void> {\n  ${body}\n}\n`;

async function sqliteProject(name: string): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(path.join(dir, 'migrations'), { recursive: true });
  await mkdir(path.join(dir, 'node_modules'));
  await writeFile(path.join(dir, 'athanor.config.json'), JSON.stringify({ dialect: 'sqlite', migrations: 'migrations' }));
  await writeFile(path.join(dir, 'migrations', 'a_1.ts'), migration('aaaa', null, "await op.createTable('t_a', { id: t.serial().primaryKey() });"));
  await writeFile(path.join(dir, 'migrations', 'b_2.ts'), migration('bbbb', 'aaaa', "await op.createTable('t_b', { id: t.serial().primaryKey() });\n  await op.dropTable('legacy');"));
  return dir;
}

const cacheDir = (dir: string) => path.join(dir, 'node_modules', '.cache', 'athanor');
/** the code cache of the project's migrations folder */
const codeCache = (dir: string) => codeCacheFile(cacheDir(dir), path.join(dir, 'migrations'));

describe('V8 code cache of compiled migrations', () => {
  test('taken by the second run, used by the third: same SQL, same lint positions', async () => {
    const dir = await sqliteProject('warm');
    const cold = await runCli(['upgrade', '--sql'], dir);
    assert.equal(cold.code, 0, cold.stderr);
    assert.ok(!(await readdir(cacheDir(dir))).includes(path.basename(codeCache(dir))), 'a run that compiled the modules takes no code cache');
    const second = await runCli(['upgrade', '--sql'], dir);
    assert.equal(second.stdout, cold.stdout);
    const taken = await stat(codeCache(dir));
    const third = await runCli(['upgrade', '--sql'], dir);
    assert.equal(third.stdout, cold.stdout);
    assert.equal((await stat(codeCache(dir))).mtimeMs, taken.mtimeMs, 'every entry was used: nothing written again');
    // lint places a call in the .ts file through a module compiled from the code cache
    for (const name of await readdir(cacheDir(dir))) if (name.startsWith('lint-')) await rm(path.join(cacheDir(dir), name));
    const lint = await runCli(['lint'], dir);
    assert.match(lint.stdout, /migrations\/b_2\.ts:6:12 .*drop-table/);
  });

  test('a damaged or foreign code cache is ignored and replaced', async () => {
    const dir = await sqliteProject('damaged');
    const cold = await runCli(['upgrade', '--sql'], dir);
    await runCli(['upgrade', '--sql'], dir);
    const file = codeCache(dir);
    const bytes = await readFile(file);
    // the index intact, the V8 data garbled: V8 refuses each entry
    const newline = bytes.indexOf(0x0a);
    for (let i = newline + 1; i < bytes.length; i += 7) bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
    await writeFile(file, bytes);
    const garbled = await runCli(['upgrade', '--sql'], dir);
    assert.equal(garbled.code, 0, garbled.stderr);
    assert.equal(garbled.stdout, cold.stdout);
    await writeFile(file, 'not a cache at all');
    const foreign = await runCli(['upgrade', '--sql'], dir);
    assert.equal(foreign.stdout, cold.stdout);
    assert.notEqual((await readFile(file, 'utf8')).slice(0, 18), 'not a cache at all', 'written again');
  });
});
