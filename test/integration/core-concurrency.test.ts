// Concurrent runners on a server database: the lock makes every revision apply exactly once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createProject, type TestProject } from '../support/project.js';
import { historyRows, versionRows } from '../support/db.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const COUNT = 200;
const RUNNERS = 4;

function revisionId(i: number): string {
  return `c0${String(i).padStart(10, '0')}`;
}

for (const target of selectedTargets().filter((t) => t.concurrent)) {
  describe(`concurrent upgrade on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('lock');
      project = createProject(db.url, target.dialect);
      for (let i = 1; i <= COUNT; i++) {
        project.migration({
          revision: revisionId(i),
          down: i === 1 ? null : revisionId(i - 1),
          upgrade: `await op.createTable('t${i}', { id: t.integer().primaryKey() });`,
          downgrade: `await op.dropTable('t${i}');`,
        });
      }
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test(`${RUNNERS} \`upgrade head\` processes at once on ${COUNT} migrations: all exit 0, each revision applied once`, async () => {
      const results = await Promise.all(Array.from({ length: RUNNERS }, () => project.cli(['upgrade', 'head'])));
      for (const r of results) assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await versionRows(db.url), [revisionId(COUNT)]);
      const ups = (await historyRows(db.url)).filter((h) => h.direction === 'up').map((h) => h.revision);
      assert.equal(ups.length, COUNT);
      assert.equal(new Set(ups).size, COUNT, 'no revision applied twice');
      const nothing = results.filter((r) => /nothing to upgrade/.test(r.stdout)).length;
      assert.ok(nothing >= 1, 'the runners that waited found nothing pending');
    });
  });
}
