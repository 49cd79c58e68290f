// An op call athanor refuses (qa-session10: `op.alterColumn(t, c, { rename })`): `lint` reports it as an error
// (exit 1) in the words `upgrade` refuses it with, so a lint run before upgrade stops it first.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { versionRows } from '../support/db.js';
import { createProject, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const REFUSAL = "op.alterColumn('title'): unknown option 'rename' (did you mean newName?)";

for (const target of selectedTargets(['postgres', 'sqlite'])) {
  describe(`an op call athanor refuses on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;
    before(async () => {
      db = await target.create('lintopcall');
      project = createProject(db.url, target.dialect);
      project.migration({
        revision: 'oc0000000001',
        down: null,
        upgrade: `await op.createTable('todos', { id: t.integer().primaryKey(), title: t.text() });\n  await op.alterColumn('todos', 'title', { rename: 'name' } as never);`,
        downgrade: `await op.dropTable('todos');`,
      });
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('lint: an error (exit 1) saying what upgrade says; upgrade refuses it in the same words', async () => {
      const lint = await project.cli(['lint']);
      assert.equal(lint.code, 1, lint.stdout + lint.stderr);
      assert.match(lint.stdout, /00001_oc0000000001_m\.ts:\d+:\d+ {2}error {2}invalid-op-call {2}upgrade\(\) stops here: /);
      assert.ok(lint.stdout.includes(REFUSAL), lint.stdout);

      const upgrade = await project.cli(['upgrade']);
      assert.equal(upgrade.code, 2, upgrade.stdout + upgrade.stderr);
      assert.ok(upgrade.stderr.includes(REFUSAL), upgrade.stderr);
      assert.deepEqual(await versionRows(db.url), []);
    });
  });
}
