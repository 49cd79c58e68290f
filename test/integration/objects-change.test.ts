// Changing managed objects through the CLI in a fresh project, on PostgreSQL (and PGlite): a column type
// change under a view, a changed trigger function under its triggers, a changed view under another view.
// The database would refuse each one alone; the migration drops what reads the changed object first and
// re-creates it after, and its downgrade puts every old definition back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pgObjectSections } from '../support/catalog-objects.js';
import { loadNatively } from '../support/native.js';
import { createProject, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const SCHEMA = `
CREATE TABLE items (id serial PRIMARY KEY, name varchar(50) NOT NULL, qty integer NOT NULL DEFAULT 0, touched timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.touched := now(); RETURN NEW; END $$;
CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();
CREATE VIEW item_names AS SELECT id, name FROM items;
CREATE VIEW short_names AS SELECT id FROM item_names WHERE length(name) < 5;
`;

const MODELS = `import { sqlFunction, table, t, trigger, view } from 'athanor';
export const items = table('items', {
  id: t.serial().primaryKey(),
  name: t.text().notNull(),
  qty: t.integer().notNull().default(0),
  touched: t.timestamptz(),
});
export const touch = sqlFunction('touch', "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.touched := clock_timestamp(); RETURN NEW; END $$");
export const itemsTouch = trigger('items_touch', { on: items, sql: 'CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch()' });
export const itemNames = view('item_names', 'SELECT id, name, qty FROM items');
export const shortNames = view('short_names', 'SELECT id FROM item_names WHERE length(name) < 5');
`;

for (const target of selectedTargets(['postgres', 'pglite'])) {
  describe(`changing views, trigger functions and the columns under them on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;
    before(async () => {
      db = await target.create('objchange');
      await loadNatively(db.url, SCHEMA);
      project = createProject(db.url, target.dialect);
      project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: './models.ts' }));
      project.write('models.ts', MODELS);
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('migrate → upgrade applies the models, check is clean, downgrade restores the old definitions', async () => {
      type Sections = { views: Record<string, string>; triggers: Record<string, string>; functions: Record<string, string> };
      const read = async (): Promise<Sections> => ({
        views: await pgObjectSections.views(db.url),
        triggers: await pgObjectSections.triggers(db.url),
        functions: await pgObjectSections.functions(db.url),
      });
      const loaded = await read();
      const migrate = await project.cli(['migrate', '-m', 'change objects']);
      assert.equal(migrate.code, 0, migrate.stdout + migrate.stderr);
      const upgrade = await project.cli(['upgrade']);
      assert.equal(upgrade.code, 0, upgrade.stdout + upgrade.stderr);
      const check = await project.cli(['check']);
      assert.equal(check.code, 0, check.stdout + check.stderr);
      const changed = await read();
      assert.match(changed.functions['public.touch()'] ?? '', /clock_timestamp/);
      assert.match(changed.views['public.item_names'] ?? '', /qty/);
      assert.ok(changed.triggers['public.items.items_touch'], 'the trigger is back on the changed function');
      const downgrade = await project.cli(['downgrade', '-1']);
      assert.equal(downgrade.code, 0, downgrade.stdout + downgrade.stderr);
      assert.deepEqual(await read(), loaded);
    });
  });
}
