// Names longer than the database keeps (issue 14.5): PostgreSQL cuts them to 63 bytes with only a NOTICE (a
// 70-character table is created cut, `check` never passes, a long column makes the next migrate drop and
// re-create it); MySQL refuses them half-way through an upgrade. migrate refuses them, naming the limit.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createProject, type TestProject } from '../support/project.js';
import { tableNames } from '../support/db.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const LONG_TABLE = `t${'x'.repeat(69)}`; // 70 characters, 70 bytes
const LONG_COLUMN = `c${'y'.repeat(69)}`;
/** 32 characters, 64 bytes in UTF-8: over PostgreSQL's limit, within MySQL's */
const WIDE_TABLE = 'é'.repeat(32);

const tableSource = (exported: string, tableName: string, columnName = 'label') =>
  `export const ${exported} = table('${tableName}', {\n  id: t.integer().primaryKey(),\n  ${columnName}: t.text(),\n});\n`;
const models = (...tables: string[]) => `import { table, t } from 'athanor';\n${tables.join('')}`;

const migrationCount = (project: TestProject) => readdirSync(join(project.dir, 'migrations')).filter((f) => /\.(ts|sql)$/.test(f)).length;

for (const target of selectedTargets(['postgres', 'pglite', 'mysql'])) {
  const limit = target.dialect === 'postgres' ? /63 bytes/ : /64 characters/;
  describe(`over-long names on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('idlimit');
      project = createProject(db.url, target.dialect);
      project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: './models.ts' }));
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('a 70-character table, then a 70-character column: migrate exits 2 naming the name and the limit, writes nothing', async () => {
      for (const [table, column, named] of [
        [LONG_TABLE, 'label', LONG_TABLE],
        ['things', LONG_COLUMN, LONG_COLUMN],
      ] as const) {
        project.write('models.ts', models(tableSource('things', table, column)));
        const r = await project.cli(['migrate', '-m', 'long names']);
        assert.equal(r.code, 2, r.stdout + r.stderr);
        assert.match(r.stderr, limit);
        assert.ok(r.stderr.includes(named), r.stderr);
        assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
        assert.equal(migrationCount(project), 0, 'no migration written');
        const check = await project.cli(['check']);
        assert.equal(check.code, 2, 'check refuses the same models');
      }
      assert.deepEqual(await tableNames(db.url), []);
    });

    test(`a name of 32 two-byte characters: ${target.dialect === 'postgres' ? 'refused (64 bytes)' : 'fits (32 characters)'}; a 63-character one fits`, async () => {
      project.write('models.ts', models(tableSource('wide', WIDE_TABLE)));
      const wide = await project.cli(['migrate', '-m', 'wide name']);
      if (target.dialect === 'postgres') {
        assert.equal(wide.code, 2, wide.stdout + wide.stderr);
        assert.match(wide.stderr, /64 bytes long.*63 bytes/);
      } else {
        assert.equal(wide.code, 0, wide.stderr);
        assert.equal((await project.cli(['upgrade'])).code, 0);
        assert.equal((await project.cli(['check'])).code, 0, 'in sync: the name was kept whole');
      }
      const fits = `t${'x'.repeat(62)}`;
      const wideTable = target.dialect === 'mysql' ? [tableSource('wide', WIDE_TABLE)] : [];
      project.write('models.ts', models(...wideTable, tableSource('fitting', fits)));
      const r = await project.cli(['migrate', '-m', 'longest name that fits']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((await project.cli(['upgrade'])).code, 0);
      const check = await project.cli(['check']);
      assert.equal(check.code, 0, `in sync: ${check.stdout}${check.stderr}`);
      assert.ok((await tableNames(db.url)).includes(fits));
    });
  });
}
