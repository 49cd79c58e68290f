// `athanor pull` (issue 13): models written from a live database make `check` report nothing — on the adoption
// fixture (keys, indexes, checks, enums, a foreign-key cycle, a second schema, a view it cannot declare) and on
// the fidelity fixtures — and pulling an unchanged database writes the same bytes. Through the CLI.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DialectName } from '../../src/drivers/connection.js';
import { loadNatively } from '../support/native.js';
import { createProject, REPO_ROOT, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';
import { typeErrors as typeErrorsOf } from '../support/typecheck.js';

const ADOPT = join(REPO_ROOT, 'test', 'fixtures', 'adopt');
const FIDELITY = join(REPO_ROOT, 'test', 'fixtures', 'fidelity');

/** Every fidelity fixture pull must read back too: test/fixtures/fidelity/<dialect>/<name>.sql */
function fidelityFixtures(dialect: DialectName): string[] {
  const dir = join(FIDELITY, dialect);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sql')).map((f) => f.slice(0, -4)).sort() : [];
}

const SCHEMAS: Record<DialectName, Record<string, unknown>> = { postgres: { schemas: ['public', 'app'] }, mysql: {}, sqlite: {} };

/** what the adoption fixture holds that models cannot declare: in the header (SQLite: nothing) */
const UNMANAGED: Record<DialectName, string | undefined> = { postgres: 'domain positive_int', mysql: 'event nightly', sqlite: undefined };

/** TypeScript's verdict on models files, with `athanor` resolved to this repository's source. */
function typeErrors(files: string[]): string[] {
  return typeErrorsOf(files, { athanor: [join(REPO_ROOT, 'src', 'index.ts')] }, REPO_ROOT);
}

async function ok(project: TestProject, args: string[]): Promise<string> {
  const r = await project.cli(args);
  assert.equal(r.code, 0, `athanor ${args.join(' ')} exited ${r.code}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** copies of the models pulled from the adoption fixture on each target, type-checked together at the end */
const pulledDir = mkdtempSync(join(tmpdir(), 'ath-pulled-'));
const pulled: string[] = [];

for (const target of selectedTargets()) {
  describe(`pull on ${target.name}`, () => {
    let db: TestDatabase;
    let project: TestProject;

    before(async () => {
      db = await target.create('pull');
      project = createProject(db.url, target.dialect);
      project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: './models.ts', ...SCHEMAS[target.dialect] }));
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test('an empty database is refused (exit 2), nothing written', async () => {
      const r = await project.cli(['pull']);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /no tables: there is nothing to pull|SQLite database .* does not exist/);
      assert.equal(existsSync(join(project.dir, 'models.ts')), false);
    });

    test('the adoption fixture: pull → check in sync; pull again is byte-identical; an edited file is kept unless --force', async () => {
      await loadNatively(db.url, readFileSync(join(ADOPT, `${target.dialect}.sql`), 'utf8'));
      const out = await ok(project, ['pull']);
      const unmanaged = UNMANAGED[target.dialect];
      if (unmanaged) assert.match(out, new RegExp(`^not managed by athanor: .*${unmanaged}`, 'm'));
      assert.match(out, /wrote models\.ts: 5 table|wrote models\.ts: 6 table/);
      const file = join(project.dir, 'models.ts');
      const first = readFileSync(file, 'utf8');
      if (unmanaged) assert.match(first, new RegExp(`^// Not representable in the models .*\n//   ${unmanaged}$`, 'm'));
      else assert.doesNotMatch(first, /Not representable/);
      assert.match(first, /^export const bigOrders = view\(\n  'big_orders',\n/m);
      assert.match(first, /department_id: t\.integer\(\)\.notNull\(\)\.references\(\(\) => departments\.id\)/);
      assert.match(first, /foreignKey\(\)\.on\(c\.manager_id\)\.references\(\{ table: 'employees', columns: \['id'\] \}\)/);
      assert.match(first, /customer_id: t\.integer\(\)\.notNull\(\)\.references\(\(\) => customers\.id, \{ onDelete: 'cascade' \}\)/);
      // every reference points at a table declared above it
      assert.ok(first.indexOf('export const customers') < first.indexOf('export const orders'), first);

      const check = await project.cli(['check']);
      assert.equal(check.code, 0, `check after pull:\n${check.stdout}${check.stderr}\n${first}`);
      assert.match(check.stdout, /in sync/);

      const again = await ok(project, ['pull']);
      assert.match(again, /models\.ts is unchanged/);
      assert.equal(readFileSync(file, 'utf8'), first, 'byte-identical');

      writeFileSync(file, `${first}// my edit\n`);
      const refused = await project.cli(['pull']);
      assert.equal(refused.code, 2, refused.stdout + refused.stderr);
      assert.match(refused.stderr, /models\.ts already exists and differs .*--force/);
      assert.equal(readFileSync(file, 'utf8'), `${first}// my edit\n`, 'the edited file is kept');
      await ok(project, ['pull', '--force']);
      assert.equal(readFileSync(file, 'utf8'), first, '--force writes the same bytes again');

      pulled.push(join(pulledDir, `${target.name}.models.ts`));
      writeFileSync(pulled[pulled.length - 1] ?? '', first);
    });

    for (const fixture of fidelityFixtures(target.dialect)) {
      test(`fidelity fixture ${fixture}: pull -o → check in sync`, async () => {
        const other = await target.create(`pull${fixture}`);
        const p = createProject(other.url, target.dialect);
        try {
          p.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: './schema/models.ts' }));
          await loadNatively(other.url, readFileSync(join(FIDELITY, target.dialect, `${fixture}.sql`), 'utf8'));
          p.write('schema/.keep', '');
          await ok(p, ['pull', '-o', 'schema/models.ts']);
          const text = readFileSync(join(p.dir, 'schema', 'models.ts'), 'utf8');
          const check = await p.cli(['check']);
          assert.equal(check.code, 0, `check after pull:\n${check.stdout}${check.stderr}\n${text}`);
          const again = await ok(p, ['pull', '-o', 'schema/models.ts']);
          assert.match(again, /unchanged/);
          pulled.push(join(pulledDir, `${target.name}-${fixture}.models.ts`));
          writeFileSync(pulled[pulled.length - 1] ?? '', text);
        } finally {
          p.remove();
          await other.drop();
        }
      });
    }
  });
}

test('the pulled models type-check (references, the cycle through extras, enums, schemas)', () => {
  try {
    assert.ok(pulled.length > 0, 'models were pulled');
    assert.deepEqual(typeErrors(pulled), []);
  } finally {
    rmSync(pulledDir, { recursive: true, force: true });
  }
});
