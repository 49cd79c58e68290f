// The embedded database serves one process at a time: two athanor commands on one PGlite data directory (two
// terminals, a watch script beside an upgrade) must not both open it, where the second aborted with PGlite's
// "Aborted(). Build with -sASSERTIONS" or corrupted the directory. The second waits; a holder that died is ignored.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { createProject, type TestProject } from '../support/project.js';
import { pgliteTarget, type TestDatabase } from '../support/targets.js';

const MIGRATIONS = 12;

describe('one process at a time on a PGlite data directory', () => {
  let db: TestDatabase;
  let project: TestProject;
  let dataDir: string;
  before(async () => {
    db = await pgliteTarget.create('pglite-one');
    dataDir = db.url.slice('pglite:'.length);
    project = createProject(db.url, 'postgres');
    for (let i = 1; i <= MIGRATIONS; i++) {
      const revision = `a${String(i).padStart(11, '0')}`;
      const down = i === 1 ? null : `a${String(i - 1).padStart(11, '0')}`;
      project.migration({ revision, down, upgrade: `await op.createTable('t${i}', { id: t.serial().primaryKey() });`, downgrade: `await op.dropTable('t${i}');` });
    }
  });
  after(async () => {
    project.remove();
    await db.drop();
  });

  test('two upgrades started together both succeed, one after the other, and the directory is left free', async () => {
    const [first, second] = await Promise.all([project.spawnCli(['upgrade']), new Promise((done) => setTimeout(done, 150)).then(() => project.spawnCli(['upgrade']))]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(second.code, 0, second.stderr);
    const applied = `${first.stdout}\n${second.stdout}`;
    assert.match(applied, new RegExp(`upgraded ${MIGRATIONS} revision\\(s\\)`));
    assert.match(applied, /nothing to upgrade/);
    assert.equal(existsSync(join(dataDir, 'athanor-open.pid')), false);
    const current = await project.cli(['current']);
    assert.match(current.stdout, /a00000000012 \(head, current\)/);
  });

  test('a holder that died (its pid gone) does not block the next run', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dataDir, 'athanor-open.pid'), `${dead.stdout}\n`);
    const result = await project.spawnCli(['downgrade', '-1']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(existsSync(join(dataDir, 'athanor-open.pid')), false);
  });
});
