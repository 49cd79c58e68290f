// Revision targets on real databases: a branched graph with labels, a second base and a dependsOn, moved with
// upgrade, downgrade and stamp through the API (and the CLI for exit codes and output); after every
// command the version rows and the tables show what Alembic's semantics say (issue 10).
//   a ─ b ─┬─ c1 [c1branch] ─ d1
//          └─ c2 [c2branch] ─ d2 (dependsOn x1)
//   x1 [lib] ─ x2
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { history as historyOf } from '../../src/api/inspect.js';
import { stamp } from '../../src/api/stamp.js';
import { downgrade, upgrade } from '../../src/api/upgrade.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { UsageError } from '../../src/errors.js';
import { historyRows, tableNames, versionRows } from '../support/db.js';
import { createProject, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const REVS = {
  a: 'aa00aa00aa00',
  b: 'bb00bb00bb00',
  c1: 'cc11cc11cc11',
  d1: 'dd11dd11dd11',
  c2: 'cc22cc22cc22',
  d2: 'dd22dd22dd22',
  x1: 'ee11ee11ee11',
  x2: 'ee22ee22ee22',
} as const;
type Name = keyof typeof REVS;

const createT = (name: string) => `await op.createTable('t_${name}', { id: t.integer().primaryKey() });`;
const dropT = (name: string) => `await op.dropTable('t_${name}');`;

for (const target of selectedTargets()) {
  describe(`revision targets on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;
    let config: ResolvedConfig;

    const rows = async () => (await versionRows(db.url)).map((id) => nameOf(id)).sort();
    const tables = async () => (await tableNames(db.url)).filter((t) => t.startsWith('t_')).map((t) => t.slice(2)).sort();
    const expectState = async (expectedRows: Name[], expectedTables: Name[], why: string) => {
      assert.deepEqual(await rows(), [...expectedRows].sort(), `${why}: version rows`);
      assert.deepEqual(await tables(), [...expectedTables].sort(), `${why}: tables`);
    };

    before(async () => {
      db = await target.create('targets');
      project = createProject(db.url, target.dialect);
      const spec: Array<[Name, Name[] | null, { labels?: string[]; dependsOn?: Name[] }]> = [
        ['a', null, {}],
        ['b', ['a'], {}],
        ['c1', ['b'], { labels: ['c1branch'] }],
        ['d1', ['c1'], {}],
        ['c2', ['b'], { labels: ['c2branch'] }],
        ['d2', ['c2'], { dependsOn: ['x1'] }],
        ['x1', null, { labels: ['lib'] }],
        ['x2', ['x1'], {}],
      ];
      for (const [name, down, extra] of spec) {
        project.migration({
          revision: REVS[name],
          down: down === null ? null : down.map((d) => REVS[d]),
          upgrade: createT(name),
          downgrade: dropT(name),
          ...(extra.labels ? { branchLabels: extra.labels } : {}),
          ...(extra.dependsOn ? { dependsOn: extra.dependsOn.map((d) => REVS[d]) } : {}),
        });
      }
      config = await project.config();
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('upgrade: LABEL@+1 from nothing applies one revision; LABEL@base applies none; heads applies the rest', async () => {
      await upgrade(config, { target: 'c2branch@+1' });
      await expectState(['a'], ['a'], 'c2branch@+1 walks up from base');
      const none = await upgrade(config, { target: 'c2branch@base' });
      assert.deepEqual(none.steps, []);
      await expectState(['a'], ['a'], 'c2branch@base');
      await upgrade(config, { target: 'heads' });
      await expectState(['d1', 'd2', 'x2'], ['a', 'b', 'c1', 'd1', 'c2', 'd2', 'x1', 'x2'], 'heads');
    });

    test('downgrade keeps what merely depends on the target, and LABEL@REV undoes only that branch', async () => {
      await downgrade(config, { target: 'lib@head-1' });
      await expectState(['d1', 'd2'], ['a', 'b', 'c1', 'd1', 'c2', 'd2', 'x1'], 'x1 stays applied for d2; its row is implied by d2');
      await downgrade(config, { target: `c1branch@${REVS.b.slice(0, 6)}` });
      await expectState(['d2'], ['a', 'b', 'c2', 'd2', 'x1'], 'c1branch@b undoes d1 and c1 only');
    });

    test('stamp moves only the branch it names, and runs nothing', async () => {
      await stamp(config, ['c1branch@head']);
      await expectState(['d1', 'd2'], ['a', 'b', 'c2', 'd2', 'x1'], 'stamp c1branch@head adds d1, keeps d2');
      await stamp(config, ['c1branch@base']);
      await expectState(['d2'], ['a', 'b', 'c2', 'd2', 'x1'], 'stamp c1branch@base deletes only that branch');
      const stamped = (await historyRows(db.url)).filter((h) => h.direction === 'stamp').map((h) => nameOf(h.revision));
      assert.deepEqual(stamped, ['d1'], 'the history table records what was stamped');
    });

    test('wrong-direction targets are refused (exit 2, one line) and leave the database as it was', async () => {
      const cli = await project.cli(['downgrade', '+1']);
      assert.equal(cli.code, 2, cli.stderr);
      assert.match(cli.stderr, /'\+1' moves up, not down: use `athanor upgrade \+1`/);
      assert.equal(cli.stderr.trim().split('\n').length, 1, 'one line');
      await assert.rejects(upgrade(config, { target: '-1' }), (e: Error) => e instanceof UsageError && /'-1' moves down, not up/.test(e.message));
      await assert.rejects(downgrade(config, { target: REVS.d1 }), (e: Error) => e instanceof UsageError && /cannot downgrade to dd11dd11dd11: it is not applied/.test(e.message));
      await expectState(['d2'], ['a', 'b', 'c2', 'd2', 'x1'], 'untouched');
    });

    test('history -r base: and current:; downgrade base; stamp of two branches at once through the CLI', async () => {
      const history = await project.cli(['history', '-r', 'base:', '--json']);
      assert.equal(history.code, 0, history.stderr);
      assert.deepEqual(JSON.parse(history.stdout).map((h: { revision: string }) => nameOf(h.revision)).sort(), (Object.keys(REVS) as Name[]).sort());
      assert.deepEqual((await historyOf(config, 'current:')).map((h) => nameOf(h.revision)), ['d2']);
      await downgrade(config, { target: 'base' });
      await expectState([], [], 'downgrade base');
      const stamped = await project.cli(['stamp', 'lib@head', 'c2branch@head']);
      assert.equal(stamped.code, 0, stamped.stderr);
      assert.match(stamped.stdout, /stamped: base -> dd22dd22dd22, ee22ee22ee22/);
      await expectState(['d2', 'x2'], [], 'two branches stamped at once, nothing run');
    });
  });
}

function nameOf(id: string): Name {
  const entry = Object.entries(REVS).find(([, rev]) => rev === id);
  if (!entry) throw new Error(`unexpected revision ${id}`);
  return entry[0] as Name;
}
