// athanor_version / athanor_history: declared once, rendered per dialect; databases whose tables were made
// by an earlier athanor (its DDL kept here as written then) keep working.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { upgrade, downgrade } from '../../src/api/upgrade.js';
import { stamp } from '../../src/api/stamp.js';
import type { DialectName } from '../../src/drivers/connection.js';
import { openConnection } from '../../src/drivers/open.js';
import { loadDialect } from '../../src/dialects/index.js';
import { versionTablesDdl } from '../../src/runner/version-store.js';
import { queryRows, tableNames, versionRows } from '../support/db.js';
import { createProject, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

/** The version tables as athanor 0.1 created them (three hand-written DDL strings). */
const EARLIER_DDL: Record<DialectName, string[]> = {
  postgres: [
    'CREATE TABLE IF NOT EXISTS athanor_version (version_num varchar(64) NOT NULL PRIMARY KEY)',
    `CREATE TABLE IF NOT EXISTS athanor_history (id bigserial PRIMARY KEY, revision varchar(64) NOT NULL, direction varchar(16) NOT NULL,
      checksum varchar(64), applied_at timestamptz NOT NULL DEFAULT now(), duration_ms integer NOT NULL DEFAULT 0, statements_done integer, message text)`,
  ],
  mysql: [
    'CREATE TABLE IF NOT EXISTS athanor_version (version_num varchar(64) NOT NULL PRIMARY KEY)',
    `CREATE TABLE IF NOT EXISTS athanor_history (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, revision varchar(64) NOT NULL,
      direction varchar(16) NOT NULL, checksum varchar(64) NULL, applied_at timestamp(3) NOT NULL DEFAULT current_timestamp(3),
      duration_ms int NOT NULL DEFAULT 0, statements_done int NULL, message text NULL)`,
  ],
  sqlite: [
    'CREATE TABLE IF NOT EXISTS athanor_version (version_num text NOT NULL PRIMARY KEY)',
    `CREATE TABLE IF NOT EXISTS athanor_history (id integer PRIMARY KEY AUTOINCREMENT, revision text NOT NULL, direction text NOT NULL,
      checksum text, applied_at text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), duration_ms integer NOT NULL DEFAULT 0,
      statements_done integer, message text)`,
  ],
};

const createT = (name: string) => `await op.createTable('${name}', { id: t.integer().primaryKey() });`;

async function execAll(url: string, statements: string[]): Promise<void> {
  const conn = await openConnection(url);
  try {
    for (const statement of statements) await conn.exec(statement);
  } finally {
    await conn.close();
  }
}

for (const target of selectedTargets()) {
  describe(`version tables on ${target.name}`, () => {
    let db: TestDatabase;

    before(async () => {
      db = await target.create('vstore');
    });
    after(async () => {
      await db.drop();
    });

    test('rendered from the one spec: created twice without error, ids and applied_at filled in, one row per version', async () => {
      const ddl = versionTablesDdl(await loadDialect(target.dialect));
      assert.equal(ddl.length, 2);
      assert.ok(ddl.every((statement) => statement.startsWith('CREATE TABLE IF NOT EXISTS ')));
      await execAll(db.url, [...ddl, ...ddl]);
      await execAll(db.url, [`INSERT INTO athanor_history (revision, direction) VALUES ('abc', 'up')`, `INSERT INTO athanor_history (revision, direction) VALUES ('def', 'up')`]);
      const rows = await queryRows<{ id: unknown; applied_at: unknown; duration_ms: unknown; statements_done: unknown }>(
        db.url,
        'SELECT id, applied_at, duration_ms, statements_done FROM athanor_history ORDER BY id',
      );
      assert.deepEqual(rows.map((r) => Number(r.id)), [1, 2]);
      assert.ok(rows.every((r) => r.applied_at !== null && Number(r.duration_ms) === 0 && r.statements_done === null));
      if (target.dialect === 'sqlite') assert.match(String(rows[0]?.applied_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      await execAll(db.url, [`INSERT INTO athanor_version (version_num) VALUES ('abc')`]);
      await assert.rejects(execAll(db.url, [`INSERT INTO athanor_version (version_num) VALUES ('abc')`]));
      await execAll(db.url, ['DROP TABLE athanor_version', 'DROP TABLE athanor_history']);
    });
  });

  describe(`a database made by an earlier athanor on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('vstoreold');
      project = createProject(db.url, target.dialect);
      project.migration({ revision: 'old000000001', down: null, upgrade: createT('t1'), downgrade: `await op.dropTable('t1');` });
      project.migration({ revision: 'old000000002', down: 'old000000001', upgrade: createT('t2'), downgrade: `await op.dropTable('t2');` });
      project.migration({ revision: 'old000000003', down: 'old000000002', upgrade: createT('t3'), downgrade: `await op.dropTable('t3');` });
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('upgrade, downgrade and stamp continue on its tables and rows', async () => {
      await execAll(db.url, [
        ...EARLIER_DDL[target.dialect],
        `CREATE TABLE t1 (id integer PRIMARY KEY)`,
        `INSERT INTO athanor_version (version_num) VALUES ('old000000001')`,
        `INSERT INTO athanor_history (revision, direction, checksum, duration_ms) VALUES ('old000000001', 'up', NULL, 3)`,
      ]);
      const config = await project.config();
      const up = await upgrade(config);
      assert.deepEqual(up.steps.map((s) => s.revision), ['old000000002', 'old000000003']);
      assert.deepEqual(await versionRows(db.url), ['old000000003']);
      assert.deepEqual(await tableNames(db.url).then((names) => names.filter((n) => /^t\d$/.test(n))), ['t1', 't2', 't3']);
      await downgrade(config, { target: 'old000000002' });
      assert.deepEqual(await versionRows(db.url), ['old000000002']);
      await stamp(config, ['old000000003']);
      const history = await queryRows<{ revision: string; direction: string }>(db.url, 'SELECT revision, direction FROM athanor_history ORDER BY id');
      assert.deepEqual(
        history.map((h) => `${h.direction} ${h.revision}`),
        ['up old000000001', 'up old000000002', 'up old000000003', 'down old000000003', 'stamp old000000003'],
      );
    });
  });
}
