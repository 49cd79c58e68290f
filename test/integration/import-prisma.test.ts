// athanor import prisma (issue 13 item 4): a Prisma-style folder per dialect (prisma/migrations/<timestamp>_<name>/
// migration.sql, migration_lock.toml; PostgreSQL, PGlite, SQLite) and a database with `_prisma_migrations` as Prisma writes it. Only finished,
// not rolled-back rows count; the database is stamped at the last of them and `upgrade` runs the rest.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openConnection } from '../../src/drivers/open.js';
import { catalogDifferences, readCatalog } from '../support/catalog.js';
import { queryRows, versionRows } from '../support/db.js';
import { createProject, REPO_ROOT, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';
import { sqlFiles } from '../support/imports.js';

const FIXTURES: Record<string, string> = {
  postgres: join(REPO_ROOT, 'test', 'fixtures', 'import', 'prisma-postgres', 'migrations'),
  sqlite: join(REPO_ROOT, 'test', 'fixtures', 'import', 'prisma-sqlite', 'migrations'),
};
const NAMES = readdirSync(FIXTURES['postgres'] as string).filter((n) => /^\d+_/.test(n)).sort();

/** `_prisma_migrations` as Prisma creates it on each database. */
const PRISMA_TABLE: Record<string, string> = {
  postgres: `CREATE TABLE "_prisma_migrations" (
    "id" VARCHAR(36) NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "_prisma_migrations_pkey" PRIMARY KEY ("id")
)`,
  sqlite: `CREATE TABLE "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "checksum" TEXT NOT NULL,
    "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL,
    "logs" TEXT,
    "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
};

/** `edited`: the file changed after Prisma ran it (Prisma's checksum is of the earlier text) */
type Row = { name: string; finished: boolean; rolledBack?: boolean; edited?: boolean };

/** What `prisma migrate deploy` leaves: the migrations' SQL run, one row per attempt. */
async function deploy(url: string, dialect: string, rows: Row[]): Promise<void> {
  const conn = await openConnection(url);
  try {
    await conn.exec(PRISMA_TABLE[dialect] as string);
    for (const [i, row] of rows.entries()) {
      const file = join(FIXTURES[dialect] as string, row.name, 'migration.sql');
      // a row naming a folder that is not there (a case of the refusals) has a checksum of nothing here
      const script = existsSync(file) ? readFileSync(file, 'utf8') : '';
      if (row.finished) await conn.exec(script);
      // Prisma's checksum: sha256 of the script it ran
      const checksum = createHash('sha256').update(row.edited ? `${script}\n-- the text before an edit` : script).digest('hex');
      await conn.exec(
        `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, rolled_back_at, applied_steps_count) VALUES ('id-${i}', '${checksum}', ${row.finished ? 'CURRENT_TIMESTAMP' : 'NULL'}, '${row.name}', ${row.rolledBack ? 'CURRENT_TIMESTAMP' : 'NULL'}, ${row.finished ? 1 : 0})`,
      );
    }
  } finally {
    await conn.close();
  }
}

function revisionOf(project: TestProject, name: string): string {
  for (const file of sqlFiles(project)) {
    const text = readFileSync(join(project.dir, 'migrations', file), 'utf8');
    if (text.includes(`imported from Prisma Migrate: ${name}/`)) return /^-- revision: (\S+)/m.exec(text)?.[1] ?? '';
  }
  throw new Error(`no imported file for ${name}`);
}

function prismaProject(url: string, dialect: 'postgres' | 'sqlite'): TestProject {
  const project = createProject(url, dialect);
  cpSync(FIXTURES[dialect] as string, join(project.dir, 'prisma', 'migrations'), { recursive: true });
  return project;
}

for (const target of selectedTargets(['postgres', 'pglite', 'sqlite'])) {
  const dialect = target.dialect === 'sqlite' ? 'sqlite' : 'postgres';
  describe(`import prisma on ${target.name}`, () => {
    let prod: TestDatabase;
    let reference: TestDatabase;
    let project: TestProject;

    before(async () => {
      prod = await target.create('impprisma');
      reference = await target.create('impprismaref');
      // two deployed; the third failed once and was marked rolled back (`prisma migrate resolve --rolled-back`)
      await deploy(prod.url, dialect, [
        { name: NAMES[0] as string, finished: true },
        { name: NAMES[1] as string, finished: true },
        { name: NAMES[2] as string, finished: false, rolledBack: true },
      ]);
      await deploy(reference.url, dialect, NAMES.map((name) => ({ name, finished: true })));
      project = prismaProject(prod.url, dialect);
    });
    after(async () => {
      project.remove();
      await prod.drop();
      await reference.drop();
    });

    test('import stamps at the last finished, not rolled-back migration; upgrade runs the other two', async () => {
      const r = await project.cli(['import', 'prisma', 'prisma']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /_prisma_migrations: 2 of 4 Prisma migration\(s\) applied/);
      const files = sqlFiles(project);
      assert.deepEqual(files.map((f) => f.replace(/^\d{8}_\d{6}_[0-9a-f]{12}_/, '')), ['init.sql', 'add_posts.sql', 'post_published.sql', 'comments.sql']);
      assert.match(readFileSync(join(project.dir, 'migrations', files[2] ?? ''), 'utf8'), /^-- irreversible: imported from Prisma Migrate/m);
      const second = revisionOf(project, NAMES[1] as string);
      assert.deepEqual(await versionRows(prod.url), [second]);
      const current = await project.cli(['current']);
      assert.match(current.stdout, new RegExp(`-> ${second} \\(current\\), add posts`));

      const up = await project.cli(['upgrade']);
      assert.equal(up.code, 0, up.stdout + up.stderr);
      const ran = await queryRows<{ revision: string }>(prod.url, `SELECT revision FROM athanor_history WHERE direction = 'up' ORDER BY id`);
      assert.deepEqual(ran.map((row) => row.revision), [revisionOf(project, NAMES[2] as string), revisionOf(project, NAMES[3] as string)]);
      const withoutBookkeeping = (c: Record<string, Record<string, string>>) =>
        Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).filter(([name]) => !/athanor_|_prisma_migrations/.test(name)))]));
      assert.deepEqual(catalogDifferences(withoutBookkeeping(await readCatalog(reference.url)), withoutBookkeeping(await readCatalog(prod.url))), []);
    });

    test('a migration edited after Prisma applied it (its checksum differs) is named, and its imported file says so; the others are not', async () => {
      const db = await target.create('impprismaedit');
      const edited = prismaProject(db.url, dialect);
      try {
        await deploy(db.url, dialect, [
          { name: NAMES[0] as string, finished: true },
          { name: NAMES[1] as string, finished: true, edited: true },
        ]);
        const r = await edited.cli(['import', 'prisma', 'prisma/migrations']);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, new RegExp(`${NAMES[1]} was edited after Prisma applied it \\(its checksum in _prisma_migrations differs\\)`));
        assert.doesNotMatch(r.stdout, new RegExp(`${NAMES[0]} was edited`));
        const fileOf = (name: string) => readFileSync(join(edited.dir, 'migrations', sqlFiles(edited).find((f) => readFileSync(join(edited.dir, 'migrations', f), 'utf8').includes(`${name}/`)) ?? ''), 'utf8');
        assert.match(fileOf(NAMES[1] as string), /^-- edited after Prisma applied it: its checksum in _prisma_migrations \([0-9a-f]{12}…\) is not this file's/m);
        assert.doesNotMatch(fileOf(NAMES[0] as string), /edited after Prisma applied it/);
      } finally {
        edited.remove();
        await db.drop();
      }
    });

    test('refused (exit 2, nothing written): an unresolved failed migration, a name with no folder, a gap', async () => {
      const cases: Array<{ rows: Row[]; error: RegExp }> = [
        { rows: [{ name: NAMES[0] as string, finished: true }, { name: NAMES[1] as string, finished: false }], error: new RegExp(`recorded ${NAMES[1]} as failed .*prisma migrate resolve`) },
        { rows: [{ name: NAMES[0] as string, finished: true }, { name: '20230101000000_gone', finished: true }], error: /lists applied migration\(s\) with no folder here: 20230101000000_gone/ },
        { rows: [{ name: NAMES[0] as string, finished: true }, { name: NAMES[2] as string, finished: true }], error: new RegExp(`Prisma applied ${NAMES[2]} but not ${NAMES[1]} before it`) },
      ];
      for (const c of cases) {
        const db = await target.create('impprismabad');
        const bad = prismaProject(db.url, dialect);
        try {
          // the gap case runs migration 3 without 2 (it needs Post): create the rows only
          await deploy(db.url, dialect, c.rows.map((row) => ({ ...row, finished: false, rolledBack: false })));
          const conn = await openConnection(db.url);
          await conn.exec(`UPDATE _prisma_migrations SET finished_at = CURRENT_TIMESTAMP WHERE migration_name IN (${c.rows.filter((row) => row.finished).map((row) => `'${row.name}'`).join(', ')})`);
          await conn.close();
          const r = await bad.cli(['import', 'prisma', 'prisma/migrations']);
          assert.equal(r.code, 2, r.stdout + r.stderr);
          assert.match(r.stderr, c.error);
          assert.deepEqual(readdirSync(join(bad.dir, 'migrations')), []);
          assert.deepEqual(await versionRows(db.url), []);
        } finally {
          bad.remove();
          await db.drop();
        }
      }
    });
  });
}
