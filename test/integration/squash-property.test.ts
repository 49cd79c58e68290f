// `athanor squash` (issue 13 item 3), as a property: on random linear histories (tables, columns, indexes and
// data-moving execute() calls) with a random squashed range, for every revision a database can stand at when the
// squash appears, `upgrade head` through the folder with the squash reaches the same catalog, the same rows and
// the same version rows as through the originals alone; and `downgrade base` through the squash empties it.
// SQLite files, the CLI in-process; fixed seed under CI=1.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { readCatalog } from '../support/catalog.js';
import { queryRows, tableNames, versionRows } from '../support/db.js';
import { createProject, type TestProject } from '../support/project.js';
import { onlyOn } from '../support/targets.js';

type StepKind = 'create' | 'addColumn' | 'insert' | 'index';

interface Migration {
  upgrade: string;
  downgrade: string;
}

/** Turns drawn kinds into a valid history: steps that need a table pick one made before (round robin). */
function buildHistory(kinds: StepKind[]): Migration[] {
  const tables: string[] = [];
  return kinds.map((drawn, at) => {
    const i = at + 1;
    const kind: StepKind = tables.length === 0 ? 'create' : drawn;
    const table = tables[i % Math.max(tables.length, 1)] ?? '';
    switch (kind) {
      case 'create':
        tables.push(`t${i}`);
        return { upgrade: `await op.createTable('t${i}', { id: t.integer().primaryKey(), name: t.text() });`, downgrade: `await op.dropTable('t${i}');` };
      case 'addColumn':
        return { upgrade: `await op.addColumn('${table}', 'c${i}', t.integer().default(${i}));`, downgrade: `await op.dropColumn('${table}', 'c${i}');` };
      case 'insert':
        return {
          upgrade: `await op.execute("INSERT INTO ${table} (id, name) VALUES (${i}, 'row ${i}')");`,
          downgrade: `await op.execute('DELETE FROM ${table} WHERE id = ${i}');`,
        };
      case 'index':
        return { upgrade: `await op.createIndex('ix_${i}', '${table}', ['name']);`, downgrade: `await op.dropIndex('ix_${i}', '${table}');` };
    }
  });
}

const historyArb = fc
  .array(fc.constantFrom<StepKind>('create', 'addColumn', 'insert', 'index'), { minLength: 3, maxLength: 6 })
  .chain((kinds) =>
    fc
      .tuple(fc.integer({ min: 0, max: kinds.length - 2 }), fc.integer({ min: 2, max: kinds.length }))
      .map(([from, length]) => ({ kinds, from, to: Math.min(kinds.length, from + length) })),
  )
  .filter((c) => c.to - c.from >= 2);

async function ok(project: TestProject, args: string[], url: string): Promise<string> {
  const r = await project.cli(args, { url });
  assert.equal(r.code, 0, `athanor ${args.join(' ')} exited ${r.code}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

async function state(url: string): Promise<{ catalog: unknown; rows: Record<string, unknown[]>; versions: string[] }> {
  const rows: Record<string, unknown[]> = {};
  for (const name of (await tableNames(url)).filter((n) => !n.startsWith('athanor_'))) {
    rows[name] = await queryRows(url, `SELECT * FROM ${name} ORDER BY id`);
  }
  return { catalog: await readCatalog(url), rows, versions: await versionRows(url) };
}

describe('squash: the squashed history and the original reach the same schema and version rows', onlyOn('sqlite'), () => {
  test('random linear histories, every starting revision', async () => {
    const work = mkdtempSync(join(tmpdir(), 'ath-squash-prop-'));
    let cases = 0;
    try {
      await fc.assert(
        fc.asyncProperty(historyArb, async ({ kinds, from, to }) => {
          cases++;
          const history = buildHistory(kinds);
          const original = createProject('sqlite::memory:', 'sqlite');
          const squashed = createProject('sqlite::memory:', 'sqlite');
          try {
            history.forEach((m, at) => {
              const spec = { revision: `r${at + 1}`, down: at === 0 ? null : `r${at}`, ...m };
              original.migration(spec);
              squashed.migration(spec);
            });
            const range = `${from === 0 ? 'base' : `r${from}`}:r${to}`;
            const db = (name: string): string => `sqlite:${join(work, `${cases}-${name}.db`)}`;
            // every revision a database can be at when the squash is written: base, before, inside, at and past the range
            for (let start = 0; start <= kinds.length; start++) {
              const a = db(`orig-${start}`);
              const b = db(`squash-${start}`);
              if (start > 0) {
                await ok(original, ['upgrade', `r${start}`], a);
                await ok(original, ['upgrade', `r${start}`], b);
              }
              if (start === 0) {
                const replaces = Array.from({ length: to - from }, (_, k) => `r${from + k + 1}`);
                const out = await ok(squashed, ['squash', range, '-m', 'squashed', '--rev-id', 'sq01'], b);
                assert.match(out, new RegExp(`replaces ${replaces.join(', ')}`));
              }
              await ok(original, ['upgrade', 'head'], a);
              await ok(squashed, ['upgrade', 'head'], b);
              assert.deepEqual(await state(b), await state(a), `${range}, database at ${start === 0 ? 'base' : `r${start}`}`);
            }
            // down through the squash (the database at head, so the squash stands in for the range) to base
            const c = db('down');
            await ok(squashed, ['upgrade', 'head'], c);
            await ok(squashed, ['downgrade', 'base'], c);
            assert.deepEqual((await tableNames(c)).filter((n) => !n.startsWith('athanor_')), []);
            assert.deepEqual(await versionRows(c), []);
          } finally {
            original.remove();
            squashed.remove();
          }
        }),
        { numRuns: process.env['CI'] ? 8 : 12 },
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    assert.ok(cases > 0);
  });
});
