// The diff's promise, checked on random schemas: applying diff(A, B) to A gives B, and applying the
// reversed operations to that gives A back. applyOperations refuses out-of-order steps (a foreign key to a
// table not created yet, dropping a table or key still referenced, an enum still in use), so this also
// checks the ordering.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { applyOperations } from '../../src/diff/apply.js';
import { diffSchemas } from '../../src/diff/diff.js';
import { isIrreversible, reverseOperations } from '../../src/operations/reverse.js';
import type { Operation } from '../../src/operations/types.js';
import type { ColumnSpec, ColumnType, ForeignKeySpec, IndexSpec, SchemaSpec, TableSpec } from '../../src/schema/types.js';

const TABLES = ['a', 'b', 'c', 'd'];
const COLUMNS = ['x', 'y', 'z', 'w'];
const TYPES: ColumnType[] = [
  { name: 'integer' },
  { name: 'bigint' },
  { name: 'text' },
  { name: 'varchar', length: 50 },
  { name: 'boolean' },
  { name: 'enum', enumName: 'mood' },
];

const columnArb = (name: string): fc.Arbitrary<ColumnSpec> =>
  fc
    .record({
      type: fc.constantFrom(...TYPES),
      nullable: fc.boolean(),
      default: fc.option(fc.constantFrom({ kind: 'value' as const, value: 1 }, { kind: 'sql' as const, sql: 'now()' }), { nil: undefined }),
      comment: fc.option(fc.constantFrom('note', 'other'), { nil: undefined }),
    })
    .map(({ default: d, comment, ...rest }) => ({
      name,
      ...rest,
      ...(d ? { default: d } : {}),
      ...(comment ? { comment } : {}),
    }));

interface TableDraft {
  name: string;
  columns: ColumnSpec[];
  pkName: string;
  indexed: string[];
  uniqueCols: string[];
  check: string | null;
  refs: Array<[string, string]>;
  comment?: string;
}

const tableArb = (name: string): fc.Arbitrary<TableDraft> =>
  fc
    .record({
      columnNames: fc.subarray(COLUMNS),
      pkName: fc.constantFrom(`${name}_pkey`, `${name}_pk`),
      indexed: fc.subarray(COLUMNS, { maxLength: 2 }),
      uniqueCols: fc.subarray(COLUMNS, { maxLength: 1 }),
      check: fc.constantFrom(null, 'id > 0', 'id >= 0'),
      refs: fc.array(fc.tuple(fc.constantFrom(...COLUMNS), fc.constantFrom(...TABLES)), { maxLength: 2 }),
      comment: fc.option(fc.constantFrom('t1', 't2'), { nil: undefined }),
    })
    .chain((d) =>
      fc.tuple(...d.columnNames.map(columnArb)).map((columns) => ({
        name,
        columns,
        pkName: d.pkName,
        indexed: d.indexed,
        uniqueCols: d.uniqueCols,
        check: d.check,
        refs: d.refs,
        ...(d.comment ? { comment: d.comment } : {}),
      })),
    );

/** A valid schema: constraints only name existing columns, foreign keys point at existing tables' ids. */
function build(drafts: TableDraft[], moodValues: string[] | null): SchemaSpec {
  const present = new Set(drafts.map((d) => d.name));
  const tables = drafts.map((d): TableSpec => {
    const columns = d.columns.filter((c) => c.type.name !== 'enum' || moodValues !== null);
    const names = new Set(columns.map((c) => c.name));
    const indexes: IndexSpec[] = d.indexed.filter((c) => names.has(c)).map((c) => ({ name: `ix_${d.name}_${c}`, parts: [{ column: c }] }));
    const seen = new Set<string>();
    const foreignKeys: ForeignKeySpec[] = d.refs
      .filter(([c, t]) => names.has(c) && present.has(t) && !seen.has(c) && seen.add(c))
      .map(([c, t]) => ({ name: `${d.name}_${c}_fkey`, columns: [c], refTable: t, refColumns: ['id'] }));
    return {
      name: d.name,
      columns: [{ name: 'id', type: { name: 'integer' }, nullable: false }, ...columns],
      primaryKey: { name: d.pkName, columns: ['id'] },
      uniques: d.uniqueCols.filter((c) => names.has(c)).map((c) => ({ name: `${d.name}_${c}_key`, columns: [c] })),
      indexes,
      foreignKeys,
      checks: d.check ? [{ name: `ck_${d.name}`, expression: d.check }] : [],
      ...(d.comment ? { comment: d.comment } : {}),
    };
  });
  return { tables, enums: moodValues ? [{ name: 'mood', values: moodValues }] : [] };
}

const schemaArb = (moodValues: fc.Arbitrary<string[] | null>): fc.Arbitrary<SchemaSpec> =>
  fc
    .tuple(fc.subarray(TABLES), moodValues)
    .chain(([names, mood]) => fc.tuple(...names.map(tableArb)).map((drafts) => build(drafts, mood)));

const MOODS = fc.constantFrom<string[] | null>(null, ['happy', 'sad']);
const GROWN_MOODS = fc.constantFrom<string[] | null>(null, ['happy', 'sad'], ['happy', 'sad', 'ok'], ['meh', 'happy', 'sad']);

/** Same meaning, canonical order: the diff appends new columns, it cannot reorder them. */
function canonical(s: SchemaSpec): unknown {
  const byName = <T extends { name?: string }>(list: readonly T[]): T[] => [...list].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  return {
    enums: byName(s.enums),
    tables: byName(s.tables).map((t) => ({
      ...t,
      columns: byName(t.columns),
      uniques: byName(t.uniques),
      indexes: byName(t.indexes),
      foreignKeys: byName(t.foreignKeys),
      checks: byName(t.checks),
    })),
  };
}

const backfillAll = Object.fromEntries(TABLES.flatMap((t) => COLUMNS.map((c) => [`${t}.${c}`, 0])));
const declineAll = [...TABLES, ...TABLES.flatMap((t) => COLUMNS.map((c) => `${t}.${c}`))];

test('diff(A, B) applied to A gives B; its reverse applied to that gives A', () => {
  fc.assert(
    fc.property(schemaArb(MOODS), schemaArb(GROWN_MOODS), (a, b) => {
      const result = diffSchemas(a, b, { backfill: backfillAll, renames: { declined: declineAll } });
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.renameCandidates, []);
      const upgraded = applyOperations(a, result.operations);
      assert.deepEqual(canonical(upgraded), canonical(b));
      assert.deepEqual(diffSchemas(upgraded, b).operations, [], 'diffing again finds nothing');

      const reversed = reverseOperations(result.operations);
      const irreversible = reversed.filter(isIrreversible);
      // only a new enum value cannot be undone
      assert.ok(irreversible.every((r) => r.irreversible.includes('enum value')), JSON.stringify(irreversible));
      if (irreversible.length > 0) return;
      const downgraded = applyOperations(upgraded, reversed as Operation[]);
      assert.deepEqual(canonical(downgraded), canonical(a));
    }),
    { numRuns: 200 },
  );
});

test('with rename candidates pending nothing is generated; deciding them converges too', () => {
  fc.assert(
    fc.property(schemaArb(MOODS), fc.constantFrom(...TABLES), fc.constantFrom('renamed', 'other'), (a, old, fresh) => {
      const victim = a.tables.find((t) => t.name === old);
      fc.pre(victim !== undefined);
      // b: the same schema with one table renamed (foreign keys follow it)
      const b = applyOperations(a, [{ kind: 'renameTable', table: { name: old }, newName: fresh }]);
      const pending = diffSchemas(a, b);
      assert.deepEqual(pending.operations, []);
      assert.ok(pending.renameCandidates.some((c) => c.kind === 'table' && c.from === old && c.to === fresh));
      const decided = diffSchemas(a, b, { renames: { tables: { [old]: fresh } } });
      assert.deepEqual(decided.problems, []);
      assert.deepEqual(decided.operations, [{ kind: 'renameTable', table: { name: old }, newName: fresh }]);
    }),
    { numRuns: 100 },
  );
});
