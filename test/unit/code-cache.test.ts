// V8's code cache for compiled migrations: taken by the run after the one that compiled them, used by the runs
// after that. Whatever the cache holds (nothing, good entries, a damaged file), a run's output and the positions
// lint reports in the .ts files are the same.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { codeCacheFile, compileWithCodeCache, writeCodeCaches } from '../../src/loader/code-cache.js';
import { compileBundle, writeBundles } from '../../src/loader/code-bundle.js';
import { runCli } from '../support/project.js';
import { compileFewAtATime, manyMigrations, migration, migrationFile, strictnessProbe } from '../support/many-migrations.js';

let root: string;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ath-code-cache-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});


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

const bundles = async (dir: string) => (await readdir(cacheDir(dir))).filter((n) => n.startsWith('bundle-') && n.endsWith('.bin'));

// modules cached one by one (compiled a few at a time) and loaded many at once: V8 compiles them as one script
describe('many migrations cached one by one, run as one V8 bundle', () => {
  test('taken by the second run, used after: same SQL, lint positions in the .ts files', async () => {
    const dir = await manyMigrations(root, 'bundle', 40);
    const cold = await compileFewAtATime(dir, 40);
    assert.equal(cold.code, 0, cold.stderr);
    assert.deepEqual(await bundles(dir), [], 'a run that compiled the modules takes no code cache');
    const second = await runCli(['upgrade', '--sql'], dir);
    assert.equal(second.stdout, cold.stdout);
    const [bundle] = await bundles(dir);
    assert.ok(bundle, 'the second run took the bundle');
    const third = await runCli(['upgrade', '--sql'], dir);
    assert.equal(third.stdout, cold.stdout);
    // lint loads all 40 again (its cache removed): through the bundle (its use marks it), positions in the .ts
    for (const name of await readdir(cacheDir(dir))) if (name.startsWith('lint-')) await rm(path.join(cacheDir(dir), name));
    const before = (await stat(path.join(cacheDir(dir), bundle))).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    const lint = await runCli(['lint'], dir);
    assert.ok((await stat(path.join(cacheDir(dir), bundle))).mtimeMs > before, 'lint ran the modules from the bundle');
    assert.match(lint.stdout, /migrations\/m_037\.ts:7:12 .*drop-table/);
  });

  test('a migration whose interop helpers differ from the rest runs from the bundle as compiled alone', async () => {
    const dir = await manyMigrations(root, 'bundle-helpers', 40);
    // a default import of a Node module makes esbuild start this module with other helpers (__create, __toESM)
    const helpers = `import path from 'node:path';\n${migration('r20', 'r19', "await op.createTable(path.basename('x/t_from_path'), { id: t.serial().primaryKey() });")}`;
    await writeFile(path.join(dir, 'migrations', 'm_020.ts'), helpers);
    const cold = await compileFewAtATime(dir, 40);
    assert.equal(cold.code, 0, cold.stderr);
    assert.match(cold.stdout, /CREATE TABLE "t_from_path"/);
    await runCli(['upgrade', '--sql'], dir);
    assert.equal((await bundles(dir)).length, 1, 'the second run took the bundle');
    const bundled = await runCli(['upgrade', '--sql'], dir);
    assert.equal(bundled.code, 0, bundled.stderr);
    assert.equal(bundled.stdout, cold.stdout);
  });

  test('strict mode, as each module runs alone: where the bundle shares it and where it does not', async () => {
    const dir = await manyMigrations(root, 'bundle-strict', 40);
    await writeFile(migrationFile(dir, 30), `\n${strictnessProbe('r30', 'r29', 30)}`);
    await compileFewAtATime(dir, 40);
    // a CommonJS .js migration (sloppy, as Node runs it) among them: the directive is no longer shared
    await writeFile(path.join(dir, 'migrations', 'm_041.js'), "const { t } = require('athanor');\nexports.revision = 'r41';\nexports.downRevision = 'r40';\nexports.upgrade = async (op) => {\n  let mode = 'strict';\n  try { Object.freeze({ a: 1 }).a = 2; mode = 'sloppy'; } catch {}\n  await op.createTable('mode_' + mode + '_41', { id: t.serial().primaryKey() });\n};\n");
    const alone = await runCli(['upgrade', '--sql'], dir);
    assert.equal(alone.code, 0, alone.stderr);
    await runCli(['upgrade', '--sql'], dir);
    const bundled = await runCli(['upgrade', '--sql'], dir);
    // one bundle of the 40 (the .js compiled alone beside it), then one of all 41, run by the last run
    assert.equal((await bundles(dir)).length, 2, 'run from a bundle');
    for (const out of [alone.stdout, bundled.stdout]) {
      assert.match(out, /CREATE TABLE "mode_strict_30"/);
      assert.match(out, /CREATE TABLE "mode_sloppy_41"/);
    }
  });

  test('a damaged bundle is ignored and replaced; a folder keeps a few', async () => {
    const dir = await manyMigrations(root, 'bundle-damaged', 40);
    const cold = await compileFewAtATime(dir, 40);
    await runCli(['upgrade', '--sql'], dir);
    const [bundle] = await bundles(dir);
    const file = path.join(cacheDir(dir), bundle ?? 'missing');
    const bytes = await readFile(file);
    for (let i = 0; i < bytes.length; i += 7) bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
    await writeFile(file, bytes);
    const garbled = await runCli(['upgrade', '--sql'], dir);
    assert.equal(garbled.code, 0, garbled.stderr);
    assert.equal(garbled.stdout, cold.stdout);
    assert.notDeepEqual(await readFile(file), bytes, 'written again');
    // other sets of pending migrations get bundles of their own, the oldest dropped beyond three
    for (const target of ['r33', 'r34', 'r35', 'r36']) {
      const partial = await runCli(['upgrade', target, '--sql'], dir);
      assert.equal(partial.code, 0, partial.stderr);
    }
    assert.equal((await bundles(dir)).length, 3);
  });
});

describe('a code cache and the source it was made from', () => {
  test('a bundle is handed only the code cache made from its own source, even one of the same length', async () => {
    const dir = await mkdtemp(path.join(root, 'same-length-'));
    const run = (code: string): unknown => {
      const compiledFile = path.join(dir, 'm1.cjs');
      const [body] = [...compileBundle([{ compiledFile, code }], dir, '/migrations').values()];
      const module = { exports: {} as Record<string, unknown> };
      body?.(module.exports, () => undefined, module, compiledFile, dir);
      return module.exports['value'];
    };
    assert.equal(run('module.exports.value = "first";'), 'first');
    writeBundles();
    // the same compiled file name (a cache folder recompiled by another esbuild, say), other code of the same length
    assert.equal(run('module.exports.value = "other";'), 'other');
  });
});

test('a module is handed only the code cache made from its own code, even code of the same length', async () => {
  const dir = await mkdtemp(path.join(root, 'same-length-module-'));
  const compiledFile = path.join(dir, 'm1.cjs');
  const run = (code: string): unknown => {
    const module = { exports: {} as Record<string, unknown> };
    compileWithCodeCache(code, compiledFile, '/migrations/m1.ts')(module.exports, () => undefined, module, compiledFile, dir);
    return module.exports['value'];
  };
  assert.equal(run('module.exports.value = "first";'), 'first');
  writeCodeCaches();
  assert.equal(run('module.exports.value = "other";'), 'other');
});
