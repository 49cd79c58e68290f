// `check` and `migrate` list each difference with the name of what differs: a drift report in CI must say which
// index, constraint or view, not just `dropIndex todos`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createProject, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const MODELS = `import { table, t, index, view } from 'athanor';
export const users = table('users', { id: t.serial().primaryKey() });
export const todos = table('todos', {
  id: t.serial().primaryKey(),
  title: t.varchar(100).notNull(),
  ownerId: t.integer().references(() => users.id),
}, (c) => [index('ix_todos_title').on(c.title)]);
export const openTodos = view('open_todos', 'SELECT id, title FROM todos');
`;

for (const target of selectedTargets()) {
  describe(`check names what differs on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('checkreport');
      project = createProject(db.url, target.dialect);
      project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: './models.ts' }));
      project.write('models.ts', MODELS);
      for (const args of [['migrate', '-m', 'create'], ['upgrade']]) {
        const r = await project.cli(args);
        assert.equal(r.code, 0, r.stderr);
      }
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('an index, a foreign key and a view dropped from the models', async () => {
      project.write('models.ts', MODELS.replace(", (c) => [index('ix_todos_title').on(c.title)]", '')
        .replace('.references(() => users.id)', '')
        .replace(/export const openTodos[^;]*;\n/, ''));
      const r = await project.cli(['check']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const lines = r.stdout.split('\n').map((l) => l.trim());
      assert.ok(lines.includes('drop view open_todos'), r.stdout);
      assert.ok(lines.includes('drop index ix_todos_title on todos'), r.stdout);
      assert.ok(lines.some((l) => /^drop constraint \S*fkey\S* on todos$/i.test(l)), r.stdout);
    });
  });
}
