// Adopting a PostgreSQL database whose tables need an extension (an index with pg_trgm's operator class, a
// citext column) or a collation (CREATE COLLATION): the baseline and a pulled schema.sql create them before the
// tables, so a fresh database (verify's scratch, CI) builds; a .sql models file checked against devUrl leaves
// devUrl empty, so the next check can use it again; PGlite in memory, which has no such extension, says to use
// devUrl.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openConnection } from '../../src/drivers/open.js';
import { createProject, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const SCHEMA = `
  CREATE EXTENSION pg_trgm;
  CREATE EXTENSION citext;
  CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
  CREATE DOMAIN email AS citext CHECK (VALUE LIKE '%@%');
  CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, login email NOT NULL, nick citext, label text COLLATE ci);
  CREATE INDEX customers_name_trgm ON customers USING gin (name gin_trgm_ops);
  INSERT INTO customers (name, login) VALUES ('Ann', 'ann@example.com');`;

async function exec(url: string, sql: string): Promise<void> {
  const conn = await openConnection(url);
  try {
    await conn.exec(sql);
  } finally {
    await conn.close();
  }
}

for (const target of selectedTargets(['postgres'])) {
  describe(`baseline of a database using extensions and collations on ${target.name}`, () => {
    let prod: TestDatabase;
    let dev: TestDatabase;
    let project: TestProject;

    before(async () => {
      prod = await target.create('extprod');
      dev = await target.create('extdev');
      await exec(prod.url, SCHEMA);
      project = createProject(prod.url, 'postgres');
      project.write('athanor.config.json', JSON.stringify({ dialect: 'postgres', migrations: 'migrations', models: './models.ts' }));
    });
    after(async () => {
      project.remove();
      await prod.drop();
      await dev.drop();
    });

    test('the baseline creates the extensions and collations first; verify passes on it', async () => {
      const r = await project.cli(['baseline', '-m', 'as deployed']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /^created first, as the database has them \(not managed by athanor\): extension pg_trgm, extension citext, collation ci, domain email$/m);
      const file = readdirSync(join(project.dir, 'migrations')).find((f) => f.endsWith('.ts')) ?? '';
      const text = readFileSync(join(project.dir, 'migrations', file), 'utf8');
      assert.match(text, /await op\.execute\('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public'\);/);
      assert.match(text, /await op\.execute\('DROP EXTENSION IF EXISTS citext'\);/);
      assert.match(text, /await op\.execute\('CREATE COLLATION ci \(provider = icu, locale = \\'und-u-ks-level2\\', deterministic = false\)'\);/);
      assert.ok(text.indexOf('CREATE EXTENSION IF NOT EXISTS citext') < text.indexOf('CREATE DOMAIN email'), 'the domain over citext after citext');
      const verify = await project.cli(['verify']);
      assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    });

    test('a pulled schema.sql creates them too: checked against devUrl, twice, devUrl left empty', async () => {
      const pulled = await project.cli(['pull', '--format', 'sql']);
      assert.equal(pulled.code, 0, pulled.stdout + pulled.stderr);
      assert.match(readFileSync(join(project.dir, 'schema.sql'), 'utf8'), /^CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;$/m);
      project.write('athanor.config.json', JSON.stringify({ dialect: 'postgres', migrations: 'migrations', models: './schema.sql', devUrl: dev.url }));
      for (const run of ['first', 'second']) {
        const check = await project.cli(['check']);
        assert.equal(check.code, 0, `${run} check: ${check.stdout}${check.stderr}`);
        assert.match(check.stdout, /in sync/);
        // qa-session9: these said "create it in a migration (op.execute)", though the baseline creates them first
        const out = check.stdout + check.stderr;
        for (const name of ['extension citext', 'collation ci', 'domain email']) {
          assert.match(out, new RegExp(`${name} in schema\\.sql is not managed by athanor: a baseline creates it first, as the database has it, and \`migrate\` neither creates nor changes it`), out);
        }
        assert.doesNotMatch(out, /create it in a migration/);
      }
      const conn = await openConnection(dev.url);
      try {
        const left = await conn.query<{ n: string }>("SELECT count(*)::text AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'");
        assert.equal(left.rows[0]?.n, '0', 'nothing left in devUrl');
      } finally {
        await conn.close();
      }
    });

    test('without devUrl, the scratch PGlite in memory loads pg_trgm and citext (the file creates them): in sync', async () => {
      project.write('athanor.config.json', JSON.stringify({ dialect: 'postgres', migrations: 'migrations', models: './schema.sql' }));
      const check = await project.cli(['check']);
      assert.equal(check.code, 0, check.stdout + check.stderr);
      assert.match(check.stdout, /in sync/);
    });

    test('without devUrl, an extension PGlite does not ship: the refusal says so and to set devUrl', async () => {
      project.write('gis.sql', 'CREATE EXTENSION IF NOT EXISTS postgis;\n');
      project.write('athanor.config.json', JSON.stringify({ dialect: 'postgres', migrations: 'migrations', models: ['./gis.sql', './schema.sql'] }));
      const check = await project.cli(['check']);
      assert.equal(check.code, 2, check.stdout + check.stderr);
      assert.match(check.stderr, /gis\.sql:1: the database refused this statement: extension "postgis" is not available: embedded PGlite does not ship the extension "postgis": .* \(.*set `devUrl`/);
    });
  });
}
