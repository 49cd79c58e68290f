// The convergence property of autogenerate, on real PostgreSQL, for random models and random model edits:
//  (1) autogenerate → upgrade → `check` finds no difference;
//  (2) upgrade → downgrade -1 returns the introspected schema to where it started.
// Models are DSL source written from random choices (test/support/schema-arbitrary.ts) and imported the way
// athanor imports a user's models.ts; autogenerate writes a real migration file that upgrade imports and runs.
// So this checks the DSL, diff, codegen, the op API, the renderer, introspection and normalisation together.
//
// ATHANOR_CONVERGENCE_RUNS=N sets the number of cases, ATHANOR_CONVERGENCE_SEED=S replays a run.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { autogenerate, check, type RenameResolver } from '../../src/api/autogenerate.js';
import { downgrade, upgrade } from '../../src/api/upgrade.js';
import { loadConfig } from '../../src/config/load.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { postgresDialect } from '../../src/dialects/postgres/index.js';
import type { Connection } from '../../src/drivers/connection.js';
import { openConnection } from '../../src/drivers/open.js';
import type { Operation } from '../../src/operations/types.js';
import { importUserModule } from '../../src/runner/module-loader.js';
import { schemaFromModule } from '../../src/schema/dsl.js';
import type { SchemaSpec } from '../../src/schema/types.js';
import {
  applyEdits,
  editSeedArb,
  modelSeedArb,
  modelSource,
  resolveModel,
  withEnumValuesOf,
  type EditResult,
  type EditSeed,
  type ModelDraft,
  type ModelSeed,
} from '../support/schema-arbitrary.js';
import { postgresTarget, type TestDatabase } from '../support/targets.js';

const NUM_RUNS = Number(process.env['ATHANOR_CONVERGENCE_RUNS'] ?? 60);
const SEED = process.env['ATHANOR_CONVERGENCE_SEED'] === undefined ? undefined : Number(process.env['ATHANOR_CONVERGENCE_SEED']);
/** generation stops early past this (a slow machine runs fewer cases rather than time out); shrinking has its own budget */
const GENERATION_BUDGET_MS = 80_000;
const SCHEMAS = ['public', 'app'];

let db: TestDatabase;
let conn: Connection;
let projectDir: string;
let config: ResolvedConfig;
let modelFiles = 0;

before(async () => {
  db = await postgresTarget.create('conv');
  conn = await openConnection(db.url);
  projectDir = mkdtempSync(join(tmpdir(), 'ath-conv-'));
  mkdirSync(join(projectDir, 'migrations'));
  mkdirSync(join(projectDir, 'models'));
  writeFileSync(
    join(projectDir, 'athanor.config.json'),
    JSON.stringify({ dialect: 'postgres', migrations: 'migrations', schemas: SCHEMAS }, null, 2),
  );
  config = await loadConfig({ cwd: projectDir, url: db.url, env: {} });
});

after(async () => {
  await conn?.close();
  await db?.drop();
  if (projectDir) rmSync(projectDir, { recursive: true, force: true });
});

/** An empty database and no migrations: schemas dropped and re-created (much faster than a new database). */
async function reset(): Promise<void> {
  for (const file of readdirSync(config.migrationsDir)) rmSync(join(config.migrationsDir, file));
  await conn.exec('DROP SCHEMA IF EXISTS app CASCADE; DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public; CREATE SCHEMA app');
}

/** The SchemaSpec of a draft, through its DSL source, imported like a user's models module (one file per model: no cache). */
async function modelsOf(draft: ModelDraft): Promise<SchemaSpec> {
  const file = join(projectDir, 'models', `models_${++modelFiles}.ts`);
  writeFileSync(file, modelSource(draft));
  return schemaFromModule(await timed('models', () => importUserModule(file)));
}

/**
 * The live schema, normalized. Columns are compared by name, not position: a downgrade re-adds a dropped column at
 * the end of its table (PostgreSQL has no way to put it back in place), which neither `check` nor a user sees.
 */
async function introspect(): Promise<SchemaSpec> {
  const schema = postgresDialect.normalize(await postgresDialect.introspect(conn, { schemas: SCHEMAS }));
  for (const table of schema.tables) table.columns.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return schema;
}

function describeOps(ops: readonly Operation[]): string {
  return ops.map((op) => `  ${JSON.stringify(op)}`).join('\n');
}

class PropertyFailure extends Error {}

/** How often each operation kind was generated: the coverage the random models actually reach. */
const opsSeen: Record<string, number> = {};

/** autogenerate + upgrade to head + check; the migration's file name, or undefined when nothing changed. */
async function migrateTo(
  models: SchemaSpec,
  step: string,
  options: { backfill?: Record<string, unknown>; resolveRenames?: RenameResolver } = {},
): Promise<string | undefined> {
  const generated = await timed('autogen', () => autogenerate(config, { message: step, models, ...options }));
  for (const op of generated.operations) opsSeen[op.kind] = (opsSeen[op.kind] ?? 0) + 1;
  if (!generated.created) return undefined;
  await timed('upgrade', () => upgrade(config, { target: 'head' }));
  const state = await timed('check', () => check(config, { models }));
  if (!state.inSync) {
    throw new PropertyFailure(
      `${step}: after upgrade, check still finds differences\noperations generated:\n${describeOps(generated.operations)}\n` +
        `check then wants:\n${describeOps(state.operations)}${state.problems.length ? `\nproblems: ${state.problems.join('; ')}` : ''}` +
        `${state.renameCandidates.length ? `\nrename candidates: ${JSON.stringify(state.renameCandidates)}` : ''}`,
    );
  }
  return generated.created.file;
}

/** The renames the edit means are accepted; every other candidate (a drop + add of the same shape) is declined. */
function renameResolver(edit: EditResult): RenameResolver {
  return async (candidates) => {
    const decisions = { tables: {} as Record<string, string>, columns: {} as Record<string, string>, declined: [] as string[] };
    for (const c of candidates) {
      if (c.kind === 'table') {
        if (edit.renames.tables[c.from] === c.to) decisions.tables[c.from] = c.to;
        else decisions.declined.push(c.from);
      } else {
        const key = `${c.table}.${c.from}`;
        // a column of a renamed table is keyed by the table's new name
        const meant = Object.entries(edit.renames.columns).some(([k, v]) => k === key && v === c.to);
        if (meant) decisions.columns[key] = c.to;
        else decisions.declined.push(key);
      }
    }
    return decisions;
  };
}

interface Case {
  seed: ModelSeed;
  edits: EditSeed[];
}

/** What a failing case looks like: the models as DSL source and the edits, not the raw seeds. */
function caseReport(c: Case): string {
  const a = resolveModel(c.seed);
  const edited = applyEdits(a, c.edits);
  return [
    '--- model A (models.ts) ---',
    modelSource(a),
    '--- edits ---',
    ...(edited.log.length ? edited.log : ['(none took effect)']),
    `backfill: ${JSON.stringify(edited.backfill)}`,
    '--- model B (models.ts) ---',
    modelSource(edited.model),
  ].join('\n');
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({ seed: modelSeedArb, edits: fc.array(editSeedArb, { minLength: 1, maxLength: 6 }) })
  .map((c) => Object.assign(c, { [fc.toStringMethod]: () => `\n${caseReport(c)}` }));

let casesRun = 0;
const prof: Record<string, number> = {};
async function timed<T>(k: string, f: () => Promise<T>): Promise<T> { const t0 = performance.now(); try { return await f(); } finally { prof[k] = (prof[k] ?? 0) + performance.now() - t0; } }


async function runCase(c: Case): Promise<void> {
  casesRun++;
  await timed('reset', reset);
  let a = resolveModel(c.seed);
  const edit = applyEdits(a, c.edits);
  const b = edit.model;

  // (1) for model A
  await migrateTo(await modelsOf(a), 'model A');

  // New enum values cannot be removed by a downgrade: they go in their own migration, whose downgrade must refuse
  // (the generated file throws) and leave the database as it was.
  const aWithValues = withEnumValuesOf(a, b);
  if (await migrateTo(await modelsOf(aWithValues), 'enum values')) {
    const withValues = await introspect();
    await assert.rejects(downgrade(config, { target: '-1' }), /irreversible/i, 'the downgrade of new enum values must refuse');
    assert.deepStrictEqual(await introspect(), withValues, 'a refused downgrade leaves the schema as it was');
    a = aWithValues;
  }
  const start = await introspect();

  // (1) for model B, then (2)
  const modelsB = await modelsOf(b);
  const file = await migrateTo(modelsB, 'model B', { backfill: edit.backfill, resolveRenames: renameResolver(edit) });
  if (!file) return;
  await timed('downgrade', () => downgrade(config, { target: '-1' }));
  const back = await introspect();
  try {
    assert.deepStrictEqual(back, start);
  } catch (error) {
    throw new PropertyFailure(`upgrade → downgrade did not return the schema to its start\n${(error as Error).message}`);
  }
  // and the same migration applies again on the restored schema
  await upgrade(config, { target: 'head' });
  const again = await check(config, { models: modelsB });
  if (!again.inSync) throw new PropertyFailure(`upgrade after downgrade: check finds differences\n${describeOps(again.operations)}`);
}

test('autogenerate converges on PostgreSQL: upgrade → check is in sync, downgrade restores the schema', { timeout: 900_000 }, async () => {
  const started = Date.now();
  const result = await fc.check(
    fc.asyncProperty(caseArb, async (c) => {
      await runCase(c);
    }),
    { numRuns: NUM_RUNS, interruptAfterTimeLimit: GENERATION_BUDGET_MS + 120_000, ...(SEED !== undefined ? { seed: SEED } : {}) },
  );
  console.log(JSON.stringify(prof));
  console.log(JSON.stringify(opsSeen));
  console.log(
    `autogenerate convergence: ${result.numRuns} generated cases passed` +
      `${result.failed ? ` before a failure (${result.numShrinks} shrinks)` : ''}, ${casesRun} cases run in total, ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s (seed ${result.seed})`,
  );
  if (result.failed) {
    const cause = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
    assert.fail(`${fc.defaultReportMessage(result) ?? 'property failed'}\n--- failure ---\n${cause}`);
  }
});
