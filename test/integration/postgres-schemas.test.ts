// Tables in a schema other than public, the ways users ask for one: `schemas` in the config (migrate must create
// the schema it writes tables into), a search_path that moves unqualified names elsewhere (refused before a
// comparison that would never converge), and Prisma's `?schema=` in a copied DATABASE_URL (never silently public).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createProject, type TestProject } from '../support/project.js';
import { queryRows } from '../support/db.js';
import { postgresTarget, type TestDatabase } from '../support/targets.js';

const APP_MODELS = `import { table, t } from 'athanor';
export const todos = table('todos', { id: t.serial().primaryKey(), title: t.text().notNull() }, undefined, { schema: 'app' });
`;

const withQuery = (url: string, query: string) => `${url}${url.includes('?') ? '&' : '?'}${query}`;

async function schemaExists(url: string, name: string): Promise<boolean> {
  return (await queryRows<{ n: number }>(url, 'SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1', [name]))[0]?.n === 1;
}

describe('tables in a schema other than public (PostgreSQL)', () => {
  let db: TestDatabase;
  let project: TestProject;
  before(async () => {
    db = await postgresTarget.create('pgschemas');
    project = createProject(db.url, 'postgres');
    project.write('athanor.config.json', JSON.stringify({ dialect: 'postgres', migrations: 'migrations', models: './models.ts', schemas: ['app'] }));
    project.write('models.ts', APP_MODELS);
  });
  after(async () => {
    project.remove();
    await db.drop();
  });

  test('migrate on a database without the schema writes a migration that creates it, and upgrade, check, verify and downgrade pass', async () => {
    const migrate = await project.cli(['migrate', '-m', 'todos in app']);
    assert.equal(migrate.code, 0, migrate.stderr);
    const upgrade = await project.cli(['upgrade']);
    assert.equal(upgrade.code, 0, upgrade.stderr);
    assert.equal(await schemaExists(db.url, 'app'), true);
    const check = await project.cli(['check']);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const lint = await project.cli(['lint']);
    assert.equal(lint.code, 0, lint.stdout + lint.stderr);
    const verify = await project.cli(['verify']);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    const downgrade = await project.cli(['downgrade', 'base']);
    assert.equal(downgrade.code, 0, downgrade.stderr);
    assert.equal(await schemaExists(db.url, 'app'), false, 'the schema the migration created is dropped with it');
    const again = await project.cli(['upgrade']);
    assert.equal(again.code, 0, again.stderr);
  });

  test('a schema the database already has is not created again', async () => {
    project.write('models.ts', `${APP_MODELS}export const notes = table('notes', { id: t.serial().primaryKey() }, undefined, { schema: 'app' });\n`);
    const check = await project.cli(['check']);
    assert.equal(check.code, 1, check.stderr);
    assert.match(check.stdout, /create table app\.notes/);
    assert.doesNotMatch(check.stdout, /CREATE SCHEMA/);
    project.write('models.ts', APP_MODELS);
  });

  test('a search_path that creates unqualified tables outside public is refused before comparing (exit 2), and upgrade still runs', async () => {
    const elsewhere = withQuery(db.url, 'options=-c%20search_path%3Dapp');
    const plain = createProject(elsewhere, 'postgres');
    try {
      plain.write('athanor.config.json', JSON.stringify({ dialect: 'postgres', migrations: 'migrations', models: './models.ts' }));
      plain.write('models.ts', `import { table, t } from 'athanor';\nexport const items = table('items', { id: t.serial().primaryKey() });\n`);
      for (const args of [['check'], ['migrate', '-m', 'x'], ['pull', '-o', 'pulled.ts']]) {
        const result = await plain.cli(args);
        assert.equal(result.code, 2, `${args[0]}: ${result.stdout}`);
        assert.match(result.stderr, /creates unqualified tables in schema "app" \(its search_path\).*search_path=public.*schemas: \['app'\]/, args[0]);
      }
      assert.equal(existsSync(join(plain.dir, 'pulled.ts')), false);
      const current = await plain.cli(['current']);
      assert.equal(current.code, 0, current.stderr);
    } finally {
      plain.remove();
    }
  });

  test("Prisma's ?schema= is read: public is accepted, another schema refused with the way to say it (exit 2)", async () => {
    const pub = await project.cli(['current'], { url: withQuery(db.url, 'schema=public') });
    assert.equal(pub.code, 0, pub.stderr);
    const other = await project.cli(['current'], { url: withQuery(db.url, 'schema=billing') });
    assert.equal(other.code, 2, other.stdout);
    assert.match(other.stderr, /schema=billing is Prisma's setting.*\{ schema: 'billing' \}.*schemas: \['billing'\]/);
  });
});
