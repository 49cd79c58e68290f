// PostgreSQL's contrib extensions on the default database, embedded PGlite (qa-session9 B10): a newcomer's
// `CREATE EXTENSION citext` works with no URL and no extra step, the data directory keeps working in another
// process, the scratch databases of migrate/check/verify have them, and what PGlite cannot load says what to do.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freshProject, type FreshProject } from '../support/fresh-project.js';
import { REPO_ROOT } from '../support/project.js';
import { onlyOn } from '../support/targets.js';

const migration = (revision: string, down: string | null, upgrade: string, downgrade: string) => `import { type Op } from 'athanor';

export const revision = '${revision}';
export const downRevision: string | null = ${down === null ? 'null' : `'${down}'`};
export const message = 'rev ${revision}';

export async function upgrade(op: Op): Promise<void> {
${upgrade}
}

export async function downgrade(op: Op): Promise<void> {
${downgrade}
}
`;

const EXTENSIONS = migration(
  'e00000000001',
  null,
  `  await op.execute('CREATE EXTENSION IF NOT EXISTS citext');
  await op.execute('CREATE EXTENSION IF NOT EXISTS pgcrypto');
  await op.execute('CREATE EXTENSION IF NOT EXISTS "uuid-ossp"');`,
  `  await op.execute('DROP EXTENSION "uuid-ossp"');
  await op.execute('DROP EXTENSION pgcrypto');
  await op.execute('DROP EXTENSION citext');`,
);

const USERS_MODEL = `import { table, t } from 'athanor';

export const users = table('users', {
  id: t.uuid().primaryKey().defaultSql('uuid_generate_v4()'),
  email: t.custom('citext').notNull(),
  token: t.bytea().notNull().defaultSql('gen_random_bytes(16)'),
});
`;

/** A separate Node process opening the data directory with athanor's driver and nothing told of the project. */
function inAnotherProcess(dataDir: string, sql: string[]): { code: number | null; out: string } {
  const script = `
    import { openConnection } from ${JSON.stringify(join(REPO_ROOT, 'src/drivers/open.ts'))};
    const conn = await openConnection(${JSON.stringify(`pglite:${dataDir}`)});
    try {
      for (const sql of ${JSON.stringify(sql)}) console.log(JSON.stringify((await conn.query(sql)).rows));
    } finally {
      await conn.close();
    }`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { code: result.status, out: result.stdout + result.stderr };
}

describe('contrib extensions on the default database (PGlite, no URL)', onlyOn('pglite'), () => {
  let project: FreshProject;
  before(async () => {
    project = await freshProject(['--dialect', 'postgres']);
  });
  after(async () => {
    await project.remove();
  });

  test('a migration creating citext, pgcrypto and uuid-ossp upgrades', async () => {
    project.write('migrations/20261201_090000_e00000000001_extensions.ts', EXTENSIONS);
    const upgrade = await project.cli(['upgrade']);
    assert.equal(upgrade.code, 0, upgrade.stdout + upgrade.stderr);
  });

  test('a DSL model with a citext column and uuid_generate_v4()/gen_random_bytes() defaults: migrate, upgrade', async () => {
    project.write('models.ts', USERS_MODEL);
    const migrate = await project.cli(['migrate', '-m', 'users']);
    assert.equal(migrate.code, 0, migrate.stdout + migrate.stderr);
    const file = project.migrations().find((f) => f.endsWith('_users.ts'));
    assert.ok(file, project.migrations().join(', '));
    assert.match(project.read(`migrations/${file}`), /citext/);
    const upgrade = await project.cli(['upgrade']);
    assert.equal(upgrade.code, 0, upgrade.stdout + upgrade.stderr);
  });

  test('another process opens the data directory: rows with the extension types and defaults', () => {
    const dataDir = join(project.dir, '.athanor', 'pgdata');
    const run = inAnotherProcess(dataDir, [
      "INSERT INTO users (email) VALUES ('Alice@Example.com')",
      "SELECT email::text AS email, length(token) AS bytes, id::text ~ '^[0-9a-f-]{36}$' AS uuid FROM users WHERE email = 'alice@EXAMPLE.com'",
    ]);
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /\[\{"email":"Alice@Example\.com","bytes":16,"uuid":true\}\]/, run.out);
  });

  test('without the record of its extensions, a citext column of the directory names pglite.extensions; closing records them again', () => {
    const dataDir = join(project.dir, '.athanor', 'pgdata');
    const record = join(dataDir, 'athanor-extensions.json');
    assert.deepEqual(JSON.parse(readFileSync(record, 'utf8')), ['citext', 'pgcrypto', 'uuid-ossp']);
    rmSync(record);
    const query = ["SELECT count(*)::int AS n FROM users WHERE email = 'ALICE@example.com'"];
    const blind = inAnotherProcess(dataDir, query);
    assert.notEqual(blind.code, 0, blind.out);
    assert.match(blind.out, /could not access file "citext": No such file or directory: PGlite ships the extension "citext" but athanor did not load it: add it to the config \(`pglite: \{ extensions: \['citext'\] \}`/);
    const healed = inAnotherProcess(dataDir, query);
    assert.equal(healed.code, 0, healed.out);
    assert.match(healed.out, /\[\{"n":1\}\]/);
  });

  test('check is in sync, verify passes (its scratch PGlite has the extensions), current and downgrade to base', async () => {
    const check = await project.cli(['check']);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const verify = await project.cli(['verify']);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    const current = await project.cli(['current']);
    assert.equal(current.code, 0, current.stdout + current.stderr);
    const down = await project.cli(['downgrade', 'base']);
    assert.equal(down.code, 0, down.stdout + down.stderr);
    const again = await project.cli(['upgrade']);
    assert.equal(again.code, 0, again.stdout + again.stderr);
  });
});

describe('a schema.sql model using citext on the default database', onlyOn('pglite'), () => {
  let project: FreshProject;
  before(async () => {
    project = await freshProject(['--dialect', 'postgres']);
  });
  after(async () => {
    await project.remove();
  });

  test('migrate applies it to a scratch PGlite that has citext', async () => {
    project.write('schema.sql', 'CREATE EXTENSION IF NOT EXISTS citext;\nCREATE TABLE people (id serial PRIMARY KEY, name citext NOT NULL);\n');
    project.write('athanor.config.ts', "export default { dialect: 'postgres', migrations: 'migrations', models: './schema.sql' };\n");
    project.write('migrations/20261201_090000_e00000000001_extensions.ts', EXTENSIONS);
    const upgrade = await project.cli(['upgrade']);
    assert.equal(upgrade.code, 0, upgrade.stdout + upgrade.stderr);
    const migrate = await project.cli(['migrate', '-m', 'people']);
    assert.equal(migrate.code, 0, migrate.stdout + migrate.stderr);
    const file = project.migrations().find((f) => f.endsWith('_people.ts'));
    assert.ok(file, project.migrations().join(', '));
    assert.match(project.read(`migrations/${file}`), /citext/);
    const up = await project.cli(['upgrade']);
    assert.equal(up.code, 0, up.stdout + up.stderr);
    const check = await project.cli(['check']);
    assert.equal(check.code, 0, check.stdout + check.stderr);
  });
});

describe('extensions PGlite cannot load, or was not told of', onlyOn('pglite'), () => {
  let project: FreshProject;
  before(async () => {
    project = await freshProject(['--dialect', 'postgres']);
  });
  after(async () => {
    await project.remove();
  });

  test('pglite.extensions naming one PGlite does not ship, or no extension at all: exit 2 listing those it ships', async () => {
    for (const [name, said] of [
      ['postgis', /embedded PGlite does not ship the extension "postgis": use a PostgreSQL server URL/],
      ['nosuch', /embedded PGlite does not ship the extension "nosuch"/],
    ] as const) {
      project.write('athanor.config.ts', `export default { dialect: 'postgres', pglite: { extensions: ['${name}'] } };\n`);
      const current = await project.cli(['current']);
      assert.equal(current.code, 2, current.stdout + current.stderr);
      assert.match(current.stderr, said);
      assert.match(current.stderr, /PGlite ships: .*citext.*uuid-ossp/);
    }
  });

  test('a migration creating postgis: exit 1, PGlite does not ship it, use a server URL', async () => {
    project.write('athanor.config.ts', "export default { dialect: 'postgres' };\n");
    project.write('migrations/20261201_090000_e00000000002_gis.ts', migration('e00000000002', null, "  await op.execute('CREATE EXTENSION postgis');", "  await op.execute('DROP EXTENSION postgis');"));
    const upgrade = await project.cli(['upgrade']);
    assert.equal(upgrade.code, 1, upgrade.stdout + upgrade.stderr);
    assert.match(upgrade.stderr, /extension "postgis" is not available: embedded PGlite does not ship the extension "postgis": use a PostgreSQL server URL/);
  });

  test('one PGlite ships but no file names (a statement built at run time): the error names pglite.extensions, which then works', async () => {
    project.write(
      'migrations/20261201_090000_e00000000002_gis.ts',
      migration('e00000000002', null, "  await op.execute(['CREATE', 'EXTENSION', 'hstore'].join(' '));", "  await op.execute('DROP EXTENSION hstore');"),
    );
    const upgrade = await project.cli(['upgrade']);
    assert.equal(upgrade.code, 1, upgrade.stdout + upgrade.stderr);
    assert.match(upgrade.stderr, /PGlite ships the extension "hstore" but athanor did not load it: add it to the config \(`pglite: \{ extensions: \['hstore'\] \}`/);
    project.write('athanor.config.ts', "export default { dialect: 'postgres', pglite: { extensions: ['hstore'] } };\n");
    const again = await project.cli(['upgrade']);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.ok(existsSync(join(project.dir, '.athanor', 'pgdata', 'athanor-extensions.json')));
    assert.deepEqual(JSON.parse(readFileSync(join(project.dir, '.athanor', 'pgdata', 'athanor-extensions.json'), 'utf8')), ['hstore']);
  });
});
