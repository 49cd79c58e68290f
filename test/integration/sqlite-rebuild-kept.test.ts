// SQLite changes most columns by rebuilding the table, and DROP TABLE takes the table's triggers with it. What
// the rebuild must put back is now part of the schema model (issue 11): a VIRTUAL generated column
// (ColumnSpec.virtual), a DEFERRABLE foreign key (ForeignKeySpec.deferrable) and the table's triggers (schema
// objects, handed to render() as RenderContext.currentTriggers), so a copied spec keeps them and an offline
// script (--sql) re-creates the triggers the script's earlier migrations made.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sqliteDialect as dialect } from '../../src/dialects/sqlite/index.js';
import { connectSqlite } from '../../src/drivers/sqlite.js';
import { queryRows, versionRows } from '../support/db.js';
import { createProject, type TestProject } from '../support/project.js';
import { onlyOn, sqliteTarget, type TestDatabase } from '../support/targets.js';

const THINGS = [
  'CREATE TABLE parents (id integer PRIMARY KEY)',
  'CREATE TABLE things (id integer PRIMARY KEY, a integer, b integer GENERATED ALWAYS AS (a * 2) VIRTUAL, parent_id integer REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED, note text)',
  "CREATE TRIGGER tr_things AFTER INSERT ON things BEGIN UPDATE things SET note = 'seen' WHERE id = new.id; END",
];
const ITEMS_TRIGGER = "CREATE TRIGGER tr_items AFTER INSERT ON items BEGIN UPDATE items SET note = 'seen' WHERE id = new.id; END";

describe('sqlite: a table rebuild keeps triggers, VIRTUAL columns and DEFERRABLE keys', onlyOn('sqlite'), () => {
  let db: TestDatabase;
  let project: TestProject;

  before(async () => {
    db = await sqliteTarget.create('rebuildkept');
    project = createProject(db.url, 'sqlite');
    project.migration({
      revision: 'rk0000000001',
      down: null,
      upgrade: `await op.createTable('items', { id: t.integer().primaryKey(), note: t.text() });\n  await op.createTrigger('tr_items', 'items', ${JSON.stringify(ITEMS_TRIGGER)});`,
      downgrade: `await op.dropTable('items');`,
    });
    project.migration({ revision: 'rk0000000002', down: 'rk0000000001', upgrade: THINGS.map((sql) => `await op.execute(${JSON.stringify(sql)});`).join('\n  ') });
    project.migration({ revision: 'rk0000000003', down: 'rk0000000002', upgrade: `await op.alterColumn('items', 'note', { type: t.varchar(40), existingType: t.text() });` });
    project.migration({ revision: 'rk0000000004', down: 'rk0000000003', upgrade: `await op.alterColumn('things', 'note', { type: t.varchar(40), existingType: t.text() });` });
  });
  after(async () => {
    project?.remove();
    await db?.drop();
  });

  test('offline (--sql): the rebuild re-creates the trigger an earlier migration of the script made', async () => {
    const r = await project.cli(['upgrade', '--sql', 'base:rk0000000003']);
    assert.equal(r.code, 0, r.stderr);
    const rebuild = r.stdout.slice(r.stdout.indexOf('Running upgrade rk0000000002 -> rk0000000003'));
    assert.match(rebuild, /DROP TABLE "items"/);
    const afterRename = rebuild.slice(rebuild.indexOf('RENAME TO "items"'));
    assert.ok(afterRename.includes(ITEMS_TRIGGER), `the trigger is re-created after the rebuild:\n${rebuild}`);
  });

  test('online: the trigger, the VIRTUAL column and the DEFERRABLE key survive the rebuild', async () => {
    const r = await project.cli(['upgrade']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await versionRows(db.url), ['rk0000000004']);
    const [things] = await queryRows<{ sql: string }>(db.url, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'things'");
    assert.match(things?.sql ?? '', /GENERATED ALWAYS AS \(a \* 2\) VIRTUAL/);
    assert.match(things?.sql ?? '', /REFERENCES "parents" \("id"\) DEFERRABLE INITIALLY DEFERRED/);
    assert.match(things?.sql ?? '', /"note" varchar\(40\)/);
    const triggers = await queryRows<{ name: string }>(db.url, "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name");
    assert.deepEqual(triggers.map((row) => row.name), ['tr_items', 'tr_things']);
    await queryRows(db.url, 'INSERT INTO things (id, a) VALUES (1, 21)');
    await queryRows(db.url, 'INSERT INTO items (id) VALUES (1)');
    assert.deepEqual(await queryRows(db.url, 'SELECT b, note FROM things'), [{ b: 42, note: 'seen' }]);
    assert.deepEqual(await queryRows(db.url, 'SELECT note FROM items'), [{ note: 'seen' }]);
  });

  test('a copy of an introspected spec keeps them: the model is plain data, no hidden map', async () => {
    const conn = await connectSqlite(db.url.slice('sqlite:'.length));
    try {
      const schema = structuredClone(await dialect.introspect(conn, { includeTables: ['things'] }));
      const table = schema.tables.find((t) => t.name === 'things');
      const currentTriggers = (schema.objects ?? []).filter((o) => o.kind === 'trigger' && o.table === 'things');
      const statements = dialect.render({ kind: 'alterColumn', table: { name: 'things' }, column: 'note', changes: { nullable: false } }, { currentTable: table, currentTriggers });
      const text = statements.join('\n');
      assert.match(text, /VIRTUAL/);
      assert.match(text, /DEFERRABLE INITIALLY DEFERRED/);
      assert.match(text, /CREATE TRIGGER tr_things/);
    } finally {
      await conn.close();
    }
  });
});
