// A new user's first hour through the CLI (issue 9): what athanor prints, writes and refuses in a fresh project,
// the way a newcomer meets it — `init`, models, migrate, upgrade, no flags.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BIN, createProject, runCliInProcess, type CliResult, type TestProject } from '../support/project.js';
import { freshProject, type FreshProject } from '../support/fresh-project.js';
import { onlyOn, postgresTarget } from '../support/targets.js';

const todosModel = (columns: string) => `import { table, t } from 'athanor';
export const todos = table('todos', {
  id: t.serial().primaryKey(),
${columns}
});
`;

/** The binary with its stdout piped into a reader that has already gone (`athanor history | head -0`). */
function spawnIntoClosedPipe(args: string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, DATABASE_URL: '', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: '', stderr }));
  });
}

describe('output into a pipe closed early (athanor history | head)', onlyOn('sqlite'), () => {
  let dir: string;
  let project: TestProject;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ath-epipe-'));
    project = createProject(`sqlite:${join(dir, 'app.db')}`, 'sqlite');
    let down: string | null = null;
    for (let i = 0; i < 40; i++) {
      const revision = `e${String(i).padStart(11, '0')}`;
      project.migration({ revision, down, upgrade: `await op.execute('SELECT ${i}');`, downgrade: `await op.execute('SELECT ${i}');` });
      down = revision;
    }
  });
  after(() => {
    project.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const args of [['history'], ['history', '-v'], ['upgrade', '--dry-run'], ['upgrade', '--sql']]) {
    test(`athanor ${args.join(' ')} ends quietly`, async () => {
      const result = await spawnIntoClosedPipe(['--url', project.url, ...args], project.dir);
      assert.doesNotMatch(result.stderr, /EPIPE|Error|at /, result.stderr);
      assert.equal(result.code, 0, result.stderr);
    });
  }
});

describe('small glitches (issue 9 item 18)', onlyOn('sqlite'), () => {
  let project: FreshProject;
  before(async () => {
    project = await freshProject();
  });
  after(() => project.remove());

  test('migrate prints each destructive warning once; lint --json names files as the text output does', async () => {
    project.write('models.ts', todosModel(`  title: t.text().notNull(),\n  extra: t.text(),\n  more: t.integer(),`));
    assert.equal((await project.cli(['migrate', '-m', 'create todos'])).code, 0);
    assert.equal((await project.cli(['upgrade'])).code, 0);
    project.write('models.ts', todosModel(`  title: t.text().notNull(),`));
    const migrate = await project.cli(['migrate', '-m', 'drop extras']);
    assert.equal(migrate.code, 0, migrate.stderr);
    const warnings = migrate.stdout.split('\n').filter((line) => /WARNING/.test(line));
    assert.deepEqual(warnings.map((w) => w.trim()), ['WARNING destructive: drop column todos.extra', 'WARNING destructive: drop column todos.more']);

    const json = JSON.parse((await project.cli(['lint', '--json'])).stdout) as { findings: Array<{ file: string }> };
    const text = (await project.cli(['lint'])).stdout;
    assert.ok(json.findings.length > 0);
    for (const finding of json.findings) {
      assert.match(finding.file, /^migrations\/\d{8}_\d{6}_[0-9a-f]{12}_drop_extras\.ts$/);
      assert.ok(text.includes(finding.file), text);
    }
  });

  test('every error line starts the same way, commander refusals included', async () => {
    const lines = [
      (await project.cli(['frobnicate'])).stderr,
      (await project.cli(['migrate'])).stderr,
      (await project.cli(['upgrade', '--bogus'])).stderr,
      (await project.cli(['upgrade', 'zzzz'])).stderr,
    ].map((stderr) => stderr.split('\n')[0] ?? '');
    for (const line of lines) assert.match(line, /^athanor: error: \S/, lines.join('\n'));
  });

  test('a misspelled option of a command that needs -m is named, with the option meant; -m itself is still required', async () => {
    const typo = await project.cli(['migrate', '--mesage', 'add todos']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /^athanor: error: unknown option '--mesage'\n\(Did you mean --message\?\)/);
    const missing = await project.cli(['migrate']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^athanor: error: required option '-m, --message <message>' not specified/);
    const merge = await project.cli(['merge', 'heads', '--mesage', 'x']);
    assert.match(merge.stderr, /unknown option '--mesage'/);
  });

  test('a URL of the wrong dialect names where it came from and the fix', async () => {
    const result = await project.cli(['current'], { DATABASE_URL: 'mysql://app@localhost/app' });
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr.split('\n')[0],
      `athanor: error: DATABASE_URL is a mysql URL but the config says dialect "sqlite": use a sqlite URL, or set dialect: 'mysql' in the config`,
    );
  });
});

describe('--verbose means one thing: say more (issue 9 item 17)', onlyOn('sqlite'), () => {
  let project: FreshProject;
  before(async () => {
    project = await freshProject();
    assert.equal((await project.cli(['revision', '-m', 'first'])).code, 0);
  });
  after(() => project.remove());

  test('history, current, heads, branches give full entries with -v wherever it is written', async () => {
    const detailed = await project.cli(['history', '-v']);
    assert.equal(detailed.code, 0, detailed.stderr);
    assert.match(detailed.stdout, /^Revision: [0-9a-f]{12} \(head\)\nParent: <base>\nPath: migrations\/.*_first\.ts\n\n {4}first\n/);
    assert.equal((await project.cli(['-v', 'history'])).stdout, detailed.stdout);
    assert.equal((await project.cli(['history', '--verbose'])).stdout, detailed.stdout);
    assert.match((await project.cli(['history'])).stdout, /^<base> -> [0-9a-f]{12} \(head\), first\n$/);
    assert.match((await project.cli(['heads', '-v'])).stdout, /^Revision: /);
    assert.match((await project.cli(['history', '--help'])).stdout, /-v, --verbose +more detail: full revision entries/);
  });

  test('an error prints one line, and its stack trace with -v (before or after the command)', async () => {
    const plain = await project.cli(['upgrade', 'zzzz']);
    assert.equal(plain.code, 2);
    assert.equal(plain.stderr, `athanor: error: unknown revision 'zzzz' (see \`athanor history\`)\n`);
    for (const args of [['upgrade', 'zzzz', '-v'], ['-v', 'upgrade', 'zzzz'], ['upgrade', '--verbose', 'zzzz']]) {
      const verbose = await project.cli(args);
      assert.equal(verbose.code, 2);
      assert.match(verbose.stderr, /^athanor: error: unknown revision 'zzzz'.*\n.*Error: unknown revision 'zzzz'.*\n\s+at /, verbose.stderr);
    }
  });
});

describe('init writes what a project needs (issue 9 item 19)', onlyOn('sqlite'), () => {
  test('.gitignore gets .athanor/ and the SQLite side files once, kept lines and all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ath-gitignore-'));
    try {
      writeFileSync(join(dir, '.gitignore'), 'node_modules\n/.athanor');
      const init = await runCliInProcess(['init', '--dialect', 'sqlite'], dir);
      assert.equal(init.code, 0, init.stderr);
      assert.match(init.stdout, /^updated \.gitignore$/m);
      const text = readFileSync(join(dir, '.gitignore'), 'utf8');
      assert.equal(text, 'node_modules\n/.athanor\n\n# athanor\ndev.db\n*.db-journal\n*.db-wal\n*.db-shm\n*.db-athanor-lock\n*.db-athanor-lock-owner\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const project = await freshProject(['--dialect', 'postgres']);
    try {
      assert.equal(project.read('.gitignore'), '# athanor\n.athanor/\n');
    } finally {
      await project.remove();
    }
  });

  test('with DATABASE_URL (or --url) set and no --dialect, init writes that URL\'s dialect, so the next command accepts the URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ath-init-url-'));
    try {
      const init = await runCliInProcess(['init'], dir, { DATABASE_URL: 'sqlite:./app.db' });
      assert.equal(init.code, 0, init.stderr);
      assert.match(readFileSync(join(dir, 'athanor.config.ts'), 'utf8'), /^\s*dialect: 'sqlite',$/m);
      const upgrade = await runCliInProcess(['upgrade'], dir, { DATABASE_URL: 'sqlite:./app.db' });
      assert.equal(upgrade.code, 0, upgrade.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const mysql = mkdtempSync(join(tmpdir(), 'ath-init-url-'));
    try {
      const init = await runCliInProcess(['--url', 'mysql://root@127.0.0.1:3306/app', 'init'], mysql);
      assert.equal(init.code, 0, init.stderr);
      assert.match(readFileSync(join(mysql, 'athanor.config.ts'), 'utf8'), /^\s*dialect: 'mysql',$/m);
      assert.doesNotMatch(init.stdout, /set DATABASE_URL/);
    } finally {
      rmSync(mysql, { recursive: true, force: true });
    }
  });

  test('the MySQL config leaves the URL commented out, like the PostgreSQL one, and says where it goes', async () => {
    const project = await freshProject(['--dialect', 'mysql']);
    try {
      const config = project.read('athanor.config.ts');
      assert.doesNotMatch(config, /^\s*url:/m);
      assert.match(config, /^\s*\/\/ url: 'mysql:\/\/user:password@localhost:3306\/app',$/m);
      const migrate = await project.cli(['migrate', '-m', 'create todos']);
      assert.equal(migrate.code, 2);
      assert.match(migrate.stderr, /^athanor: error: no database URL: set DATABASE_URL/);
    } finally {
      await project.remove();
    }
  });

  test("an empty revision's example line runs once uncommented: the template imports t", async () => {
    const project = await freshProject();
    try {
      assert.equal((await project.cli(['migrate', '-m', 'create todos'])).code, 0);
      assert.equal((await project.cli(['upgrade'])).code, 0);
      assert.equal((await project.cli(['revision', '-m', 'add completed'])).code, 0);
      const file = join('migrations', project.migrations().find((f) => f.endsWith('_add_completed.ts')) ?? '');
      const text = project.read(file);
      assert.match(text, /^import \{ t, type Op \} from 'athanor';$/m);
      project.write(file, text.replace(/\/\/ write the (up|down)grade here[^,]*, e\.g\. /g, ''));
      const upgrade = await project.cli(['upgrade']);
      assert.equal(upgrade.code, 0, upgrade.stderr);
      const downgrade = await project.cli(['downgrade']);
      assert.equal(downgrade.code, 0, downgrade.stderr);
    } finally {
      await project.remove();
    }
  });

  test('the migrations folder may be named as Alembic does (`alembic init <dir>`), and two different names are refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ath-init-dir-'));
    try {
      const init = await runCliInProcess(['init', 'db/versions', '--dialect', 'sqlite'], dir);
      assert.equal(init.code, 0, init.stderr);
      assert.match(readFileSync(join(dir, 'athanor.config.ts'), 'utf8'), /^\s*migrations: 'db\/versions',$/m);
      const revision = await runCliInProcess(['revision', '-m', 'first'], dir);
      assert.equal(revision.code, 0, revision.stderr);
      assert.match(revision.stdout, /created db\/versions\/\d+_\d+_[0-9a-f]+_first\.ts/);
      mkdirSync(join(dir, 'other'));
      const both = await runCliInProcess(['init', 'a', '--migrations', 'b'], join(dir, 'other'));
      assert.equal(existsSync(join(dir, 'other', 'athanor.config.ts')), false);
      assert.equal(both.code, 2);
      assert.match(both.stderr, /two migrations folders \(a and --migrations b\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('which database a command uses (issue 9 item 16)', onlyOn('sqlite'), () => {
  let project: FreshProject;
  before(async () => {
    project = await freshProject();
    project.write('models.ts', todosModel(`  title: t.text().notNull(),`));
  });
  after(() => project.remove());

  test('a read command on a SQLite file that does not exist is an error and creates nothing; migrate compares with an empty one', async () => {
    for (const args of [['current'], ['check'], ['history', '-r', 'current:'], ['downgrade'], ['--url', 'sqlite:./typo.db', 'current']]) {
      const result = await project.cli(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, /^athanor: error: the SQLite database (dev|typo)\.db does not exist: check the URL \(`athanor upgrade` creates it\)\n$/);
    }
    const migrate = await project.cli(['migrate', '-m', 'create todos']);
    assert.equal(migrate.code, 0, migrate.stderr);
    assert.match(migrate.stdout, /create table todos/);
    assert.ok(!existsSync(join(project.dir, 'dev.db')), 'dev.db was created by a command that only reads');
    assert.ok(!existsSync(join(project.dir, 'typo.db')), 'typo.db was created by a command that only reads');
  });

  test('upgrade creates the file; commands that change the database name it first', async () => {
    const upgrade = await project.cli(['upgrade']);
    assert.equal(upgrade.code, 0, upgrade.stderr);
    assert.equal(upgrade.stderr, '');
    assert.match(upgrade.stdout, /^target: sqlite:\.\/dev\.db\napplied /);
    assert.ok(existsSync(join(project.dir, 'dev.db')));
    assert.equal((await project.cli(['current'])).code, 0);
    const downgrade = await project.cli(['downgrade']);
    assert.match(downgrade.stdout, /^target: sqlite:\.\/dev\.db\nreverted /);
    const stamp = await project.cli(['stamp', 'head']);
    assert.match(stamp.stdout, /^target: sqlite:\.\/dev\.db\nstamped: /);
    const offline = await project.cli(['upgrade', '--sql']);
    assert.doesNotMatch(offline.stdout, /target:/, 'an offline script touches no database');
  });
});

describe('the target is printed with its password masked', onlyOn('postgres'), () => {
  test('upgrade on a server names user, host and database, never the password', async () => {
    const db = await postgresTarget.create('target');
    const project = await freshProject(['--dialect', 'postgres']);
    try {
      // the test server trusts local connections, so any password is accepted, and must not be printed
      const url = new URL(db.url);
      url.password = 's3cretpw';
      const upgrade = await project.cli(['--url', url.toString(), 'upgrade']);
      assert.equal(upgrade.code, 0, upgrade.stderr);
      assert.equal(upgrade.stdout.split('\n')[0], `target: postgres://${url.username}:***@${url.host}${url.pathname}`);
      assert.doesNotMatch(upgrade.stdout + upgrade.stderr, /s3cretpw/);
    } finally {
      await project.remove();
      await db.drop();
    }
  });
});

describe('advice that leads somewhere: two heads, a branch switch (issue 9 item 10)', onlyOn('sqlite'), () => {
  let project: FreshProject;
  let base: string;
  before(async () => {
    project = await freshProject();
    project.write('models.ts', todosModel(`  title: t.text().notNull(),`));
    assert.equal((await project.cli(['migrate', '-m', 'create todos'])).code, 0);
    assert.equal((await project.cli(['upgrade'])).code, 0);
    base = (project.migrations()[0] ?? '').split('_')[2] ?? '';
  });
  after(() => project.remove());

  test('with two heads, migrate, check and upgrade all name `athanor merge heads`, which gets the user going', async () => {
    assert.equal((await project.cli(['revision', '-m', 'mine', '--head', base])).code, 0);
    const unspliced = await project.cli(['revision', '-m', 'theirs', '--head', base]);
    assert.equal(unspliced.code, 2, 'a branch beside an existing child is said with --splice, as in Alembic');
    assert.match(unspliced.stderr, new RegExp(`--head ${base}: ${base} is not a head, .*pass --splice`));
    assert.equal((await project.cli(['revision', '-m', 'theirs', '--head', base, '--splice'])).code, 0);
    project.write('models.ts', todosModel(`  title: t.text().notNull(),\n  done: t.boolean(),`));
    for (const args of [['migrate', '-m', 'add done'], ['check'], ['upgrade']]) {
      const result = await project.cli(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, /^athanor: error: .*(2 heads|multiple heads).*`athanor merge heads -m "merge branches"`/, result.stderr);
    }
    assert.equal((await project.cli(['merge', 'heads', '-m', 'merge branches'])).code, 0);
    assert.equal((await project.cli(['upgrade'])).code, 0);
    const migrate = await project.cli(['migrate', '-m', 'add done']);
    assert.equal(migrate.code, 0, migrate.stderr);
    assert.equal((await project.cli(['upgrade'])).code, 0);
  });

  test('after a branch switch, the revision missing from migrations/ is named, with the way back', async () => {
    // the branch being left applied its newest revision; the branch switched to does not have the file
    const newest = project.migrations().find((f) => f.endsWith('_add_done.ts')) ?? '';
    const revision = newest.split('_')[2] ?? '';
    const text = project.read(join('migrations', newest));
    rmSync(join(project.dir, 'migrations', newest));
    for (const args of [['migrate', '-m', 'more'], ['check'], ['upgrade'], ['downgrade']]) {
      const result = await project.cli(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(
        result.stderr,
        new RegExp(`^athanor: error: the database is at revision ${revision}, which is not in migrations/ \\(applied from another branch, or the file was deleted\\): check out the branch that has it and \`athanor downgrade\``),
        result.stderr,
      );
    }
    // back on the branch: downgrade one step, switch again, and the folder and the database agree
    project.write(join('migrations', newest), text);
    assert.equal((await project.cli(['downgrade'])).code, 0);
    rmSync(join(project.dir, 'migrations', newest));
    project.write('models.ts', todosModel(`  title: t.text().notNull(),`));
    const check = await project.cli(['check']);
    assert.equal(check.code, 0, check.stdout + check.stderr);
  });
});

describe('a broken models file or migration says where (issue 9 item 6)', onlyOn('sqlite'), () => {
  let project: FreshProject;
  before(async () => {
    project = await freshProject();
  });
  after(() => project.remove());

  const model = (title: string) => `import { table, t } from 'athanor';\nexport const posts = table('posts', {\n  id: t.serial().primaryKey(),\n  title: ${title},\n});\n`;

  test('a syntax error: file:line:col and the message, not "Transform failed"', async () => {
    project.write('models.ts', model('t.text(.notNull()'));
    const result = await project.cli(['migrate', '-m', 'posts']);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'athanor: error: cannot load models.ts:4:17: Unexpected "."\n');
  });

  test('a misspelled column type names itself and the type meant, at its line', async () => {
    project.write('models.ts', model('t.varchr(20).notNull()'));
    const result = await project.cli(['migrate', '-m', 'posts']);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'athanor: error: cannot load models.ts:4:12: t.varchr is not a column type (did you mean varchar?)\n');
    project.write('models.ts', model('t.text().notNul()'));
    const modifier = await project.cli(['migrate', '-m', 'posts']);
    assert.equal(modifier.stderr, 'athanor: error: cannot load models.ts:4:19: t.text(...).notNul is not a function\n');
  });

  test('a migration that does not parse stops upgrade with its file:line:col', async () => {
    project.write('models.ts', model('t.text().notNull()'));
    assert.equal((await project.cli(['migrate', '-m', 'posts'])).code, 0);
    const file = join('migrations', project.migrations()[0] ?? '');
    const text = project.read(file);
    const line = text.split('\n').findIndex((l) => l.includes('await op.createTable(')) + 1;
    project.write(file, text.replace('await op.createTable(', 'await op.createTable(('));
    const result = await project.cli(['upgrade']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(`^athanor: error: cannot load ${file.replace(/\./g, '\\.')}:\\d+:\\d+: Expected "\\)" but found ";"\\n$`));
    const reported = Number(/:(\d+):\d+: /.exec(result.stderr)?.[1]);
    assert.ok(reported >= line && reported <= line + 4, `line ${reported}, the call is on ${line}`);
    assert.ok(!existsSync(join(project.dir, 'dev.db')) || (await project.cli(['current'])).stdout.includes('<base>'), 'nothing applied');
  });
});
