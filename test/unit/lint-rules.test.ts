// Each lint rule: a migration that fires it and one that does not. Migrations are real files in a temp
// folder, loaded and run offline exactly as `athanor lint` does (no database).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintProject, type LintInput, type LintReport } from '../../src/lint/index.js';

let root: string;
let cases = 0;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'ath-lint-rules-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

interface TsOptions {
  rev?: string;
  down?: string | null;
  transactional?: boolean;
}

/** A TS migration whose upgrade body is `body` (one statement per line). */
function ts(body: string, options: TsOptions = {}): string {
  const { rev = 'r0001', down = null } = options;
  return [
    "import { t, index, type Op } from 'athanor';",
    '',
    `export const revision = '${rev}';`,
    `export const downRevision = ${down === null ? 'null' : `'${down}'`};`,
    options.transactional === false ? 'export const transactional = false;' : '',
    '',
    'export async function upgrade(op: Op): Promise<void> {',
    ...body.split('\n').map((line) => `  ${line}`),
    '}',
    '',
  ].join('\n');
}

async function lintFiles(files: Record<string, string>, options: Partial<LintInput> = {}): Promise<LintReport> {
  const dir = path.join(root, `case${++cases}`);
  await mkdir(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return lintProject({ migrationsDir: dir, dialect: 'postgres', ...options });
}

/** Rule ids of the findings, in order. */
async function rulesOf(body: string, options: TsOptions & Partial<LintInput> = {}): Promise<string[]> {
  const report = await lintFiles({ '0001_m.ts': ts(body, options) }, options);
  return report.findings.map((f) => f.rule);
}

const NEW_TABLE = "await op.createTable('fresh', { id: t.serial().primaryKey(), a: t.integer(), b: t.integer() });";

describe('create-index-non-concurrently', () => {
  test('fires for op.createIndex and raw CREATE INDEX on an existing table, at the call', async () => {
    const report = await lintFiles({
      '0001_m.ts': ts("await op.createIndex('ix_todos_a', 'todos', ['a']);\nawait op.execute('CREATE INDEX ix_b ON todos (b)');"),
    });
    assert.deepEqual(
      report.findings.map((f) => [f.rule, f.severity, f.line, f.column]),
      [
        ['create-index-non-concurrently', 'error', 8, 12],
        ['create-index-non-concurrently', 'error', 9, 12],
      ],
    );
    assert.match(report.findings[0]?.message ?? '', /ix_todos_a.*existing table todos/);
    assert.match(report.findings[0]?.fix ?? '', /concurrently: true.*transactional = false/);
    assert.match(report.findings[1]?.fix ?? '', /CREATE INDEX CONCURRENTLY/);
  });

  test('quiet for a table created in the same migration, and for concurrently outside a transaction', async () => {
    assert.deepEqual(await rulesOf(`${NEW_TABLE}\nawait op.createIndex('ix_fresh_a', 'fresh', ['a']);\nawait op.execute('CREATE INDEX ix_fresh_b ON fresh (b)');`), []);
    assert.deepEqual(await rulesOf("await op.execute(\"SET lock_timeout = '5s'\");\nawait op.createIndex('ix', 'todos', ['a'], { concurrently: true });", { transactional: false }), []);
  });
});

describe('concurrently-in-transaction', () => {
  test('fires for concurrent index ops and VACUUM in a transactional migration', async () => {
    const body = "await op.createIndex('ix', 'todos', ['a'], { concurrently: true });\nawait op.dropIndex('ix_old', 'todos', { concurrently: true });\nawait op.execute('VACUUM todos');";
    assert.deepEqual(await rulesOf(body), ['concurrently-in-transaction', 'concurrently-in-transaction', 'concurrently-in-transaction']);
  });

  test('quiet when the migration is non-transactional', async () => {
    const body = "await op.execute(\"SET lock_timeout = '5s'\");\nawait op.createIndex('ix', 'todos', ['a'], { concurrently: true });\nawait op.execute('DROP INDEX CONCURRENTLY ix_old');";
    assert.deepEqual(await rulesOf(body, { transactional: false }), []);
  });
});

describe('constraint-without-not-valid', () => {
  test('fires for a foreign key, a check, a column .references() and a validate in the adding transaction', async () => {
    const body = [
      "await op.createForeignKey('fk_todos_owner', 'todos', 'users', ['owner_id'], ['id']);",
      "await op.createCheckConstraint('ck_todos_len', 'todos', 'length(description) > 0');",
      "await op.addColumn('todos', 'project_id', t.integer().references('projects.id'));",
      "await op.createCheckConstraint('ck_pos', 'todos', 'a > 0', { notValid: true });",
      "await op.validateConstraint('ck_pos', 'todos');",
    ].join('\n');
    const report = await lintFiles({ '0001_m.ts': ts(body) });
    assert.deepEqual(
      report.findings.map((f) => [f.rule, f.line]),
      [
        ['constraint-without-not-valid', 8],
        ['constraint-without-not-valid', 9],
        ['constraint-without-not-valid', 10],
        ['constraint-without-not-valid', 12],
      ],
    );
    assert.match(report.findings[2]?.fix ?? '', /without \.references\(\)/);
    assert.match(report.findings[3]?.message ?? '', /same transaction/);
  });

  test('quiet with notValid, with NOT VALID in SQL, and on a new table', async () => {
    const body = [
      "await op.createForeignKey('fk', 'todos', 'users', ['owner_id'], ['id'], { notValid: true });",
      "await op.execute('ALTER TABLE todos ADD CONSTRAINT ck CHECK (a > 0) NOT VALID');",
      NEW_TABLE,
      "await op.createForeignKey('fk_fresh', 'fresh', 'users', ['a'], ['id']);",
    ].join('\n');
    assert.deepEqual(await rulesOf(body), []);
  });
});

describe('set-not-null-without-check', () => {
  test('fires for alterColumn nullable: false and raw SET NOT NULL on an existing table', async () => {
    const body = "await op.alterColumn('todos', 'done', { nullable: false });\nawait op.execute('ALTER TABLE todos ALTER COLUMN a SET NOT NULL');";
    const report = await lintFiles({ '0001_m.ts': ts(body) });
    assert.deepEqual(report.findings.map((f) => [f.rule, f.severity]), [
      ['set-not-null-without-check', 'warning'],
      ['set-not-null-without-check', 'warning'],
    ]);
  });

  test('quiet once a CHECK (col IS NOT NULL) added NOT VALID earlier is validated', async () => {
    const report = await lintFiles({
      '0001_a.ts': ts("await op.createCheckConstraint('ck_done', 'todos', 'done IS NOT NULL', { notValid: true });", { rev: 'r0001' }),
      '0002_b.ts': ts(
        ["await op.validateConstraint('ck_done', 'todos');", "await op.alterColumn('todos', 'done', { nullable: false });", "await op.dropConstraint('ck_done', 'todos');"].join('\n'),
        { rev: 'r0002', down: 'r0001' },
      ),
    });
    assert.deepEqual(report.findings, []);
  });

  test('fires again when the check was dropped before SET NOT NULL', async () => {
    const report = await lintFiles({
      '0001_a.ts': ts("await op.createCheckConstraint('ck_done', 'todos', 'done IS NOT NULL', { notValid: true });", { rev: 'r0001' }),
      '0002_b.ts': ts(
        ["await op.validateConstraint('ck_done', 'todos');", "await op.dropConstraint('ck_done', 'todos');", "await op.alterColumn('todos', 'done', { nullable: false });"].join('\n'),
        { rev: 'r0002', down: 'r0001' },
      ),
    });
    assert.deepEqual(report.findings.map((f) => f.rule), ['set-not-null-without-check']);
  });
});

describe('volatile-default', () => {
  test('fires for a volatile default and a serial column added to an existing table', async () => {
    const body = [
      "await op.addColumn('todos', 'token', t.uuid().defaultSql('gen_random_uuid()'));",
      "await op.addColumn('todos', 'seq', t.bigserial());",
      "await op.execute('ALTER TABLE todos ADD COLUMN r float8 DEFAULT random()');",
    ].join('\n');
    assert.deepEqual(await rulesOf(body), ['volatile-default', 'volatile-default', 'volatile-default']);
  });

  test('quiet for now(), constants, and a new table', async () => {
    const body = [
      "await op.addColumn('todos', 'created_at', t.timestamptz().defaultSql('now()'));",
      "await op.addColumn('todos', 'done', t.boolean().default(false));",
      NEW_TABLE,
      "await op.addColumn('fresh', 'token', t.uuid().defaultSql('gen_random_uuid()'));",
    ].join('\n');
    assert.deepEqual(await rulesOf(body), []);
  });
});

describe('add-stored-generated-column', () => {
  test('fires on an existing table, quiet on a new one', async () => {
    assert.deepEqual(await rulesOf("await op.addColumn('todos', 'a2', t.integer().generated('a * 2'));"), ['add-stored-generated-column']);
    assert.deepEqual(await rulesOf(`${NEW_TABLE}\nawait op.addColumn('fresh', 'a2', t.integer().generated('a * 2'));`), []);
  });
});

describe('type-change-rewrite', () => {
  test('fires for int → bigint, and uses the type an earlier migration gave the column', async () => {
    assert.deepEqual(await rulesOf("await op.alterColumn('todos', 'a', { type: t.bigint(), existingType: t.integer() });"), ['type-change-rewrite']);
    const report = await lintFiles({
      '0001_a.ts': ts("await op.createTable('items', { id: t.serial().primaryKey(), qty: t.integer(), name: t.varchar(50) });", { rev: 'r0001' }),
      '0002_b.ts': ts("await op.alterColumn('items', 'qty', { type: t.bigint() });\nawait op.alterColumn('items', 'name', { type: t.text() });", { rev: 'r0002', down: 'r0001' }),
    });
    assert.deepEqual(report.findings.map((f) => [f.rule, f.line]), [['type-change-rewrite', 8]]);
    assert.match(report.findings[0]?.message ?? '', /from integer to bigint/);
  });

  test('quiet for varchar widening, varchar → text and numeric precision increase', async () => {
    const body = [
      "await op.alterColumn('todos', 'title', { type: t.varchar(200), existingType: t.varchar(100) });",
      "await op.alterColumn('todos', 'body', { type: t.text(), existingType: t.varchar(100) });",
      "await op.alterColumn('todos', 'price', { type: t.numeric(12, 2), existingType: t.numeric(10, 2) });",
    ].join('\n');
    assert.deepEqual(await rulesOf(body), []);
  });
});

describe('add-column-not-null-without-default', () => {
  test("fires for the seeds' example: a NOT NULL boolean added to todos (PostgreSQL and SQLite, not MySQL)", async () => {
    const body = "await op.addColumn('todos', 'completed', t.boolean().notNull());";
    assert.deepEqual(await rulesOf(body), ['add-column-not-null-without-default']);
    assert.deepEqual(await rulesOf(body, { dialect: 'sqlite' }), ['add-column-not-null-without-default']);
    assert.deepEqual(await rulesOf(body, { dialect: 'mysql' }), []);
  });

  test('quiet with a default, nullable, serial, or on a new table', async () => {
    const body = [
      "await op.addColumn('todos', 'completed', t.boolean().notNull().default(false));",
      "await op.addColumn('todos', 'note', t.text());",
      NEW_TABLE,
      "await op.addColumn('fresh', 'c', t.integer().notNull());",
    ].join('\n');
    assert.deepEqual(await rulesOf(body), []);
  });
});

describe('add-unique-constraint and add-primary-key', () => {
  test('fire for constraints added directly to an existing table', async () => {
    const body = [
      "await op.createUniqueConstraint('uq_todos_a', 'todos', ['a']);",
      "await op.addColumn('todos', 'code', t.text().unique());",
      "await op.createPrimaryKey('todos_pkey', 'todos', ['id']);",
    ].join('\n');
    const report = await lintFiles({ '0001_m.ts': ts(body) });
    assert.deepEqual(report.findings.map((f) => f.rule), ['add-unique-constraint', 'add-unique-constraint', 'add-primary-key']);
    assert.match(report.findings[1]?.fix ?? '', /without \.unique\(\)/);
  });

  test('quiet for ADD CONSTRAINT … USING INDEX and on a new table', async () => {
    const body = [
      "await op.execute('ALTER TABLE todos ADD CONSTRAINT uq_a UNIQUE USING INDEX ux_a');",
      NEW_TABLE,
      "await op.createUniqueConstraint('uq_fresh_a', 'fresh', ['a']);",
    ].join('\n');
    assert.deepEqual(await rulesOf(body), []);
  });
});

describe('backfill-in-ddl-transaction', () => {
  test('fires for an UPDATE of a table altered earlier in the same transaction', async () => {
    const body = "await op.addColumn('todos', 'done', t.boolean());\nawait op.execute('UPDATE todos SET done = false WHERE done IS NULL');";
    assert.deepEqual(await rulesOf(body), ['backfill-in-ddl-transaction']);
  });

  test('quiet for an UPDATE alone, or of another table', async () => {
    assert.deepEqual(await rulesOf("await op.execute('UPDATE todos SET done = false');"), []);
    assert.deepEqual(await rulesOf("await op.addColumn('users', 'x', t.text());\nawait op.execute('UPDATE todos SET done = false');"), []);
  });
});

describe('missing-lock-timeout', () => {
  test('fires once in a non-transactional migration that locks an existing table when the runner sets no lock_timeout (lockTimeoutMs: 0)', async () => {
    const report = await lintFiles(
      { '0001_m.ts': ts("await op.addColumn('todos', 'a', t.text());\nawait op.addColumn('todos', 'b', t.text());", { transactional: false }) },
      { lockTimeoutMs: 0 },
    );
    assert.deepEqual(report.findings.map((f) => [f.rule, f.line]), [['missing-lock-timeout', 8]]);
  });

  test('quiet in a non-transactional migration by default: the runner sets the session lock_timeout before it (safe: true output)', async () => {
    assert.deepEqual(await rulesOf("await op.createIndex('ix', 'todos', ['a'], { concurrently: true });\nawait op.addColumn('todos', 'a', t.text());", { transactional: false }), []);
  });

  test('SET LOCAL does not count outside a transaction', async () => {
    const report = await lintFiles(
      { '0001_m.ts': ts("await op.execute(\"SET LOCAL lock_timeout = '5s'\");\nawait op.addColumn('todos', 'a', t.text());", { transactional: false }) },
      { lockTimeoutMs: 0 },
    );
    assert.deepEqual(report.findings.map((f) => f.rule), ['missing-lock-timeout']);
    assert.match(report.findings[0]?.message ?? '', /SET LOCAL/);
  });

  test('quiet after SET lock_timeout, in a transactional migration, or for concurrent index builds', async () => {
    assert.deepEqual(await rulesOf("await op.execute(\"SET lock_timeout = '5s'\");\nawait op.addColumn('todos', 'a', t.text());", { transactional: false, lockTimeoutMs: 0 }), []);
    assert.deepEqual(await rulesOf("await op.addColumn('todos', 'a', t.text());"), []);
    assert.deepEqual(await rulesOf("await op.createIndex('ix', 'todos', ['a'], { concurrently: true });", { transactional: false }), []);
  });

  test('fires in a transactional migration when the runner sets no lock_timeout (lockTimeoutMs: 0)', async () => {
    assert.deepEqual(await rulesOf("await op.addColumn('todos', 'a', t.text());", { lockTimeoutMs: 0 }), ['missing-lock-timeout']);
    assert.deepEqual(await rulesOf("await op.execute(\"SET LOCAL lock_timeout = '5s'\");\nawait op.addColumn('todos', 'a', t.text());", { lockTimeoutMs: 0 }), []);
  });
});

describe('transaction-control', () => {
  test('fires for COMMIT in a transactional migration, quiet in a non-transactional one', async () => {
    assert.deepEqual(await rulesOf("await op.execute('COMMIT');"), ['transaction-control']);
    assert.deepEqual(await rulesOf("await op.execute('BEGIN; SELECT 1; COMMIT');", { transactional: false }), []);
  });
});

describe('drops and renames', () => {
  test('fire as warnings on existing tables', async () => {
    const body = [
      "await op.dropColumn('todos', 'old');",
      "await op.alterColumn('todos', 'title', { newName: 'name' });",
      "await op.renameTable('todos', 'tasks');",
      "await op.dropTable('legacy');",
      "await op.execute('ALTER TABLE a RENAME COLUMN b TO c; DROP TABLE z');",
    ].join('\n');
    const report = await lintFiles({ '0001_m.ts': ts(body) });
    assert.deepEqual(report.findings.map((f) => [f.rule, f.severity]), [
      ['drop-column', 'warning'],
      ['rename-column', 'warning'],
      ['rename-table', 'warning'],
      ['drop-table', 'warning'],
      ['rename-column', 'warning'],
      ['drop-table', 'warning'],
    ]);
  });

  test('quiet for a table created in the same migration (also after renaming it)', async () => {
    const body = [NEW_TABLE, "await op.renameTable('fresh', 'fresher');", "await op.alterColumn('fresher', 'a', { newName: 'a1' });", "await op.dropColumn('fresher', 'b');", "await op.dropTable('fresher');"].join('\n');
    assert.deepEqual(await rulesOf(body), []);
  });

  test('apply on every dialect, unlike the PostgreSQL lock rules', async () => {
    const body = "await op.dropTable('legacy');\nawait op.createIndex('ix', 'todos', ['a']);";
    assert.deepEqual(await rulesOf(body, { dialect: 'mysql' }), ['drop-table']);
    assert.deepEqual(await rulesOf(body, { dialect: 'sqlite' }), ['drop-table']);
  });
});
