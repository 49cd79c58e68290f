// Testing a change before applying it: --dry-run, verify (stairway), lock_timeout retries.
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createProject, migrationSource, type TestProject } from '../support/project.js';
import { historyRows, queryRows, tableNames, versionRows } from '../support/db.js';
import { onlyOn, postgresTarget, selectedTargets, type TestDatabase } from '../support/targets.js';

const createT = (name: string) => `await op.createTable('${name}', { id: t.integer().primaryKey(), label: t.varchar(50) });`;
const dropT = (name: string) => `await op.dropTable('${name}');`;

for (const target of selectedTargets()) {
  describe(`--dry-run and verify on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('dryrun');
      project = createProject(db.url, target.dialect);
      project.migration({ revision: 'dr0000000001', down: null, upgrade: createT('ta'), downgrade: dropT('ta') });
      project.migration({
        revision: 'dr0000000002',
        down: 'dr0000000001',
        upgrade: `await op.bulkInsert('ta', [{ id: 1, label: 'x' }, { id: 2, label: 'y' }]);\n  await op.execute("UPDATE ta SET label = 'z'");`,
        downgrade: `await op.execute('DELETE FROM ta');`,
      });
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('upgrade --dry-run reports statements and rows, then leaves the database exactly as it was', async () => {
      const r = await project.cli(['upgrade', '--dry-run']);
      assert.equal(r.code, 0, r.stderr);
      if (target.dialect === 'mysql') {
        assert.match(r.stderr, /cannot roll DDL back/);
        assert.match(r.stdout, /CREATE TABLE/);
      } else {
        assert.match(r.stdout, /dr0000000001/);
        assert.match(r.stdout, /UPDATE ta SET label = 'z'\s+-- 2 row\(s\)/);
        assert.match(r.stdout, /rolled back/);
      }
      assert.deepEqual(await versionRows(db.url), []);
      assert.deepEqual(await tableNames(db.url), [], 'not even the version table is left');
    });

    test('downgrade --dry-run tries the rollback and keeps the data', async () => {
      let r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
      const history = (await historyRows(db.url)).length;
      r = await project.cli(['downgrade', '--dry-run']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await versionRows(db.url), ['dr0000000002']);
      const rows = await queryRows<{ n: number | string }>(db.url, 'SELECT count(*) AS n FROM ta');
      assert.equal(Number(rows[0]?.n), 2);
      assert.equal((await historyRows(db.url)).length, history, 'no history row either');
    });

    test('verify passes on honest migrations and catches a downgrade that does not undo its upgrade', async () => {
      let r = await project.cli(['verify']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /verified 2 revision/);
      project.migration({
        revision: 'dr0000000003',
        down: 'dr0000000002',
        upgrade: `${createT('tb')}\n  await op.addColumn('ta', 'extra', t.integer());`,
        downgrade: dropT('tb'),
      });
      r = await project.cli(['verify']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /dr0000000003/);
      assert.match(r.stdout, /table ta: column extra: not expected \(left behind\)/);
      assert.deepEqual(await versionRows(db.url), ['dr0000000002'], 'the real database was not touched');
    });

    test('verify refuses a scratch URL that holds data unless forced', async () => {
      const r = await project.cli(['verify', '--scratch-url', db.url]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /not empty/);
    });
  });
}

describe('lock_timeout retries against a real lock holder (PostgreSQL)', () => {
  let db: TestDatabase;
  let project: TestProject;

  before(async () => {
    db = await postgresTarget.create('locktimeout');
    project = createProject(db.url, 'postgres');
    project.write('athanor.config.json', JSON.stringify({ dialect: 'postgres', lockTimeoutMs: 200, lockRetries: 4, lockRetryDelayMs: 300 }));
    project.migration({ revision: 'lk0000000001', down: null, upgrade: createT('busy'), downgrade: dropT('busy') });
    project.migration({ revision: 'lk0000000002', down: 'lk0000000001', upgrade: `await op.addColumn('busy', 'extra', t.integer());`, downgrade: `await op.dropColumn('busy', 'extra');` });
    const r = await project.cli(['upgrade', 'lk0000000001']);
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    project.remove();
    await db.drop();
  });

  async function holdLock(ms: number): Promise<() => Promise<void>> {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query('BEGIN');
    await client.query('LOCK TABLE busy IN ACCESS EXCLUSIVE MODE');
    const release = setTimeout(() => void client.query('COMMIT'), ms);
    return async () => {
      clearTimeout(release);
      await client.query('COMMIT').catch(() => undefined);
      await client.end();
    };
  }

  test('upgrade --sql sets the same lock_timeout: SET LOCAL in a migration\'s transaction, the session\'s before a non-transactional one', async () => {
    project.write('migrations/zz_offline_concurrent.ts', migrationSource({ revision: 'lk0000000003', down: 'lk0000000002', extra: 'export const transactional = false;', upgrade: `await op.createIndex('ix_busy_extra', 'busy', ['extra'], { concurrently: true });`, downgrade: `await op.dropIndex('ix_busy_extra', 'busy', { concurrently: true });` }));
    try {
      const r = await project.cli(['upgrade', '--sql', 'lk0000000001:lk0000000003'], { url: null });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /BEGIN;\nSET LOCAL lock_timeout = '200ms';\nALTER TABLE "busy" ADD COLUMN "extra"/);
      assert.match(r.stdout, /SET lock_timeout = '200ms';\nCREATE INDEX CONCURRENTLY "ix_busy_extra"/);
    } finally {
      rmSync(join(project.dir, 'migrations', 'zz_offline_concurrent.ts'));
    }
  });

  test('a lock held for ~1 s: the migration times out, backs off, retries and succeeds', async () => {
    const done = await holdLock(1000);
    try {
      const r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await versionRows(db.url), ['lk0000000002']);
    } finally {
      await done();
    }
    const down = await project.cli(['downgrade']);
    assert.equal(down.code, 0, down.stderr);
  });

  test('a lock held past every retry: exit 1 naming the lock timeout, nothing applied', async () => {
    const done = await holdLock(20_000);
    try {
      const r = await project.cli(['upgrade']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /lock timeout/i);
      assert.match(r.stderr, /4 lock-timeout retries/);
      assert.deepEqual(await versionRows(db.url), ['lk0000000001']);
    } finally {
      await done();
    }
  });
});

for (const target of selectedTargets(['postgres', 'pglite'])) {
  describe(`verify's sample rows in a column of a type athanor does not know, on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('verifydomain');
      project = createProject(db.url, target.dialect);
      project.migration({
        revision: 'vd0000000001',
        down: null,
        upgrade: `await op.execute('CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0)');\n  await op.createTable('stock', { sku: t.varchar(40).primaryKey(), on_hand: t.custom('positive_int').notNull() });`,
        downgrade: `await op.dropTable('stock');\n  await op.execute('DROP DOMAIN positive_int');`,
      });
      // a NOT NULL column dropped: its downgrade must fill the rows verify put in the table
      project.migration({ revision: 'vd0000000002', down: 'vd0000000001', upgrade: `await op.dropColumn('stock', 'on_hand');`, downgrade: `await op.addColumn('stock', 'on_hand', t.integer().notNull());` });
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('a domain over integer gets rows (a quoted number), so a downgrade that fails on rows is caught', async () => {
      const r = await project.cli(['verify']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.doesNotMatch(r.stdout, /no sample value/);
      assert.match(r.stdout, /vd0000000002/);
      assert.match(r.stdout, /contains null values/);
    });
  });
}

describe('--dry-run on a SQLite file that does not exist yet', onlyOn('sqlite'), () => {
  test('tries the migrations on an empty database and leaves no file behind', async () => {
    const project = createProject('sqlite:./fresh.db', 'sqlite');
    try {
      project.migration({ revision: 'df0000000001', down: null, upgrade: createT('ta'), downgrade: dropT('ta') });
      const r = await project.cli(['upgrade', '--dry-run']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /CREATE TABLE "ta"/);
      assert.deepEqual(readdirSync(project.dir).filter((f) => f.startsWith('fresh.db')), [], 'no database file, no lock file');
    } finally {
      project.remove();
    }
  });
});
