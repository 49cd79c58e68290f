// `athanor squash` through the CLI (issue 13 item 3): the squash declares what it replaces and keeps the data move
// verbatim and flagged; --delete-replaced is refused (nothing written) while the configured database is inside
// the range; a database inside the range upgrades through the originals; once they are deleted a fresh database
// upgrades through the squash to the same catalog and version rows, and a database left inside is told to
// restore them.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { catalogDifferences, readCatalog } from '../support/catalog.js';
import { queryRows, versionRows } from '../support/db.js';
import { createProject, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const HISTORY = [
  { up: `await op.createTable('customers', { id: t.integer().primaryKey(), name: t.text() });`, down: `await op.dropTable('customers');` },
  { up: `await op.addColumn('customers', 'full_name', t.text());\n  await op.execute('UPDATE customers SET full_name = name');`, down: `await op.dropColumn('customers', 'full_name');` },
  { up: `await op.createIndex('ix_customers_full_name', 'customers', ['full_name']);`, down: `await op.dropIndex('ix_customers_full_name', 'customers');` },
  { up: `await op.createTable('orders', { id: t.integer().primaryKey(), customer_id: t.integer() });`, down: `await op.dropTable('orders');` },
];

async function run(project: TestProject, args: string[], url?: string): Promise<{ code: number; out: string }> {
  const r = await project.cli(args, url === undefined ? {} : { url });
  return { code: r.code, out: `${r.stdout}${r.stderr}` };
}

async function ok(project: TestProject, args: string[], url?: string): Promise<string> {
  const r = await run(project, args, url);
  assert.equal(r.code, 0, `athanor ${args.join(' ')} exited ${r.code}:\n${r.out}`);
  return r.out;
}

for (const target of selectedTargets(['postgres', 'sqlite'])) {
  describe(`squash on ${target.name}`, () => {
    let main: TestDatabase;
    let fresh: TestDatabase;
    let stranded: TestDatabase;
    let project: TestProject;

    before(async () => {
      [main, fresh, stranded] = [await target.create('squash'), await target.create('squash-fresh'), await target.create('squash-in')];
      project = createProject(main.url, target.dialect);
      HISTORY.forEach((m, i) => project.migration({ revision: `r${i + 1}`, down: i === 0 ? null : `r${i}`, upgrade: m.up, downgrade: m.down }));
    });
    after(async () => {
      project.remove();
      for (const db of [main, fresh, stranded]) await db.drop();
    });

    test('squash base:r3 with the database inside the range: --delete-replaced refused, the squash written, the database upgrades through the originals', async () => {
      await ok(project, ['upgrade', 'r1']);
      await ok(project, ['upgrade', 'r2'], stranded.url);
      await queryRows(main.url, `INSERT INTO customers (id, name) VALUES (1, 'Ada')`);
      const before = readdirSync(join(project.dir, 'migrations')).sort();

      const refused = await run(project, ['squash', 'base:r3', '-m', 'first three', '--delete-replaced']);
      assert.equal(refused.code, 2, refused.out);
      assert.match(refused.out, /--delete-replaced: the configured database is at r1, inside the range/);
      assert.deepEqual(readdirSync(join(project.dir, 'migrations')).sort(), before, 'nothing written');

      const out = await ok(project, ['squash', 'base:r3', '-m', 'first three', '--rev-id', 'sq_first']);
      assert.match(out, /replaces r1, r2, r3/);
      assert.match(out, /1 execute\(\) call\(s\) kept verbatim/);
      const file = readdirSync(join(project.dir, 'migrations')).find((f) => f.includes('sq_first'));
      assert.ok(file);
      const text = readFileSync(join(project.dir, 'migrations', file), 'utf8');
      assert.match(text, /export const replaces = \['r1', 'r2', 'r3'\];/);
      assert.match(text, /\/\/ DATA: kept verbatim from r2[^\n]*\n\s*await op\.execute\('UPDATE customers SET full_name = name'\);/);
      assert.match(text, /export const downRevision: string \| null = null;/);

      await ok(project, ['upgrade', 'head']);
      assert.deepEqual(await versionRows(main.url), ['r4']);
      assert.deepEqual(await queryRows(main.url, 'SELECT full_name FROM customers'), [{ full_name: 'Ada' }], 'the data move ran (through the original r2)');
    });

    test('--delete-replaced once no database is inside; a fresh database upgrades through the squash to the same schema and version rows', async () => {
      // the squash of the first test is there: replace it by one that deletes (the configured database is at r4 now)
      const first = readdirSync(join(project.dir, 'migrations')).find((f) => f.includes('sq_first'));
      assert.ok(first);
      const { rmSync } = await import('node:fs');
      rmSync(join(project.dir, 'migrations', first));
      const out = await ok(project, ['squash', 'base:r3', '-m', 'first three', '--rev-id', 'sq_del', '--delete-replaced']);
      assert.match(out, /deleted 3 replaced file\(s\)/);
      const files = readdirSync(join(project.dir, 'migrations')).filter((f) => /\.ts$/.test(f));
      assert.equal(files.length, 2, files.join(', '));
      assert.ok(!files.some((f) => /_r[123]_/.test(f)));

      assert.match(await ok(project, ['current']), /r4/);
      await ok(project, ['upgrade', 'head'], fresh.url);
      assert.deepEqual(await versionRows(fresh.url), ['r4']);
      assert.deepEqual(catalogDifferences(await readCatalog(main.url), await readCatalog(fresh.url)), []);
      await ok(project, ['downgrade', 'base'], fresh.url);
      assert.deepEqual(await versionRows(fresh.url), []);
      assert.equal(existsSync(join(project.dir, 'migrations', files[0] ?? '')), true);

      const inside = await run(project, ['upgrade', 'head'], stranded.url);
      assert.equal(inside.code, 2, inside.out);
      assert.match(inside.out, /inside the range squash sq_del replaced, and the replaced files were deleted: restore them/);
      assert.deepEqual(await versionRows(stranded.url), ['r2'], 'untouched');
    });
  });

  describe(`squash then --delete-replaced as a second run, as the first run advises (${target.name})`, () => {
    let db: TestDatabase;
    let project: TestProject;
    before(async () => {
      db = await target.create('squash-again');
      project = createProject(db.url, target.dialect);
      HISTORY.slice(0, 3).forEach((m, i) => project.migration({ revision: `r${i + 1}`, down: i === 0 ? null : `r${i}`, upgrade: m.up, downgrade: m.down }));
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('refused while the database is inside the range, then deletes the originals and writes nothing', async () => {
      await ok(project, ['upgrade', 'r1']);
      const first = await ok(project, ['squash', 'base:r3', '-m', 'first three', '--rev-id', 'sq_once']);
      assert.match(first, /delete them with --delete-replaced once no database is inside the range/);
      const files = () => readdirSync(join(project.dir, 'migrations')).filter((f) => /\.ts$/.test(f)).sort();
      const written = files();
      assert.equal(written.length, 4, written.join(', '));

      const inside = await run(project, ['squash', 'base:r3', '-m', 'first three', '--delete-replaced']);
      assert.equal(inside.code, 2, inside.out);
      assert.match(inside.out, /--delete-replaced: the configured database is at r1, inside the range/);
      assert.deepEqual(files(), written, 'nothing deleted');

      await ok(project, ['upgrade', 'head']);
      const again = await ok(project, ['squash', 'base:r3', '-m', 'first three', '--delete-replaced']);
      assert.match(again, /squash sq_once\) already replaces r1, r2, r3: nothing written/);
      assert.match(again, /deleted 3 replaced file\(s\)/);
      assert.deepEqual(files(), written.filter((f) => f.includes('sq_once')));
      assert.deepEqual(await versionRows(db.url), ['r3']);

      const gone = await run(project, ['squash', 'base:r3', '-m', 'first three', '--delete-replaced']);
      assert.equal(gone.code, 2, gone.out);
      assert.match(gone.out, /the files squash sq_once replaces \(r1, r2, r3\) are already deleted/);
    });
  });
}

describe('squash of a migration that uses what op.execute returns: refused, saying why', () => {
  test('the offline run gets no rows; the error names op.execute instead of only the TypeError', async () => {
    const target = selectedTargets(['sqlite'])[0];
    if (target === undefined) return;
    const db = await target.create('squash-reads');
    const project = createProject(db.url, target.dialect);
    try {
      project.migration({ revision: 'r1', down: null, upgrade: HISTORY[0]?.up ?? '', downgrade: HISTORY[0]?.down ?? '' });
      const reads = `const rows = await op.execute('SELECT count(*) AS n FROM customers');\n  if (Number(rows[0].n) > 100) await op.execute('ANALYZE customers');`;
      project.migration({ revision: 'r2', down: 'r1', upgrade: reads, downgrade: '' });
      const r = await run(project, ['squash', 'base:r2', '-m', 'both']);
      assert.equal(r.code, 2, r.out);
      assert.match(r.out, /cannot squash r2 .*: its upgrade\(\) failed when run offline: .* \(offline, op\.execute returns no rows: code that uses what a query returns cannot be squashed as it is/);
    } finally {
      project.remove();
      await db.drop();
    }
  });
});
