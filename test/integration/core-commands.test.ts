// Every command through the real CLI, on every target database: the user's view of athanor.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createProject, type TestProject } from '../support/project.js';
import { historyRows, queryRows, tableNames, versionRows } from '../support/db.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const createT = (name: string) => `await op.createTable('${name}', { id: t.integer().primaryKey(), label: t.varchar(50) });`;
const dropT = (name: string) => `await op.dropTable('${name}');`;

for (const target of selectedTargets()) {
  describe(`core commands on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('core');
      project = createProject(db.url, target.dialect);
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('revision writes a dated file chained to the head; upgrade, current, history, downgrade walk it', async () => {
      const first = await project.cli(['revision', '-m', 'create todos']);
      assert.equal(first.code, 0, first.stderr);
      const second = await project.cli(['revision', '-m', 'Add completed!']);
      assert.equal(second.code, 0, second.stderr);
      const files = readdirSync(join(project.dir, 'migrations')).filter((f) => f.endsWith('.ts')).sort();
      assert.equal(files.length, 2);
      const [f1, f2] = files as [string, string];
      assert.match(f1, /^\d{8}_\d{6}_[0-9a-f]{12}_create_todos\.ts$/);
      assert.match(f2, /^\d{8}_\d{6}_[0-9a-f]{12}_add_completed\.ts$/);
      const rev1 = f1.split('_')[2] as string;
      const rev2 = f2.split('_')[2] as string;
      const text2 = readFileSync(join(project.dir, 'migrations', f2), 'utf8');
      assert.match(text2, new RegExp(`export const downRevision = '${rev1}'`));

      // fill the generated bodies the way a user would
      const fill = (file: string, up: string, down: string) => {
        const path = join(project.dir, 'migrations', file);
        const text = readFileSync(path, 'utf8')
          .replace(/(upgrade\(op: Op\): Promise<void> \{\n)[^}]*\}/, `$1  ${up}\n}`)
          .replace(/(downgrade\(op: Op\): Promise<void> \{\n)[^}]*\}/, `$1  ${down}\n}`)
          .replace(/^import type \{ Op \} from 'athanor';/m, `import { t, type Op } from 'athanor';`);
        project.write(join('migrations', file), text);
      };
      fill(f1, `await op.createTable('todos', { id: t.integer().primaryKey(), description: t.text().notNull() });`, `await op.dropTable('todos');`);
      fill(
        f2,
        `await op.addColumn('todos', 'completed', t.boolean().default(false)); await op.execute('UPDATE todos SET completed = false WHERE completed IS NULL'); await op.alterColumn('todos', 'completed', { nullable: false, existingType: t.boolean(), existingNullable: true, existingDefault: false });`,
        `await op.dropColumn('todos', 'completed');`,
      );

      const up1 = await project.cli(['upgrade', rev1.slice(0, 6)]);
      assert.equal(up1.code, 0, up1.stderr);
      assert.deepEqual(await versionRows(db.url), [rev1]);
      await queryRows(db.url, `INSERT INTO todos (id, description) VALUES (1, 'todo1'), (2, 'todo2')`);

      const up2 = await project.cli(['upgrade']);
      assert.equal(up2.code, 0, up2.stderr);
      assert.match(up2.stdout, new RegExp(`applied ${rev2}`));
      assert.deepEqual(await versionRows(db.url), [rev2]);
      const rows = await queryRows<{ completed: unknown }>(db.url, 'SELECT completed FROM todos ORDER BY id');
      assert.deepEqual(rows.map((r) => Boolean(Number(r.completed) || r.completed === true)), [false, false]);

      const current = await project.cli(['current', '--json']);
      assert.equal(current.code, 0, current.stderr);
      assert.deepEqual(JSON.parse(current.stdout).heads, [rev2]);

      const history = await project.cli(['history', '--json']);
      assert.deepEqual(JSON.parse(history.stdout).map((r: { revision: string }) => r.revision), [rev2, rev1]);

      const down = await project.cli(['downgrade']);
      assert.equal(down.code, 0, down.stderr);
      assert.deepEqual(await versionRows(db.url), [rev1]);
      const after = await queryRows<{ n: number | string }>(db.url, 'SELECT count(*) AS n FROM todos');
      assert.equal(Number(after[0]?.n), 2, 'downgrade keeps the rows');

      const base = await project.cli(['downgrade', 'base']);
      assert.equal(base.code, 0, base.stderr);
      assert.deepEqual(await versionRows(db.url), []);
      assert.ok(!(await tableNames(db.url)).includes('todos'));
      const hist = await historyRows(db.url);
      assert.deepEqual(
        hist.map((h) => `${h.direction}:${h.revision}`),
        [`up:${rev1}`, `up:${rev2}`, `down:${rev2}`, `down:${rev1}`],
      );
    });
  });
}
