// Migration code runs once per step (issue 14.8): the runner no longer renders every pending migration in a
// pre-pass, and upgrade's lint gate checks each call as the run issues it instead of running the code offline
// first, so a migration's side effects happen once (with the lint on) and a slow migration 2 does not delay 1.
// A throw in upgrade() is a run-time failure (exit 1); one before any statement ran leaves no history row.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createProject, type TestProject } from '../support/project.js';
import { historyRows, queryRows, tableNames, versionRows } from '../support/db.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

/** A migration that appends `up <rev>` to the count file each time its upgrade() runs, then does `body`. */
function counting(revision: string, down: string | null, body: string): Parameters<TestProject['migration']>[0] {
  return {
    revision,
    down,
    upgrade: `(await import('node:fs')).appendFileSync(process.env['ATHANOR_TEST_COUNT'] ?? '', 'up ${revision}\\n');\n  ${body}`,
    downgrade: `await op.execute('DELETE FROM counted WHERE id > 0');`,
  };
}

for (const target of selectedTargets(['sqlite', 'mysql', 'postgres'])) {
  describe(`migration code runs once on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;
    let countFile = '';
    const calls = () => readFileSync(countFile, 'utf8').trim().split('\n');

    before(async () => {
      db = await target.create('runonce');
      project = createProject(db.url, target.dialect);
      countFile = join(project.dir, 'calls.txt');
      project.migration({ revision: 'dddd00000001', down: null, upgrade: `await op.createTable('counted', { id: t.integer().primaryKey(), seen: t.integer() });`, downgrade: `await op.dropTable('counted');` });
      project.migration(counting('dddd00000002', 'dddd00000001', `await op.execute('INSERT INTO counted (id, seen) VALUES (1, 0)');`));
      // reads what migration 2 wrote: a pre-pass without the database would see no rows
      project.migration(
        counting('dddd00000003', 'dddd00000002', `const rows = await op.execute('SELECT count(*) AS n FROM counted');\n  await op.execute(\`INSERT INTO counted (id, seen) VALUES (2, \${Number(rows[0]?.['n'])})\`);`),
      );
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('each upgrade() runs once (lint on, no flags), after the steps before it, and sees their rows', async () => {
      const r = await project.cli(['upgrade'], { env: { ATHANOR_TEST_COUNT: countFile } });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(calls(), ['up dddd00000002', 'up dddd00000003']);
      const rows = await queryRows<{ id: number | string; seen: number | string }>(db.url, 'SELECT id, seen FROM counted ORDER BY id');
      assert.deepEqual(rows.map((row) => [Number(row.id), Number(row.seen)]), [[1, 0], [2, 1]], 'migration 3 read the row migration 2 wrote');
      rmSync(countFile);
    });

    test('upgrade() that throws before any statement: exit 1 naming the revision, no history row of it, the database at the step before', async () => {
      project.migration({
        revision: 'dddd00000004',
        down: 'dddd00000003',
        upgrade: `throw new Error('the backfill source is unreachable');`,
        downgrade: `await op.dropTable('never');`,
      });
      const before = await historyRows(db.url);
      const r = await project.cli(['upgrade']);
      assert.equal(r.code, 1, 'a run-time throw is a failure, not bad input');
      assert.match(r.stderr, /dddd00000004.*the backfill source is unreachable/);
      assert.deepEqual(await versionRows(db.url), ['dddd00000003']);
      const history = await historyRows(db.url);
      assert.deepEqual(history, before, 'no partial-up (or any) row for a step that ran nothing');
      assert.ok(!history.some((h) => h.direction.startsWith('partial')));
      assert.ok((await tableNames(db.url)).includes('counted'));
      const current = await project.cli(['current']);
      assert.equal(current.code, 0, current.stderr);
      assert.doesNotMatch(current.stdout, /partial/i);
    });
  });
}
