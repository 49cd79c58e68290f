// Many migrations not in the compile cache are compiled by esbuild as one bundle, cached whole. Whatever path a
// migration takes (the bundle, compiled alone, tsx), a run's output, the positions lint and errors report in the
// .ts files, and the errors of a broken migration are what they are without the bundle.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { buildBundle } from '../../src/loader/esbuild-bundle.js';
import { runCli } from '../support/project.js';
import { compileFewAtATime, manyMigrations, migration, migrationFile } from '../support/many-migrations.js';

let root: string;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ath-esbuild-bundle-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const cacheDir = (dir: string) => path.join(dir, 'node_modules', '.cache', 'athanor');
const cached = async (dir: string, kind: RegExp) => (await readdir(cacheDir(dir))).filter((name) => kind.test(name)).sort();
const BUNDLE = /^esb-.*\.cjs$/;
const CODE_CACHE = /^esb-.*\.bin$/;
/** the names of the migrations a cached bundle holds (its first line) */
const bundled = async (dir: string, name: string) => JSON.parse((await readFile(path.join(cacheDir(dir), name), 'utf8')).split('\n')[0] ?? '[]') as string[];
const dropLintCache = async (dir: string) => {
  for (const name of await cached(dir, /^lint-/)) await rm(path.join(cacheDir(dir), name));
};

describe('many migrations compiled by esbuild as one bundle', () => {
  test('a cold run builds one bundle, no file per migration; the next runs use it: same SQL, same positions', async () => {
    const reference = await compileFewAtATime(await manyMigrations(root, 'one-by-one', 40), 40);
    const dir = await manyMigrations(root, 'bundled', 40);
    const cold = await runCli(['upgrade', '--sql'], dir);
    assert.equal(cold.code, 0, cold.stderr);
    assert.equal(cold.stdout, reference.stdout);
    const [bundle, ...others] = await cached(dir, BUNDLE);
    assert.ok(bundle !== undefined && others.length === 0, 'one bundle');
    assert.equal((await bundled(dir, bundle)).length, 40);
    assert.deepEqual(await cached(dir, /(\.api\.cjs|\.pack)$/), [], 'no module compiled on its own');
    assert.deepEqual(await cached(dir, CODE_CACHE), [], 'the run that built the bundle takes no code cache');

    const second = await runCli(['upgrade', '--sql'], dir);
    assert.equal(second.stdout, cold.stdout);
    assert.equal((await cached(dir, CODE_CACHE)).length, 1, 'the next run takes its code cache');
    assert.deepEqual(await cached(dir, BUNDLE), [bundle], 'and builds nothing');
    await dropLintCache(dir);
    const lint = await runCli(['lint'], dir);
    assert.match(lint.stdout, /migrations\/m_037\.ts:7:12 .*drop-table/, 'a call placed in the .ts through the bundle');
    assert.deepEqual(await cached(dir, BUNDLE), [bundle]);
  });

  test('a throw in a bundled migration is placed in its .ts file, built and cached', async () => {
    const dir = await manyMigrations(root, 'throws', 40);
    await writeFile(migrationFile(dir, 10), migration('r10', 'r9', "await op.createTable('t10', { id: t.serial().primaryKey() });\n  throw new Error('boom in ten');"));
    for (const run of ['built', 'cached']) {
      const failed = await runCli(['upgrade', '--sql'], dir);
      assert.equal(failed.code, 1, run);
      assert.match(failed.stderr, /upgrade r10 \(migrations\/m_010\.ts\) failed — boom in ten/, run);
      await dropLintCache(dir);
      const lint = await runCli(['lint'], dir);
      assert.match(lint.stdout, /migrations\/m_010\.ts:6:9 .*run-error/, run);
    }
    assert.equal((await cached(dir, BUNDLE)).length, 1);
  });

  test('a migration that imports a helper, awaits at top level or does not compile is left out; the rest stay bundled', async () => {
    const dir = await manyMigrations(root, 'left-out', 40);
    await mkdir(path.join(dir, 'lib'));
    await writeFile(path.join(dir, 'lib', 'names.ts'), "export const tableName = (n: number): string => `from_helper_${n}`;\n");
    await writeFile(migrationFile(dir, 5), `import { tableName } from '../lib/names';\n${migration('r5', 'r4', "await op.createTable(tableName(5), { id: t.serial().primaryKey() });")}`);
    await writeFile(migrationFile(dir, 6), `const suffix = await Promise.resolve('awaited');\n${migration('r6', 'r5', "await op.createTable(`t6_${suffix}`, { id: t.serial().primaryKey() });")}`);
    const ran = await runCli(['upgrade', '--sql'], dir);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /CREATE TABLE "from_helper_5"/);
    assert.match(ran.stdout, /CREATE TABLE "t6_awaited"/);
    assert.match(ran.stdout, /CREATE TABLE "t40"/);
    const [bundle] = await cached(dir, BUNDLE);
    const held = await bundled(dir, bundle ?? 'missing');
    assert.equal(held.length, 38);
    assert.ok(!held.includes('m_005.ts') && !held.includes('m_006.ts'));
    assert.equal((await runCli(['upgrade', '--sql'], dir)).stdout, ran.stdout, 'found again by the set asked for');

    await writeFile(migrationFile(dir, 7), migration('r7', 'r6', "await op.createTable('t_b', { id: t.serial().primaryKey() );"));
    const broken = await runCli(['upgrade', '--sql'], dir);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /cannot load migrations\/m_007\.ts:5:\d+: Expected "\}" but found "\)"/);
  });

  test('an edited migration gets a new bundle; a damaged one is built again; a folder keeps three', async () => {
    const dir = await manyMigrations(root, 'edited', 40);
    await runCli(['upgrade', '--sql'], dir);
    await writeFile(migrationFile(dir, 3), migration('r3', 'r2', "await op.createTable('t3_edited', { id: t.serial().primaryKey() });"));
    const edited = await runCli(['upgrade', '--sql'], dir);
    assert.match(edited.stdout, /CREATE TABLE "t3_edited"/);
    const bundles = await cached(dir, BUNDLE);
    assert.equal(bundles.length, 2);
    for (const name of bundles) {
      const file = path.join(cacheDir(dir), name);
      const text = await readFile(file, 'utf8');
      await writeFile(file, `${text.split('\n')[0]}\n${text.slice(text.indexOf('\n') + 1).replaceAll('createTable', 'create Table')}`);
    }
    const damaged = await runCli(['upgrade', '--sql'], dir);
    assert.equal(damaged.code, 0, damaged.stderr);
    assert.equal(damaged.stdout, edited.stdout);
    for (const target of ['r33', 'r34', 'r35', 'r36']) assert.equal((await runCli(['upgrade', target, '--sql'], dir)).code, 0);
    assert.equal((await cached(dir, BUNDLE)).length, 3);
    assert.equal((await cached(dir, /^esb-.*\.cjs\.map$/)).length, 3, 'each with its map');
  });

  test('a file no longer holding the content its checksum names is marked changed, so its bundle is not cached', async () => {
    const dir = await manyMigrations(root, 'changed', 33);
    const files = Array.from({ length: 33 }, (_, i) => migrationFile(dir, i + 1));
    const inputs = await Promise.all(files.map(async (file) => ({ file, checksum: createHash('sha256').update(await readFile(file)).digest('hex') })));
    const asTaken = await buildBundle(path.join(dir, 'migrations'), inputs, 32);
    assert.equal(asTaken.code?.files.length, 33);
    assert.equal(asTaken.changed, false);
    const editedSince = await buildBundle(path.join(dir, 'migrations'), inputs.map((input, i) => (i === 7 ? { ...input, checksum: '0'.repeat(64) } : input)), 32);
    assert.equal(editedSince.changed, true);
  });
});
