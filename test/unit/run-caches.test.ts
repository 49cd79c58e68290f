// The caches that spare a warm run work: migration headers (by file stamp), compiled modules (by checksum) and
// lint results (by the run's files and options). Each must give what a run without it gives, whatever the
// user changed in between: edits in place (same size), added and removed files, helpers a migration imports.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRevisions } from '../../src/loader/revisions.js';
import { loadMigrationModule } from '../../src/loader/migration-module.js';
import { lintProject } from '../../src/lint/index.js';
import { Op, type OperationSink } from '../../src/operations/op.js';
import { runCli } from '../support/project.js';
import { manyMigrations } from '../support/many-migrations.js';
import type { Operation } from '../../src/operations/types.js';

let root: string;
let cases = 0;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ath-run-caches-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A project folder with its own node_modules, so its caches live inside it (and go with it). */
async function project(files: Record<string, string>): Promise<{ dir: string; migrations: string }> {
  const dir = path.join(root, `case${++cases}`);
  const migrations = path.join(dir, 'migrations');
  await mkdir(migrations, { recursive: true });
  await mkdir(path.join(dir, 'node_modules'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(migrations, name), text);
  return { dir, migrations };
}

const migration = (rev: string, down: string | null, body = "await op.createTable('t_" + rev + "', { id: t.serial().primaryKey() });") =>
  `import { t, type Op } from 'athanor';\nexport const revision = '${rev}';\nexport const downRevision = ${down === null ? 'null' : `'${down}'`};\nexport async function upgrade(op: Op): Promise<void> {\n  ${body}\n}\n`;

async function recorded(file: string, headers: Awaited<ReturnType<typeof loadRevisions>>): Promise<Operation[]> {
  const header = headers.find((h) => h.file === file);
  assert.ok(header);
  const module = await loadMigrationModule(header, 'postgres');
  const ops: Operation[] = [];
  const sink: OperationSink = { dialect: 'postgres', run: async (op) => void ops.push(op), query: async () => [] };
  const op = new Op(sink);
  await module.upgrade(op);
  await op.settle();
  return ops;
}

describe('header cache', () => {
  test('a warm load gives the same headers, and sees edits in place, added and removed files', async () => {
    const { dir, migrations } = await project({ 'a_1.ts': migration('aaaa', null), 'b_2.ts': migration('bbbb', 'aaaa'), 'c_3.ts': migration('cccc', 'bbbb') });
    const cold = await loadRevisions(migrations);
    assert.ok((await readdir(path.join(dir, 'node_modules', '.cache', 'athanor'))).some((f) => f.startsWith('headers-')), 'the cache lives in the project');
    assert.deepEqual(await loadRevisions(migrations), cold);

    // same size, new content: c now follows a instead of b
    await writeFile(path.join(migrations, 'c_3.ts'), migration('cccc', 'aaaa'));
    await writeFile(path.join(migrations, 'd_4.ts'), migration('dddd', 'cccc'));
    await unlink(path.join(migrations, 'b_2.ts'));
    const warm = await loadRevisions(migrations);
    assert.deepEqual(
      warm.map((h) => [path.basename(h.file), h.revision, h.downRevisions]),
      [
        ['a_1.ts', 'aaaa', []],
        ['c_3.ts', 'cccc', ['aaaa']],
        ['d_4.ts', 'dddd', ['cccc']],
      ],
    );
    assert.notEqual(warm[1]?.checksum, cold[2]?.checksum, 'the checksum follows the new content');
  });

  test('a damaged cache file is ignored', async () => {
    const { dir, migrations } = await project({ 'a_1.ts': migration('aaaa', null) });
    await loadRevisions(migrations);
    const cacheDir = path.join(dir, 'node_modules', '.cache', 'athanor');
    for (const name of await readdir(cacheDir)) if (name.startsWith('headers-')) await writeFile(path.join(cacheDir, name), '{"format": 2, "entr');
    assert.deepEqual((await loadRevisions(migrations)).map((h) => h.revision), ['aaaa']);
  });
});

describe('compile cache', () => {
  test('a migration edited within one process runs its new body', async () => {
    const { migrations } = await project({ 'a_1.ts': migration('aaaa', null) });
    const file = path.join(migrations, 'a_1.ts');
    assert.deepEqual((await recorded(file, await loadRevisions(migrations))).map((o) => o.kind), ['createTable']);
    await writeFile(file, migration('aaaa', null, "await op.dropTable('old');"));
    assert.deepEqual((await recorded(file, await loadRevisions(migrations))).map((o) => o.kind), ['dropTable']);
  });
});

describe('a cache folder that cannot be written', () => {
  // node_modules/.cache a file, as a read-only node_modules gives: nothing can be stored, everything still runs
  test('one migration and many run, compiled in memory, as often as asked', async () => {
    const one = await project({ 'a_1.ts': migration('aaaa', null) });
    const many = await manyMigrations(root, 'unwritable-many', 40);
    for (const dir of [one.dir, many]) {
      await writeFile(path.join(dir, 'athanor.config.json'), JSON.stringify({ dialect: 'sqlite', migrations: 'migrations' }));
      await writeFile(path.join(dir, 'node_modules', '.cache'), 'not a folder');
    }
    for (const run of ['first', 'second']) {
      const single = await runCli(['upgrade', '--sql'], one.dir);
      assert.equal(single.code, 0, `${run}: ${single.stderr}`);
      assert.match(single.stdout, /CREATE TABLE "t_aaaa"/);
      const bundled = await runCli(['upgrade', '--sql'], many);
      assert.equal(bundled.code, 0, `${run}: ${bundled.stderr}`);
      assert.match(bundled.stdout, /CREATE TABLE "t40"/);
    }
  });
});

describe('compile cache packs', () => {
  const cacheFiles = async (dir: string) => readdir(path.join(dir, 'node_modules', '.cache', 'athanor'));
  /** Empties the cache folder but for the compiled modules, so the next process compiles nothing but lints again. */
  const keepCompiled = async (dir: string) => {
    for (const name of await cacheFiles(dir)) if (!name.endsWith('.pack')) await rm(path.join(dir, 'node_modules', '.cache', 'athanor', name));
  };

  test('a cold run writes one pack; warm runs load from it with the same output and positions', async () => {
    const { dir } = await project({
      'a_1.ts': migration('aaaa', null),
      'b_2.ts': migration('bbbb', 'aaaa', "await op.createTable('t_b', { id: t.serial().primaryKey() });\n  await op.dropTable('legacy');"),
      'c_3.ts': migration('cccc', 'bbbb'),
    });
    await writeFile(path.join(dir, 'athanor.config.json'), JSON.stringify({ dialect: 'sqlite', migrations: 'migrations' }));
    const cold = await runCli(['upgrade', '--sql'], dir);
    assert.equal(cold.code, 0, cold.stderr);
    const files = await cacheFiles(dir);
    assert.equal(files.filter((f) => f.endsWith('.pack')).length, 1, files.join(', '));
    assert.deepEqual(files.filter((f) => f.endsWith('.cjs')), [], 'no file per migration');
    assert.equal((await runCli(['upgrade', '--sql'], dir)).stdout, cold.stdout);

    await keepCompiled(dir);
    const lint = await runCli(['lint'], dir);
    assert.match(lint.stdout, /migrations\/b_2\.ts:6:12 .*drop-table/, 'a packed module maps back to its .ts lines');
    assert.deepEqual((await cacheFiles(dir)).filter((f) => f.endsWith('.cjs')), [], 'nothing compiled again');
  });

  test('a migration that does not compile fails with its own message, cold and warm', async () => {
    const { dir } = await project({
      'a_1.ts': migration('aaaa', null),
      'b_2.ts': migration('bbbb', 'aaaa', "await op.createTable('t_b', { id: t.serial().primaryKey() );"),
      'c_3.ts': migration('cccc', 'bbbb'),
    });
    await writeFile(path.join(dir, 'athanor.config.json'), JSON.stringify({ dialect: 'sqlite', migrations: 'migrations' }));
    for (const run of ['cold', 'warm']) {
      const result = await runCli(['upgrade', '--sql'], dir);
      assert.equal(result.code, 2, run);
      assert.match(result.stderr, /cannot load migrations\/b_2\.ts:5:\d+: Expected "\}" but found "\)"/, run);
    }
  });

  test('a damaged pack is ignored: the next run compiles again', async () => {
    const { dir } = await project({ 'a_1.ts': migration('aaaa', null), 'b_2.ts': migration('bbbb', 'aaaa') });
    await writeFile(path.join(dir, 'athanor.config.json'), JSON.stringify({ dialect: 'sqlite', migrations: 'migrations' }));
    const cold = await runCli(['upgrade', '--sql'], dir);
    for (const name of await cacheFiles(dir)) {
      const file = path.join(dir, 'node_modules', '.cache', 'athanor', name);
      if (name.endsWith('.pack')) await writeFile(file, (await readFile(file, 'utf8')).slice(0, -40));
    }
    const warm = await runCli(['upgrade', '--sql'], dir);
    assert.equal(warm.code, 0, warm.stderr);
    assert.equal(warm.stdout, cold.stdout);
  });
});

describe('lint cache', () => {
  const rules = async (migrations: string) => (await lintProject({ migrationsDir: migrations, dialect: 'postgres' })).findings.map((f) => [path.basename(f.file), f.rule]);

  test('a second lint of the same files gives the same findings; a fix is seen at once', async () => {
    const { migrations } = await project({ 'a_1.ts': migration('aaaa', null), 'b_2.ts': migration('bbbb', 'aaaa', "await op.dropTable('legacy');") });
    const first = await rules(migrations);
    assert.deepEqual(first, [['b_2.ts', 'drop-table']]);
    assert.deepEqual(await rules(migrations), first);
    await writeFile(path.join(migrations, 'b_2.ts'), migration('bbbb', 'aaaa', "await op.createTable('t_new', { id: t.serial().primaryKey() });"));
    assert.deepEqual(await rules(migrations), []);
  });

  test('a migration importing a helper is linted again when only the helper changed (next process)', async () => {
    const { dir, migrations } = await project({});
    await writeFile(path.join(dir, 'athanor.config.json'), JSON.stringify({ dialect: 'postgres' }));
    const helper = path.join(dir, 'helper.ts');
    const helperSource = (body: string) => `import type { Op } from 'athanor';\nexport async function change(op: Op): Promise<void> {\n  ${body}\n}\n`;
    await writeFile(helper, helperSource("await op.createTable('t_x', {});"));
    const body = `import type { Op } from 'athanor';\nimport { change } from '../helper.ts';\nexport const revision = 'aaaa';\nexport const downRevision = null;\nexport async function upgrade(op: Op): Promise<void> {\n  await change(op);\n}\n`;
    await writeFile(path.join(migrations, 'a_1.ts'), body);
    const first = await runCli(['lint'], dir);
    assert.doesNotMatch(first.stdout, /drop-table/);
    await writeFile(helper, helperSource("await op.dropTable('legacy');"));
    const second = await runCli(['lint'], dir);
    assert.match(second.stdout, /a_1\.ts.*drop-table/);
  });
});
