// The convergence property with the models a Drizzle or SQL-first app already keeps, on PostgreSQL, MariaDB and
// SQLite: the random models and edits of autogen-convergence-dialects (test/support/portable-model.ts) written as a
// Drizzle table file (`models: './db/schema.ts'`) and as a schema.sql (`models: './schema.sql'`), read through the
// real model-source path (drizzle-orm's getTableConfig; the scratch database):
//   migrate → upgrade → `check` in sync;   upgrade → downgrade returns the introspected schema to its start.
// ATHANOR_MODEL_SOURCES_RUNS=N cases per database and source (default 5; 3 for schema.sql on PostgreSQL and MariaDB,
// whose every read starts a PGlite in memory / creates a scratch database); the CI seed is fixed by run-tests.
import assert from 'node:assert/strict';
import { readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { autogenerate, check } from '../../src/api/autogenerate.js';
import { downgrade, upgrade } from '../../src/api/upgrade.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import type { DialectName } from '../../src/drivers/connection.js';
import type { SchemaSpec } from '../../src/schema/types.js';
import { applyEdits, drizzleSource, editArb, modelArb, sqlSource, type Model } from '../support/portable-model.js';
import { createProject, REPO_ROOT, type TestProject } from '../support/project.js';
import { schemaByColumnName } from '../support/schema-by-name.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const RUNS_SET = process.env['ATHANOR_MODEL_SOURCES_RUNS'];
const runsFor = (source: Source, dialect: DialectName): number =>
  RUNS_SET !== undefined ? Number(RUNS_SET) : source.file.endsWith('.sql') && dialect !== 'sqlite' ? 3 : 5;
const TIME_LIMIT_MS = Number(process.env['ATHANOR_CONVERGENCE_TIME_LIMIT_MS'] ?? 150_000);

interface Source {
  name: string;
  file: string;
  text(model: Model, dialect: DialectName): string;
}
const SOURCES: Source[] = [
  { name: 'Drizzle', file: 'db/schema.ts', text: drizzleSource },
  { name: 'schema.sql', file: 'schema.sql', text: sqlSource },
];

for (const target of selectedTargets(['postgres', 'mysql', 'sqlite'])) {
  for (const source of SOURCES) {
    describe(`convergence with ${source.name} models on ${target.name}`, () => {
      let db: TestDatabase;
      let project: TestProject;
      let config: ResolvedConfig;

      before(async () => {
        db = await target.create('convsrc');
        project = createProject(db.url, target.dialect);
        // the app's node_modules, where drizzle-orm is installed
        symlinkSync(join(REPO_ROOT, 'node_modules'), join(project.dir, 'node_modules'));
        project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: `./${source.file}` }));
        config = await project.config();
      });
      after(async () => {
        project.remove();
        await db.drop();
      });

      const introspect = (): Promise<SchemaSpec> => schemaByColumnName(db.url, target.dialect);

      /** The models file as the user edits it, then migrate → upgrade → check, all reading it from the config. */
      const migrateTo = async (step: string, model: Model, backfill: Record<string, unknown> = {}): Promise<boolean> => {
        const text = source.text(model, target.dialect);
        project.write(source.file, text);
        const shown = `${step}: ${source.file}\n${text}`;
        const made = await autogenerate(config, {
          message: step,
          backfill,
          ignoreUnusedBackfills: true,
          resolveRenames: async (candidates) => ({ declined: candidates.map((c) => (c.kind === 'table' ? c.from : `${c.table}.${c.from}`)) }),
        }).catch((error: Error) => assert.fail(`${shown}\nmigrate: ${error.message}`));
        if (made.created) {
          await upgrade(config, { target: 'head', noLint: true }).catch((error: Error) => assert.fail(`${shown}\nupgrade: ${error.message}`));
        }
        const drift = await check(config);
        assert.ok(drift.inSync, `${shown}\nnot in sync after upgrade: ${JSON.stringify(drift.operations)}`);
        return made.created !== undefined;
      };

      test(`random models and edits as ${source.file}: in sync after upgrade, downgrade restores the schema`, { timeout: 600_000 }, async () => {
        let cases = 0;
        const started = Date.now();
        await fc.assert(
          fc.asyncProperty(modelArb, fc.array(editArb, { minLength: 1, maxLength: 5 }), async (a, edits) => {
            cases++;
            await downgrade(config, { target: 'base' }).catch(() => undefined);
            for (const f of readdirSync(join(project.dir, 'migrations'))) rmSync(join(project.dir, 'migrations', f));
            await migrateTo('model A', a);
            const start = await introspect();
            const { model: b, backfill } = applyEdits(a, edits);
            if (!(await migrateTo('model B', b, backfill))) return;
            await downgrade(config, { target: '-1' });
            assert.deepStrictEqual(await introspect(), start, `downgrade returns the schema to its start\n${source.text(b, target.dialect)}`);
            await downgrade(config, { target: 'base' });
          }),
          { numRuns: runsFor(source, target.dialect), interruptAfterTimeLimit: TIME_LIMIT_MS },
        );
        assert.ok(cases > 0, 'no generated case ran');
        console.log(`convergence with ${source.name} models on ${target.name}: ${cases} generated cases, all passed, ${((Date.now() - started) / 1000).toFixed(1)} s`);
      });
    });
  }
}
