// The op names users bring from other tools: `op.renameColumn` (knex, TypeORM, Kysely) works; a name athanor does not
// have (`op.add_column` from Alembic, `op.addIndex` from knex, a typo) says what was meant, in lint and upgrade,
// instead of "op.x is not a function", and nothing runs.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { queryRows, versionRows } from '../support/db.js';
import { createProject, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

for (const target of selectedTargets(['sqlite', 'postgres'])) {
  describe(`op names on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;
    before(async () => {
      db = await target.create('opnames');
      project = createProject(db.url, target.dialect);
      project.migration({
        revision: 'on0000000001',
        down: null,
        upgrade: `await op.createTable('todos', { id: t.integer().primaryKey(), title: t.text() });\n  await op.renameColumn('todos', 'title', 'name');`,
        downgrade: `await op.dropTable('todos');`,
      });
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('op.renameColumn renames the column, and the generated check is in sync with a model of the new name', async () => {
      const upgrade = await project.cli(['upgrade']);
      assert.equal(upgrade.code, 0, upgrade.stderr);
      const columns = target.dialect === 'sqlite'
        ? (await queryRows<{ name: string }>(db.url, `SELECT name FROM pragma_table_info('todos') ORDER BY cid`)).map((r) => r.name)
        : (await queryRows<{ name: string }>(db.url, `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'todos' ORDER BY ordinal_position`)).map((r) => r.name);
      assert.deepEqual(columns, ['id', 'name']);
    });

    test('an op another tool names (op.add_column, op.addIndex) is refused by lint and upgrade with the athanor name, nothing run', async () => {
      for (const [call, meant, revision] of [
        [`op.add_column('todos', 'done', t.boolean())`, 'op.addColumn', 'on0000000002'],
        [`op.addIndex('ix_todos_name', 'todos', ['name'])`, 'op.createIndex', 'on0000000003'],
      ] as const) {
        const file = project.migration({ revision, down: 'on0000000001', upgrade: `await op.createTable('t_${revision}', { id: t.integer().primaryKey() });\n  await ${call};`, downgrade: `await op.dropTable('t_${revision}');` });
        const name = call.slice(0, call.indexOf('('));
        const lint = await project.cli(['lint']);
        assert.equal(lint.code, 1, lint.stdout + lint.stderr);
        assert.ok(lint.stdout.includes(`${name} is not an op (did you mean ${meant}?)`), lint.stdout);
        const upgrade = await project.cli(['upgrade']);
        assert.equal(upgrade.code, 2, upgrade.stdout + upgrade.stderr);
        assert.ok(upgrade.stderr.includes(`${name} is not an op (did you mean ${meant}?)`), upgrade.stderr);
        assert.deepEqual(await versionRows(db.url), ['on0000000001']);
        rmSync(file);
      }
    });

    test('a pending migration read clean before, then edited to hold a refused call, is refused: what is remembered is its checksum', async () => {
      const file = project.migration({ revision: 'on0000000004', down: 'on0000000001', upgrade: `await op.execute('SELECT * FROM no_such_table');`, downgrade: '' });
      const failed = await project.cli(['upgrade']);
      assert.equal(failed.code, 1, failed.stdout + failed.stderr);
      const source = readFileSync(file, 'utf8').replace(`await op.execute('SELECT * FROM no_such_table');`, `await op.add_column('todos', 'done', t.boolean());`);
      writeFileSync(file, source);
      const refused = await project.cli(['upgrade']);
      assert.equal(refused.code, 2, refused.stdout + refused.stderr);
      assert.match(refused.stderr, /op\.add_column is not an op \(did you mean op\.addColumn\?\)/);
      assert.deepEqual(await versionRows(db.url), ['on0000000001']);
      rmSync(file);
    });
  });
}
