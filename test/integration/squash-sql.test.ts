// `athanor squash` in an `init --format sql` project (qa-session10 Q2): a range of .sql migrations gives a .sql
// squash (the originals' sections as written, each under a line naming it, a last statement without `;` closed),
// lint finds nothing in it, a fresh database upgrades through it to the schema the originals give, downgrade base
// and verify go through it; a database stamped inside the range upgrades through the originals; --delete-replaced
// is refused while one is inside and deletes them after.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { catalogDifferences, readCatalog } from '../support/catalog.js';
import { queryRows, versionRows } from '../support/db.js';
import { runCliInProcess } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

interface SqlRevision {
  revision: string;
  down: string | null;
  upgrade: string;
  downgrade: string;
}

// the last statements of s2's and s3's upgrades have no `;` (s3's is followed by a comment): concatenated
// as they are, they would join the next file's first statement
const HISTORY: SqlRevision[] = [
  { revision: 's1', down: null, upgrade: 'CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(50));', downgrade: 'DROP TABLE customers;' },
  {
    revision: 's2',
    down: 's1',
    upgrade: 'ALTER TABLE customers ADD COLUMN full_name VARCHAR(100);\nCREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR(200))',
    downgrade: 'DROP TABLE notes;\nALTER TABLE customers DROP COLUMN full_name;',
  },
  { revision: 's3', down: 's2', upgrade: 'CREATE TABLE tags (id INTEGER PRIMARY KEY, name VARCHAR(30)) -- the tag list', downgrade: 'DROP TABLE tags;' },
  { revision: 's4', down: 's3', upgrade: 'CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER);', downgrade: 'DROP TABLE orders;' },
];

function sqlFile(r: SqlRevision): string {
  return `-- revision: ${r.revision}\n-- down-revision: ${r.down ?? 'null'}\n-- message: rev ${r.revision}\n\n-- +upgrade\n${r.upgrade}\n\n-- +downgrade\n${r.downgrade}\n`;
}

for (const target of selectedTargets(['postgres', 'sqlite'])) {
  describe(`squash in a .sql project on ${target.name}`, () => {
    let main: TestDatabase;
    let fresh: TestDatabase;
    let stranded: TestDatabase;
    let dir: string;
    const migrations = (): string[] => readdirSync(join(dir, 'migrations')).sort();
    const run = async (args: string[], url = main.url): Promise<{ code: number; out: string }> => {
      const r = await runCliInProcess(['--url', url, ...args], dir);
      return { code: r.code, out: `${r.stdout}${r.stderr}` };
    };
    const ok = async (args: string[], url = main.url): Promise<string> => {
      const r = await run(args, url);
      assert.equal(r.code, 0, `athanor ${args.join(' ')} exited ${r.code}:\n${r.out}`);
      return r.out;
    };

    before(async () => {
      [main, fresh, stranded] = [await target.create('sqsql'), await target.create('sqsql-fresh'), await target.create('sqsql-in')];
      dir = mkdtempSync(join(tmpdir(), 'ath-squash-sql-'));
      const init = await runCliInProcess(['init', '--format', 'sql', '--dialect', target.dialect], dir);
      assert.equal(init.code, 0, init.stderr);
      HISTORY.forEach((r, i) => writeFileSync(join(dir, 'migrations', `0000${i + 1}_${r.revision}_rev.sql`), sqlFile(r)));
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      for (const db of [main, fresh, stranded]) await db.drop();
    });

    test('squash base:s3 writes a .sql squash; a database inside the range upgrades through the originals', async () => {
      await ok(['upgrade', 's1']);
      await ok(['upgrade', 's2'], stranded.url);
      await queryRows(main.url, `INSERT INTO customers (id, name) VALUES (1, 'Ada')`);
      const before = migrations();

      const refused = await run(['squash', 'base:s3', '-m', 'first three', '--delete-replaced']);
      assert.equal(refused.code, 2, refused.out);
      assert.match(refused.out, /--delete-replaced: the configured database is at s1, inside the range/);
      assert.deepEqual(migrations(), before, 'nothing written');

      const out = await ok(['squash', 'base:s3', '-m', 'first three', '--rev-id', 'sq_first']);
      assert.match(out, /created migrations\/\S+_sq_first_first_three\.sql \(revision sq_first\): replaces s1, s2, s3/);
      assert.equal(migrations().filter((f) => !f.endsWith('.sql')).length, 0, `no TypeScript: ${migrations().join(', ')}`);
      const file = migrations().find((f) => f.includes('_sq_first_'));
      assert.ok(file);
      const text = readFileSync(join(dir, 'migrations', file), 'utf8');
      assert.match(text, /^-- revision: sq_first\n-- down-revision: null\n-- replaces: s1, s2, s3\n/);
      assert.match(text, /-- \+upgrade\n-- ── s1 \(00001_s1_rev\.sql\): rev s1\nCREATE TABLE customers/);
      assert.match(text, /CREATE TABLE notes \(id INTEGER PRIMARY KEY, body VARCHAR\(200\)\);\n\n-- ── s3 \(00003_s3_rev\.sql\)/, "s2's last statement closed");
      assert.match(text, /name VARCHAR\(30\)\) -- the tag list\n;\n\n-- \+downgrade\n-- ── s3 /, "s3's closed after its comment; downgrades newest first");
      assert.doesNotMatch(text, /transactional/);

      const lint = await run(['lint', '--json']);
      assert.equal(lint.code, 0, lint.out);
      assert.deepEqual((JSON.parse(lint.out) as { findings: unknown[] }).findings, [], 'lint finds nothing');

      await ok(['upgrade', 'head']);
      assert.deepEqual(await versionRows(main.url), ['s4']);
      assert.deepEqual(await queryRows(main.url, 'SELECT name, full_name FROM customers'), [{ name: 'Ada', full_name: null }], 'upgraded through the originals, the row kept');
      await ok(['upgrade', 'head'], stranded.url);
      assert.deepEqual(await versionRows(stranded.url), ['s4']);
    });

    test('--delete-replaced once no database is inside; a fresh database upgrades through the squash, downgrades to base, verify passes', async () => {
      const again = await ok(['squash', 'base:s3', '-m', 'first three', '--delete-replaced']);
      assert.match(again, /deleted 3 replaced file\(s\)/);
      assert.deepEqual(migrations().map((f) => f.replace(/^(\d+_)+/, '')), ['s4_rev.sql', 'sq_first_first_three.sql']);

      await ok(['upgrade', 'head'], fresh.url);
      assert.deepEqual(await versionRows(fresh.url), ['s4']);
      assert.deepEqual(catalogDifferences(await readCatalog(main.url), await readCatalog(fresh.url)), []);
      await ok(['downgrade', 'base'], fresh.url);
      assert.deepEqual(await versionRows(fresh.url), []);
      await ok(['verify'], fresh.url);
    });
  });
}
