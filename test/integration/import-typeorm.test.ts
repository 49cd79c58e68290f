// athanor import typeorm: migration classes as TypeORM writes them (test/fixtures/import/typeorm-<dialect>: two from
// `typeorm migration:generate`, TypeScript on PostgreSQL and `-o` JavaScript on MariaDB, plus hand-written ones with
// parameters and `transaction = false`), the first two applied by TypeORM's `migration:run` (what it sent is in
// typeorm-<dialect>.deployed.sql, captured from the real run). The import runs each up()/down() with a recording
// queryRunner (typeorm is not installed in the project: the files import it for types only), stamps the database at
// what TypeORM applied, `upgrade` runs the rest, the history builds the same schema on a new database, and the
// downgrades undo it.
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { catalogDifferences, readCatalog } from '../support/catalog.js';
import { queryRows, versionRows } from '../support/db.js';
import { createProject, REPO_ROOT, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';
import { assertRefusedImport, sqlFiles } from '../support/imports.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'import');

/** Replays what TypeORM's migration:run sent (one statement a line). */
async function typeormDeployed(url: string, dialect: string): Promise<void> {
  const script = readFileSync(join(FIXTURES, `typeorm-${dialect}.deployed.sql`), 'utf8');
  for (const line of script.split('\n')) if (line.trim() !== '' && !line.startsWith('--')) await queryRows(url, line.replace(/;\s*$/, ''));
}

function typeormProject(url: string, dialect: 'postgres' | 'mysql'): TestProject {
  const project = createProject(url, dialect);
  cpSync(join(FIXTURES, `typeorm-${dialect}`), join(project.dir, 'src', 'migrations'), { recursive: true });
  return project;
}

function importedFile(project: TestProject, name: string): string {
  for (const file of sqlFiles(project)) {
    const text = readFileSync(join(project.dir, 'migrations', file), 'utf8');
    if (text.includes(`imported from TypeORM: ${name} `)) return text;
  }
  throw new Error(`no imported file for ${name}`);
}

const revisionOf = (project: TestProject, name: string): string => /^-- revision: (\S+)/m.exec(importedFile(project, name))?.[1] ?? '';

// TypeORM's `migrations` table (and its PK_… index) is on the database TypeORM migrated, not on the new one
const withoutBookkeeping = (c: Record<string, Record<string, string>>) =>
  Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).filter(([name, text]) => !/athanor_|migrations/.test(`${name} ${text}`)))]));

const CASES = {
  postgres: { names: ['CreateUser1796123065355', 'AddPosts1796123092060', 'SeedAdmin1796123100000', 'PostPublishedIndex1796123200000'] },
  mysql: { names: ['CreateUser1796123247415', 'AddPosts1796123266419', 'SeedAdmin1796123300000'] },
} as const;

for (const target of selectedTargets(['postgres', 'mysql'])) {
  const dialect = target.dialect as 'postgres' | 'mysql';
  const { names } = CASES[dialect];
  describe(`import typeorm on ${target.name}`, () => {
    let prod: TestDatabase;
    let fresh: TestDatabase;
    let project: TestProject;

    before(async () => {
      prod = await target.create('imptypeorm');
      fresh = await target.create('imptypeormfresh');
      await typeormDeployed(prod.url, dialect);
      await queryRows(prod.url, dialect === 'postgres' ? `INSERT INTO "user" (email) VALUES ('a@example.com')` : "INSERT INTO `user` (email) VALUES ('a@example.com')");
      project = typeormProject(prod.url, dialect);
    });
    after(async () => {
      project.remove();
      await prod.drop();
      await fresh.drop();
    });

    test("import writes each class's queryRunner.query SQL, parameters written in, and stamps at what TypeORM applied", async () => {
      assert.equal(existsSync(join(project.dir, 'node_modules', 'typeorm')), false);
      const catalogBefore = await readCatalog(prod.url);
      const r = await project.cli(['import', 'typeorm', 'src/migrations']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`migrations: 2 of ${names.length} TypeORM migration\\(s\\) applied`));
      assert.equal(sqlFiles(project).length, names.length);
      // TypeORM's `migrations` is known by its name and its columns (an app's own `migrations` table stays the app's)
      assert.doesNotMatch(r.stdout, /excludeTables/);
      const seed = importedFile(project, names[2]);
      assert.match(seed, /^-- message: seed admin$/m);
      if (dialect === 'postgres') {
        // a `$1` or `?` inside a value is a value, not a parameter marker
        assert.match(seed, /VALUES \('admin@example\.com', 'O''Brien \$1 \?', 'admin'\);/);
        assert.match(importedFile(project, 'PostPublishedIndex1796123200000'), /^-- transactional: false$/m);
        // TypeORM made uuid-ossp when it connected; the migration using uuid_generate_v4() makes it now
        assert.match(importedFile(project, names[1]), /-- \+upgrade\nCREATE EXTENSION IF NOT EXISTS "uuid-ossp";\n/);
      } else {
        assert.match(seed, /VALUES \('admin@example\.com', 'O''Brien \\\\ \?', 'admin'\);/);
      }
      assert.deepEqual(await versionRows(prod.url), [revisionOf(project, names[1])]);
      assert.deepEqual(catalogDifferences(catalogBefore, await readCatalog(prod.url)), [], 'the import ran nothing on the database');
    });

    test('upgrade runs only the rest; the imported history builds the same schema on a new database; lint and verify pass', async () => {
      const r = await project.cli(['upgrade']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const ran = await queryRows<{ revision: string }>(prod.url, `SELECT revision FROM athanor_history WHERE direction = 'up' ORDER BY id`);
      assert.deepEqual(ran.map((row) => row.revision), names.slice(2).map((n) => revisionOf(project, n)));
      const built = await project.cli(['upgrade'], { url: fresh.url });
      assert.equal(built.code, 0, built.stdout + built.stderr);
      assert.deepEqual(catalogDifferences(withoutBookkeeping(await readCatalog(prod.url)), withoutBookkeeping(await readCatalog(fresh.url))), []);
      const lint = await project.cli(['lint']);
      assert.equal(lint.code, 0, lint.stdout + lint.stderr);
      const verify = await project.cli(['verify']);
      assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    });

    test("pull leaves TypeORM's table out with no setting; downgrade base undoes every imported migration", async () => {
      const pulled = await project.cli(['pull', '--format', 'sql', '-o', 'pulled.sql']);
      assert.equal(pulled.code, 0, pulled.stdout + pulled.stderr);
      const schema = readFileSync(join(project.dir, 'pulled.sql'), 'utf8');
      assert.match(schema, /CREATE TABLE [`"]post[`"]/);
      assert.doesNotMatch(schema, /CREATE TABLE [`"]migrations/);
      const down = await project.cli(['downgrade', 'base']);
      assert.equal(down.code, 0, down.stdout + down.stderr);
      const left = await queryRows<{ name: string }>(
        prod.url,
        dialect === 'postgres'
          ? `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`
          : 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1',
      );
      assert.deepEqual(left.map((row) => row.name), ['athanor_history', 'athanor_version', 'migrations']);
    });
  });
}

const CREATE_TABLE = `import { MigrationInterface, QueryRunner } from 'typeorm';
export class Things1700000000001 implements MigrationInterface {
  async up(queryRunner: QueryRunner) {
    await (queryRunner as unknown as { createTable(table: object): Promise<void> }).createTable({ name: 'things', columns: [{ name: 'id', type: 'int', isPrimary: true }] });
  }
  async down(queryRunner: QueryRunner) {
    await queryRunner.query('DROP TABLE things');
  }
}
`;

const USES_RESULT = `import { MigrationInterface, QueryRunner } from 'typeorm';
export class Backfill1700000000002 implements MigrationInterface {
  async up(queryRunner: QueryRunner) {
    const [row] = (await queryRunner.query('SELECT count(*) AS n FROM "user"')) as Array<{ n: string }>;
    if (row && Number(row.n) > 0) await queryRunner.query('UPDATE "user" SET "displayName" = email');
  }
  async down() {}
}
`;

for (const target of selectedTargets(['postgres'])) {
  describe(`import typeorm refusals on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('imptypeormref');
      project = typeormProject(db.url, 'postgres');
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    const refused = (args: string[], message: RegExp) => assertRefusedImport(project, db.url, args, message);

    test('queryRunner methods other than query(), a query whose result is used, a name with no timestamp: refused by name with the fix', async () => {
      project.write('builder/1700000000001-Things.ts', CREATE_TABLE);
      await refused(
        ['import', 'typeorm', 'builder'],
        /^athanor: error: 1700000000001-Things\.ts: Things1700000000001\.up\(\) uses queryRunner\.createTable: only queryRunner\.query\(sql, parameters\) has SQL athanor can write down \(TypeORM builds the SQL of createTable, addColumn, … by reading the database while it runs\) — rewrite it as queryRunner\.query\(`…`\) calls \(what `typeorm migration:generate` writes\), or apply it with TypeORM before importing$/m,
      );
      project.write('values/1700000000003-Things.ts', CREATE_TABLE.replace("import { MigrationInterface, QueryRunner } from 'typeorm';", "import { MigrationInterface, QueryRunner, Table } from 'typeorm';\nvoid Table;"));
      await refused(['import', 'typeorm', 'values'], /^athanor: error: 1700000000003-Things\.ts imports typeorm at run time \(a value such as Table or TableColumn, not only types\), and typeorm is not installed here: install it \(npm install typeorm\)/m);
      project.write('reads/1700000000002-Backfill.ts', USES_RESULT);
      await refused(['import', 'typeorm', 'reads'], /Backfill1700000000002\.up\(\) uses the result of queryRunner\.query\(SELECT count\(\*\) AS n FROM "user"\), so its SQL depends on the data/);
      project.write('unnamed/AddThings.ts', `export class AddThings {\n  async up(queryRunner: { query(sql: string): Promise<unknown> }) {\n    await queryRunner.query('CREATE TABLE things (id int)');\n  }\n}\n`);
      await refused(['import', 'typeorm', 'unnamed'], /AddThings\.ts: the TypeORM migration AddThings has no JavaScript timestamp at the end of its name/);
    });

    test('applied rows with no class, and a class applied after one that is not, are refused; --table names a renamed table', async () => {
      await typeormDeployed(db.url, 'postgres');
      await queryRows(db.url, 'ALTER TABLE migrations RENAME TO typeorm_migrations');
      await refused(['import', 'typeorm', 'src/migrations'], /the database has tables but no migrations: if TypeORM keeps its table under another name pass --table NAME/);
      await queryRows(db.url, `INSERT INTO typeorm_migrations ("timestamp", name) VALUES (1600000000000, 'Gone1600000000000')`);
      await refused(['import', 'typeorm', 'src/migrations', '--table', 'typeorm_migrations'], /typeorm_migrations lists applied migration\(s\) with no class here: Gone1600000000000/);
      await queryRows(db.url, `UPDATE typeorm_migrations SET name = 'SeedAdmin1796123100000' WHERE name = 'Gone1600000000000'`);
      await queryRows(db.url, `DELETE FROM typeorm_migrations WHERE name = 'AddPosts1796123092060'`);
      await refused(['import', 'typeorm', 'src/migrations', '--table', 'typeorm_migrations'], /TypeORM applied SeedAdmin1796123100000 but not AddPosts1796123092060 before it/);
    });
  });
}
