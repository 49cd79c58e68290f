// athanor import knex (issue 13 item 4): a hand-written knex folder (knex.schema calls, knex.raw, a row insert, a
// TypeScript file), the first two applied by knex's own migrator. The import runs each up()/down() through the
// project's knex with no connection and writes the SQL knex would send; the database is stamped at the second,
// `upgrade` runs the other two, and the downgrades knex wrote undo them. Runs where knex can be loaded (the repo's
// node_modules, or ATHANOR_TEST_KNEX=/path/to/node_modules/knex with pg next to it).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { catalogDifferences, readCatalog } from '../support/catalog.js';
import { queryRows, versionRows } from '../support/db.js';
import { createProject, REPO_ROOT, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';
import { sqlFiles } from '../support/imports.js';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'import', 'knex-postgres');
const FILES = readdirSync(FIXTURE).sort();

interface KnexLike {
  migrate: { up(config: { directory: string }): Promise<unknown> };
  destroy(): Promise<void>;
}

/** knex's package folder, or undefined when it is not installed. */
function knexDir(): string | undefined {
  const given = process.env['ATHANOR_TEST_KNEX'];
  if (given) return given;
  try {
    return dirname(createRequire(join(REPO_ROOT, 'package.json')).resolve('knex/package.json'));
  } catch {
    return undefined;
  }
}

const KNEX = knexDir();
const SKIP = KNEX === undefined ? 'knex is not installed (npm i -D knex, or ATHANOR_TEST_KNEX=/path/to/node_modules/knex)' : false;

/** knex's migrator, run the way `knex migrate:up` runs it, `steps` times. */
async function knexUp(url: string, directory: string, steps: number): Promise<void> {
  const factory = createRequire(join(KNEX as string, 'package.json'))(KNEX as string) as (config: object) => KnexLike;
  const knex = factory({ client: 'pg', connection: url });
  try {
    for (let i = 0; i < steps; i++) await knex.migrate.up({ directory });
  } finally {
    await knex.destroy();
  }
}

function knexProject(url: string): TestProject {
  const project = createProject(url, 'postgres');
  cpSync(FIXTURE, join(project.dir, 'db', 'migrations'), { recursive: true });
  // the project's own knex, as a knex user has it
  mkdirSync(join(project.dir, 'node_modules'));
  symlinkSync(KNEX as string, join(project.dir, 'node_modules', 'knex'));
  return project;
}

function revisionOf(project: TestProject, file: string): string {
  for (const name of sqlFiles(project)) {
    const text = readFileSync(join(project.dir, 'migrations', name), 'utf8');
    if (text.includes(`imported from knex: ${file} `)) return /^-- revision: (\S+)/m.exec(text)?.[1] ?? '';
  }
  throw new Error(`no imported file for ${file}`);
}

const withoutBookkeeping = (c: Record<string, Record<string, string>>) =>
  Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).filter(([name]) => !/athanor_|knex_migrations/.test(name)))]));

for (const target of selectedTargets(['postgres'])) {
  describe(`import knex on ${target.name}`, { skip: SKIP }, () => {
    let prod: TestDatabase;
    let fresh: TestDatabase;
    let project: TestProject;

    before(async () => {
      prod = await target.create('impknex');
      fresh = await target.create('impknexfresh');
      project = knexProject(prod.url);
      await knexUp(prod.url, join(project.dir, 'db', 'migrations'), 2);
    });
    after(async () => {
      project.remove();
      await prod.drop();
      await fresh.drop();
    });

    test('refused, nothing written: knex\'s own folder as athanor\'s migrations folder, a knex lock held; a migrations folder not made yet is made', async () => {
      project.write('same-folder.json', JSON.stringify({ dialect: 'postgres', migrations: 'db/migrations' }));
      const same = await project.cli(['-c', 'same-folder.json', 'import', 'knex', 'db/migrations']);
      assert.equal(same.code, 2, same.stdout + same.stderr);
      assert.match(same.stderr, /db\/migrations is athanor's migrations folder too .*set `migrations` to another one/);

      await queryRows(prod.url, 'UPDATE knex_migrations_lock SET is_locked = 1');
      const locked = await project.cli(['import', 'knex', 'db/migrations']);
      await queryRows(prod.url, 'UPDATE knex_migrations_lock SET is_locked = 0');
      assert.equal(locked.code, 2, locked.stdout + locked.stderr);
      assert.match(locked.stderr, /knex_migrations_lock is locked: a knex migration is running, or one crashed .*knex migrate:unlock/);
      assert.deepEqual(sqlFiles(project), []);
      assert.deepEqual(await versionRows(prod.url), []);
      // the next test's import makes the folder the config names
      rmSync(join(project.dir, 'migrations'), { recursive: true });
    });

    test('import writes knex\'s SQL per file and stamps at the second; upgrade runs the last two', async () => {
      const catalogBefore = await readCatalog(prod.url);
      const r = await project.cli(['import', 'knex', 'db/migrations']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /knex_migrations: 2 of 4 knex migration\(s\) applied/);
      const files = sqlFiles(project);
      assert.equal(files.length, 4);
      const profile = readFileSync(join(project.dir, 'migrations', files[1] ?? ''), 'utf8');
      assert.match(profile, /^-- \+upgrade\nalter table "users" add column "name" varchar\(255\) default 'o''hara'/m);
      assert.match(profile, /CREATE INDEX users_lower_email ON users \(lower\(email\)\);/);
      assert.match(profile, /-- \+downgrade\nDROP INDEX users_lower_email;/);
      const second = revisionOf(project, FILES[1] as string);
      assert.deepEqual(await versionRows(prod.url), [second]);
      assert.deepEqual(catalogDifferences(catalogBefore, await readCatalog(prod.url)), []);

      const up = await project.cli(['upgrade']);
      assert.equal(up.code, 0, up.stdout + up.stderr);
      const ran = await queryRows<{ revision: string }>(prod.url, `SELECT revision FROM athanor_history WHERE direction = 'up' ORDER BY id`);
      assert.deepEqual(ran.map((row) => row.revision), [revisionOf(project, FILES[2] as string), revisionOf(project, FILES[3] as string)]);
      assert.deepEqual(await queryRows(prod.url, 'SELECT email, name, age FROM users'), [{ email: 'admin@example.com', name: 'Admin', age: 0 }]);
    });

    test('the imported history builds the same schema on a fresh database, and its downgrades undo it', async () => {
      const r = await project.cli(['upgrade'], { url: fresh.url });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.deepEqual(catalogDifferences(withoutBookkeeping(await readCatalog(prod.url)), withoutBookkeeping(await readCatalog(fresh.url))), []);
      const down = await project.cli(['downgrade', 'base']);
      assert.equal(down.code, 0, down.stdout + down.stderr);
      const left = await queryRows<{ table_name: string }>(prod.url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
      assert.deepEqual(left.map((row) => row.table_name), ['athanor_history', 'athanor_version', 'knex_migrations', 'knex_migrations_lock']);
    });
  });
}
