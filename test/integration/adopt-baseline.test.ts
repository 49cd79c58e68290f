// Adopting a database that already exists (issue 13, baseline): a populated database → `athanor baseline` →
// its data and schema untouched, `current` at the baseline, `check` in sync with models written for it; a fresh
// database upgraded from base gets the same schema (compared as the database prints it). Through the CLI.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DialectName } from '../../src/drivers/connection.js';
import { catalogCounts, catalogDifferences, readCatalog, type Catalog } from '../support/catalog.js';
import { queryRows } from '../support/db.js';
import { loadNatively } from '../support/native.js';
import { createProject, REPO_ROOT, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'adopt');

interface Case {
  /** extra config (PostgreSQL: the second schema) */
  config: Record<string, unknown>;
  /** one query per table: its rows in a fixed order */
  data: string[];
  /** what the baseline cannot create, named on the "not managed" line and in the file's NOTE (SQLite: nothing) */
  unmanaged?: string;
  /** what the baseline creates first as the database has it, unmanaged (PostgreSQL: a domain), and how */
  created?: { name: string; sql: RegExp };
}

const CASES: Record<DialectName, Case> = {
  postgres: {
    config: { schemas: ['public', 'app'] },
    data: [
      'SELECT * FROM customers ORDER BY id',
      'SELECT * FROM departments ORDER BY id',
      'SELECT * FROM employees ORDER BY id',
      'SELECT * FROM orders ORDER BY id',
      'SELECT * FROM order_items ORDER BY order_id, line',
      'SELECT * FROM app.audit_log ORDER BY id',
    ],
    created: { name: 'domain positive_int', sql: /await op\.execute\('CREATE DOMAIN positive_int AS integer CONSTRAINT positive_int_check CHECK \(\(VALUE > 0\)\)'\);/ },
  },
  mysql: {
    config: {},
    data: [
      'SELECT * FROM customers ORDER BY id',
      'SELECT * FROM departments ORDER BY id',
      'SELECT * FROM employees ORDER BY id',
      'SELECT * FROM orders ORDER BY id',
      'SELECT * FROM order_items ORDER BY order_id, line',
    ],
    unmanaged: 'event nightly',
  },
  sqlite: {
    config: {},
    data: [
      'SELECT * FROM customers ORDER BY id',
      'SELECT * FROM departments ORDER BY id',
      'SELECT * FROM employees ORDER BY id',
      'SELECT * FROM orders ORDER BY id',
      'SELECT * FROM order_items ORDER BY order_id, line',
    ],
  },
};

async function snapshotData(url: string, queries: string[]): Promise<string> {
  const rows: unknown[] = [];
  for (const sql of queries) rows.push(await queryRows(url, sql));
  return JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

/**
 * The catalog as two databases compare: without the database's own name (MySQL prints a view's tables as
 * `db`.`table`); on SQLite an INTEGER PRIMARY KEY is the rowid, never NULL whether declared NOT NULL or not.
 */
async function catalogOf(url: string): Promise<Catalog> {
  const catalog = await readCatalog(url);
  if (url.startsWith('sqlite:')) {
    const columns = Object.entries(catalog['columns'] ?? {}).map(([k, v]) => [k, v.replace(/^INTEGER NOT NULL PK 1$/, 'INTEGER PK 1')]);
    return { ...catalog, columns: Object.fromEntries(columns) };
  }
  if (!/^(mysql|mariadb):/.test(url)) return catalog;
  const qualifier = `\`${new URL(url).pathname.slice(1)}\`.`;
  return Object.fromEntries(
    Object.entries(catalog).map(([section, defs]) => [section, Object.fromEntries(Object.entries(defs).map(([k, v]) => [k, v.split(qualifier).join('')]))]),
  );
}

function migrationFiles(project: TestProject): string[] {
  return readdirSync(join(project.dir, 'migrations')).filter((f) => f.endsWith('.ts'));
}

for (const target of selectedTargets()) {
  const c = CASES[target.dialect];
  describe(`baseline of an existing database on ${target.name}`, () => {
    let prod: TestDatabase;
    let fresh: TestDatabase;
    let project: TestProject;
    let loaded: Catalog;
    let data: string;

    before(async () => {
      prod = await target.create('baseline');
      fresh = await target.create('baselinefresh');
      await loadNatively(prod.url, readFileSync(join(FIXTURES, `${target.dialect}.sql`), 'utf8'));
      project = createProject(prod.url, target.dialect);
      project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: './models.ts', ...c.config }));
      project.write('models.ts', readFileSync(join(FIXTURES, `${target.dialect}.models.ts`), 'utf8'));
      loaded = await catalogOf(prod.url);
      assert.ok((catalogCounts(loaded)['columns'] ?? 0) > 10, 'the fixture created its tables');
      data = await snapshotData(prod.url, c.data);
    });
    after(async () => {
      project.remove();
      await prod.drop();
      await fresh.drop();
    });

    test('an empty database is refused: nothing to baseline, no file written', async () => {
      const r = await project.cli(['baseline', '-m', 'nothing'], { url: fresh.url });
      assert.equal(r.code, 2, r.stdout + r.stderr);
      // (an SQLite file that does not exist is refused before that, as every read command refuses it)
      assert.match(r.stderr, /no tables: there is nothing to baseline|SQLite database .* does not exist/);
      assert.deepEqual(migrationFiles(project), []);
    });

    test('baseline writes the first migration and stamps the database; data and schema untouched', async () => {
      const r = await project.cli(['baseline', '-m', 'schema as in production']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      if (c.unmanaged) assert.match(r.stdout, new RegExp(`^not managed by athanor: .*${c.unmanaged}`, 'm'));
      else assert.doesNotMatch(r.stdout, /^not managed by athanor/m);
      if (c.created) assert.match(r.stdout, new RegExp(`^created first, as the database has them \\(not managed by athanor\\): ${c.created.name}$`, 'm'));
      const files = migrationFiles(project);
      assert.equal(files.length, 1, files.join(', '));
      const text = readFileSync(join(project.dir, 'migrations', files[0] ?? ''), 'utf8');
      assert.match(text, /export const downRevision: string \| null = null;/);
      if (c.unmanaged) assert.match(text, new RegExp(`// NOTE: the database also has objects athanor does not manage[\\s\\S]*//   ${c.unmanaged}`));
      if (c.created) {
        assert.match(text, new RegExp(`// NOTE: created first as the database has them[\\s\\S]*//   ${c.created.name}`));
        assert.match(text, c.created.sql);
        assert.ok(text.indexOf('CREATE DOMAIN') < text.indexOf('op.createTable('), 'before the tables');
      }
      assert.match(text, /await op\.createView\('big_orders'/, 'the view athanor manages is in the baseline');
      assert.match(text, /await op\.createTable\('orders'/);
      assert.match(text, /await op\.dropTable\('orders'\)/);
      const revision = /export const revision = '([0-9a-f]+)'/.exec(text)?.[1] ?? '';
      assert.match(r.stdout, new RegExp(`stamped: base -> ${revision} \\(only the version table was written\\)`));

      assert.equal(await snapshotData(prod.url, c.data), data, 'every row is as it was');
      assert.deepEqual(catalogDifferences(loaded, await catalogOf(prod.url)), [], 'the schema is as it was');

      const current = await project.cli(['current']);
      assert.equal(current.code, 0, current.stderr);
      assert.match(current.stdout, new RegExp(`-> ${revision} \\(head, current\\), schema as in production`));
      const check = await project.cli(['check']);
      assert.equal(check.code, 0, check.stdout + check.stderr);
      assert.match(check.stdout, /in sync: the database matches the models/);
    });

    test('a second baseline is refused (exit 2) while migrations exist; nothing written', async () => {
      const r = await project.cli(['baseline', '-m', 'again']);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /already holds 1 revision\(s\).*pass --head base/);
      assert.equal(migrationFiles(project).length, 1);
      const attach = await project.cli(['baseline', '-m', 'again', '--head', 'head']);
      assert.equal(attach.code, 2, attach.stdout + attach.stderr);
      assert.match(attach.stderr, /can only start a new root/);
    });

    test('a fresh database upgraded from base has the same schema', async () => {
      const r = await project.cli(['upgrade'], { url: fresh.url });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.deepEqual(catalogDifferences(loaded, await catalogOf(fresh.url)), []);
      const check = await project.cli(['check'], { url: fresh.url });
      assert.equal(check.code, 0, check.stdout + check.stderr);
      const down = await project.cli(['downgrade', 'base'], { url: fresh.url });
      assert.equal(down.code, 0, down.stdout + down.stderr);
      assert.equal(catalogCounts(await readCatalog(fresh.url))['columns'], 0, 'the downgrade dropped every table');
    });
  });
}
