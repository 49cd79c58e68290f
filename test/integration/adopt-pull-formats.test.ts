// `athanor pull --format drizzle|sql` (issue 13 item 1): the adoption fixture and every fidelity fixture of the
// dialect, pulled as a Drizzle schema (config `models: './db/schema.ts'`, read through drizzle-orm) and as a
// declarative schema.sql (`models: './schema.sql'`, applied to a scratch database): `check` reports nothing,
// pulling again writes the same bytes, and what the format cannot declare is in the header and reported by
// check as not managed / left out, never as drift. --camel-case gives camelCase properties over the same columns.
// The Drizzle files type-check against drizzle-orm. Through the CLI, on every target.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { DialectName } from '../../src/drivers/connection.js';
import { loadNatively } from '../support/native.js';
import { createProject, REPO_ROOT, type TestProject } from '../support/project.js';
import { selectedTargets, type TestTarget } from '../support/targets.js';
import { typeErrors } from '../support/typecheck.js';

const ADOPT = join(REPO_ROOT, 'test', 'fixtures', 'adopt');
const FIDELITY = join(REPO_ROOT, 'test', 'fixtures', 'fidelity');

function fixtures(dialect: DialectName): Array<{ name: string; file: string }> {
  const dir = join(FIDELITY, dialect);
  const fidelity = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sql')).sort() : [];
  return [{ name: 'adopt', file: join(ADOPT, `${dialect}.sql`) }, ...fidelity.map((f) => ({ name: f.slice(0, -4), file: join(dir, f) }))];
}

const SCHEMAS: Record<DialectName, Record<string, unknown>> = { postgres: { schemas: ['public', 'app'] }, mysql: {}, sqlite: {} };

const FORMATS = [
  { format: 'drizzle', models: './db/schema.ts', file: join('db', 'schema.ts') },
  { format: 'sql', models: './schema.sql', file: 'schema.sql' },
] as const;

async function ok(project: TestProject, args: string[]): Promise<string> {
  const r = await project.cli(args);
  assert.equal(r.code, 0, `athanor ${args.join(' ')} exited ${r.code}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** the Drizzle files pulled, type-checked together at the end (drizzle-orm from the repository's node_modules) */
const pulledDir = mkdtempSync(join(tmpdir(), 'ath-pulled-drizzle-'));
symlinkSync(join(REPO_ROOT, 'node_modules'), join(pulledDir, 'node_modules'));
const pulled: string[] = [];

/** pull in `format` → check in sync → pull again unchanged; returns the file's text and check's output */
async function roundTrip(project: TestProject, target: TestTarget, format: (typeof FORMATS)[number], extra: string[] = []): Promise<{ text: string; check: string }> {
  project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: format.models, ...SCHEMAS[target.dialect] }));
  await ok(project, ['pull', '--format', format.format, '--force', ...extra]);
  const text = readFileSync(join(project.dir, format.file), 'utf8');
  const check = await project.cli(['check']);
  assert.equal(check.code, 0, `check after pull --format ${format.format}:\n${check.stdout}${check.stderr}\n${text}`);
  assert.match(check.stdout, /in sync/);
  const again = await ok(project, ['pull', '--format', format.format, ...extra]);
  assert.match(again, /is unchanged/);
  assert.equal(readFileSync(join(project.dir, format.file), 'utf8'), text, 'byte-identical');
  return { text, check: check.stdout + check.stderr };
}

for (const target of selectedTargets()) {
  describe(`pull --format drizzle|sql on ${target.name}`, () => {
    for (const fixture of fixtures(target.dialect)) {
      test(`${fixture.name}: each format → check in sync, pulled twice byte-identical`, async () => {
        const db = await target.create(`pf${fixture.name.slice(0, 8)}`);
        const project = createProject(db.url, target.dialect);
        symlinkSync(join(REPO_ROOT, 'node_modules'), join(project.dir, 'node_modules'));
        try {
          await loadNatively(db.url, readFileSync(fixture.file, 'utf8'));
          for (const format of FORMATS) {
            const { text, check } = await roundTrip(project, target, format);
            if (format.format === 'drizzle') {
              const copy = join(pulledDir, `${target.name}-${fixture.name}.ts`);
              writeFileSync(copy, text);
              pulled.push(copy);
              // views, triggers, routines the database has are listed by name and reported, never drift
              for (const [, kind, name] of text.matchAll(/^\/\/ {3}(view|trigger|function|procedure|sequence|materialized view) (\S+)/gm)) {
                assert.match(check, new RegExp(`not managed by athanor: .*${kind} ${name?.split('.').pop() ?? ''}`), `${kind} ${name} reported by check`);
              }
            }
          }
        } finally {
          project.remove();
          await db.drop();
        }
      });
    }

    test('adopt: --camel-case gives camelCase properties over the same columns, check in sync', async () => {
      const db = await target.create('pfcamel');
      const project = createProject(db.url, target.dialect);
      symlinkSync(join(REPO_ROOT, 'node_modules'), join(project.dir, 'node_modules'));
      try {
        await loadNatively(db.url, readFileSync(join(ADOPT, `${target.dialect}.sql`), 'utf8'));
        const { text } = await roundTrip(project, target, FORMATS[0], ['--camel-case']);
        assert.match(text, /customerId: \w+\('customer_id'/);
        assert.doesNotMatch(text, /customer_id: /);
        const refused = await project.cli(['pull', '--format', 'sql', '--camel-case', '-o', 'x.sql']);
        assert.equal(refused.code, 2, refused.stdout + refused.stderr);
        assert.match(refused.stderr, /--camel-case .*--format drizzle/);
      } finally {
        project.remove();
        await db.drop();
      }
    });

    if (target.dialect === 'postgres') {
      test('PostgreSQL: the domains tables use are created before them in schema.sql, as the database has them; check in sync', async () => {
        const db = await target.create('pfdomains');
        const project = createProject(db.url, target.dialect);
        try {
          await loadNatively(
            db.url,
            `CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);
CREATE DOMAIN short_code AS varchar(20) COLLATE "C" DEFAULT 'none' NOT NULL;
CREATE DOMAIN recent_year AS year CHECK (VALUE >= 2000);
CREATE TABLE film (id serial PRIMARY KEY, release_year year, remake_year recent_year, code short_code);`,
          );
          const { text } = await roundTrip(project, target, FORMATS[1]);
          assert.match(text, /^CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK \(\(\(VALUE >= 1901\) AND \(VALUE <= 2155\)\)\);$/m);
          assert.match(text, /^CREATE DOMAIN short_code AS character varying\(20\) COLLATE pg_catalog\."C" DEFAULT 'none'::character varying NOT NULL;$/m);
          assert.match(text, /^CREATE DOMAIN recent_year AS year CONSTRAINT recent_year_check CHECK \(\(\(VALUE\)::integer >= 2000\)\);$/m);
          assert.ok(text.indexOf('CREATE DOMAIN year') < text.indexOf('CREATE DOMAIN recent_year'), 'a domain over another after it');
          assert.ok(text.indexOf('CREATE DOMAIN') < text.indexOf('CREATE TABLE'), 'before the tables');
          assert.match(text, /^-- Created as the database has them, for the tables that use them \(not managed by athanor\):\n(?:--   domain \S+\n){3}/m);
        } finally {
          project.remove();
          await db.drop();
        }
      });
    }

    if (target.dialect === 'sqlite') {
      test("SQLite: a foreign key the database left unnamed is drizzle's unnamed one, not a lost name; a named one is listed", async () => {
        const db = await target.create('pffknames');
        const project = createProject(db.url, target.dialect);
        symlinkSync(join(REPO_ROOT, 'node_modules'), join(project.dir, 'node_modules'));
        try {
          await loadNatively(
            db.url,
            `CREATE TABLE users (id INTEGER PRIMARY KEY);
CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id) ON DELETE CASCADE);
CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER, CONSTRAINT fk_comments_post FOREIGN KEY (post_id) REFERENCES posts (id));`,
          );
          const { text } = await roundTrip(project, target, FORMATS[0]);
          assert.match(text, /user_id: integer\('user_id'\)\.references\(\(\) => users\.id, \{ onDelete: 'cascade' \}\)/);
          assert.doesNotMatch(text, /posts_user_id_fkey/, 'the name introspection gives an unnamed key is no loss');
          assert.match(text, /^\/\/ {3}name of foreign key fk_comments_post on comments$/m);
        } finally {
          project.remove();
          await db.drop();
        }
      });
    }
  });
}

after(() => rmSync(pulledDir, { recursive: true, force: true }));

test('the pulled Drizzle schemas type-check against drizzle-orm', () => {
  assert.ok(pulled.length > 0, 'schemas were pulled');
  const errors = typeErrors(pulled);
  assert.deepEqual(errors, []);
});
