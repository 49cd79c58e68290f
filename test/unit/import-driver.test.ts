// importDriver: a driver not found beside athanor (a global install, npx) is looked up from the project, where
// `npm install pg` put it; missing there too, one MissingDriverError naming the install command.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { importDriver, MissingDriverError } from '../../src/drivers/import-driver.js';

/** What Node throws when athanor's own import of the package finds nothing. */
function notBesideAthanor(): never {
  throw Object.assign(new Error("Cannot find package 'pg' imported from /usr/lib/node_modules/athanor/dist/drivers/postgres.js"), { code: 'ERR_MODULE_NOT_FOUND' });
}

describe('importDriver', () => {
  const project = mkdtempSync(join(tmpdir(), 'ath-driver-'));
  after(() => rmSync(project, { recursive: true, force: true }));

  test("not beside athanor, the project's copy is imported", async () => {
    mkdirSync(join(project, 'node_modules', 'pg'), { recursive: true });
    writeFileSync(join(project, 'node_modules', 'pg', 'package.json'), JSON.stringify({ name: 'pg', main: 'index.js' }));
    writeFileSync(join(project, 'node_modules', 'pg', 'index.js'), "module.exports = { copy: 'the project' };\n");
    const loaded = await importDriver('pg', async (file?: string) => (file === undefined ? notBesideAthanor() : ((await import(file)) as { default: { copy: string } })), project);
    assert.equal(loaded.default.copy, 'the project');
  });

  test('in neither place: MissingDriverError naming the install command', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ath-driver-none-'));
    try {
      await assert.rejects(
        importDriver('pg', async () => notBesideAthanor(), empty),
        (error: unknown) => error instanceof MissingDriverError && /install `pg` to use postgres:\/\/ URLs \(npm install pg\)/.test(error.message),
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
