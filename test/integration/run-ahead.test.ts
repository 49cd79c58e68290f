// PostgreSQL: the next migration's code runs while the one before it commits (runner/run-ahead.ts). What a user
// sees must not change: a migration that reads sees what the one before it committed, inside its own
// transaction; when a migration fails at its COMMIT, the one after it is not applied; a lock timeout retried
// on one migration leaves the next applied once, in order.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { historyRows, queryRows, tableNames, versionRows } from '../support/db.js';
import { createProject, type TestProject } from '../support/project.js';
import { postgresTarget, type TestDatabase } from '../support/targets.js';

const createT = (name: string) => `await op.createTable('${name}', { id: t.integer().primaryKey(), label: t.varchar(50) });`;

describe('the next migration run while the one before it commits (PostgreSQL)', () => {
  let db: TestDatabase;
  let project: TestProject;
  before(async () => {
    db = await postgresTarget.create('runahead');
    project = createProject(db.url, 'postgres');
  });
  after(async () => {
    project.remove();
    await db.drop();
  });

  test('a read sees the rows the migration before it committed, inside its own transaction', async () => {
    project.migration({
      revision: 'ra0000000001',
      down: null,
      upgrade: `${createT('ra_items')}\n  await op.bulkInsert('ra_items', [{ id: 1, label: 'a' }, { id: 2, label: 'b' }, { id: 3, label: 'c' }]);`,
    });
    // the runner's SET LOCAL lock_timeout holds only inside the migration's transaction
    project.migration({
      revision: 'ra0000000002',
      down: 'ra0000000001',
      upgrade: `const [seen] = await op.execute("SELECT count(*)::int AS n, current_setting('lock_timeout') AS lt FROM ra_items");
  await op.execute('CREATE TABLE ra_seen (n int, lt text)');
  await op.execute(\`INSERT INTO ra_seen VALUES (\${Number(seen?.n)}, '\${String(seen?.lt)}')\`);`,
    });
    project.migration({ revision: 'ra0000000003', down: 'ra0000000002', upgrade: createT('ra_last') });
    const r = await project.cli(['upgrade']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await queryRows(db.url, 'SELECT n, lt FROM ra_seen'), [{ n: 3, lt: '5s' }]);
    assert.deepEqual(await versionRows(db.url), ['ra0000000003']);
  });

  test('a migration that fails at its COMMIT: the one after it is not applied, the error names the one that failed', async () => {
    project.migration({ revision: 'ra0000000004', down: 'ra0000000003', upgrade: createT('ra_four') });
    // the duplicate fails in the round trip that carries the migration's statements and its COMMIT
    const five = { file: 'migrations/00005_ra0000000005_five.ts', revision: 'ra0000000005', down: 'ra0000000004' };
    project.migration({ ...five, upgrade: `${createT('ra_five')}\n  ${createT('ra_five')}` });
    project.migration({ revision: 'ra0000000006', down: 'ra0000000005', upgrade: createT('ra_six') });
    project.migration({ revision: 'ra0000000007', down: 'ra0000000006', upgrade: createT('ra_seven') });
    const r = await project.cli(['upgrade']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /ra0000000005/);
    assert.match(r.stderr, /already exists/);
    assert.deepEqual(await versionRows(db.url), ['ra0000000004']);
    const tables = await tableNames(db.url);
    assert.ok(tables.includes('ra_four'));
    for (const absent of ['ra_five', 'ra_six', 'ra_seven']) assert.ok(!tables.includes(absent), `${absent} not created`);
    assert.deepEqual((await historyRows(db.url)).map((h) => h.revision), ['ra0000000001', 'ra0000000002', 'ra0000000003', 'ra0000000004']);
    // fixed, the run goes on from there
    project.migration({ ...five, upgrade: createT('ra_five') });
    const again = await project.cli(['upgrade']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(await versionRows(db.url), ['ra0000000007']);
  });
});

describe('a lock timeout retried while the next migration was run ahead (PostgreSQL)', () => {
  let db: TestDatabase;
  let project: TestProject;
  before(async () => {
    db = await postgresTarget.create('runaheadlock');
    project = createProject(db.url, 'postgres');
    project.write('athanor.config.json', JSON.stringify({ dialect: 'postgres', lockTimeoutMs: 200, lockRetries: 4, lockRetryDelayMs: 300 }));
    project.migration({ revision: 'rl0000000001', down: null, upgrade: createT('rl_busy') });
    const r = await project.cli(['upgrade']);
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    project.remove();
    await db.drop();
  });

  test('the migration waits, retries and commits; the one after it is applied once, after it', async () => {
    project.migration({ revision: 'rl0000000002', down: 'rl0000000001', upgrade: createT('rl_before') });
    project.migration({ revision: 'rl0000000003', down: 'rl0000000002', upgrade: `await op.addColumn('rl_busy', 'extra', t.integer());` });
    project.migration({
      revision: 'rl0000000004',
      down: 'rl0000000003',
      upgrade: `${createT('rl_after')}\n  await op.execute("INSERT INTO rl_after (id, label) SELECT count(*)::int, 'rows' FROM rl_after");`,
    });
    const { default: pg } = await import('pg');
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE rl_busy IN ACCESS EXCLUSIVE MODE');
    const release = setTimeout(() => void holder.query('COMMIT'), 1000);
    try {
      const r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
    } finally {
      clearTimeout(release);
      await holder.query('COMMIT').catch(() => undefined);
      await holder.end();
    }
    assert.deepEqual(await versionRows(db.url), ['rl0000000004']);
    assert.deepEqual(await queryRows(db.url, 'SELECT id, label FROM rl_after'), [{ id: 0, label: 'rows' }]);
    const columns = await queryRows<{ column_name: string }>(db.url, "SELECT column_name FROM information_schema.columns WHERE table_name = 'rl_busy' ORDER BY ordinal_position");
    assert.ok(columns.some((c) => c.column_name === 'extra'));
    assert.deepEqual((await historyRows(db.url)).map((h) => h.revision), ['rl0000000001', 'rl0000000002', 'rl0000000003', 'rl0000000004']);
  });
});
