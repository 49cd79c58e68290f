// athanor import alembic (issue 13 item 4), PostgreSQL and SQLite: an Alembic folder with a branch (labelled `audit`) and a merge,
// applied by Alembic itself to two heads. The import keeps Alembic's revision ids, parents and labels (the same
// graph), renders each revision's SQL with Alembic's offline mode, and stamps the same two heads; `upgrade` runs
// the merge and the revision after it, and reaches the schema Alembic builds. Runs where python3 has Alembic and
// psycopg2 (Debian: apt-get install python3-alembic python3-psycopg2).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { catalogDifferences, readCatalog } from '../support/catalog.js';
import { queryRows, tableNames, versionRows } from '../support/db.js';
import { createProject, REPO_ROOT, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';
import { sqlFiles } from '../support/imports.js';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'import', 'alembic');
const [CREATE, EMAIL, AUDIT, MERGE, ACTIVE] = ['1975ea83b712', '27c6a30d7c24', '3cbbd5a9c6e1', '4a8f2e6d1b90', '5d7c9a1e3f42'];

const PYTHON = ['python3', '/usr/bin/python3'].find((bin) => spawnSync(bin, ['-c', 'import alembic, psycopg2'], { stdio: 'ignore' }).status === 0);
const SKIP = PYTHON === undefined ? 'python3 with alembic and psycopg2 is not installed (apt-get install python3-alembic python3-psycopg2)' : false;

function sqlalchemyUrl(url: string): string {
  return url.startsWith('sqlite:') ? `sqlite:///${url.slice('sqlite:'.length)}` : url.replace(/^postgres:/, 'postgresql:');
}

/** `alembic upgrade TARGET` in the project's copy of the folder. */
function alembicUpgrade(dir: string, url: string, target: string): void {
  const run = spawnSync(PYTHON as string, ['-m', 'alembic', 'upgrade', target], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, DB_URL: sqlalchemyUrl(url), PYTHONDONTWRITEBYTECODE: '1' },
  });
  assert.equal(run.status, 0, `alembic upgrade ${target}: ${run.stderr}`);
}

function fileOf(project: TestProject, revision: string): string {
  const name = sqlFiles(project).find((f) => f.includes(`_${revision}_`));
  assert.ok(name, `a file for ${revision}`);
  return readFileSync(join(project.dir, 'migrations', name), 'utf8');
}

const withoutBookkeeping = (c: Record<string, Record<string, string>>) =>
  Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).filter(([name]) => !/athanor_|alembic_version/.test(name)))]));

for (const target of selectedTargets(['postgres', 'sqlite'])) {
  describe(`import alembic on ${target.name}`, { skip: SKIP }, () => {
    let prod: TestDatabase;
    let reference: TestDatabase;
    let project: TestProject;
    let alembicDir: string;

    before(async () => {
      prod = await target.create('impalembic');
      reference = await target.create('impalembicref');
      project = createProject(prod.url, target.dialect);
      alembicDir = join(project.dir, 'alembic');
      cpSync(FIXTURE, alembicDir, { recursive: true });
      alembicUpgrade(alembicDir, prod.url, EMAIL);
      alembicUpgrade(alembicDir, prod.url, AUDIT);
      alembicUpgrade(alembicDir, reference.url, 'heads');
    });
    after(async () => {
      project.remove();
      await prod.drop();
      await reference.drop();
    });

    test('import keeps the graph (ids, merge, branch label) and stamps the two heads Alembic applied', async () => {
      assert.deepEqual((await queryRows<{ version_num: string }>(prod.url, 'SELECT version_num FROM alembic_version ORDER BY 1')).map((r) => r.version_num), [EMAIL, AUDIT]);
      const r = await project.cli(['import', 'alembic', 'alembic']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /alembic_version: 3 of 5 Alembic migration\(s\) applied/);
      assert.equal(sqlFiles(project).length, 5);
      assert.match(fileOf(project, MERGE), new RegExp(`^-- down-revision: ${EMAIL}, ${AUDIT}$`, 'm'));
      assert.match(fileOf(project, AUDIT), /^-- branch-labels: audit$/m);
      assert.doesNotMatch(fileOf(project, MERGE), /branch-labels/);
      assert.match(fileOf(project, CREATE as string), /-- \+upgrade\nCREATE TABLE accounts \(/);
      assert.match(fileOf(project, CREATE as string), /-- \+downgrade\nDROP TABLE accounts;/);
      assert.deepEqual(await versionRows(prod.url), [EMAIL, AUDIT].sort());
      const heads = await project.cli(['heads']);
      // the label declared on the audit branch reaches the head past the merge (alembic heads: "5d7c9a1e3f42 (audit) (head)")
      assert.match(heads.stdout, new RegExp(`^${MERGE} -> ${ACTIVE} \\(head, label: audit\\), active flag$`, 'm'));
    });

    test('upgrade runs the merge and the last revision only, reaching the schema Alembic builds; downgrade base undoes all', async () => {
      const up = await project.cli(['upgrade']);
      assert.equal(up.code, 0, up.stdout + up.stderr);
      const ran = await queryRows<{ revision: string }>(prod.url, `SELECT revision FROM athanor_history WHERE direction = 'up' ORDER BY id`);
      assert.deepEqual(ran.map((row) => row.revision), [MERGE, ACTIVE]);
      assert.deepEqual(catalogDifferences(withoutBookkeeping(await readCatalog(reference.url)), withoutBookkeeping(await readCatalog(prod.url))), []);
      const rows = await queryRows<{ name: string; email: string; active: unknown }>(prod.url, 'SELECT name, email, active FROM accounts');
      assert.deepEqual(rows.map((row) => [row.name, row.email, Boolean(row.active)]), [['system', 'system@example.com', true]]);
      const down = await project.cli(['downgrade', 'base']);
      assert.equal(down.code, 0, down.stdout + down.stderr);
      assert.deepEqual(await tableNames(prod.url), ['alembic_version', 'athanor_history', 'athanor_version']);
    });

    test('a version row no revision has is refused (exit 2, nothing written)', async () => {
      const db = await target.create('impalembicbad');
      const other = createProject(db.url, target.dialect);
      try {
        cpSync(FIXTURE, join(other.dir, 'alembic'), { recursive: true });
        await queryRows(db.url, `CREATE TABLE alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY)`);
        await queryRows(db.url, `INSERT INTO alembic_version VALUES ('deadbeef0000')`);
        const r = await other.cli(['import', 'alembic', 'alembic']);
        assert.equal(r.code, 2, r.stdout + r.stderr);
        assert.match(r.stderr, /alembic_version holds deadbeef0000, which no revision of the folder has/);
        assert.deepEqual(readdirSync(join(other.dir, 'migrations')), []);
      } finally {
        other.remove();
        await db.drop();
      }
    });
  });
}
