// The convergence property of autogenerate, on real PostgreSQL, for random models and random model edits:
//  (1) autogenerate → upgrade → `check` finds no difference;
//  (2) upgrade → downgrade -1 returns the introspected schema to where it started.
// Models are DSL source written from random choices (test/support/schema-arbitrary.ts) and imported the way
// athanor imports a user's models.ts; autogenerate writes a real migration file that upgrade imports and runs.
// So this checks the DSL, diff, codegen, the op API, the renderer, introspection and normalisation together.
//
// ATHANOR_CONVERGENCE_RUNS=N sets the number of cases; ATHANOR_CONVERGENCE_SEED=S (plus ATHANOR_CONVERGENCE_PATH=P from
// a failure report) replays a run.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
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
import { importUserModule } from '../../src/loader/module-loader.js';
import { schemaFromModule } from '../../src/schema/dsl.js';
import type { SchemaSpec } from '../../src/schema/types.js';
import { editSeedArb, modelSeedArb, resolveModel, type EditSeed, type ModelDraft, type ModelSeed } from '../support/schema-arbitrary.js';
import { applyEdits, withEnumValuesOf, type EditResult } from '../support/schema-edits.js';
import { modelSource } from '../support/model-source.js';
import { onlyOn, postgresTarget, type TestDatabase } from '../support/targets.js';

// 0.4–0.55 s a case on the 2-core machine: 65–90 s
const NUM_RUNS = Number(process.env['ATHANOR_CONVERGENCE_RUNS'] ?? 160);
const SEED = process.env['ATHANOR_CONVERGENCE_SEED'] === undefined ? undefined : Number(process.env['ATHANOR_CONVERGENCE_SEED']);
const PATH = process.env['ATHANOR_CONVERGENCE_PATH'];
/** past this the run stops where it is (a slow machine runs fewer cases; a long shrink reports what it has) */
const TIME_LIMIT_MS = Number(process.env['ATHANOR_CONVERGENCE_TIME_LIMIT_MS'] ?? 150_000);
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
  return schemaFromModule(await importUserModule(file));
}

/**
 * The live schema, normalized. Columns are compared by name, not position: a downgrade re-adds a dropped column at
 * the end of its table (PostgreSQL has no way to put it back in place), which neither `check` nor a user sees.
 */
async function introspect(): Promise<Snapshot> {
  const schema = postgresDialect.normalize(await postgresDialect.introspect(conn, { schemas: SCHEMAS }));
  for (const table of schema.tables) table.columns.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return { schema, sequences: await sequences() };
}

interface Snapshot {
  schema: SchemaSpec;
  /** the sequences behind serial and identity columns, which the SchemaSpec does not show */
  sequences: SequenceRow[];
}

interface SequenceRow {
  column: string;
  sequence_type: string;
  column_type: string;
}

/** Sequences owned by a column (serial) or backing an identity column, with their type and the column's. */
async function sequences(): Promise<SequenceRow[]> {
  const { rows } = await conn.query<SequenceRow>(`
    SELECT n.nspname || '.' || c.relname || '.' || a.attname AS column,
      format_type(s.seqtypid, NULL) AS sequence_type, format_type(a.atttypid, NULL) AS column_type
    FROM pg_depend d
    JOIN pg_sequence s ON s.seqrelid = d.objid
    JOIN pg_class c ON c.oid = d.refobjid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
    ORDER BY 1`);
  return rows;
}

/** A serial's or identity's sequence has the column's type: a bigserial whose sequence stayed integer fails at 2^31. */
async function assertSequencesFit(name: string): Promise<void> {
  const wrong = (await sequences()).filter((r) => r.sequence_type !== r.column_type);
  if (wrong.length > 0) {
    throw new PropertyFailure(`${name}: sequences whose type is not their column's: ${JSON.stringify(wrong)}${migrationText()}`);
  }
}

function describeOps(ops: readonly Operation[]): string {
  return ops.map((op) => `  ${JSON.stringify(op)}`).join('\n');
}

/** A broken property (as opposed to a broken test): the message says which step and shows the migration. */
class PropertyFailure extends Error {}

/** How often each operation kind was generated: the coverage the random models actually reach. */
const opsSeen: Record<string, number> = {};
/** The migration file of the step under way, shown when that step fails. */
let currentMigration: string | undefined;

function migrationText(): string {
  return currentMigration ? `\n--- ${basename(currentMigration)} ---\n${readFileSync(currentMigration, 'utf8')}` : '';
}

/** Runs one step of a case; any error becomes a PropertyFailure naming the step and showing the migration. */
async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PropertyFailure) throw error;
    throw new PropertyFailure(`${name}: ${error instanceof Error ? error.message : String(error)}${migrationText()}`);
  }
}

async function assertInSync(name: string, models: SchemaSpec): Promise<void> {
  const state = await step(`${name}: check`, () => check(config, { models }));
  if (state.inSync) return;
  throw new PropertyFailure(
    `${name}: check still finds differences after upgrade; it wants:\n${describeOps(state.operations)}` +
      `${state.problems.length ? `\nproblems: ${state.problems.join('; ')}` : ''}` +
      `${state.renameCandidates.length ? `\nrename candidates: ${JSON.stringify(state.renameCandidates)}` : ''}${migrationText()}`,
  );
}

/** autogenerate, upgrade to head, check: (1). The migration file, or undefined when there was nothing to do. */
async function migrateTo(
  name: string,
  models: SchemaSpec,
  options: { backfill?: Record<string, unknown>; resolveRenames?: RenameResolver } = {},
): Promise<string | undefined> {
  currentMigration = undefined;
  const generated = await step(`${name}: autogenerate`, () => autogenerate(config, { message: name, models, ignoreUnusedBackfills: true, ...options }));
  for (const op of generated.operations) opsSeen[op.kind] = (opsSeen[op.kind] ?? 0) + 1;
  if (!generated.created) return undefined;
  currentMigration = generated.created.file;
  // lint would refuse some generated steps (a type change rewrites the table): not what this property is about
  await step(`${name}: upgrade`, () => upgrade(config, { target: 'head', noLint: true }));
  await assertInSync(name, models);
  await assertSequencesFit(name);
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
        if (edit.renames.columns[key] === c.to) decisions.columns[key] = c.to;
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
  .record({ seed: modelSeedArb, edits: fc.array(editSeedArb, { minLength: 1, maxLength: 8 }) })
  .map((c) => Object.assign(c, { [fc.toStringMethod]: () => `\n${caseReport(c)}` }));

let casesRun = 0;

async function runCase(c: Case): Promise<void> {
  casesRun++;
  await reset();
  let a = resolveModel(c.seed);
  const edit = applyEdits(a, c.edits);
  const b = edit.model;

  await migrateTo('model A', await modelsOf(a));

  // New enum values go in their own migration (PostgreSQL cannot use a value added in the same transaction). Its
  // downgrade rebuilds the type without them (issue 9 item 9): back to model A's schema, then up again.
  const aWithValues = withEnumValuesOf(a, b);
  const withoutValues = await introspect();
  if (await migrateTo('enum values', await modelsOf(aWithValues))) {
    const withValues = await introspect();
    await step('enum values: downgrade', () => downgrade(config, { target: '-1' }));
    assert.deepStrictEqual(await introspect(), withoutValues, 'the downgrade removes the added values');
    await step('enum values: upgrade again', () => upgrade(config, { target: 'head', noLint: true }));
    assert.deepStrictEqual(await introspect(), withValues, 'the values are back');
    a = aWithValues;
  }
  const start = await introspect();

  const modelsB = await modelsOf(b);
  if (!(await migrateTo('model B', modelsB, { backfill: edit.backfill, resolveRenames: renameResolver(edit) }))) return;

  // (2) upgrade → downgrade returns the schema to its start
  await step('model B: downgrade', () => downgrade(config, { target: '-1' }));
  await assertSequencesFit('model B: downgrade');
  const back = await introspect();
  try {
    assert.deepStrictEqual(back, start);
  } catch (error) {
    throw new PropertyFailure(`model B: upgrade → downgrade did not return the schema to its start\n${(error as Error).message}${migrationText()}`);
  }
  // and the migration applies again on the restored schema
  await step('model B: upgrade after downgrade', () => upgrade(config, { target: 'head', noLint: true }));
  await assertInSync('model B: upgrade after downgrade', modelsB);
}

test('autogenerate converges on PostgreSQL: upgrade → check is in sync, downgrade restores the schema', { timeout: 900_000, ...onlyOn('postgres') }, async () => {
  const started = Date.now();
  const result = await fc.check(
    fc.asyncProperty(caseArb, async (c) => {
      await runCase(c);
    }),
    {
      numRuns: NUM_RUNS,
      interruptAfterTimeLimit: TIME_LIMIT_MS,
      ...(SEED !== undefined ? { seed: SEED } : {}),
      ...(PATH !== undefined ? { path: PATH, endOnFailure: true } : {}),
    },
  );
  const coverage = Object.entries(opsSeen).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, n]) => `${k} ${n}`).join(', ');
  console.log(`operations generated: ${coverage}`);
  console.log(
    `autogenerate convergence: ${result.numRuns} generated cases run` +
      `${result.failed ? `, the last one failing (${result.numShrinks} shrinks)` : ', all passed'}` +
      `${result.interrupted ? ` (stopped at the ${TIME_LIMIT_MS / 1000} s limit)` : ''}, ${casesRun} runs including shrinking, ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s (seed ${result.seed})`,
  );
  if (result.failed) {
    const cause = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
    assert.fail(`${fc.defaultReportMessage(result) ?? 'property failed'}\n--- failure ---\n${cause}`);
  }
});
