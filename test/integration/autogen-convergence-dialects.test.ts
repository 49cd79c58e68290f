// The convergence property on SQLite and MariaDB (PostgreSQL has the fuller generator in
// autogen-convergence.test.ts): random models of what both databases support, random edits.
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
import { loadDialect } from '../../src/dialects/index.js';
import { openConnection } from '../../src/drivers/open.js';
import { index, schemaFromModule, t, table, type ColumnBuilder } from '../../src/schema/dsl.js';
import type { SchemaSpec } from '../../src/schema/types.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const RUNS = Number(process.env['ATHANOR_CONVERGENCE_DIALECT_RUNS'] ?? 100);
/** past this a run stops where it is (as the PostgreSQL convergence test does) */
const TIME_LIMIT_MS = Number(process.env['ATHANOR_CONVERGENCE_TIME_LIMIT_MS'] ?? 150_000);

type Kind = 'integer' | 'bigint' | 'varchar20' | 'varchar100' | 'boolean' | 'numeric' | 'date' | 'timestamp' | 'text';
interface ColumnDraft {
  name: string;
  kind: Kind;
  notNull: boolean;
  withDefault: boolean;
  unique: boolean;
  indexed: boolean;
}
interface TableDraft {
  name: string;
  columns: ColumnDraft[];
  /** a nullable parent_id referencing the previous table */
  references: 'none' | 'cascade' | 'set null' | 'no action';
}
type Model = TableDraft[];

const KINDS: Kind[] = ['integer', 'bigint', 'varchar20', 'varchar100', 'boolean', 'numeric', 'date', 'timestamp', 'text'];
const keyable = (k: Kind) => k !== 'text' && k !== 'boolean';

function builder(c: ColumnDraft): ColumnBuilder {
  const base = {
    integer: () => t.integer(),
    bigint: () => t.bigint(),
    varchar20: () => t.varchar(20),
    varchar100: () => t.varchar(100),
    boolean: () => t.boolean(),
    numeric: () => t.numeric(10, 2),
    date: () => t.date(),
    timestamp: () => t.timestamp(),
    text: () => t.text(),
  }[c.kind]();
  let b: ColumnBuilder = base;
  const value = { integer: 7, bigint: 7, varchar20: 'x', varchar100: "it's", boolean: false, numeric: 1.5, date: undefined, timestamp: undefined, text: undefined }[c.kind];
  if (c.withDefault && value !== undefined) b = b.default(value);
  if (c.notNull) b = b.notNull();
  if (c.unique && keyable(c.kind)) b = b.unique();
  return b;
}

function schemaOf(model: Model): SchemaSpec {
  const exports: Record<string, unknown> = {};
  let previous: ReturnType<typeof table> | undefined;
  for (const draft of model) {
    const columns: Record<string, ColumnBuilder> = { id: t.integer().primaryKey() };
    for (const c of draft.columns) columns[c.name] = builder(c);
    const parent = previous;
    if (draft.references !== 'none' && parent) {
      const onDelete = draft.references;
      columns['parent_id'] = t.integer().references(() => (parent as unknown as { id: never }).id, onDelete === 'no action' ? {} : { onDelete });
    }
    const indexed = draft.columns.filter((c) => c.indexed && keyable(c.kind));
    const made = table(draft.name, columns, (cols) => indexed.map((c) => index(`ix_${draft.name}_${c.name}`).on((cols as Record<string, never>)[c.name] as never)));
    exports[draft.name] = made;
    previous = made;
  }
  return schemaFromModule(exports);
}

const columnArb = (name: string): fc.Arbitrary<ColumnDraft> =>
  fc.record({ name: fc.constant(name), kind: fc.constantFrom(...KINDS), notNull: fc.boolean(), withDefault: fc.boolean(), unique: fc.boolean(), indexed: fc.boolean() });
const tableArb = (name: string): fc.Arbitrary<TableDraft> =>
  fc.record({
    name: fc.constant(name),
    columns: fc.subarray(['a', 'b', 'c', 'd']).chain((names) => fc.tuple(...names.map(columnArb))),
    references: fc.constantFrom('none' as const, 'cascade' as const, 'set null' as const, 'no action' as const),
  });
const modelArb: fc.Arbitrary<Model> = fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => tableArb(`t${i + 1}`))));

type Edit =
  | { kind: 'addColumn'; table: number; column: ColumnDraft }
  | { kind: 'dropColumn'; table: number; column: number }
  | { kind: 'toggleNotNull'; table: number; column: number }
  | { kind: 'toggleIndex'; table: number; column: number }
  | { kind: 'widen'; table: number; column: number }
  | { kind: 'addTable'; draft: TableDraft }
  | { kind: 'dropLastTable' };
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('addColumn' as const), table: fc.nat(5), column: columnArb('e') }),
  fc.record({ kind: fc.constant('dropColumn' as const), table: fc.nat(5), column: fc.nat(5) }),
  fc.record({ kind: fc.constant('toggleNotNull' as const), table: fc.nat(5), column: fc.nat(5) }),
  fc.record({ kind: fc.constant('toggleIndex' as const), table: fc.nat(5), column: fc.nat(5) }),
  fc.record({ kind: fc.constant('widen' as const), table: fc.nat(5), column: fc.nat(5) }),
  fc.record({ kind: fc.constant('addTable' as const), draft: tableArb('t9') }),
  fc.record({ kind: fc.constant('dropLastTable' as const) }),
);

const BACKFILL: Record<Kind, unknown> = { integer: 1, bigint: 1, varchar20: 'b', varchar100: 'b', boolean: true, numeric: 2, date: '2020-01-02', timestamp: '2020-01-02 03:04:05', text: 'b' };

function applyEdits(model: Model, edits: Edit[]): { model: Model; backfill: Record<string, unknown> } {
  const next: Model = structuredClone(model);
  const backfill: Record<string, unknown> = {};
  for (const e of edits) {
    const tbl = 'table' in e ? next[e.table % Math.max(next.length, 1)] : undefined;
    const col = tbl && 'column' in e && typeof e.column === 'number' && tbl.columns.length ? tbl.columns[e.column % tbl.columns.length] : undefined;
    if (e.kind === 'addColumn' && tbl && !tbl.columns.some((c) => c.name === 'e')) {
      tbl.columns.push(e.column);
      backfill[`${tbl.name}.e`] = BACKFILL[e.column.kind];
    } else if (e.kind === 'dropColumn' && tbl && col) tbl.columns = tbl.columns.filter((c) => c !== col);
    else if (e.kind === 'toggleNotNull' && tbl && col) {
      col.notNull = !col.notNull;
      backfill[`${tbl.name}.${col.name}`] = BACKFILL[col.kind];
    } else if (e.kind === 'toggleIndex' && col) col.indexed = !col.indexed;
    else if (e.kind === 'widen' && col && col.kind === 'varchar20') col.kind = 'varchar100';
    else if (e.kind === 'addTable' && !next.some((x) => x.name === 't9')) next.push(e.draft);
    else if (e.kind === 'dropLastTable' && next.length > 1) next.pop();
  }
  return { model: next, backfill };
}

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

    const introspect = async (): Promise<SchemaSpec> => {
      const dialect = await loadDialect(target.dialect);
      const conn = await openConnection(db.url);
      try {
        const schema = dialect.normalize(await dialect.introspect(conn));
        // a downgrade re-adds a dropped column at the end of its table: compare columns by name, not position
        return { ...schema, tables: schema.tables.map((tbl) => ({ ...tbl, columns: [...tbl.columns].sort((x, y) => (x.name < y.name ? -1 : 1)) })) };
      } finally {
        await conn.close();
      }
    };
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
