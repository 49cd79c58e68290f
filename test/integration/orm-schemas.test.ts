// Adopting a database an ORM made (session 11): the DDL TypeORM, drizzle-kit and Kysely's Migrator sent in a real run,
// and what Prisma Migrate writes (test/fixtures/orm-schemas/), loaded natively, then adopted as the README says, through
// the CLI: pull, check, baseline; a fresh database upgraded from the baseline has the same catalog; lint and verify
// pass on what athanor wrote; a model change migrates, upgrades, downgrades and upgrades again. The other tools'
// bookkeeping tables (TypeORM's migrations and typeorm_metadata, Kysely's, Prisma's, drizzle-kit's) stay in the
// database, untouched, and out of the models; an app's own table called `migrations` stays in them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DialectName } from '../../src/drivers/connection.js';
import { catalogDifferences, readCatalog, type Catalog } from '../support/catalog.js';
import { queryRows } from '../support/db.js';
import { loadNatively } from '../support/native.js';
import { createProject, REPO_ROOT, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'orm-schemas');

interface Case {
  /** the other tool's tables: kept in the database with their rows, never in the models or the baseline */
  bookkeeping: string[];
  /** statements that remove them (and their schema) before the catalogs are compared */
  dropBookkeeping: string[];
  /** app tables the models must hold (an app's own `migrations`) */
  kept?: string[];
  /** catalog differences a fresh database may show, each a spelling of the same thing (see the report) */
  sameThing?: RegExp[];
  /** text the baseline must hold (a sequence's options, set after the tables) */
  baselineHas?: RegExp[];
}

const TYPEORM = ['migrations', 'typeorm_metadata'];
// MariaDB prints ON UPDATE NO ACTION when it was written and nothing when it was not: both are RESTRICT in InnoDB
const MYSQL_NO_ACTION = /ON UPDATE NO ACTION ≠ .*(?<!ON UPDATE NO ACTION)$/;

const CASES: Record<string, Case> = {
  'typeorm-postgres': { bookkeeping: TYPEORM, dropBookkeeping: ['DROP TABLE "migrations", "typeorm_metadata"'] },
  'typeorm-mysql': { bookkeeping: TYPEORM, dropBookkeeping: ['DROP TABLE `migrations`, `typeorm_metadata`'], sameThing: [MYSQL_NO_ACTION] },
  'typeorm-sqlite': { bookkeeping: TYPEORM, dropBookkeeping: ['DROP TABLE "migrations"', 'DROP TABLE "typeorm_metadata"'] },
  'kysely-postgres': {
    bookkeeping: ['kysely_migration', 'kysely_migration_lock'],
    dropBookkeeping: ['DROP TABLE "kysely_migration", "kysely_migration_lock"'],
    kept: ['migrations'],
  },
  'kysely-mysql': {
    bookkeeping: ['kysely_migration', 'kysely_migration_lock'],
    dropBookkeeping: ['DROP TABLE `kysely_migration`, `kysely_migration_lock`'],
    kept: ['migrations'],
  },
  'kysely-sqlite': {
    bookkeeping: ['kysely_migration', 'kysely_migration_lock'],
    dropBookkeeping: ['DROP TABLE "kysely_migration"', 'DROP TABLE "kysely_migration_lock"'],
  },
  'prisma-postgres': { bookkeeping: ['_prisma_migrations'], dropBookkeeping: ['DROP TABLE "_prisma_migrations"'] },
  'prisma-sqlite': { bookkeeping: ['_prisma_migrations'], dropBookkeeping: ['DROP TABLE "_prisma_migrations"'] },
  'drizzle-sqlite': { bookkeeping: ['__drizzle_migrations'], dropBookkeeping: ['DROP TABLE "__drizzle_migrations"'] },
  'prisma-mysql': { bookkeeping: ['_prisma_migrations'], dropBookkeeping: ['DROP TABLE `_prisma_migrations`'] },
  'drizzle-postgres': {
    bookkeeping: [],
    dropBookkeeping: ['DROP SCHEMA "drizzle" CASCADE'],
    // '0'::numeric and 0: the same default, as athanor writes it
    sameThing: [/DEFAULT '0'::numeric ≠ .*DEFAULT 0$/],
    baselineHas: [
      /await op\.execute\('ALTER TABLE public\.projects ALTER COLUMN id SET START WITH 1000 RESTART'\);/,
      /ALTER SEQUENCE %s INCREMENT BY 5 START WITH 500 RESTART\\', pg_catalog\.pg_get_serial_sequence\(\\'public\.events\\', \\'id\\'\)/,
      /ALTER SEQUENCE %s MINVALUE 100 START WITH 100 RESTART\\', pg_catalog\.pg_get_serial_sequence\(\\'public\."Invoice"\\', \\'invoiceNo\\'\)/,
    ],
  },
  'drizzle-mysql': { bookkeeping: ['__drizzle_migrations'], dropBookkeeping: ['DROP TABLE `__drizzle_migrations`'], sameThing: [MYSQL_NO_ACTION] },
};

/**
 * The catalog as two databases compare (as adopt-baseline.test.ts): without MySQL's database name in views; on
 * SQLite an INTEGER PRIMARY KEY is the rowid, never NULL whether declared NOT NULL or not.
 */
async function catalogOf(url: string): Promise<Catalog> {
  const catalog = await readCatalog(url);
  if (url.startsWith('sqlite:')) {
    const columns = Object.entries(catalog['columns'] ?? {}).map(([k, v]) => [k, sqliteColumnSpelling(v.replace(/^INTEGER NOT NULL PK 1$/, 'INTEGER PK 1'))]);
    const indexes = Object.entries(catalog['indexes'] ?? {}).map(([k, v]) => [k, sqlitePredicateSpelling(v)]);
    return { ...catalog, columns: Object.fromEntries(columns), indexes: Object.fromEntries(indexes) };
  }
  if (!/^(mysql|mariadb):/.test(url)) return catalog;
  const qualifier = `\`${new URL(url).pathname.slice(1)}\`.`;
  return Object.fromEntries(
    Object.entries(catalog).map(([section, defs]) => [section, Object.fromEntries(Object.entries(defs).map(([k, v]) => [k, v.split(qualifier).join('')]))]),
  );
}

/**
 * SQLite keeps a column as written, and athanor writes the type it read: the same column spelled its way, each rule
 * one that changes nothing SQLite stores or how it compares. The declared type's case and DECIMAL for NUMERIC
 * (the same NUMERIC affinity), TRUE and FALSE for 1 and 0 (what SQLite stores for them).
 */
function sqliteColumnSpelling(def: string): string {
  if (/^INTEGER PK 1$/.test(def)) return def;
  return def
    .replace(/^[A-Za-z]+/, (type) => type.toLowerCase())
    .replace(/^decimal\b/, 'numeric')
    .replace(/DEFAULT (true|TRUE)\b/, 'DEFAULT 1')
    .replace(/DEFAULT (false|FALSE)\b/, 'DEFAULT 0');
}

/** A partial index's predicate without quotes or table qualifiers (`"posts"."status"` is status there). */
function sqlitePredicateSpelling(def: string): string {
  const at = def.indexOf(' WHERE ');
  return at === -1 ? def : def.slice(0, at) + def.slice(at).replace(/"[^"]+"\./g, '').replace(/"([^"]+)"/g, '$1');
}

/** Where each table's numbering stands (PostgreSQL sequences, MySQL AUTO_INCREMENT, SQLite's sqlite_sequence). */
async function counters(url: string, dialect: DialectName): Promise<string> {
  const sql =
    dialect === 'postgres'
      ? `SELECT schemaname, sequencename, last_value FROM pg_catalog.pg_sequences WHERE sequencename NOT LIKE 'athanor\\_%' ORDER BY 1, 2`
      : dialect === 'mysql'
        ? `SELECT table_name, auto_increment FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name NOT LIKE 'athanor\\_%' ORDER BY 1`
        : `SELECT name, seq FROM sqlite_sequence WHERE name NOT LIKE 'athanor\\_%' ESCAPE '\\' ORDER BY 1`;
  return JSON.stringify(await queryRows(url, sql), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

async function rowCount(url: string, dialect: DialectName, table: string): Promise<number> {
  const q = dialect === 'mysql' ? `\`${table}\`` : `"${table}"`;
  const [row] = await queryRows<{ n: number | string | bigint }>(url, `SELECT COUNT(*) AS n FROM ${q}`);
  return Number(row?.n);
}

async function execAll(url: string, statements: string[]): Promise<void> {
  for (const sql of statements) await queryRows(url, sql);
}

function fixturesFor(dialect: DialectName): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith(`-${dialect}.sql`))
    .map((f) => f.slice(0, -'.sql'.length))
    .sort();
}

/** The line pull and baseline print for the tools' tables they leave out (none: no such line). */
function saidLeftOut(what: 'models' | 'baseline', names: string[]): RegExp {
  const line = `left in the database, out of the ${what} \\(other migration tools' history\\): `;
  return names.length > 0 ? new RegExp(`^${line}${[...names].sort().join(', ')}$`, 'm') : new RegExp(`^(?![\\s\\S]*${line})`);
}

function tableNamesIn(models: string): string[] {
  return [...models.matchAll(/\btable\(\s*'([^']+)'/g)].map((m) => m[1] ?? '').sort();
}

for (const target of selectedTargets(['postgres', 'mysql', 'sqlite'])) {
  for (const fixture of fixturesFor(target.dialect)) {
    const c = CASES[fixture];
    if (!c) throw new Error(`no case for fixture ${fixture}`);
    describe(`adopting a database ${fixture.replace(/-.*/, '')} made, on ${target.name}`, () => {
      let prod: TestDatabase;
      let fresh: TestDatabase;
      let project: TestProject;
      let baselineText = '';

      before(async () => {
        prod = await target.create('ormprod');
        fresh = await target.create('ormfresh');
        await loadNatively(prod.url, readFileSync(join(FIXTURES, `${fixture}.sql`), 'utf8'));
        project = createProject(prod.url, target.dialect);
        project.write('athanor.config.json', JSON.stringify({ dialect: target.dialect, migrations: 'migrations', models: './models.ts' }));
      });
      after(async () => {
        project.remove();
        await prod.drop();
        await fresh.drop();
      });

      test('pull writes the app tables and none of the tools tables; check is clean right after', async () => {
        const pull = await project.cli(['pull']);
        assert.equal(pull.code, 0, pull.stdout + pull.stderr);
        assert.match(pull.stdout, saidLeftOut('models', c.bookkeeping), 'named, not silently skipped');
        const names = tableNamesIn(readFileSync(join(project.dir, 'models.ts'), 'utf8'));
        assert.ok(names.length >= 2, names.join(', '));
        for (const name of c.bookkeeping) assert.ok(!names.includes(name), `${name} is the other tool's, not a model: ${names.join(', ')}`);
        for (const name of c.kept ?? []) assert.ok(names.includes(name), `${name} is the app's own table: ${names.join(', ')}`);
        const check = await project.cli(['check']);
        assert.equal(check.code, 0, check.stdout + check.stderr);
        assert.match(check.stdout, /in sync: the database matches the models/);
      });

      test('baseline stamps the database: the tools tables, their rows and every counter as they were', async () => {
        const rows = new Map<string, number>();
        for (const name of c.bookkeeping) rows.set(name, await rowCount(prod.url, target.dialect, name));
        const numbering = await counters(prod.url, target.dialect);
        const r = await project.cli(['baseline', '-m', `as ${fixture} made it`]);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /stamped: base -> [0-9a-f]+ \(only the version table was written\)/);
        assert.match(r.stdout, saidLeftOut('baseline', c.bookkeeping));
        const file = readdirSync(join(project.dir, 'migrations')).find((f) => f.endsWith('.ts')) ?? '';
        baselineText = readFileSync(join(project.dir, 'migrations', file), 'utf8');
        for (const name of c.bookkeeping) {
          assert.doesNotMatch(baselineText, new RegExp(`'${name}'`), `${name} is not in the baseline`);
          assert.equal(await rowCount(prod.url, target.dialect, name), rows.get(name), `${name} keeps its rows`);
        }
        for (const pattern of c.baselineHas ?? []) assert.match(baselineText, pattern);
        assert.equal(await counters(prod.url, target.dialect), numbering, 'no sequence or AUTO_INCREMENT moved');
        const check = await project.cli(['check']);
        assert.equal(check.code, 0, check.stdout + check.stderr);
      });

      test('a fresh database upgraded from the baseline has the same catalog, but for the tools tables', async () => {
        const up = await project.cli(['upgrade'], { url: fresh.url });
        assert.equal(up.code, 0, up.stdout + up.stderr);
        await execAll(prod.url, c.dropBookkeeping);
        const differences = catalogDifferences(await catalogOf(prod.url), await catalogOf(fresh.url));
        const unexplained = differences.filter((d) => !(c.sameThing ?? []).some((p) => p.test(d)));
        assert.deepEqual(unexplained, []);
        const check = await project.cli(['check'], { url: fresh.url });
        assert.equal(check.code, 0, check.stdout + check.stderr);
      });

      test('lint and verify pass on what athanor wrote, with no flags', async () => {
        const lint = await project.cli(['lint']);
        assert.equal(lint.code, 0, lint.stdout + lint.stderr);
        const verify = await project.cli(['verify']);
        assert.equal(verify.code, 0, verify.stdout + verify.stderr);
        assert.doesNotMatch(verify.stdout + verify.stderr, /no sample value/);
      });

      test('a model change: migrate, lint, upgrade, downgrade, upgrade, check', async () => {
        const models = readFileSync(join(project.dir, 'models.ts'), 'utf8');
        project.write(
          'models.ts',
          `${models}\nimport { table as defineTable, t as column } from 'athanor';\n` +
            `export const releaseNotes = defineTable('release_notes', { id: column.integer().primaryKey(), body: column.text().notNull() });\n`,
        );
        for (const args of [['migrate', '-m', 'release notes'], ['lint'], ['upgrade'], ['check'], ['downgrade'], ['upgrade'], ['check'], ['verify']]) {
          const r = await project.cli(args);
          assert.equal(r.code, 0, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
        }
      });
    });
  }
}
