// `athanor pull` names every declared object with its own const: a trigger name PostgreSQL allows once per table
// (Pagila's `last_updated` on six tables) must give six consts, each on its own table, not six copies of one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderModelsSource } from '../../src/codegen/models.js';
import type { SchemaSpec } from '../../src/schema/types.js';
import { col, tableSpec } from '../support/specs.js';

const trigger = (table: string) => ({
  kind: 'trigger' as const,
  name: 'last_updated',
  table,
  definition: `CREATE TRIGGER last_updated BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION last_updated()`,
});

test('triggers of one name on several tables get one const each, named after their table', () => {
  const tables = ['actor', 'film', 'store'];
  const schema: SchemaSpec = {
    tables: tables.map((name) => tableSpec({ name, columns: [col('id', { name: 'integer' }, { nullable: false })] })),
    enums: [],
    objects: [
      { kind: 'function', name: 'last_updated', definition: 'CREATE FUNCTION last_updated() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$' },
      ...tables.map(trigger),
    ],
  };
  const source = renderModelsSource({ schema, unmanaged: [], dialect: 'postgres' });
  const consts = [...source.matchAll(/^export const (\w+) = (\w+)\(/gm)].map((m) => ({ name: m[1], fn: m[2] }));
  const names = consts.map((c) => c.name);
  assert.equal(new Set(names).size, names.length, `duplicate consts: ${names.join(', ')}`);
  assert.equal(consts.filter((c) => c.fn === 'trigger').length, 3);
  for (const table of tables) {
    // each trigger declaration says which table it is on
    const declaration = new RegExp(`trigger\\('last_updated', \\{[^]*?on: ${table}\\b`);
    assert.match(source, declaration, `a trigger on ${table}`);
  }
});

test('models may declare one trigger name on several tables, and the diff keeps them apart', async () => {
  const { table, t, trigger } = await import('../../src/user-api.js');
  const { schemaFromModule } = await import('../../src/schema/collect.js');
  const { diffSchemas } = await import('../../src/diff/index.js');
  const actor = table('actor', { id: t.integer().primaryKey() });
  const film = table('film', { id: t.integer().primaryKey() });
  const on = (name: string) => `CREATE TRIGGER last_updated BEFORE UPDATE ON ${name} FOR EACH ROW EXECUTE FUNCTION last_updated()`;
  const models = {
    actor,
    film,
    actorTrigger: trigger('last_updated', { on: actor, sql: on('actor') }),
    filmTrigger: trigger('last_updated', { on: film, sql: on('film') }),
  };
  const schema = schemaFromModule(models);
  assert.deepEqual((schema.objects ?? []).map((o) => `${o.name} on ${o.table}`).sort(), ['last_updated on actor', 'last_updated on film']);
  // dropping the film table's trigger from the models drops that one only
  const fewer = schemaFromModule({ actor, film, actorTrigger: models.actorTrigger });
  const ops = diffSchemas(schema, fewer).operations;
  const dropped = ops.filter((op) => op.kind === 'dropObject').map((op) => (op.kind === 'dropObject' ? `${op.object.name} on ${op.object.table}` : ''));
  assert.deepEqual(dropped, ['last_updated on film']);
});
