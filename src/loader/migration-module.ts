// Loads what a revision runs: upgrade/downgrade functions from a TS/JS module, or statements from a .sql file.
import { readFile } from 'node:fs/promises';
import { sqlSyntaxOf } from '../dialects/sql-syntax.js';
import type { DialectName } from '../dialect-name.js';
import { UsageError } from '../errors.js';
import { runStatements, type Op } from '../operations/op.js';
import type { RevisionHeader } from '../revisions/header.js';
import { displayPath } from './display-path.js';
import type { RevisionGraph } from '../revisions/graph.js';
import { precompile } from './compile-cache.js';
import { importUserModule } from './module-loader.js';
import { parseSqlMigration, type SqlMigrationStatement } from './sql-migration.js';

export type MigrationFn = (op: Op) => unknown;

export interface MigrationModule {
  header: RevisionHeader;
  upgrade: MigrationFn;
  /** null: the file has no downgrade, so the revision cannot be rolled back */
  downgrade: MigrationFn | null;
  /** with no downgrade: why (a `.sql` file's `-- irreversible:` line) */
  irreversible?: string;
  transactional: boolean;
}

function sqlRunner(statements: SqlMigrationStatement[]): MigrationFn {
  return async (op) => {
    // rows of a .sql file's statements are read by nobody: they may travel together with the step's COMMIT
    for (const statement of statements) await op[runStatements](statement.sql);
  };
}

/** The migration a revision runs; `.sql` files are split as the dialect's command-line client splits them. */
export async function loadMigrationModule(header: RevisionHeader, dialect: DialectName): Promise<MigrationModule> {
  if (header.format === 'sql') {
    const parsed = parseSqlMigration(await readFile(header.file, 'utf8'), displayPath(header.file), sqlSyntaxOf(dialect));
    return {
      header,
      upgrade: sqlRunner(parsed.upgrade),
      downgrade: parsed.downgrade ? sqlRunner(parsed.downgrade) : null,
      ...(parsed.irreversible && !parsed.downgrade ? { irreversible: parsed.irreversible } : {}),
      transactional: header.transactional,
    };
  }
  const mod = await importUserModule(header.file, header.checksum);
  const upgrade = mod['upgrade'];
  const downgrade = mod['downgrade'];
  if (typeof upgrade !== 'function') {
    throw new UsageError(`${displayPath(header.file)}: no \`export async function upgrade(op)\``);
  }
  if (downgrade !== undefined && typeof downgrade !== 'function') {
    throw new UsageError(`${displayPath(header.file)}: \`downgrade\` must be a function`);
  }
  return {
    header,
    upgrade: upgrade as MigrationFn,
    downgrade: (downgrade as MigrationFn | undefined) ?? null,
    transactional: header.transactional && mod['transactional'] !== false,
  };
}

/** The modules of a plan's revisions, each loaded once, all before anything runs. */
export async function loadModules(
  graph: RevisionGraph,
  steps: readonly { revision: string }[],
  dialect: DialectName,
): Promise<Map<string, MigrationModule>> {
  const modules = new Map<string, MigrationModule>();
  await precompile(steps.map((s) => graph.get(s.revision)));
  // every file of the plan is loaded before anything runs: a broken file stops the run with the database untouched
  for (const step of steps) {
    if (!modules.has(step.revision)) modules.set(step.revision, await loadMigrationModule(graph.get(step.revision), dialect));
  }
  return modules;
}
