// Many migrations not in the compile cache are compiled by esbuild as one bundle, cached whole. Whatever path a
// migration takes (the bundle, compiled alone, tsx), a run's output, the positions lint and errors report in the
// .ts files, and the errors of a broken migration are what they are without the bundle.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildBundle } from '../../src/loader/esbuild-bundle.js';
import { BIN, runCli } from '../support/project.js';
import { compileFewAtATime, manyMigrations, migration, migrationFile, strictnessProbe } from '../support/many-migrations.js';

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

  test('a migration that imports a package of the project is left out (its code is not in the checksums)', async () => {
    const dir = await manyMigrations(root, 'package-import', 40);
    await mkdir(path.join(dir, 'node_modules', 'table-names'));
    await writeFile(path.join(dir, 'node_modules', 'table-names', 'package.json'), JSON.stringify({ name: 'table-names', main: 'index.js' }));
    await writeFile(path.join(dir, 'node_modules', 'table-names', 'index.js'), 'exports.fromPackage = (n) => `from_package_${n}`;\n');
    await writeFile(migrationFile(dir, 8), `import { fromPackage } from 'table-names';\n${migration('r8', 'r7', "await op.createTable(fromPackage(8), { id: t.serial().primaryKey() });")}`);
    const ran = await runCli(['upgrade', '--sql'], dir);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /CREATE TABLE "from_package_8"/);
    const [bundle] = await cached(dir, BUNDLE);
    const held = await bundled(dir, bundle ?? 'missing');
    assert.equal(held.length, 39);
    assert.ok(!held.includes('m_008.ts'));
  });

  test('a run that started esbuild early and never needed it ends with its work (esbuild does not hold it)', () => {
    const dir = path.join(root, 'started-unused');
    mkdirSync(path.join(dir, 'migrations'), { recursive: true });
    mkdirSync(path.join(dir, 'node_modules'));
    writeFileSync(path.join(dir, 'athanor.config.json'), JSON.stringify({ dialect: 'sqlite', migrations: 'migrations' }));
    // import() sends the migration through tsx: esbuild, started when its header was not cached, gets no request
    writeFileSync(migrationFile(dir, 1), migration('r1', null, "const fs = await import('node:fs');\n  await op.createTable(`t_${typeof fs.readFileSync}`, { id: t.serial().primaryKey() });"));
    const ran = spawnSync(process.execPath, [BIN, 'upgrade', '--sql'], { cwd: dir, env: { ...process.env, DATABASE_URL: '', NO_COLOR: '1' }, encoding: 'utf8', timeout: 30_000 });
    assert.equal(ran.signal, null, 'still running after 30 s');
    assert.equal(ran.status, 0, ran.stderr);
    assert.match(ran.stdout, /CREATE TABLE "t_function"/);
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

describe('what a migration sees is its own file, bundled or not', () => {
  // a migration that reads SQL beside it, loads a module with import(), names its functions and classes
  const ownFile = (rev: string, down: string, n: number) => `import { t, type Op } from 'athanor';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
export const revision = '${rev}';
export const downRevision = '${down}';
class AuditLog {}
export async function upgrade(op: Op): Promise<void> {
  const { basename } = await import('node:path');
  await op.execute(readFileSync(new URL('../sql/extra.sql', import.meta.url), 'utf8'));
  await op.execute(readFileSync(join(import.meta.dirname, '..', 'sql', 'extra.sql'), 'utf8'));
  await op.createTable(basename('/x/' + AuditLog.name.toLowerCase() + '_' + upgrade.name + '_${n}'), { id: t.serial().primaryKey() });
}
`;
  // __dirname (a CommonJS package's TypeScript has it) and import.meta, in a file compiled alone
  const dirnameOf = (rev: string, down: string) =>
    `import { type Op } from 'athanor';\nimport { readFileSync } from 'node:fs';\nimport { join } from 'node:path';\nexport const revision = '${rev}';\nexport const downRevision = '${down}';\nexport async function upgrade(op: Op): Promise<void> {\n  await op.execute(readFileSync(join(__dirname, '..', 'sql', 'extra.sql'), 'utf8'));\n  await op.execute(readFileSync(new URL('../sql/extra.sql', import.meta.url), 'utf8'));\n}\n`;
  const named = (rev: string, down: string, n: number) =>
    `import { t, type Op } from 'athanor';\nexport const revision = '${rev}';\nexport const downRevision = '${down}';\nclass AuditLog {}\nexport async function upgrade(op: Op): Promise<void> {\n  await op.createTable(AuditLog.name.toLowerCase() + '_' + upgrade.name + '_${n}', { id: t.serial().primaryKey() });\n}\n`;

  for (const count of [40, 2]) {
    test(`import(), import.meta, __dirname, names and strict mode, among ${count} migrations`, async () => {
      const dir = await manyMigrations(root, `own-file-${count}`, count);
      await mkdir(path.join(dir, 'sql'));
      await writeFile(path.join(dir, 'sql', 'extra.sql'), 'SELECT 42');
      await writeFile(path.join(dir, 'migrations', 'n_1.ts'), named(`r${count + 1}`, `r${count}`, count + 1));
      await writeFile(path.join(dir, 'migrations', 'n_2.ts'), named(`r${count + 2}`, `r${count + 1}`, count + 2));
      await writeFile(path.join(dir, 'migrations', 'n_3.ts'), ownFile(`r${count + 3}`, `r${count + 2}`, count + 3));
      await writeFile(path.join(dir, 'migrations', 'n_4.ts'), dirnameOf(`r${count + 4}`, `r${count + 3}`));
      await writeFile(path.join(dir, 'migrations', 'n_5.ts'), strictnessProbe(`r${count + 5}`, `r${count + 4}`, count + 5));
      for (const run of ['cold', 'warm']) {
        const ran = await runCli(['upgrade', '--sql'], dir);
        assert.equal(ran.code, 0, `${run}: ${ran.stderr}`);
        assert.equal(ran.stdout.match(/^SELECT 42;?$/gm)?.length, 4, `${run}: the SQL beside them, read each way`);
        for (const n of [count + 1, count + 2, count + 3]) assert.match(ran.stdout, new RegExp(`CREATE TABLE "auditlog_upgrade_${n}"`), run);
        assert.match(ran.stdout, new RegExp(`CREATE TABLE "mode_strict_${count + 5}"`), `${run}: strict, as an ES module`);
      }
      if (count === 40) {
        const [bundle] = await cached(dir, BUNDLE);
        const held = await bundled(dir, bundle ?? 'missing');
        assert.ok(held.includes('n_1.ts') && held.includes('n_2.ts'), 'two files with the same names, bundled');
        assert.ok(!held.includes('n_3.ts') && !held.includes('n_4.ts'), 'import(), import.meta, __dirname: not bundled');
      }
    });
  }

  test('positions in a file named with non-ASCII and #, a folder that is a symbolic link, a lost source map', async () => {
    const dir = await manyMigrations(root, 'odd-names', 40);
    await rename(migrationFile(dir, 37), path.join(dir, 'migrations', 'm_037_é#1.ts'));
    await rename(path.join(dir, 'migrations'), path.join(dir, 'real-migrations'));
    await symlink('real-migrations', path.join(dir, 'migrations'));
    const lint = await runCli(['lint'], dir);
    assert.match(lint.stdout, /migrations\/m_037_é#1\.ts:7:12 .*drop-table/);
    const [bundle] = await cached(dir, BUNDLE);
    assert.equal((await bundled(dir, bundle ?? 'missing')).length, 40, 'bundled through the link');
    await rm(path.join(cacheDir(dir), `${bundle}.map`));
    await dropLintCache(dir);
    assert.match((await runCli(['lint'], dir)).stdout, /m_037_é#1\.ts:7:12 .*drop-table/, 'the map is made again');
  });
});

describe('.mts and .cts migrations', () => {
  for (const count of [40, 2]) {
    test(`run beside .ts ones (${count}), bundled or alone; a .d.mts is not a migration`, async () => {
      const dir = await manyMigrations(root, `mts-cts-${count}`, count);
      const body = (n: number) => `await op.createTable('t_ext_${n}', { id: t.serial().primaryKey() });`;
      await writeFile(path.join(dir, 'migrations', 'n_1.mts'), migration(`r${count + 1}`, `r${count}`, body(count + 1)));
      await writeFile(path.join(dir, 'migrations', 'n_2.cts'), migration(`r${count + 2}`, `r${count + 1}`, body(count + 2)));
      await writeFile(path.join(dir, 'migrations', 'types.d.mts'), 'export declare const x: number;\n');
      const heads = await runCli(['heads'], dir);
      assert.equal(heads.code, 0, heads.stderr);
      assert.match(heads.stdout, new RegExp(`-> r${count + 2} \\(head\\)`));
      for (const run of ['cold', 'warm']) {
        const ran = await runCli(['upgrade', '--sql'], dir);
        assert.equal(ran.code, 0, `${run}: ${ran.stderr}`);
        for (const n of [count + 1, count + 2]) assert.match(ran.stdout, new RegExp(`CREATE TABLE "t_ext_${n}"`), run);
      }
    });
  }
});

