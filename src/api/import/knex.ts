// knex: `migrations/*.js|ts` exporting up(knex) / down(knex), run in file-name order and recorded in
// `knex_migrations` (name = the file name). The files are code, so each up() and down() is run once here against
// the project's own knex with no connection: every statement knex would send is captured with its bindings
// written in (knex's own SQL for the dialect) and becomes the athanor migration's SQL. A migration whose code
// reads the database while it runs (hasTable, a select, SQLite's table rebuilds) cannot be captured: it is
// refused by name.
import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { DialectName } from '../../dialect-name.js';
import { UsageError } from '../../errors.js';
import { importUserModule } from '../../loader/module-loader.js';
import type { Connection } from '../../drivers/connection.js';
import type { Dialect } from '../../dialects/dialect.js';
import { assertPrefix, chain, importedRevisionId, joinStatements, keyIndex, messageFromName, parseTableName, readForeignTable, showTable, type TableName } from './common.js';
import type { Importer } from './types.js';

interface KnexQuery {
  sql: string;
  bindings?: unknown[];
}

interface KnexInstance {
  client: {
    acquireConnection(): Promise<unknown>;
    releaseConnection(connection: unknown): Promise<void>;
    query(connection: unknown, query: KnexQuery | string): Promise<unknown>;
    processResponse(response: unknown): unknown;
  };
  raw(sql: string, bindings: readonly unknown[]): { toQuery(): string };
  destroy(): Promise<void>;
}

type KnexFactory = (config: Record<string, unknown>) => KnexInstance;
type MigrationFn = (knex: KnexInstance) => unknown;

const CLIENTS: Record<DialectName, string> = { postgres: 'pg', mysql: 'mysql2', sqlite: 'better-sqlite3' };
const EXTENSIONS = /\.(js|cjs|mjs|ts|cts|mts)$/;
const TRANSACTION_CONTROL = /^\s*(begin|start transaction|commit|rollback|savepoint|release savepoint)\b/i;
const READS = /^\s*(select|pragma|show|with\b)/i;

/** The project's knex (the migrations' own dependency), from the working directory or the migrations folder. */
function loadKnex(dir: string): KnexFactory {
  for (const from of [process.cwd(), resolve(dir)]) {
    try {
      const mod = createRequire(join(from, 'package.json'))('knex') as KnexFactory | { knex: KnexFactory };
      return typeof mod === 'function' ? mod : mod.knex;
    } catch {
      // try the next place
    }
  }
  throw new UsageError('knex is not installed here: the knex migrations are code, and athanor runs them through your knex to write their SQL (npm install knex, then import again)');
}

/** A knex with no connection that records what it would send. */
function recordingKnex(factory: KnexFactory, dialect: DialectName): { knex: KnexInstance; statements: string[] } {
  const knex = factory({ client: CLIENTS[dialect], useNullAsDefault: true });
  const statements: string[] = [];
  Object.assign(knex.client, {
    acquireConnection: async () => ({}),
    releaseConnection: async () => undefined,
    query: async (_connection: unknown, query: KnexQuery | string) => {
      const q = typeof query === 'string' ? { sql: query } : query;
      statements.push(q.bindings && q.bindings.length > 0 ? knex.raw(q.sql, q.bindings).toQuery() : q.sql);
      return { ...q, response: { rows: [], rowCount: 0 } };
    },
    processResponse: () => ({ rows: [], rowCount: 0 }),
  });
  return { knex, statements };
}

async function capture(factory: KnexFactory, dialect: DialectName, fn: MigrationFn, where: string): Promise<string> {
  const { knex, statements } = recordingKnex(factory, dialect);
  try {
    await fn(knex);
  } catch (error) {
    throw new UsageError(`${where} failed while athanor recorded its SQL: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await knex.destroy().catch(() => undefined);
  }
  const kept = statements.filter((s) => !TRANSACTION_CONTROL.test(s));
  const read = kept.find((s) => READS.test(s));
  if (read !== undefined) {
    throw new UsageError(
      `${where} reads the database while it runs (${read.slice(0, 80)}), so its SQL depends on the data: athanor cannot write it as SQL — rewrite it without the read, or apply it with knex before importing`,
    );
  }
  return joinStatements(kept);
}

/**
 * knex holds `<table>_lock` while it migrates and leaves it held when a run crashed: the applied list may be about
 * to change, or a migration may have stopped half-way, so nothing is stamped from it (knex refuses to run then too).
 */
async function assertUnlocked(conn: Connection, dialect: Dialect, table: TableName): Promise<void> {
  const lock = { ...table, name: `${table.name}_lock` };
  const rows = await readForeignTable<{ is_locked: number | string | boolean | null }>(conn, dialect, lock, ['is_locked']);
  if (!rows?.some((row) => Number(row.is_locked) === 1)) return;
  throw new UsageError(
    `${showTable(lock)} is locked: a knex migration is running, or one crashed while holding the lock (its changes may be half-applied) — wait for it, or check the database and run \`knex migrate:unlock\`, then import`,
  );
}

export const knexImporter: Importer = {
  label: 'knex',
  async read(dir, { dialect }) {
    const files = (await readdir(dir)).filter((f) => EXTENSIONS.test(f) && !f.endsWith('.d.ts')).sort();
    if (files.length === 0) throw new UsageError(`${dir} has no .js or .ts migrations: name knex's migrations folder (its config's migrations.directory)`);
    const factory = loadKnex(dir);
    const migrations = [];
    for (const file of files) {
      const path = join(dir, file);
      const mod = await importUserModule(path);
      const up = mod['up'];
      const down = mod['down'];
      if (typeof up !== 'function') throw new UsageError(`${path}: no exports.up(knex): not a knex migration`);
      const config = mod['config'] as { transaction?: unknown } | undefined;
      const stem = file.replace(EXTENSIONS, '');
      migrations.push({
        originalId: file,
        revision: importedRevisionId('knex', stem),
        dependsOn: [],
        branchLabels: [],
        message: messageFromName(file),
        notes: [`imported from knex: ${file} (its up() and down() as knex wrote their SQL)`],
        upgrade: await capture(factory, dialect, up as MigrationFn, `${file}: up()`),
        downgrade: typeof down === 'function' ? await capture(factory, dialect, down as MigrationFn, `${file}: down()`) : null,
        ...(typeof down === 'function' ? {} : { irreversible: `the knex migration ${file} has no down()` }),
        transactional: config?.transaction !== false,
        keys: [file, `stem:${stem}`],
      });
    }
    return chain(migrations);
  },
  async applied(conn, dialect, migrations, options) {
    const table = parseTableName(options.table ?? 'knex_migrations');
    const rows = await readForeignTable<{ name: string }>(conn, dialect, table, ['name']);
    const applied = new Set<string>();
    if (rows === null) return { table: showTable(table), found: false, applied };
    await assertUnlocked(conn, dialect, table);
    const byKey = keyIndex(migrations);
    const unknown: string[] = [];
    for (const { name } of rows) {
      const match = byKey.get(name) ?? byKey.get(`stem:${name.replace(EXTENSIONS, '')}`);
      if (match) applied.add(match.revision);
      else unknown.push(name);
    }
    if (unknown.length > 0) {
      throw new UsageError(`${showTable(table)} lists applied migration(s) with no file here: ${unknown.join(', ')} — import the folder the database was migrated from`);
    }
    assertPrefix('knex', migrations, applied);
    return { table: showTable(table), found: true, applied };
  },
};
