// SQLite: migrations that each run in a transaction of their own share COMMITs (one per ~0.1 s), each inside a
// savepoint. What a user can observe stays as with a COMMIT per migration: a migration reported applied is
// committed (another connection sees it), a failing one is rolled back alone and everything before it stays,
// and a non-transactional migration in between runs outside any transaction.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { upgrade } from '../../src/api/upgrade.js';
import { sqliteFileProjects, type TestProject } from '../support/project.js';
import { onlyOn } from '../support/targets.js';

const revisionOf = (i: number) => `s${String(i).padStart(3, '0')}bbbbbbbb`;

/** `count` migrations, each creating a table after a short wait (so shared COMMITs hold several of them). */
function slowMigrations(project: TestProject, count: number, body: (i: number) => string = () => ''): void {
  for (let i = 1; i <= count; i++) {
    project.migration({
      revision: revisionOf(i),
      down: i === 1 ? null : revisionOf(i - 1),
      upgrade: `await new Promise((r) => setTimeout(r, 8));\n  await op.createTable('t${i}', { id: t.integer().primaryKey() });${body(i)}`,
      downgrade: `await op.dropTable('t${i}');`,
    });
  }
}

function committed(file: string): { version: string | undefined; tables: number; history: number } {
  const db = new Database(file, { readonly: true });
  try {
    const version = db.prepare('SELECT version_num FROM athanor_version').get() as { version_num: string } | undefined;
    const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name GLOB 't[0-9]*'`).get() as { n: number };
    const history = db.prepare(`SELECT count(*) AS n FROM athanor_history WHERE direction = 'up'`).get() as { n: number };
    return { version: version?.version_num, tables: tables.n, history: history.n };
  } finally {
    db.close();
  }
}

describe('SQLite migrations sharing a COMMIT', onlyOn('sqlite'), () => {
  const { fresh, removeAll } = sqliteFileProjects();
  after(removeAll);

  test('a migration reported applied is already committed: another connection sees it', async () => {
    const { project, file } = fresh();
    slowMigrations(project, 40);
    const seen: Array<{ reported: string; committed: string | undefined }> = [];
    const result = await upgrade(await project.config(), {
      onStep: ({ step }) => seen.push({ reported: step.revision, committed: committed(file).version }),
    });
    assert.equal(result.steps.length, 40);
    assert.equal(seen.length, 40);
    for (const { reported, committed: atReport } of seen) assert.ok(atReport !== undefined && atReport >= reported, `${reported} reported while ${atReport} was committed`);
    // the COMMITs were shared: some migration was reported only when a later one's COMMIT ran
    assert.ok(seen.some(({ reported, committed: atReport }) => atReport !== reported), 'every migration had a COMMIT of its own');
    assert.deepEqual(committed(file), { version: revisionOf(40), tables: 40, history: 40 });
  });

  test('a failing migration is rolled back alone; the ones before it stay applied and reported', async () => {
    const { project, file } = fresh();
    slowMigrations(project, 30, (i) => (i === 23 ? "\n  if (process.env['ATHANOR_TEST_FIXED'] !== '1') await op.dropTable('no_such_table');" : ''));
    const r = await project.cli(['upgrade', '--no-lint']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`upgrade ${revisionOf(23)} .*no such table: no_such_table \\(rolled back; the database stays at ${revisionOf(22)}\\)`));
    assert.equal((r.stdout.match(/^applied /gm) ?? []).length, 22);
    assert.deepEqual(committed(file), { version: revisionOf(22), tables: 22, history: 22 });
    // the next run, with the cause gone, goes on from there
    const again = await project.cli(['upgrade', '--no-lint'], { env: { ATHANOR_TEST_FIXED: '1' } });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(committed(file), { version: revisionOf(30), tables: 30, history: 30 });
  });

  test('a non-transactional migration between shared ones runs outside any transaction', async () => {
    const { project, file } = fresh();
    // VACUUM cannot run inside a transaction: it fails unless the shared COMMIT came first
    slowMigrations(project, 12);
    project.migration({
      revision: revisionOf(13),
      down: revisionOf(12),
      upgrade: "await op.execute('VACUUM');",
      downgrade: '',
      extra: 'export const transactional = false;',
    });
    for (let i = 14; i <= 20; i++) {
      project.migration({ revision: revisionOf(i), down: revisionOf(i - 1), upgrade: `await op.createTable('t${i - 1}', { id: t.integer().primaryKey() });`, downgrade: '' });
    }
    const r = await project.cli(['upgrade', '--no-lint']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((r.stdout.match(/^applied /gm) ?? []).length, 20);
    assert.deepEqual(committed(file), { version: revisionOf(20), tables: 19, history: 20 });
  });
});
