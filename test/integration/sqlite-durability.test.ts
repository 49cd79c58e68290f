// A SQLite run commits each migration without waiting for its own fsync (WAL + synchronous=NORMAL) and
// flushes once at the end: the database file keeps its journal mode, and every migration is there.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { upgrade } from '../../src/api/upgrade.js';
import { sqliteFileProjects, type TestProject } from '../support/project.js';
import { onlyOn } from '../support/targets.js';

function linearMigrations(project: TestProject, count: number): void {
  let down: string | null = null;
  for (let i = 1; i <= count; i++) {
    const revision = `d${String(i).padStart(3, '0')}aaaaaaaa`;
    project.migration({ revision, down, upgrade: `await op.createTable('t${i}', { id: t.integer().primaryKey(), a: t.text() });`, downgrade: `await op.dropTable('t${i}');` });
    down = revision;
  }
}

function journalMode(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return String(db.pragma('journal_mode', { simple: true }));
  } finally {
    db.close();
  }
}

describe('SQLite runs flush once, and the database keeps its journal mode', onlyOn('sqlite'), () => {
    const { fresh, removeAll } = sqliteFileProjects();
    after(removeAll);

    test('a rollback-journal database stays in its mode; every migration is applied', async () => {
      const { project, file } = fresh();
      linearMigrations(project, 12);
      const up = await project.cli(['upgrade']);
      assert.equal(up.code, 0, up.stderr);
      assert.equal(up.stderr, '');
      assert.equal(journalMode(file), 'delete');
      const db = new Database(file, { readonly: true });
      const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name LIKE 't%'`).get() as { n: number };
      db.close();
      assert.equal(tables.n, 12);
      const down = await project.cli(['downgrade', 'base']);
      assert.equal(down.code, 0, down.stderr);
      assert.equal(journalMode(file), 'delete');
    });

    test('a WAL database stays in WAL', async () => {
      const { project, file } = fresh();
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.close();
      linearMigrations(project, 3);
      const up = await project.cli(['upgrade']);
      assert.equal(up.code, 0, up.stderr);
      assert.equal(journalMode(file), 'wal');
    });

    test('another connection reading during the run: the run succeeds and says the database stays in WAL', async () => {
    const { project, file } = fresh();
    linearMigrations(project, 3);
    let app: Database.Database | undefined;
    try {
      const result = await upgrade(await project.config(), {
        // an application reads while the run is in WAL mode, and is still connected when the run ends
        onStep: () => {
          app ??= new Database(file);
          app.prepare('SELECT count(*) FROM sqlite_master').get();
        },
      });
      assert.equal(result.steps.length, 3);
      assert.match(result.note ?? '', /stays in WAL journal mode \(it was delete\): another connection/);
      assert.equal(journalMode(file), 'wal');
    } finally {
      app?.close();
    }
    // nothing is lost: the next command sees every migration; the next run that migrates puts the mode back
    const current = await project.cli(['current']);
    assert.match(current.stdout, /d003aaaaaaaa/);
    assert.equal((await project.cli(['downgrade', '-1'])).code, 0);
    assert.equal(journalMode(file), 'delete');
    assert.equal(existsSync(`${file}-athanor-journal`), false);
  });

  test('a run killed while the database was in WAL: the next run puts the journal mode back', async () => {
    const { project, file } = fresh();
    linearMigrations(project, 2);
    assert.equal((await project.cli(['upgrade', '+1'])).code, 0);
    // what a run killed half-way leaves: the database in WAL, the side file naming its own mode
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.close();
    writeFileSync(`${file}-athanor-journal`, 'delete\n');
    const up = await project.cli(['upgrade']);
    assert.equal(up.code, 0, up.stderr);
    assert.equal(journalMode(file), 'delete');
    assert.equal(existsSync(`${file}-athanor-journal`), false);
  });
});
