// Hostile input through the CLI (issue 14, items 2–4): text athanor writes into SQL comments cannot become SQL,
// a password is never printed whatever its spelling, a branch label later commands would refuse is refused
// before anything is written.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { maskSecrets, maskUrl, parseDatabaseUrl } from '../../src/drivers/url.js';
import { createProject, type TestProject } from '../support/project.js';

const HOSTILE_MESSAGE = 'x\nDROP TABLE users; --';
const HOSTILE_MESSAGE_CR = 'x\rDROP TABLE users; --';

/** A project with one revision whose message tries to break out of its comment, and the --sql script of it. */
async function hostileScript(dialect: 'postgres' | 'sqlite', message: string): Promise<{ project: TestProject; script: string }> {
  const project = createProject(dialect === 'postgres' ? 'pglite:memory' : 'sqlite::memory:', dialect);
  const created = await project.cli(['revision', '-m', message]);
  assert.equal(created.code, 0, created.stderr);
  const sql = await project.cli(['upgrade', '--sql']);
  assert.equal(sql.code, 0, sql.stderr);
  return { project, script: sql.stdout };
}

describe('a revision message cannot put SQL into the --sql script (14.2)', () => {
  const projects: TestProject[] = [];
  after(() => projects.forEach((p) => p.remove()));

  for (const message of [HOSTILE_MESSAGE, HOSTILE_MESSAGE_CR]) {
    const shown = JSON.stringify(message);
    test(`PostgreSQL: the script of ${shown} leaves the users table alone`, async () => {
      const { project, script } = await hostileScript('postgres', message);
      projects.push(project);
      const { PGlite } = await import('@electric-sql/pglite');
      const db = new PGlite();
      try {
        await db.exec('CREATE TABLE users (id integer)');
        await db.exec(script);
        const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'users'`);
        assert.equal(rows[0]?.n, 1, `the script dropped users:\n${script}`);
        const history = await db.query<{ message: string }>('SELECT message FROM athanor_history');
        assert.equal(history.rows[0]?.message, message, 'the message is kept as written, inside its literal');
      } finally {
        await db.close();
      }
    });

    test(`SQLite: the script of ${shown} leaves the users table alone`, async () => {
      const { project, script } = await hostileScript('sqlite', message);
      projects.push(project);
      const { default: Database } = await import('better-sqlite3');
      const db = new Database(':memory:');
      try {
        db.exec('CREATE TABLE users (id integer)');
        db.exec(script);
        const row = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'users'`).get() as { n: number };
        assert.equal(row.n, 1, `the script dropped users:\n${script}`);
      } finally {
        db.close();
      }
    });
  }

  test('a .sql migration keeps the message on its comment line, whatever line break it holds', async () => {
    const project = createProject('sqlite::memory:', 'sqlite');
    projects.push(project);
    const r = await project.cli(['revision', '--sql', '-m', 'a\rDROP TABLE users;\u2028b\nc']);
    assert.equal(r.code, 0, r.stderr);
    const [file] = readdirSync(join(project.dir, 'migrations')).filter((f) => f.endsWith('.sql'));
    const text = readFileSync(join(project.dir, 'migrations', file ?? ''), 'utf8');
    const header = text.slice(0, text.indexOf('-- +upgrade')).split(/\r\n|\r|\n|\u2028|\u2029/);
    for (const line of header) assert.ok(line === '' || line.startsWith('--'), `a header line is SQL: ${JSON.stringify(line)}`);
  });
});

describe('a password is never printed, however it is spelled (14.3)', () => {
  const hostile = [
    { url: 'mysql://root:Secret123@foo@127.0.0.1:1/app', parts: ['Secret123', 'foo@'] },
    { url: 'mysql://root:Sec/ret99@127.0.0.1:1/app', parts: ['Sec/ret99', 'ret99'] },
    { url: 'postgres://admin:pa#ss:wd@127.0.0.1:1/app', parts: ['pa#ss', 'ss:wd'] },
    { url: 'postgres://admin:with space@127.0.0.1:1/app', parts: ['with space', 'space'] },
    { url: `postgres://admin:qu'ote"d@127.0.0.1:1/app`, parts: [`qu'ote`, 'ote"d'] },
    { url: 'postgres://admin@127.0.0.1:1/app?sslmode=disable&password=Hunter22', parts: ['Hunter22'] },
  ];

  for (const { url, parts } of hostile) {
    test(`maskUrl / maskSecrets hide all of ${JSON.stringify(url.replace(/:\/\/[^@]*@/, '://…@'))}`, () => {
      // as in every command: the URL is parsed (and its password remembered, if it is malformed) before anything prints
      try {
        parseDatabaseUrl(url);
      } catch {
        // malformed: refused, and still masked below
      }
      for (const text of [maskUrl(url), maskSecrets(`cannot connect to ${url}: connect ECONNREFUSED`), maskSecrets(`"${url}"`)]) {
        for (const part of parts) assert.ok(!text.includes(part), `${JSON.stringify(part)} printed in ${text}`);
        assert.match(text, /\*\*\*/);
      }
    });
  }

  test('a well-formed URL keeps everything but its password readable', () => {
    assert.equal(maskUrl('postgres://postgres:postgres@db.local:5432/app'), 'postgres://postgres:***@db.local:5432/app');
    assert.equal(maskSecrets('user postgres cannot log in'), 'user postgres cannot log in');
  });

  for (const { url, parts } of hostile.filter((h) => h.url.startsWith('mysql'))) {
    test(`the CLI's one-line error and --verbose stack hide the password of ${url.slice(0, 8)}…`, async () => {
      const project = createProject(url, 'mysql');
      try {
        for (const extra of [[], ['--verbose']]) {
          const r = await project.cli([...extra, 'current']);
          assert.equal(r.code, 2, r.stderr);
          assert.match(r.stderr, /^athanor: error: .*mysql:\/\/root:\*\*\*@/);
          for (const part of parts) assert.ok(!`${r.stdout}${r.stderr}`.includes(part), `${JSON.stringify(part)} printed:\n${r.stderr}`);
        }
      } finally {
        project.remove();
      }
    });
  }
});

describe('a server URL the driver would misread is refused as bad input', () => {
  const refused = [
    // MySQL has no default database: `current` said <base> and `upgrade` failed with "No database selected"
    { url: 'mysql://root@127.0.0.1:3306/', reason: /name the database/ },
    { url: 'mariadb://root@127.0.0.1:3306', reason: /name the database/ },
    // the drivers decode the password and said only "URI malformed"
    { url: 'mysql://root:s3cret%PW@127.0.0.1:3306/app', reason: /write % as %25/ },
    { url: 'postgres://app:50%off@127.0.0.1:5432/app', reason: /write % as %25/ },
  ];
  for (const { url, reason } of refused) {
    test(`${url.replace(/:[^:@/]*@/, ':…@')}: exit 2, one line, before connecting`, async () => {
      const project = createProject(url, url.startsWith('postgres') ? 'postgres' : 'mysql');
      try {
        const r = await project.cli(['current']);
        assert.equal(r.code, 2, r.stdout + r.stderr);
        assert.match(r.stderr, /^athanor: error: bad database URL "[^"]*": .*\n$/);
        assert.match(r.stderr, reason);
        assert.ok(!r.stderr.includes('s3cret') && !r.stderr.includes('50%off'), r.stderr);
      } finally {
        project.remove();
      }
    });
  }
});

describe('revision --branch-label is validated before anything is written (14.4)', () => {
  for (const label of ["a'b", 'head', '-x', 'a b', 'x@y']) {
    test(`--branch-label ${JSON.stringify(label)}: exit 2 naming the flag, no file, later commands still work`, async () => {
      const project = createProject('sqlite::memory:', 'sqlite');
      try {
        const r = await project.cli(['revision', '-m', 'labelled', '--branch-label', label]);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /^athanor: error: --branch-label: .*(not valid|reserved)/);
        assert.deepEqual(readdirSync(join(project.dir, 'migrations')), []);
        const heads = await project.cli(['heads']);
        assert.equal(heads.code, 0, heads.stderr);
        const good = await project.cli(['revision', '-m', 'labelled', '--branch-label', 'feature.x-1']);
        assert.equal(good.code, 0, good.stderr);
        const history = await project.cli(['history']);
        assert.equal(history.code, 0, history.stderr);
      } finally {
        project.remove();
      }
    });
  }
});
