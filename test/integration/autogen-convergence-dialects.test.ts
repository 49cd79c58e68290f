// The convergence property on SQLite and MariaDB (PostgreSQL has the fuller generator in
// autogen-convergence.test.ts): random models of what both databases support, random edits (test/support/portable-model.ts;
// model-sources-convergence.test.ts drives the same models as Drizzle and schema.sql files).
//   generate → upgrade → `check` in sync;   upgrade → downgrade returns the introspected schema to its start.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { autogenerate, check } from '../../src/api/autogenerate.js';
import { downgrade, upgrade } from '../../src/api/upgrade.js';
import { loadConfig } from '../../src/config/load.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import type { SchemaSpec } from '../../src/schema/types.js';
import { applyEdits, dslSchemaOf as schemaOf, editArb, modelArb } from '../support/portable-model.js';
import { schemaByColumnName } from '../support/schema-by-name.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const RUNS = Number(process.env['ATHANOR_CONVERGENCE_DIALECT_RUNS'] ?? 100);
/** past this a run stops where it is (as the PostgreSQL convergence test does) */
const TIME_LIMIT_MS = Number(process.env['ATHANOR_CONVERGENCE_TIME_LIMIT_MS'] ?? 150_000);

for (const target of selectedTargets(['sqlite', 'mysql'])) {
  describe(`autogenerate convergence on ${target.name}`, () => {
    let db: TestDatabase;
    let dir: string;
    let config: ResolvedConfig;

    before(async () => {
      db = await target.create('convd');
      dir = mkdtempSync(join(tmpdir(), 'ath-convd-'));
      mkdirSync(join(dir, 'migrations'));
      writeFileSync(join(dir, 'athanor.config.json'), JSON.stringify({ dialect: target.dialect }));
      config = await loadConfig({ cwd: dir, url: db.url, env: {} });
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    });

    const introspect = (): Promise<SchemaSpec> => schemaByColumnName(db.url, target.dialect);
    const migrateTo = async (message: string, models: SchemaSpec, backfill: Record<string, unknown> = {}) => {
      const made = await autogenerate(config, {
        message,
        models,
        backfill,
        // the edits give a value for every column they touch, needed or not
        ignoreUnusedBackfills: true,
        resolveRenames: async (candidates) => ({ declined: candidates.map((c) => (c.kind === 'table' ? c.from : `${c.table}.${c.from}`)) }),
      });
      if (made.created) await upgrade(config, { target: 'head', noLint: true });
      const drift = await check(config, { models });
      assert.ok(drift.inSync, `${message}: not in sync after upgrade: ${JSON.stringify(drift.operations)}`);
      return made.created !== undefined;
    };

    test(`${RUNS} random models and edits: in sync after upgrade, downgrade restores the schema`, { timeout: 600_000 }, async () => {
      let cases = 0;
      await fc.assert(
        fc.asyncProperty(modelArb, fc.array(editArb, { minLength: 1, maxLength: 5 }), async (a, edits) => {
          cases++;
          await downgrade(config, { target: 'base' }).catch(() => undefined);
          for (const f of (await import('node:fs')).readdirSync(join(dir, 'migrations'))) rmSync(join(dir, 'migrations', f));
          await migrateTo('model A', schemaOf(a));
          const start = await introspect();
          const { model: b, backfill } = applyEdits(a, edits);
          if (!(await migrateTo('model B', schemaOf(b), backfill))) return;
          await downgrade(config, { target: '-1' });
          const back = await introspect();
          try {
            assert.deepStrictEqual(back, start, 'downgrade returns the schema to its start');
          } catch (error) {
            console.error((error as Error).message.slice(0, 3000));
            throw error;
          }
          await downgrade(config, { target: 'base' });
        }),
        // a loaded machine runs fewer cases in the time rather than timing out
        { numRuns: RUNS, verbose: 1, interruptAfterTimeLimit: TIME_LIMIT_MS },
      );
      assert.ok(cases > 0, 'no generated case ran');
      console.log(`autogenerate convergence on ${target.name}: ${cases} generated cases run, all passed${cases < RUNS ? ` (stopped at the ${TIME_LIMIT_MS / 1000} s limit)` : ''}`);
    });
  });
}
