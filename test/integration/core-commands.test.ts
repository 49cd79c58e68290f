// Every command through the real CLI, on every target database: the user's view of athanor.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createProject, type TestProject } from '../support/project.js';
import { historyRows, queryRows, tableNames, versionRows } from '../support/db.js';
import { selectedTargets, unreachableUrl, type TestDatabase } from '../support/targets.js';

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

for (const target of selectedTargets()) {
  describe(`revision graph on ${target.name}: branches, merges, labels, relative targets`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('graph');
      project = createProject(db.url, target.dialect);
      // a1 ─ b2 ─┬─ c3 (label: feature)
      //           └─ d4 ─ e5
      project.migration({ revision: 'a1a1a1a1a1a1', down: null, upgrade: createT('ta'), downgrade: dropT('ta') });
      project.migration({ revision: 'b2b2b2b2b2b2', down: 'a1a1a1a1a1a1', upgrade: createT('tb'), downgrade: dropT('tb') });
      project.migration({ revision: 'c3c3c3c3c3c3', down: 'b2b2b2b2b2b2', branchLabels: ['feature'], upgrade: createT('tc'), downgrade: dropT('tc') });
      project.migration({ revision: 'd4d4d4d4d4d4', down: 'b2b2b2b2b2b2', upgrade: createT('td'), downgrade: dropT('td') });
      project.migration({ revision: 'e5e5e5e5e5e5', down: 'd4d4d4d4d4d4', upgrade: createT('te'), downgrade: dropT('te') });
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('heads, branches and show read the graph without a database', async () => {
      const heads = await project.cli(['heads', '--json'], { url: unreachableUrl(target.dialect) });
      assert.equal(heads.code, 0, heads.stderr);
      assert.deepEqual(JSON.parse(heads.stdout).map((h: { revision: string }) => h.revision).sort(), ['c3c3c3c3c3c3', 'e5e5e5e5e5e5']);
      const branches = await project.cli(['branches', '--json']);
      assert.deepEqual(JSON.parse(branches.stdout).map((h: { revision: string }) => h.revision), ['b2b2b2b2b2b2']);
      const show = await project.cli(['show', 'feature@head', '--json']);
      assert.equal(show.code, 0, show.stderr);
      assert.equal(JSON.parse(show.stdout).revision, 'c3c3c3c3c3c3');
      const history = await project.cli(['history', '-r', 'b2b2:e5e5', '--json']);
      assert.deepEqual(JSON.parse(history.stdout).map((h: { revision: string }) => h.revision), ['e5e5e5e5e5e5', 'd4d4d4d4d4d4', 'b2b2b2b2b2b2']);
    });

    test('head with two heads is refused (exit 2, names heads and LABEL@head); nothing is touched', async () => {
      const result = await project.cli(['upgrade', 'head']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /multiple heads/);
      assert.match(result.stderr, /heads|@head/);
      assert.equal(result.stderr.trim().split('\n').length, 1, 'one line');
      assert.deepEqual(await versionRows(db.url), []);
    });

    test('relative and labelled targets move one branch at a time; the version table holds one row per head', async () => {
      let r = await project.cli(['upgrade', '+2']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await versionRows(db.url), ['b2b2b2b2b2b2']);
      r = await project.cli(['upgrade', 'feature@head']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await versionRows(db.url), ['c3c3c3c3c3c3']);
      r = await project.cli(['upgrade', 'd4d4+1']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await versionRows(db.url), ['c3c3c3c3c3c3', 'e5e5e5e5e5e5']);
      const current = await project.cli(['current', '--json']);
      assert.deepEqual(JSON.parse(current.stdout).heads.sort(), ['c3c3c3c3c3c3', 'e5e5e5e5e5e5']);
      // -1 is ambiguous with two heads
      r = await project.cli(['downgrade', '-1']);
      assert.equal(r.code, 2);
      r = await project.cli(['downgrade', 'feature@-1']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await versionRows(db.url), ['e5e5e5e5e5e5']);
      assert.ok(!(await tableNames(db.url)).includes('tc'));
    });

    test('merge joins the heads; upgrading through it leaves one row; downgrading it restores two', async () => {
      const merged = await project.cli(['merge', 'heads', '-m', 'join feature', '--rev-id', 'f6f6f6f6f6f6']);
      assert.equal(merged.code, 0, merged.stderr);
      const heads = await project.cli(['heads', '--json']);
      assert.deepEqual(JSON.parse(heads.stdout).map((h: { revision: string }) => h.revision), ['f6f6f6f6f6f6']);
      let r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await versionRows(db.url), ['f6f6f6f6f6f6']);
      assert.ok((await tableNames(db.url)).includes('tc'), 'the merge applied the other branch first');
      r = await project.cli(['downgrade', '-1']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await versionRows(db.url), ['c3c3c3c3c3c3', 'e5e5e5e5e5e5']);
      r = await project.cli(['downgrade', 'base']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await versionRows(db.url), []);
      assert.deepEqual((await tableNames(db.url)).filter((n) => /^t[a-e]$/.test(n)), []);
    });

    test('stamp sets the version table without running anything; --purge clears unknown rows', async () => {
      let r = await project.cli(['stamp', 'e5e5e5e5e5e5']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await versionRows(db.url), ['e5e5e5e5e5e5']);
      assert.ok(!(await tableNames(db.url)).includes('te'), 'stamp runs no migration');
      await queryRows(db.url, `INSERT INTO athanor_version (version_num) VALUES ('0000deadbeef')`);
      r = await project.cli(['stamp', 'base']);
      assert.equal(r.code, 2, 'an unknown revision in the table needs --purge');
      r = await project.cli(['stamp', 'base', '--purge']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await versionRows(db.url), []);
    });
  });
}

for (const target of selectedTargets()) {
  describe(`migration forms on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('forms');
      project = createProject(db.url, target.dialect);
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('a .sql migration runs its +upgrade and +downgrade sections; revision --sql writes one', async () => {
      const made = await project.cli(['revision', '-m', 'sql table', '--sql', '--rev-id', 'sq1sq1sq1sq1']);
      assert.equal(made.code, 0, made.stderr);
      const file = readdirSync(join(project.dir, 'migrations')).find((f) => f.endsWith('.sql')) as string;
      assert.match(readFileSync(join(project.dir, 'migrations', file), 'utf8'), /-- revision: sq1sq1sq1sq1/);
      project.write(
        join('migrations', file),
        `-- revision: sq1sq1sq1sq1\n-- down-revision: null\n-- message: sql table\n-- +upgrade\nCREATE TABLE sql_made (id integer PRIMARY KEY, note varchar(20) DEFAULT 'a;b');\nINSERT INTO sql_made (id) VALUES (1);\n-- +downgrade\nDROP TABLE sql_made;\n`,
      );
      let r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
      const rows = await queryRows<{ note: string }>(db.url, 'SELECT note FROM sql_made');
      assert.deepEqual(rows.map((x) => x.note), ['a;b']);
      r = await project.cli(['downgrade']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!(await tableNames(db.url)).includes('sql_made'));
    });

    test('a hand-written migration with an enum column runs (named type on PostgreSQL, inline ENUM on MariaDB, text + CHECK on SQLite)', async () => {
      const file = project.write(
        'migrations/00090_en0000000001_enum.ts',
        `import { t, enumType, type Op } from 'athanor';
export const revision = 'en0000000001';
export const downRevision = null;
export const branchLabels = ['enums'];
const mood = enumType('mood', ['happy', 'sad']);
export async function upgrade(op: Op) {
  await op.createEnum('mood', ['happy', 'sad']);
  await op.createTable('feelings', { id: t.integer().primaryKey(), mood: t.enum(mood).notNull() });
}
export async function downgrade(op: Op) {
  await op.dropTable('feelings');
  await op.dropEnum('mood');
}
`,
      );
      let r = await project.cli(['upgrade', 'enums@head']);
      assert.equal(r.code, 0, r.stderr);
      await queryRows(db.url, `INSERT INTO feelings (id, mood) VALUES (1, 'sad')`);
      await assert.rejects(queryRows(db.url, `INSERT INTO feelings (id, mood) VALUES (2, 'angry')`), 'a value outside the enum is refused');
      r = await project.cli(['downgrade', 'enums@base']);
      assert.equal(r.code, 0, r.stderr);
      rmSync(file);
    });

    test('depends-on pulls in the other branch; init refuses to run twice', async () => {
      const init = await project.cli(['init'], { url: null });
      assert.equal(init.code, 2, 'the test project already has a config');
      project.migration({ revision: 'dd0000000001', down: null, branchLabels: ['lib'], upgrade: createT('lib_t'), downgrade: dropT('lib_t') });
      project.migration({ revision: 'dd0000000002', down: 'sq1sq1sq1sq1', dependsOn: ['dd0000000001'], upgrade: createT('app_t'), downgrade: dropT('app_t') });
      const r = await project.cli(['upgrade', 'dd0000000002']);
      assert.equal(r.code, 0, r.stderr);
      const tables = await tableNames(db.url);
      assert.ok(tables.includes('lib_t') && tables.includes('app_t'));
      const down = await project.cli(['downgrade', 'base']);
      assert.equal(down.code, 0, down.stderr);
      assert.deepEqual(await versionRows(db.url), []);
    });
  });
}
