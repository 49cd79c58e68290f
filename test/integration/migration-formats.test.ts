// Projects that are not TypeScript: plain JavaScript in a CommonJS package (ES module and CommonJS migrations side
// by side), and a team with no JavaScript at all (only .sql files and a JSON config, no package.json), on every target.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tableNames } from '../support/db.js';
import { runCliInProcess } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

function columnsQuery(url: string): string {
  if (url.startsWith('sqlite:')) return `SELECT name FROM pragma_table_info('todos') ORDER BY name`;
  if (url.startsWith('mysql:') || url.startsWith('mariadb:')) return `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'todos' ORDER BY column_name`;
  return `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'todos' ORDER BY column_name`;
}

async function todoColumns(url: string): Promise<string[]> {
  const { queryRows } = await import('../support/db.js');
  return (await queryRows<{ name: string }>(url, columnsQuery(url))).map((r) => r.name).sort();
}

for (const target of selectedTargets()) {
  describe(`migration formats on ${target.name}`, () => {
    let db: TestDatabase;
    let dir: string;
    const cli = (args: string[]) => runCliInProcess(['--url', db.url, ...args], dir);
    const write = (relative: string, text: string) => {
      mkdirSync(dirname(join(dir, relative)), { recursive: true });
      writeFileSync(join(dir, relative), text);
    };

    before(async () => {
      db = await target.create('formats');
    });
    after(async () => {
      await db.drop();
    });

    test('a SQL-only project: JSON config, no package.json; revision writes .sql; upgrade and downgrade run it', async () => {
      dir = mkdtempSync(join(tmpdir(), 'ath-sql-only-'));
      try {
        const init = await runCliInProcess(['init', '--format', 'sql', '--dialect', target.dialect], dir);
        assert.equal(init.code, 0, init.stderr);
        assert.deepEqual(JSON.parse(readFileSync(join(dir, 'athanor.config.json'), 'utf8')), { dialect: target.dialect, migrations: 'migrations', migrationFormat: 'sql' });
        assert.equal(existsSync(join(dir, 'package.json')), false);
        assert.equal(readdirSync(dir).some((f) => /\.(ts|js|mjs)$/.test(f)), false, 'no JavaScript written');

        const revision = await cli(['revision', '-m', 'create todos']);
        assert.equal(revision.code, 0, revision.stderr);
        const [file] = readdirSync(join(dir, 'migrations')).filter((f) => f.endsWith('.sql'));
        assert.ok(file, 'revision wrote a .sql file');
        const path = join(dir, 'migrations', file);
        writeFileSync(
          path,
          readFileSync(path, 'utf8')
            .replace('-- +upgrade\n', '-- +upgrade\nCREATE TABLE todos (id INTEGER PRIMARY KEY, description VARCHAR(100) NOT NULL);\n')
            .replace('-- +downgrade\n', '-- +downgrade\nDROP TABLE todos;\n'),
        );

        const up = await cli(['upgrade']);
        assert.equal(up.code, 0, up.stderr);
        assert.ok((await tableNames(db.url)).includes('todos'));
        const down = await cli(['downgrade', '-1']);
        assert.equal(down.code, 0, down.stderr);
        assert.equal((await tableNames(db.url)).includes('todos'), false);
        const again = await cli(['upgrade']);
        assert.equal(again.code, 0, again.stderr);
        assert.ok((await tableNames(db.url)).includes('todos'));

        const migrate = await cli(['migrate', '-m', 'more']);
        assert.equal(migrate.code, 2);
        assert.match(migrate.stderr, /migrationFormat 'sql'.*athanor revision -m/);
        const check = await cli(['check']);
        assert.equal(check.code, 2);
        assert.match(check.stderr, /no models to compare the database with: .*for `migrate` and `check`, set `models` in the config/);
        // with a schema.sql as models, check's advice is what such a project can run
        write('schema.sql', 'CREATE TABLE todos (id INTEGER PRIMARY KEY, description VARCHAR(100) NOT NULL);\nCREATE TABLE tags (id INTEGER PRIMARY KEY);\n');
        write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', migrationFormat: 'sql', models: './schema.sql' }));
        const drift = await cli(['check']);
        assert.equal(drift.code, 1, drift.stdout + drift.stderr);
        assert.match(drift.stdout, /create table tags\n.*write a migration for it with `athanor revision -m "…"`/s);
        assert.doesNotMatch(drift.stdout, /athanor migrate/);
        await cli(['downgrade', 'base']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('JavaScript in a CommonJS package: init --format js, migrate writes an ES module, .cjs and ESM .js migrations run', async () => {
      dir = mkdtempSync(join(tmpdir(), 'ath-js-'));
      try {
        // what `npm init -y` writes
        write('package.json', JSON.stringify({ name: 'app', version: '1.0.0', type: 'commonjs' }));
        const init = await runCliInProcess(['init', '--format', 'js', '--dialect', target.dialect], dir);
        assert.equal(init.code, 0, init.stderr);
        assert.ok(existsSync(join(dir, 'athanor.config.mjs')) && existsSync(join(dir, 'models.mjs')), init.stdout);
        assert.equal(readdirSync(dir).some((f) => f.endsWith('.ts')), false, 'no TypeScript written');

        const migrate = await cli(['migrate', '-m', 'create todos']);
        assert.equal(migrate.code, 0, migrate.stderr);
        const [generated] = readdirSync(join(dir, 'migrations')).filter((f) => f.endsWith('_create_todos.mjs'));
        assert.ok(generated, 'migrate wrote an .mjs file (the package is CommonJS)');
        const text = readFileSync(join(dir, 'migrations', generated), 'utf8');
        assert.doesNotMatch(text, /: Op|import type/, 'plain JavaScript, no type annotations');
        const first = generated.split('_')[2] as string;

        // a CommonJS migration, and an ES module .js (with a relative import) in this CommonJS package
        write(
          'migrations/20000101_000001_cjs000000001_done.cjs',
          `const { t } = require('athanor');\nexports.revision = 'cjs000000001';\nexports.downRevision = '${first}';\nexports.message = 'commonjs';\n` +
            `exports.upgrade = async (op) => { await op.addColumn('todos', 'done', t.boolean()); };\nexports.downgrade = async (op) => { await op.dropColumn('todos', 'done'); };\n`,
        );
        write('migrations/lib/names.mjs', `export const column = 'note';\n`);
        write(
          'migrations/20000101_000002_esm000000002_note.js',
          `import { t } from 'athanor';\nimport { column } from './lib/names.mjs';\n\nexport const revision = 'esm000000002';\nexport const downRevision = 'cjs000000001';\n` +
            `export async function upgrade(op) { await op.addColumn('todos', column, t.text()); }\nexport async function downgrade(op) { await op.dropColumn('todos', column); }\n`,
        );
        const up = await cli(['upgrade']);
        assert.equal(up.code, 0, up.stderr);
        assert.deepEqual(await todoColumns(db.url), ['description', 'done', 'id', 'note']);
        const back = await cli(['downgrade', first]);
        assert.equal(back.code, 0, back.stderr);
        assert.deepEqual(await todoColumns(db.url), ['description', 'id']);

        const revision = await cli(['revision', '-m', 'by hand']);
        assert.equal(revision.code, 0, revision.stderr);
        assert.ok(readdirSync(join(dir, 'migrations')).some((f) => f.endsWith('_by_hand.mjs')), 'the config\'s migrationFormat decides revision\'s file kind');
        const down = await cli(['downgrade', 'base']);
        assert.equal(down.code, 0, down.stderr);
        assert.equal((await tableNames(db.url)).includes('todos'), false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
