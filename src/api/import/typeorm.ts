// TypeORM: migration classes (`export class AddUser1700000000000 implements MigrationInterface { name = '…';
// up(queryRunner) / down(queryRunner) }`), run in the order of the JavaScript timestamp that ends the name (the
// instance's `name`, else the class name) and recorded in `migrations` (id, timestamp, name). The classes are code,
// so each up() and down() runs once here with a recording queryRunner: every `queryRunner.query(sql, params)` is kept
// with its parameters written in. Any other queryRunner method (createTable, addColumn, …) builds its SQL by reading
// the database, and a query whose result is used has no fixed SQL: both are refused by name. `migration:generate`
// writes only queryRunner.query calls, so generated migrations import as they are. The files import `typeorm` for
// types only: they load without typeorm installed.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dialect } from '../../dialects/dialect.js';
import { loadDialect } from '../../dialects/index.js';
import { UsageError } from '../../errors.js';
import { importUserModule } from '../../loader/module-loader.js';
import { assertPrefix, chain, importedRevisionId, joinStatements, keyIndex, messageFromName, parseTableName, readForeignTable, showTable } from './common.js';
import { inlineParameters } from './parameters.js';
import { withTypeormExtensions } from './typeorm-extensions.js';
import type { Importer } from './types.js';

type RunnerFn = (queryRunner: object) => unknown;

interface MigrationInstance {
  name?: unknown;
  transaction?: unknown;
  up: RunnerFn;
  down?: unknown;
}

interface Found {
  file: string;
  /** TypeORM's name for it: the instance's `name`, else the class name */
  name: string;
  timestamp: number;
  instance: MigrationInstance;
}

const EXTENSIONS = /\.(js|cjs|mjs|ts|cts|mts)$/;
const DECLARATIONS = /\.d\.[cm]?ts$/;
const FIX = 'rewrite it as queryRunner.query(`…`) calls (what `typeorm migration:generate` writes), or apply it with TypeORM before importing';

/** Why a recorded run stopped: the message says which call and what to do. */
class RunnerRefused extends Error {}

/** What a query resolves to: nothing can be read from it, since the rows would come from the database. */
function unreadable(sql: string, where: string): object {
  return new Proxy([], {
    get(target, key) {
      // `await` looks for a `then`: the result is awaited, not used
      if (key === 'then') return undefined;
      if (typeof key === 'symbol' && key !== Symbol.iterator) return Reflect.get(target, key);
      throw new RunnerRefused(`${where} uses the result of queryRunner.query(${sql.slice(0, 60)}), so its SQL depends on the data: athanor cannot write it as SQL — ${FIX}`);
    },
  });
}

/** A queryRunner that records query() calls and refuses everything else. */
function recordingRunner(dialect: Dialect, where: string): { runner: object; statements: string[] } {
  const statements: string[] = [];
  const query = async (sql: unknown, parameters?: unknown) => {
    if (typeof sql !== 'string') throw new RunnerRefused(`${where} passes queryRunner.query a ${typeof sql}, not SQL text`);
    const text = Array.isArray(parameters) ? inlineParameters(sql, parameters, dialect) : sql;
    statements.push(text);
    return unreadable(text, where);
  };
  const runner = new Proxy(
    {},
    {
      get(_target, key) {
        if (key === 'query') return query;
        if (key === 'then' || typeof key === 'symbol') return undefined;
        throw new RunnerRefused(
          `${where} uses queryRunner.${String(key)}: only queryRunner.query(sql, parameters) has SQL athanor can write down (TypeORM builds the SQL of createTable, addColumn, … by reading the database while it runs) — ${FIX}`,
        );
      },
    },
  );
  return { runner, statements };
}

async function capture(dialect: Dialect, fn: RunnerFn, self: MigrationInstance, where: string): Promise<string> {
  const { runner, statements } = recordingRunner(dialect, where);
  try {
    await fn.call(self, runner);
  } catch (error) {
    if (error instanceof RunnerRefused) throw new UsageError(error.message);
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${where} failed while athanor recorded its SQL: ${error instanceof Error ? error.message : String(error)}`);
  }
  return joinStatements(statements);
}

/** Every exported class with an up() in a file: TypeORM instantiates each exported class as a migration. */
async function migrationsIn(dir: string, file: string): Promise<Found[]> {
  const mod: unknown = await importUserModule(join(dir, file)).catch((error: unknown) => {
    // the generated files import typeorm for types only; one that needs it at run time names it
    if (/Cannot find (package|module) 'typeorm'/.test(String((error as { cause?: unknown }).cause ?? error))) {
      throw new UsageError(
        `${file} imports typeorm at run time (a value such as Table or TableColumn, not only types), and typeorm is not installed here: install it (npm install typeorm) so athanor can load the file, or import it for types only`,
      );
    }
    throw error;
  });
  // `module.exports = class …` (what migration:generate -o writes): athanor's compile cache hands back the class
  // itself where Node's import() gives { default: class }
  const exported = typeof mod === 'function' ? [mod] : Object.values(mod as Record<string, unknown>);
  const found: Found[] = [];
  for (const value of new Set(exported)) {
    if (typeof value !== 'function' || typeof (value.prototype as { up?: unknown } | undefined)?.up !== 'function') continue;
    let instance: MigrationInstance;
    try {
      instance = new (value as new () => MigrationInstance)();
    } catch (error) {
      throw new UsageError(`${file}: new ${value.name}() failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const name = typeof instance.name === 'string' ? instance.name : value.name;
    // TypeORM's own rule: parseInt of the last 13 characters, a JavaScript timestamp
    const timestamp = Number.parseInt(name.slice(-13), 10);
    if (!timestamp) throw new UsageError(`${file}: the TypeORM migration ${name} has no JavaScript timestamp at the end of its name (TypeORM refuses it too): name it like AddUsers1700000000000`);
    found.push({ file, name, timestamp, instance });
  }
  return found;
}

export const typeormImporter: Importer = {
  label: 'TypeORM',
  async read(dir, { dialect: dialectName }) {
    const files = (await readdir(dir)).filter((f) => EXTENSIONS.test(f) && !DECLARATIONS.test(f)).sort();
    const found: Found[] = [];
    for (const file of files) found.push(...(await migrationsIn(dir, file)));
    if (found.length === 0) throw new UsageError(`${dir} has no TypeORM migration classes (a class with up(queryRunner)): name the folder of your DataSource's \`migrations\``);
    const seen = new Map<string, string>();
    for (const m of found) {
      const other = seen.get(m.name);
      if (other !== undefined) throw new UsageError(`${m.file} and ${other} both hold the TypeORM migration ${m.name} (TypeORM refuses duplicates too): keep one`);
      seen.set(m.name, m.file);
    }
    // TypeORM runs them in timestamp order (a stable sort: equal timestamps keep the order they were found in)
    found.sort((a, b) => a.timestamp - b.timestamp);
    const dialect = await loadDialect(dialectName);
    const migrations = [];
    for (const { file, name, instance } of found) {
      const where = `${file}: ${name}`;
      const down = typeof instance.down === 'function' ? (instance.down as RunnerFn) : null;
      migrations.push({
        originalId: name,
        revision: importedRevisionId('typeorm', name),
        dependsOn: [],
        branchLabels: [],
        message: messageFromName(name.replace(/\d{13}$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()),
        notes: [`imported from TypeORM: ${name} in ${file} (its queryRunner.query calls)`],
        upgrade: await capture(dialect, instance.up, instance, `${where}.up()`),
        downgrade: down ? await capture(dialect, down, instance, `${where}.down()`) : null,
        ...(down ? {} : { irreversible: `the TypeORM migration ${name} has no down()` }),
        // `transaction = false` on the class: TypeORM runs it outside a transaction (CREATE INDEX CONCURRENTLY)
        transactional: instance.transaction !== false,
        keys: [name],
      });
    }
    return chain(dialectName === 'postgres' ? withTypeormExtensions(migrations) : migrations);
  },
  async applied(conn, dialect, migrations, options) {
    const table = parseTableName(options.table ?? 'migrations');
    const rows = await readForeignTable<{ name: string }>(conn, dialect, table, ['id', 'timestamp', 'name']);
    const applied = new Set<string>();
    if (rows === null) return { table: showTable(table), found: false, applied };
    const byKey = keyIndex(migrations);
    const unknown = rows.map((r) => r.name).filter((name) => !byKey.has(name));
    if (unknown.length > 0) {
      throw new UsageError(`${showTable(table)} lists applied migration(s) with no class here: ${unknown.join(', ')} — import the folder the database was migrated from`);
    }
    for (const { name } of rows) applied.add((byKey.get(name) as { revision: string }).revision);
    assertPrefix('TypeORM', migrations, applied);
    return { table: showTable(table), found: true, applied };
  },
};
