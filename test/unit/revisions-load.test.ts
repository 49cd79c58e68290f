import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, rm, symlink, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRevisions } from '../../src/loader/revisions.js';
import { UsageError } from '../../src/errors.js';

const ts = (rev: string, down: string | null) =>
  `export const revision = '${rev}';\nexport const downRevision = ${down === null ? 'null' : `'${down}'`};\nexport async function upgrade() {}\n`;

describe('loadRevisions', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ath-revisions-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('reads .ts, .js, .mjs and .sql files of the folder only, sorted by name', async () => {
    const folder = path.join(dir, 'mixed');
    await mkdir(path.join(folder, 'nested'), { recursive: true });
    await writeFile(path.join(folder, 'b1_second.ts'), ts('b1', 'a1'));
    await writeFile(path.join(folder, 'a1_first.sql'), '-- revision: a1\n-- down-revision:\n-- +upgrade\nSELECT 1;\n');
    await writeFile(path.join(folder, 'c1_third.js'), ts('c1', 'b1'));
    await writeFile(path.join(folder, 'd1_fourth.mjs'), ts('d1', 'c1'));
    await writeFile(path.join(folder, 'types.d.ts'), 'export declare const revision: string;\n');
    await writeFile(path.join(folder, 'README.md'), '# notes\n');
    await writeFile(path.join(folder, '.e1_hidden.ts'), ts('e1', 'd1'));
    await writeFile(path.join(folder, 'nested', 'f1_deep.ts'), ts('f1', 'd1'));

    const headers = await loadRevisions(folder);
    assert.deepEqual(
      headers.map((h) => [path.basename(h.file), h.revision, h.format]),
      [
        ['a1_first.sql', 'a1', 'sql'],
        ['b1_second.ts', 'b1', 'ts'],
        ['c1_third.js', 'c1', 'js'],
        ['d1_fourth.mjs', 'd1', 'js'],
      ],
    );
    for (const header of headers) {
      assert.ok(path.isAbsolute(header.file));
      const bytes = await readFile(header.file);
      assert.equal(header.checksum, createHash('sha256').update(bytes).digest('hex'));
    }
  });

  test('a folder named like a migration is not one; a symbolic link to a migration is', async () => {
    const folder = path.join(dir, 'links');
    await mkdir(path.join(folder, 'b2_folder.ts'), { recursive: true });
    await writeFile(path.join(dir, 'a2_elsewhere.ts'), ts('a2', null));
    await symlink(path.join(dir, 'a2_elsewhere.ts'), path.join(folder, 'a2_linked.ts'));
    const headers = await loadRevisions(folder);
    assert.deepEqual(headers.map((h) => [path.basename(h.file), h.revision]), [['a2_linked.ts', 'a2']]);
  });

  test('a missing folder tells the user to run `athanor init`', async () => {
    await assert.rejects(loadRevisions(path.join(dir, 'nope')), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /nope.*run `athanor init`/);
      return true;
    });
  });

  test('an empty folder has no revisions', async () => {
    const folder = path.join(dir, 'empty');
    await mkdir(folder);
    assert.deepEqual(await loadRevisions(folder), []);
  });

  test('a malformed file fails the load with its name', async () => {
    const folder = path.join(dir, 'broken');
    await mkdir(folder);
    await writeFile(path.join(folder, 'a1_ok.ts'), ts('a1', null));
    await writeFile(path.join(folder, 'b1_broken.ts'), 'export async function upgrade() {}\n');
    await assert.rejects(loadRevisions(folder), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /b1_broken\.ts: no `export const revision`/);
      return true;
    });
  });

  test('the checksum is of the raw bytes, BOM included', async () => {
    const folder = path.join(dir, 'bom');
    await mkdir(folder);
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('-- revision: r1\n-- down-revision:\n')]);
    await writeFile(path.join(folder, 'r1.sql'), bytes);
    const [header] = await loadRevisions(folder);
    assert.equal(header?.revision, 'r1');
    assert.equal(header?.checksum, createHash('sha256').update(bytes).digest('hex'));
  });
});
