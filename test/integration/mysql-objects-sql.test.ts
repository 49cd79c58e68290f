// MySQL trigger and routine bodies in `upgrade --sql` output: models declaring them → migrate on an empty
// database → `upgrade --sql` → the script run by the mariadb client builds the triggers, functions and
// procedures the fixture builds when loaded natively (DELIMITER lines where a body holds semicolons).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { mysqlObjectSections } from '../support/catalog-objects.js';
import { loadNatively } from '../support/native.js';
import { createProject, REPO_ROOT } from '../support/project.js';
import { mysqlTarget, selectedTargets } from '../support/targets.js';

const DIR = join(REPO_ROOT, 'test/fixtures/fidelity/mysql');
const run = selectedTargets().some((t) => t.name === 'mysql');

describe('MySQL bodies in upgrade --sql run in the mariadb client', { skip: run ? false : 'mysql not selected' }, () => {
  for (const kind of ['triggers', 'routines'] as const) {
    test(`${kind}: the script builds what the fixture builds`, async () => {
      const native = await mysqlTarget.create(`sqlnative${kind}`);
      const scripted = await mysqlTarget.create(`sqlscript${kind}`);
      const empty = await mysqlTarget.create(`sqlempty${kind}`);
      const project = createProject(empty.url, 'mysql');
      try {
        await loadNatively(native.url, readFileSync(join(DIR, `${kind}.sql`), 'utf8'));
        project.write('athanor.config.json', JSON.stringify({ dialect: 'mysql', migrations: 'migrations', models: './models.ts' }));
        project.write('models.ts', readFileSync(join(DIR, `${kind}.models.ts`), 'utf8'));
        const migrate = await project.cli(['migrate', '-m', 'objects']);
        assert.equal(migrate.code, 0, migrate.stdout + migrate.stderr);
        const sql = await project.cli(['upgrade', '--sql']);
        assert.equal(sql.code, 0, sql.stderr);
        assert.match(sql.stdout, /^DELIMITER /m, 'a body with semicolons is wrapped for the client');
        await loadNatively(scripted.url, sql.stdout);
        for (const section of [kind === 'triggers' ? 'triggers' : 'routines'] as const) {
          const expected = await mysqlObjectSections[section](native.url);
          const actual = await mysqlObjectSections[section](scripted.url);
          assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
          if (section === 'routines') assert.deepEqual(actual, expected);
          else {
            // ACTION_ORDER may differ: FOLLOWS is not in the models (created in the models' order)
            const body = (def: string): string => def.replace(/^(\S+ \S+ \S+) \d+ /, '$1 ');
            for (const key of Object.keys(expected)) assert.equal(body(actual[key] ?? ''), body(expected[key] ?? ''), key);
          }
        }
      } finally {
        project.remove();
        await Promise.all([native.drop(), scripted.drop(), empty.drop()]);
      }
    });
  }
});
