// Kysely: a folder read by Kysely's FileMigrationProvider (`*.js`, `*.ts`, `*.mjs`, `*.mts`; the name is the file
// name without its extension) whose modules export up(db) and optionally down(db); the Migrator runs them in name
// order and records each in `kysely_migration` (name, timestamp). The files are code, so each up() and down() is
// run once here through the project's own kysely with a dialect whose driver has no connection: it records every
// compiled query with its parameters written in (Kysely's own SQL for the dialect) and returns no rows. A
// migration that reads while it runs (a select, db.introspection, RETURNING) has no fixed SQL and is refused by name.
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DialectName } from '../../dialect-name.js';
import type { Connection } from '../../drivers/connection.js';
import type { Dialect } from '../../dialects/dialect.js';
import { loadDialect } from '../../dialects/index.js';
import { UsageError } from '../../errors.js';
import { importUserModule } from '../../loader/module-loader.js';
import { assertPrefix, chain, importedRevisionId, joinStatements, keyIndex, messageFromName, parseTableName, readForeignTable, showTable } from './common.js';
import { inlineParameters } from './parameters.js';
import type { ImportedMigration, Importer } from './types.js';

interface CompiledQuery {
  sql: string;
  parameters: readonly unknown[];
  query: { kind: string; returning?: unknown; table?: { table?: { identifier?: { name?: unknown } } } };
}

type Ctor = new (...args: never[]) => object;

/** The parts of the kysely module used here. */
interface KyselyModule {
  Kysely: new (config: { dialect: object; plugins?: object[] }) => { destroy(): Promise<void> };
  PostgresAdapter: Ctor;
  PostgresQueryCompiler: Ctor;
  PostgresIntrospector: new (db: unknown) => object;
  MysqlAdapter: Ctor;
  MysqlQueryCompiler: Ctor;
  MysqlIntrospector: new (db: unknown) => object;
  SqliteAdapter: Ctor;
  SqliteQueryCompiler: Ctor;
  SqliteIntrospector: new (db: unknown) => object;
  CamelCasePlugin: new () => object;
}

type MigrationFn = (db: unknown) => unknown;

// FileMigrationProvider's own filter: other files in the folder are not migrations to Kysely
const MIGRATION_FILE = /^(?!.*\.d\.m?ts$).*\.(js|ts|mjs|mts)$/;
const READS = /^\s*(\(\s*)*(select|with|show|pragma|explain|table|values)\b/i;

/** The folder of the package a resolved file belongs to (kysely exports no `./package.json`). */
function packageRoot(file: string, name: string): string | undefined {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === name) return dir;
    } catch {
      // no package.json here: look further up
    }
  }
  return undefined;
}

/** The project's kysely (its ES build, the one the migrations' own `import 'kysely'` gets), from the working directory or the migrations folder. */
async function loadKysely(dir: string): Promise<KyselyModule> {
  for (const from of [process.cwd(), resolve(dir)]) {
    let entry: string;
    try {
      entry = createRequire(join(from, 'package.json')).resolve('kysely');
    } catch {
      continue; // try the next place
    }
    const root = packageRoot(entry, 'kysely');
    const exported = root === undefined ? undefined : (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports?: { '.'?: { import?: unknown } } }).exports?.['.']?.import;
    const esm = root !== undefined && typeof exported === 'string' ? join(root, exported) : entry;
    return (await import(pathToFileURL(esm).href)) as KyselyModule;
  }
  throw new UsageError('kysely is not installed here: the Kysely migrations are code, and athanor runs them through your kysely to write their SQL (npm install kysely, then import again)');
}

/** Stops a migration at its first read: the rows it would get decide what it does next. */
class ReadRefused extends Error {}

/** A Kysely instance whose driver records each compiled query instead of sending it. */
function recordingKysely(k: KyselyModule, dialect: Dialect, camelCase: boolean): { db: { destroy(): Promise<void> }; statements: string[]; tables: string[] } {
  const statements: string[] = [];
  const tables: string[] = [];
  const connection = {
    async executeQuery(compiled: CompiledQuery) {
      const sql = inlineParameters(compiled.sql, compiled.parameters, dialect);
      if (compiled.query.kind === 'SelectQueryNode' || (compiled.query.kind === 'RawNode' && READS.test(sql))) throw new ReadRefused(sql);
      if (compiled.query.returning !== undefined) throw new ReadRefused(`${sql} (its RETURNING rows)`);
      statements.push(sql);
      const created = compiled.query.kind === 'CreateTableNode' ? compiled.query.table?.table?.identifier?.name : undefined;
      if (typeof created === 'string') tables.push(created);
      return { rows: [] };
    },
    // eslint-disable-next-line require-yield
    async *streamQuery(compiled: CompiledQuery): AsyncIterableIterator<never> {
      throw new ReadRefused(compiled.sql);
    },
  };
  const driver = {
    init: async () => undefined,
    acquireConnection: async () => connection,
    // the athanor migration runs in a transaction of its own: Kysely's transaction control is not SQL to keep
    beginTransaction: async () => undefined,
    commitTransaction: async () => undefined,
    rollbackTransaction: async () => undefined,
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  };
  const parts = {
    postgres: [k.PostgresAdapter, k.PostgresQueryCompiler, k.PostgresIntrospector],
    mysql: [k.MysqlAdapter, k.MysqlQueryCompiler, k.MysqlIntrospector],
    sqlite: [k.SqliteAdapter, k.SqliteQueryCompiler, k.SqliteIntrospector],
  } as const;
  const [Adapter, Compiler, Introspector] = parts[dialect.name];
  const db = new k.Kysely({
    dialect: {
      createAdapter: () => new Adapter(),
      createDriver: () => driver,
      createQueryCompiler: () => new Compiler(),
      createIntrospector: (instance: unknown) => new Introspector(instance),
    },
    ...(camelCase ? { plugins: [new k.CamelCasePlugin()] } : {}),
  });
  return { db, statements, tables };
}

async function capture(k: KyselyModule, dialect: Dialect, camelCase: boolean, fn: MigrationFn, where: string): Promise<{ sql: string; tables: string[] }> {
  const { db, statements, tables } = recordingKysely(k, dialect, camelCase);
  try {
    await fn(db);
  } catch (error) {
    if (error instanceof ReadRefused) {
      throw new UsageError(
        `${where} reads the database while it runs (${error.message.slice(0, 80)}), so its SQL depends on the data: athanor cannot write it as SQL — rewrite it without the read, or apply it with Kysely before importing`,
      );
    }
    throw new UsageError(`${where} failed while athanor recorded its SQL: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await db.destroy().catch(() => undefined);
  }
  return { sql: joinStatements(statements), tables };
}

/** What FileMigrationProvider takes from a module: its exports, or its default export when that has up(). */
function migrationOf(mod: Record<string, unknown>): { up: MigrationFn; down?: MigrationFn } | null {
  const isMigration = (m: unknown): m is { up: MigrationFn; down?: unknown } => typeof m === 'object' && m !== null && typeof (m as { up?: unknown }).up === 'function';
  const found = isMigration(mod['default']) ? mod['default'] : isMigration(mod) ? mod : null;
  if (found === null) return null;
  return typeof found.down === 'function' ? { up: found.up, down: found.down as MigrationFn } : { up: found.up };
}

/**
 * Kysely's Migrator holds a lock while it migrates (an advisory lock on PostgreSQL, GET_LOCK on MySQL; the
 * `kysely_migration_lock` table is not used by these): held means a run is under way and the applied list is about
 * to change. The ids are Kysely's own (its PostgresAdapter and MysqlAdapter).
 */
const LOCK_HELD: Partial<Record<DialectName, string>> = {
  postgres: `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = 3853314791062309107`,
  mysql: `SELECT count(IS_USED_LOCK('ea586330-2c93-47c8-908d-981d9d270f9d')) AS n`,
};

async function assertUnlocked(conn: Connection, dialect: Dialect): Promise<void> {
  const sql = LOCK_HELD[dialect.name];
  if (sql === undefined) return;
  const { rows } = await conn.query<{ n: number | string }>(sql);
  if (Number(rows[0]?.n ?? 0) === 0) return;
  throw new UsageError("Kysely's migration lock is held: a Kysely Migrator is running on this database — wait for it to finish, then import");
}

const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * A Migrator whose Kysely has CamelCasePlugin wrote `petOwner` as pet_owner: recorded without the plugin, the SQL
 * names tables that are not there. Seen on a table an applied migration created, it is refused with the flag to pass.
 */
async function assertSameNames(conn: Connection, dialect: Dialect, applied: readonly ImportedMigration[]): Promise<void> {
  const exists = async (name: string) => Number((await conn.query<{ n: number | string }>(dialect.tableExistsSql(name))).rows[0]?.n ?? 0) > 0;
  for (const m of applied) {
    for (const table of m.createdTables ?? []) {
      const snake = snakeCase(table);
      if (snake === table || (await exists(table)) || !(await exists(snake))) continue;
      throw new UsageError(
        `${m.originalId} creates the table ${table}, but the database has ${snake}: the Migrator's Kysely has CamelCasePlugin — import again with --camel-case`,
      );
    }
  }
}

export const kyselyImporter: Importer = {
  label: 'Kysely',
  async read(dir, { dialect: dialectName, camelCase = false }) {
    // Kysely sorts the names, not the file names: `001-b.ts` comes after `001.ts` though '-' sorts before '.'
    const nameOf = (file: string) => file.slice(0, file.lastIndexOf('.'));
    const files = (await readdir(dir)).filter((f) => MIGRATION_FILE.test(f)).sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : a < b ? -1 : 1));
    if (files.length === 0) throw new UsageError(`${dir} has no .ts or .js migrations: name the folder Kysely's FileMigrationProvider reads (its migrationFolder)`);
    const k = await loadKysely(dir);
    const dialect = await loadDialect(dialectName);
    const byName = new Map<string, string>();
    const migrations = [];
    for (const file of files) {
      const name = nameOf(file);
      const other = byName.get(name);
      if (other !== undefined) throw new UsageError(`${file} and ${other} are both the Kysely migration "${name}" (Kysely names a migration by its file name without the extension): keep one`);
      byName.set(name, file);
      const migration = migrationOf(await importUserModule(join(dir, file)));
      if (migration === null) continue; // Kysely skips a module with no up() too: it is not a migration
      const up = await capture(k, dialect, camelCase, migration.up, `${file}: up()`);
      const down = migration.down ? await capture(k, dialect, camelCase, migration.down, `${file}: down()`) : null;
      migrations.push({
        originalId: name,
        revision: importedRevisionId('kysely', name),
        dependsOn: [],
        branchLabels: [],
        message: messageFromName(name),
        notes: [`imported from Kysely: ${file} (its up() and down() as Kysely compiled them)`],
        upgrade: up.sql,
        downgrade: down === null ? null : down.sql,
        ...(down ? {} : { irreversible: `the Kysely migration ${file} has no down()` }),
        transactional: true,
        keys: [name],
        createdTables: up.tables,
      });
    }
    if (migrations.length === 0) throw new UsageError(`${dir} has no module exporting up(db): not a Kysely migrations folder`);
    return chain(migrations);
  },
  async applied(conn, dialect, migrations, options) {
    const table = parseTableName(options.table ?? 'kysely_migration');
    const rows = await readForeignTable<{ name: string }>(conn, dialect, table, ['name', 'timestamp']);
    const applied = new Set<string>();
    if (rows === null) return { table: showTable(table), found: false, applied };
    await assertUnlocked(conn, dialect);
    const byKey = keyIndex(migrations);
    const unknown = rows.map((r) => r.name).filter((name) => !byKey.has(name));
    if (unknown.length > 0) {
      throw new UsageError(`${showTable(table)} lists applied migration(s) with no file here: ${unknown.join(', ')} — import the folder the database was migrated from`);
    }
    for (const { name } of rows) applied.add((byKey.get(name) as { revision: string }).revision);
    assertPrefix('Kysely', migrations, applied);
    await assertSameNames(conn, dialect, migrations.filter((m) => applied.has(m.revision)));
    return { table: showTable(table), found: true, applied };
  },
};
