// What protects the user's database: offline SQL, checksums, failures mid-way, bad input leaving the
// database exactly as it was.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createProject, type TestProject } from '../support/project.js';
import { historyRows, tableNames, versionRows } from '../support/db.js';
import { selectedTargets, unreachableUrl, type TestDatabase } from '../support/targets.js';

const createT = (name: string) => `await op.createTable('${name}', { id: t.integer().primaryKey(), label: t.varchar(50) });`;
const dropT = (name: string) => `await op.dropTable('${name}');`;

async function snapshot(url: string): Promise<{ versions: string[]; tables: string[] }> {
  return { versions: await versionRows(url), tables: await tableNames(url) };
}

for (const target of selectedTargets()) {
  describe(`safety on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;
    let firstFile = '';

    before(async () => {
      db = await target.create('safety');
      project = createProject(db.url, target.dialect);
      firstFile = project.migration({ revision: 'aaaa00000001', down: null, upgrade: createT('ta'), downgrade: dropT('ta') });
      project.migration({ revision: 'aaaa00000002', down: 'aaaa00000001', upgrade: createT('tb'), downgrade: dropT('tb') });
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('upgrade --sql prints the script (version table included) and touches nothing', async () => {
      const r = await project.cli(['upgrade', '--sql']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /CREATE TABLE[^\n]*athanor_version/i);
      assert.match(r.stdout, /CREATE TABLE[^\n]*ta/i);
      assert.match(r.stdout, /INSERT INTO athanor_version \(version_num\) VALUES \('aaaa00000001'\)/);
      assert.match(r.stdout, /UPDATE athanor_version SET version_num = 'aaaa00000002' WHERE version_num = 'aaaa00000001'/);
      const range = await project.cli(['downgrade', '--sql', 'aaaa00000002:base']);
      assert.equal(range.code, 0, range.stderr);
      assert.match(range.stdout, /DROP TABLE[^\n]*tb[\s\S]*DROP TABLE[^\n]*ta/i);
      assert.match(range.stdout, /DELETE FROM athanor_version WHERE version_num = 'aaaa00000001'/);
      const noRange = await project.cli(['downgrade', '--sql']);
      assert.equal(noRange.code, 2);
      assert.deepEqual(await snapshot(db.url), { versions: [], tables: [] });
    });

    test('an applied migration edited afterwards is refused, naming the file; --accept-changed records it', async () => {
      let r = await project.cli(['upgrade', 'aaaa00000001']);
      assert.equal(r.code, 0, r.stderr);
      writeFileSync(firstFile, readFileSync(firstFile, 'utf8').replace('varchar(50)', 'varchar(60)'));
      const before = await snapshot(db.url);
      r = await project.cli(['upgrade']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /edited after being applied/);
      assert.match(r.stderr, /aaaa00000001_m\.ts/);
      assert.deepEqual(await snapshot(db.url), before);
      r = await project.cli(['upgrade', '--accept-changed']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await versionRows(db.url), ['aaaa00000002']);
      const accepted = (await historyRows(db.url)).filter((h) => h.direction === 'accept');
      assert.equal(accepted.length, 1);
      r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, 'accepted once, accepted for good');
      r = await project.cli(['downgrade', 'base']);
      assert.equal(r.code, 0, r.stderr);
    });

    test('a migration failing mid-way exits 1 naming revision and statement; the version table stays at the last good revision', async () => {
      project.migration({
        revision: 'aaaa00000003',
        down: 'aaaa00000002',
        upgrade: `${createT('tc')}\n  await op.execute('SELECT no_such_column FROM tc');`,
        downgrade: dropT('tc'),
      });
      const r = await project.cli(['upgrade']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /aaaa00000003/);
      assert.match(r.stderr, /SELECT no_such_column FROM tc/);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.deepEqual(await versionRows(db.url), ['aaaa00000002']);
      const tables = await tableNames(db.url);
      assert.ok(tables.includes('tb'));
      if (target.dialect !== 'mysql') assert.ok(!tables.includes('tc'), 'the failed migration was rolled back');
    });
  });
}

for (const target of selectedTargets()) {
  describe(`bad input on ${target.name}: one line on stderr, exit 2, database untouched`, () => {
    let db: TestDatabase;
    let project: TestProject;
    let before_: { versions: string[]; tables: string[] };

    before(async () => {
      db = await target.create('badinput');
      project = createProject(db.url, target.dialect);
      project.migration({ revision: 'bbbb00000001', down: null, upgrade: createT('ta'), downgrade: dropT('ta') });
      project.migration({ revision: 'bbbb00000002', down: 'bbbb00000001', upgrade: createT('tb'), downgrade: dropT('tb') });
      project.migration({ revision: 'bbbc00000003', down: 'bbbb00000002', upgrade: createT('tc'), downgrade: dropT('tc') });
      const r = await project.cli(['upgrade', 'bbbb00000001']);
      assert.equal(r.code, 0, r.stderr);
      before_ = await snapshot(db.url);
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    const expectBadInput = async (args: string[], pattern: RegExp, options: { url?: string | null } = {}) => {
      const r = await project.cli(args, options);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.deepEqual(await snapshot(db.url), before_);
      return r;
    };

    test('unknown, ambiguous and too-short revisions', async () => {
      await expectBadInput(['upgrade', 'ffff00000000'], /ffff00000000/);
      await expectBadInput(['upgrade', 'bbbb'], /ambiguous|several|bbbb00000001|bbbb00000002/i);
      await expectBadInput(['upgrade', 'bb'], /at least 4|too short/i);
      await expectBadInput(['show', 'nope1234'], /nope1234/);
    });

    test('downgrade below base', async () => {
      await expectBadInput(['downgrade', '-5'], /base|only/i);
    });

    test('unreachable database and bad URLs never print the password', async () => {
      const r = await expectBadInput(['upgrade'], /cannot connect/, { url: unreachableUrl(target.dialect) });
      if (target.dialect !== 'sqlite') assert.doesNotMatch(r.stderr, /s3cretpw/);
      const bad = await expectBadInput(['current'], /bad database URL/, { url: 'oracle://scott:tiger@host/db' });
      assert.doesNotMatch(bad.stderr, /tiger/);
    });

    test('a migration that fails to load, or lacks upgrade, stops the run before anything runs', async () => {
      const broken = project.write('migrations/00010_bbbd00000004_m.ts', `export const revision = 'bbbd00000004';\nexport const downRevision = 'bbbc00000003';\nexport async function upgrade(op) { this is not typescript }\n`);
      await expectBadInput(['upgrade'], /cannot load .*bbbd00000004/);
      writeFileSync(broken, `export const revision = 'bbbd00000004';\nexport const downRevision = 'bbbc00000003';\nexport async function downgrade() {}\n`);
      await expectBadInput(['upgrade'], /bbbd00000004.*upgrade/);
      writeFileSync(broken, `export const downRevision = 'bbbc00000003';\n`);
      await expectBadInput(['heads'], /revision/);
      writeFileSync(broken, `export const revision = 'bbbd00000004';\nexport const downRevision = 'bbbc00000003';\nexport async function upgrade(op) {}\nexport async function downgrade(op) {}\n`);
    });

    test('duplicate ids, a missing downRevision and cycles are errors', async () => {
      const dup = project.write('migrations/00020_dup_m.ts', `export const revision = 'bbbb00000002';\nexport const downRevision = 'bbbb00000001';\nexport async function upgrade() {}\n`);
      await expectBadInput(['heads'], /duplicate|bbbb00000002/i);
      writeFileSync(dup, `export const revision = 'bbbe00000005';\nexport const downRevision = 'ffffffffffff';\nexport async function upgrade() {}\n`);
      await expectBadInput(['upgrade'], /ffffffffffff/);
      writeFileSync(dup, `export const revision = 'bbbe00000005';\nexport const downRevision = 'bbbf00000006';\nexport async function upgrade() {}\n`);
      const other = project.write('migrations/00021_cycle_m.ts', `export const revision = 'bbbf00000006';\nexport const downRevision = 'bbbe00000005';\nexport async function upgrade() {}\n`);
      await expectBadInput(['history'], /cycle/i);
      writeFileSync(dup, `export const revision = 'bbbe00000005';\nexport const downRevision = 'bbbd00000004';\nexport async function upgrade() {}\nexport async function downgrade() {}\n`);
      writeFileSync(other, `export const revision = 'bbbf00000006';\nexport const downRevision = 'bbbe00000005';\nexport async function upgrade() {}\nexport async function downgrade() {}\n`);
    });

    test('bad config', async () => {
      project.write('athanor.config.json', '{ "dialect": "oracle" }');
      await expectBadInput(['heads'], /dialect/);
      project.write('athanor.config.json', '{ "dialect": "postgres", "migratons": "x" }');
      await expectBadInput(['heads'], /unknown field "migratons"/);
      project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations' }));
    });

    test('the database refusing is exit 1, bad flags are exit 2, --help works on every command', async () => {
      const unknownFlag = await project.cli(['upgrade', '--frobnicate']);
      assert.equal(unknownFlag.code, 2);
      for (const command of ['init', 'revision', 'upgrade', 'downgrade', 'current', 'history', 'heads', 'branches', 'show', 'merge', 'stamp']) {
        const help = await project.cli([command, '--help'], { url: null });
        assert.equal(help.code, 0, `${command} --help`);
        assert.match(help.stdout, new RegExp(`Usage: athanor ${command}`));
      }
    });
  });
}

for (const target of selectedTargets(['sqlite', 'mysql'])) {
  describe(`operations ${target.name} cannot express`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('unsupported');
      project = createProject(db.url, target.dialect);
      project.migration({ revision: 'us0000000001', down: null, upgrade: createT('ta'), downgrade: dropT('ta') });
      project.migration({
        revision: 'us0000000002',
        down: 'us0000000001',
        // SQLite has no enum types (an enum column is text + CHECK; createEnum renders nothing): a value cannot be added
        upgrade: target.dialect === 'sqlite' ? `await op.addEnumValue('mood', 'meh');` : `await op.createIndex('ix_partial', 'ta', ['label'], { where: 'id > 0' });`,
        downgrade: `void op;`,
      });
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('refused as the migration issues it (bad input, exit 2), naming the operation, the dialect and the file; nothing of it runs', async () => {
      const op = target.dialect === 'sqlite' ? /addEnumValue/ : /createIndex/;
      let r = await project.cli(['upgrade', '--sql']);
      assert.equal(r.code, 2, r.stderr);
      for (const expected of [op, new RegExp(target.dialect), /us0000000002/]) assert.match(r.stderr, expected);
      assert.deepEqual(await snapshot(db.url), { versions: [], tables: [] }, '--sql touches nothing');
      r = await project.cli(['upgrade']);
      assert.equal(r.code, 2, r.stderr);
      for (const expected of [op, new RegExp(target.dialect), /us0000000002/]) assert.match(r.stderr, expected);
      // checked as each operation is issued: the migration before it ran, nothing of this one did
      assert.deepEqual(await snapshot(db.url), { versions: ['us0000000001'], tables: ['athanor_history', 'athanor_version', 'ta'] });
      assert.deepEqual((await historyRows(db.url)).map((h) => `${h.direction} ${h.revision}`), ['up us0000000001']);
    });
  });
}
