// athanor installed from `npm pack` into a fresh PostgreSQL-less app, the way a new user starts: only PGlite ships,
// nothing is compiled, init → migrate → upgrade work with no flags, and a URL whose driver is not installed says
// which package to install.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { compiledAddons, installPackedApp, recentNode, type PackedApp } from '../support/packed.js';

describe('athanor installed from its packed tarball', () => {
  let app: PackedApp;

  before(async () => {
    app = await installPackedApp();
  });
  after(() => app.remove());

  test('installs no database driver but PGlite, and compiles nothing', () => {
    const modules = join(app.dir, 'node_modules');
    assert.ok(existsSync(join(modules, '@electric-sql', 'pglite')), 'PGlite is a dependency');
    for (const driver of ['pg', 'mysql2', 'better-sqlite3']) {
      assert.equal(existsSync(join(modules, driver)), false, `${driver} is an optional peer, not installed`);
    }
    assert.deepEqual(compiledAddons(app.dir), []);
    const shipped = readdirSync(join(modules, 'athanor', 'dist'), { recursive: true }).map(String);
    assert.deepEqual(shipped.filter((f) => f.endsWith('.map')), [], 'no source maps pointing at src/, which is not shipped');
  });

  test('init, migrate, upgrade, current on embedded PGlite with no flags', async () => {
    const init = await app.cli(['init']);
    assert.equal(init.code, 0, init.stderr);
    const migrate = await app.cli(['migrate', '-m', 'create todos']);
    assert.equal(migrate.code, 0, migrate.stderr);
    const [file] = readdirSync(join(app.dir, 'migrations')).filter((f) => f.endsWith('_create_todos.ts'));
    assert.ok(file, 'migrate wrote the migration');
    const revision = file.split('_')[2] as string;
    const upgrade = await app.cli(['upgrade']);
    assert.equal(upgrade.code, 0, upgrade.stderr);
    assert.ok(existsSync(join(app.dir, '.athanor', 'pgdata')), 'the embedded database lives in .athanor/pgdata');
    const current = await app.cli(['current']);
    assert.equal(current.code, 0, current.stderr);
    assert.match(current.stdout, new RegExp(`${revision} \\(head, current\\)`));
    const check = await app.cli(['check']);
    assert.equal(check.code, 0, `models and database agree after upgrade: ${check.stdout}${check.stderr}`);
    // the embedded database starts with small shared buffers (a start zeroes all of them), through the public API
    const script = `import('athanor').then(async ({ openConnection }) => { const c = await openConnection('pglite:.athanor/pgdata'); console.log((await c.query('SHOW shared_buffers')).rows[0].shared_buffers); await c.close(); })`;
    const shown = await new Promise<string>((resolvePromise, reject) =>
      execFile(process.execPath, ['-e', script], { cwd: app.dir }, (error, out) => (error ? reject(error) : resolvePromise(out.trim()))),
    );
    assert.equal(shown, '32MB');
  });

  test('a URL whose driver is not installed: one line naming the package, exit 2', async () => {
    const bare = join(app.dir, 'bare');
    mkdirSync(join(bare, 'migrations'), { recursive: true });
    const cases: Array<[string, string]> = [
      ['postgres://postgres@127.0.0.1:5432/app', 'install `pg` to use postgres:// URLs (npm install pg)'],
      ['mysql://root@127.0.0.1:3306/app', 'install `mysql2` to use mysql:// and mariadb:// URLs (npm install mysql2)'],
      ['sqlite:./dev.db', 'install `better-sqlite3` to use sqlite: URLs (npm install better-sqlite3, or run on Node >= 22.13, whose built-in node:sqlite athanor uses)'],
    ];
    for (const [url, message] of cases) {
      const result = await app.cli(['current', '--url', url], { cwd: bare });
      assert.equal(result.code, 2, `${url}: ${result.stderr}`);
      assert.equal(result.stderr.trim(), `athanor: error: ${message}`);
    }
    assert.equal(existsSync(join(bare, 'dev.db')), false, 'no SQLite file created');
  });

  test('on Node >= 22.13 a SQLite project needs no driver: the built-in node:sqlite is used (issue 9 item 20)', async (t) => {
    const node = await recentNode();
    if (node === undefined) return t.skip('no Node >= 22.13 at hand (set ATHANOR_TEST_NODE22, or `npm exec --package=node@22` once)');
    const dir = join(app.dir, 'lite');
    mkdirSync(dir);
    const cli = (args: string[]) => app.cli(args, { cwd: dir, node });
    const init = await cli(['init', '--dialect', 'sqlite']);
    assert.equal(init.code, 0, init.stderr);
    writeFileSync(
      join(dir, 'models.ts'),
      `import { table, t, enumType } from 'athanor';
export const status = enumType('status', ['open', 'done']);
export const todos = table('todos', {
  id: t.uuid().primaryKey().defaultSql('gen_random_uuid()'),
  title: t.text().notNull(),
  status: t.enum(status).notNull().default('open'),
  created: t.timestamp().notNull().defaultSql('now()'),
});
`,
    );
    for (const args of [['migrate', '-m', 'todos'], ['upgrade'], ['current'], ['check'], ['verify'], ['downgrade'], ['upgrade']]) {
      const result = await cli(args);
      assert.equal(result.code, 0, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
      assert.equal(result.stderr, '', `${args.join(' ')} writes nothing on stderr (no experimental-feature warning)`);
    }
    assert.ok(existsSync(join(dir, 'dev.db')));
    // the same project on a Node without node:sqlite (this one, 20): the one line, naming both ways
    if (Number(process.versions.node.split('.')[0]) >= 22) return;
    const old = await app.cli(['current'], { cwd: dir });
    assert.equal(old.code, 2, old.stderr);
    assert.match(old.stderr, /install `better-sqlite3` to use sqlite: URLs \(npm install better-sqlite3, or run on Node >= 22\.13/);
  });
});
