// athanor import kysely: migrations written as a Kysely user writes them (schema builder, a row insert with a quote,
// sql`` views, a plain .js file next to the .ts ones; test/fixtures/import/kysely-<dialect>), the first ones applied
// by Kysely's own Migrator over FileMigrationProvider. The import runs each up()/down() through the project's kysely
// with a recording driver and writes the SQL Kysely compiled, parameters written in; the database is stamped at what
// the Migrator applied, `upgrade` runs the rest, and the schema equals the one the Migrator builds from the whole
// folder; the downgrades undo it. Runs where kysely is installed (a devDependency of this repository).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { catalogDifferences, readCatalog } from '../support/catalog.js';
import { queryRows, versionRows } from '../support/db.js';
import { createProject, REPO_ROOT, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';
import { assertRefusedImport, sqlFiles } from '../support/imports.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'import');

/** kysely's package folder, or undefined when it is not installed. */
function kyselyDir(): string | undefined {
  try {
    let dir = dirname(createRequire(join(REPO_ROOT, 'package.json')).resolve('kysely'));
    while (!readdirSync(dir).includes('package.json')) dir = dirname(dir);
    return dir;
  } catch {
    return undefined;
  }
}

const KYSELY = kyselyDir();
const SKIP = KYSELY === undefined ? 'kysely is not installed (npm i -D kysely)' : false;

/** Kysely's Migrator, as a Kysely project runs it: to `target` (a migration name), or to the latest. */
async function kyselyMigrate(url: string, folder: string, target?: string, options: { migrationTableName?: string; camelCase?: boolean } = {}): Promise<void> {
  const { CamelCasePlugin, FileMigrationProvider, Kysely, Migrator, MysqlDialect, PostgresDialect } = await import('kysely');
  const { promises: fs } = await import('node:fs');
  const path = await import('node:path');
  const dialect = url.startsWith('mysql')
    ? new MysqlDialect({ pool: (await import('mysql2')).createPool(url) })
    : new PostgresDialect({ pool: new (await import('pg')).default.Pool({ connectionString: url }) });
  const db = new Kysely<unknown>({ dialect, ...(options.camelCase ? { plugins: [new CamelCasePlugin()] } : {}) });
  try {
    const table = options.migrationTableName ? { migrationTableName: options.migrationTableName } : {};
    const migrator = new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder: folder }), ...table });
    const { error } = target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
    if (error) throw error;
  } finally {
    await db.destroy();
  }
}

/** A Kysely user's project: its migrations under src/migrations, its own kysely in node_modules. */
function kyselyProject(url: string, dialect: 'postgres' | 'mysql'): TestProject {
  const project = createProject(url, dialect);
  project.write('package.json', JSON.stringify({ name: 'app', type: 'module' }));
  cpSync(join(FIXTURES, `kysely-${dialect}`), join(project.dir, 'src', 'migrations'), { recursive: true });
  mkdirSync(join(project.dir, 'node_modules'));
  symlinkSync(KYSELY as string, join(project.dir, 'node_modules', 'kysely'));
  return project;
}

function importedFile(project: TestProject, name: string): string {
  for (const file of sqlFiles(project)) {
    const text = readFileSync(join(project.dir, 'migrations', file), 'utf8');
    if (text.includes(`imported from Kysely: ${name}.`)) return text;
  }
  throw new Error(`no imported file for ${name}`);
}

const revisionOf = (project: TestProject, name: string): string => /^-- revision: (\S+)/m.exec(importedFile(project, name))?.[1] ?? '';

const withoutBookkeeping = (c: Record<string, Record<string, string>>) =>
  Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).filter(([name]) => !/athanor_|kysely_migration/.test(name)))]));

const CASES = {
  postgres: { applied: '20240102090000_create_pet', names: ['20240101090000_create_person', '20240102090000_create_pet', '20240103090000_person_email', '20240104090000_toys'] },
  mysql: { applied: '002_create_book', names: ['001_create_author', '002_create_book', '003_book_year'] },
} as const;

for (const target of selectedTargets(['postgres', 'mysql'])) {
  const dialect = target.dialect as 'postgres' | 'mysql';
  const { applied, names } = CASES[dialect];
  describe(`import kysely on ${target.name}`, { skip: SKIP }, () => {
    let prod: TestDatabase;
    let reference: TestDatabase;
    let project: TestProject;

    before(async () => {
      prod = await target.create('impkysely');
      reference = await target.create('impkyselyref');
      project = kyselyProject(prod.url, dialect);
      await kyselyMigrate(prod.url, join(project.dir, 'src', 'migrations'), applied);
      await kyselyMigrate(reference.url, join(project.dir, 'src', 'migrations'));
    });
    after(async () => {
      project.remove();
      await prod.drop();
      await reference.drop();
    });

    test("import writes Kysely's SQL per file, parameters written in, and stamps at what the Migrator applied", async () => {
      const catalogBefore = await readCatalog(prod.url);
      const r = await project.cli(['import', 'kysely', 'src/migrations']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`kysely_migration: 2 of ${names.length} Kysely migration\\(s\\) applied`));
      assert.equal(sqlFiles(project).length, names.length);
      assert.doesNotMatch(r.stdout, /excludeTables/, 'athanor knows kysely_migration as bookkeeping');
      if (dialect === 'postgres') {
        const pet = importedFile(project, '20240102090000_create_pet');
        assert.match(pet, /^-- message: create pet$/m);
        assert.match(pet, /^-- imported from Kysely: 20240102090000_create_pet\.ts /m);
        assert.match(pet, /references "person" \("id"\) on delete cascade/);
        assert.match(pet, /insert into "person" \("first_name", "last_name"\) values \('Jennifer', 'O''Hara'\);/);
        assert.match(pet, /-- \+downgrade\ndelete from "person" where "last_name" = 'O''Hara';/);
        // a `?` inside a value is a value, not a parameter marker
        assert.match(importedFile(project, '20240104090000_toys'), /values \('ball', 2\.5\), \('rope\? knot', 4\);/);
      } else {
        const book = importedFile(project, '002_create_book');
        assert.match(book, /insert into `author` \(`name`, `bio`\) values \('Flann O''Brien', 'a \\\\ backslash\? and a question'\);/);
      }
      assert.deepEqual(await versionRows(prod.url), [revisionOf(project, applied)]);
      assert.deepEqual(catalogDifferences(catalogBefore, await readCatalog(prod.url)), [], 'the import ran nothing on the database');
    });

    test('upgrade runs only what the Migrator had not, reaching the schema it builds from the whole folder; lint and verify pass', async () => {
      const r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const ran = await queryRows<{ revision: string }>(prod.url, `SELECT revision FROM athanor_history WHERE direction = 'up' ORDER BY id`);
      assert.deepEqual(ran.map((row) => row.revision), names.slice(2).map((n) => revisionOf(project, n)));
      assert.deepEqual(catalogDifferences(withoutBookkeeping(await readCatalog(reference.url)), withoutBookkeeping(await readCatalog(prod.url))), []);
      const rows = dialect === 'postgres' ? await queryRows(prod.url, 'SELECT label FROM toy ORDER BY id') : await queryRows(prod.url, 'SELECT name FROM author');
      assert.deepEqual(rows, dialect === 'postgres' ? [{ label: 'ball' }, { label: 'rope? knot' }] : [{ name: "Flann O'Brien" }]);
      const lint = await project.cli(['lint']);
      assert.equal(lint.code, 0, lint.stdout + lint.stderr);
      const verify = await project.cli(['verify']);
      assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    });

    test("Kysely's tables are bookkeeping: pull leaves them out; downgrade base undoes every imported migration", async () => {
      const pulled = await project.cli(['pull', '--format', 'sql', '-o', 'pulled.sql']);
      assert.equal(pulled.code, 0, pulled.stdout + pulled.stderr);
      assert.doesNotMatch(readFileSync(join(project.dir, 'pulled.sql'), 'utf8'), /kysely_migration/);
      const down = await project.cli(['downgrade', 'base']);
      assert.equal(down.code, 0, down.stdout + down.stderr);
      const left = await queryRows<{ name: string }>(
        prod.url,
        dialect === 'postgres'
          ? `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`
          : 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1',
      );
      assert.deepEqual(left.map((row) => row.name), ['athanor_history', 'athanor_version', 'kysely_migration', 'kysely_migration_lock']);
    });
  });
}

for (const target of selectedTargets(['postgres'])) {
  describe(`import kysely refusals on ${target.name}`, { skip: SKIP }, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('impkyselyref');
      project = kyselyProject(db.url, 'postgres');
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    const refused = (args: string[], message: RegExp) => assertRefusedImport(project, db.url, args, message);

    test('a migration that reads while it runs (introspection, a select) is refused by name: its SQL depends on the data', async () => {
      project.write('reads/001_init.ts', `import { Kysely } from 'kysely';\nexport async function up(db: Kysely<unknown>) {\n  await db.schema.createTable('t').addColumn('id', 'integer').execute();\n}\n`);
      project.write(
        'reads/002_maybe.ts',
        `import { Kysely } from 'kysely';\nexport async function up(db: Kysely<unknown>) {\n  const tables = await db.introspection.getTables();\n  if (!tables.some((t) => t.name === 'u')) await db.schema.createTable('u').addColumn('id', 'integer').execute();\n}\n`,
      );
      await refused(['import', 'kysely', 'reads'], /^athanor: error: 002_maybe\.ts: up\(\) reads the database while it runs \(select .*\), so its SQL depends on the data: .*rewrite it without the read, or apply it with Kysely before importing$/m);
      writeFileSync(
        join(project.dir, 'reads', '002_maybe.ts'),
        `import { Kysely, sql } from 'kysely';\nexport async function up(db: Kysely<unknown>) {\n  const { rows } = await sql<{ n: number }>\`SELECT count(*) AS n FROM t\`.execute(db);\n  if (rows.length === 0) await sql\`DROP TABLE t\`.execute(db);\n}\n`,
      );
      await refused(['import', 'kysely', 'reads'], /002_maybe\.ts: up\(\) reads the database while it runs \(SELECT count\(\*\) AS n FROM t\)/);
    });

    test("the order is Kysely's, by name without the extension: 001.ts before 001-b.ts", async () => {
      const order = kyselyProject(db.url, 'postgres');
      try {
        order.write('ordered/001-b.ts', `export async function up(db: { schema: { createIndex(n: string): { on(t: string): { column(c: string): { execute(): Promise<void> } } } } }) {\n  await db.schema.createIndex('t_id').on('t').column('id').execute();\n}\n`);
        order.write('ordered/001.ts', `import { Kysely } from 'kysely';\nexport async function up(db: Kysely<unknown>) {\n  await db.schema.createTable('t').addColumn('id', 'integer').execute();\n}\n`);
        const r = await order.cli(['import', 'kysely', 'ordered'], { url: 'pglite:memory' });
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /<- 001\n.*<- 001-b\n/);
        const files = readdirSync(join(order.dir, 'migrations')).sort();
        const second = readFileSync(join(order.dir, 'migrations', files.find((f) => readFileSync(join(order.dir, 'migrations', f), 'utf8').includes('001-b.ts')) ?? ''), 'utf8');
        assert.doesNotMatch(second, /^-- down-revision: null$/m);
      } finally {
        order.remove();
      }
    });

    test('applied rows with no file, and a file applied after one that is not, are refused; --table names a renamed table', async () => {
      const folder = join(project.dir, 'src', 'migrations');
      await kyselyMigrate(db.url, folder, '20240101090000_create_person', { migrationTableName: 'app_migrations' });
      await refused(['import', 'kysely', 'src/migrations'], /the database has tables but no kysely_migration: if Kysely keeps its table under another name pass --table NAME/);
      await queryRows(db.url, `INSERT INTO app_migrations (name, timestamp) VALUES ('20231231_gone', '2024-01-01T00:00:00.000Z')`);
      await refused(['import', 'kysely', 'src/migrations', '--table', 'app_migrations'], /app_migrations lists applied migration\(s\) with no file here: 20231231_gone — import the folder/);
      await queryRows(db.url, `UPDATE app_migrations SET name = '20240103090000_person_email' WHERE name = '20231231_gone'`);
      await refused(['import', 'kysely', 'src/migrations', '--table', 'app_migrations'], /Kysely applied 20240103090000_person_email but not 20240102090000_create_pet before it/);
      await queryRows(db.url, `DELETE FROM app_migrations WHERE name = '20240103090000_person_email'`);
      // a Migrator under way holds Kysely's advisory lock: the applied list is about to change
      const { default: pg } = await import('pg');
      const holder = new pg.Client({ connectionString: db.url });
      await holder.connect();
      try {
        await holder.query('SELECT pg_advisory_lock(3853314791062309107)');
        await refused(['import', 'kysely', 'src/migrations', '--table', 'app_migrations'], /Kysely's migration lock is held: a Kysely Migrator is running on this database/);
      } finally {
        await holder.end();
      }
      const r = await project.cli(['import', 'kysely', 'src/migrations', '--table', 'app_migrations']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /app_migrations: 1 of 4 Kysely migration\(s\) applied/);
      assert.deepEqual(await versionRows(db.url), [revisionOf(project, '20240101090000_create_person')]);
    });

    test("a Migrator whose Kysely has CamelCasePlugin: refused until --camel-case, which writes the names as the plugin does", async () => {
      const camel = await target.create('impkyselycc');
      const cc = kyselyProject(camel.url, 'postgres');
      try {
        const body = "await db.schema.createTable('petOwner').addColumn('ownerId', 'serial', (c) => c.primaryKey()).addColumn('firstName', 'text').execute();";
        cc.write('cc/001_pet_owner.ts', `import { Kysely } from 'kysely';\nexport async function up(db: Kysely<any>) {\n  ${body}\n}\nexport async function down(db: Kysely<any>) {\n  await db.schema.dropTable('petOwner').execute();\n}\n`);
        cc.write('cc/002_seed.ts', `import { Kysely } from 'kysely';\nexport async function up(db: Kysely<any>) {\n  await db.insertInto('petOwner').values({ firstName: 'Ann' }).execute();\n}\n`);
        await kyselyMigrate(camel.url, join(cc.dir, 'cc'), '001_pet_owner', { camelCase: true });
        const plain = await cc.cli(['import', 'kysely', 'cc']);
        assert.equal(plain.code, 2, plain.stdout + plain.stderr);
        assert.match(plain.stderr, /001_pet_owner creates the table petOwner, but the database has pet_owner: the Migrator's Kysely has CamelCasePlugin — import again with --camel-case/);
        assert.deepEqual(sqlFiles(cc), []);
        const r = await cc.cli(['import', 'kysely', 'cc', '--camel-case']);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        const seed = readFileSync(join(cc.dir, 'migrations', sqlFiles(cc)[1] ?? ''), 'utf8');
        assert.match(seed, /insert into "pet_owner" \("first_name"\) values \('Ann'\);/);
        const up = await cc.cli(['upgrade']);
        assert.equal(up.code, 0, up.stdout + up.stderr);
        assert.deepEqual(await queryRows(camel.url, 'SELECT first_name FROM pet_owner'), [{ first_name: 'Ann' }]);
      } finally {
        cc.remove();
        await camel.drop();
      }
    });
  });
}
