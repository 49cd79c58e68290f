// import: take over another tool's migrations folder. Each original becomes an athanor `.sql` migration (same
// order or graph, message from its name, its id in a comment), and the database is stamped at the revision(s)
// matching what that tool had applied, so nothing runs again on a database the other tool built.
import { existsSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ResolvedConfig } from '../../config/types.js';
import { isBookkeepingTable, isKnownByShape } from '../../dialects/shared/other-tools-tables.js';
import { UsageError } from '../../errors.js';
import { closestName } from '../../schema/strict-namespace.js';
import { withSession } from '../../runner/session.js';
import { readHeads } from '../../runner/version-store.js';
import { openProject } from '../project.js';
import { createRevision, merge, type CreatedRevision, type RevisionOptions } from '../revision.js';
import { stamp } from '../stamp.js';
import { alembicImporter } from './alembic.js';
import { drizzleImporter } from './drizzle.js';
import { knexImporter } from './knex.js';
import { kyselyImporter } from './kysely.js';
import { prismaImporter } from './prisma.js';
import { typeormImporter } from './typeorm.js';
import { IMPORT_TOOLS, type AppliedState, type ImportedMigration, type Importer, type ImportTool } from './types.js';

export { IMPORT_TOOLS, type ImportTool };

const IMPORTERS: Record<ImportTool, Importer> = { drizzle: drizzleImporter, prisma: prismaImporter, knex: knexImporter, kysely: kyselyImporter, typeorm: typeormImporter, alembic: alembicImporter };

export interface ImportOptions {
  /** the other tool's applied-migrations table when it is not the default */
  table?: string;
  /** the python that runs Alembic */
  python?: string;
  /** Kysely: the Migrator's Kysely has CamelCasePlugin */
  camelCase?: boolean;
}

export interface ImportResult {
  tool: string;
  migrations: ImportedMigration[];
  /** the files written (empty when the folder already held exactly these revisions) */
  created: CreatedRevision[];
  state: AppliedState;
  /** the revisions stamped: the heads of what the other tool applied */
  stamped: string[];
  before: string[];
  after: string[];
  /** the folder already held these revisions: only the database was stamped */
  alreadyImported: boolean;
  /**
   * the tool's table when athanor does not know it as bookkeeping by name (TypeORM's `migrations`, a renamed one)
   * and `excludeTables` does not list it: check and migrate would report it as drift
   */
  unlistedTable?: string;
}

/** The other tool's table, when neither its name nor `excludeTables` keeps it out of check, migrate, pull and baseline. */
function unlistedTable(config: ResolvedConfig, state: AppliedState): string | undefined {
  if (!state.found) return undefined;
  const name = state.table.slice(state.table.lastIndexOf('.') + 1);
  if (isBookkeepingTable(name) || isKnownByShape(name) || config.excludeTables?.includes(name) || config.excludeTables?.includes(state.table)) return undefined;
  return name;
}

function isImportTool(tool: string): tool is ImportTool {
  return (IMPORT_TOOLS as readonly string[]).includes(tool);
}

function unknownTool(tool: string): UsageError {
  const guess = closestName(tool, IMPORT_TOOLS);
  return new UsageError(`cannot import from "${tool}"${guess ? ` (did you mean ${guess}?)` : ''}: athanor imports from ${IMPORT_TOOLS.join(', ')}`);
}

/** Throws the usage error for a tool athanor cannot import from (naming the closest one), before anything runs. */
export function checkImportTool(tool: string): void {
  if (!isImportTool(tool)) throw unknownTool(tool);
}

function importerFor(tool: string): Importer {
  if (!isImportTool(tool)) throw unknownTool(tool);
  return IMPORTERS[tool];
}

/** The applied revisions nothing else applied builds on: what the version table holds. */
function appliedHeads(migrations: readonly ImportedMigration[], applied: ReadonlySet<string>): string[] {
  const below = new Set(migrations.filter((m) => applied.has(m.revision)).flatMap((m) => [...m.parents, ...m.dependsOn]));
  return migrations.filter((m) => applied.has(m.revision) && !below.has(m.revision)).map((m) => m.revision);
}

function revisionOptions(m: ImportedMigration): RevisionOptions {
  const notes = [...m.notes, ...(m.downgrade === null && m.irreversible ? [`irreversible: ${m.irreversible}`] : [])];
  return {
    message: m.message,
    revId: m.revision,
    format: 'sql',
    sqlBody: { notes, upgrade: m.upgrade || '-- nothing to run', downgrade: m.downgrade === null ? null : m.downgrade || '-- nothing to run' },
    ...(m.dependsOn.length > 0 ? { dependsOn: m.dependsOn } : {}),
    ...(m.branchLabels.length > 0 ? { branchLabels: m.branchLabels } : {}),
    ...(m.transactional ? {} : { transactional: false }),
  };
}

async function writeAll(config: ResolvedConfig, migrations: readonly ImportedMigration[]): Promise<CreatedRevision[]> {
  const created: CreatedRevision[] = [];
  try {
    for (const m of migrations) {
      const options = revisionOptions(m);
      created.push(m.parents.length > 1 ? await merge(config, m.parents, options) : await createRevision(config, { ...options, head: m.parents[0] ?? 'base', splice: true }));
    }
    return created;
  } catch (error) {
    await removeAll(created);
    throw error;
  }
}

async function removeAll(created: readonly CreatedRevision[]): Promise<void> {
  for (const c of created) await rm(c.file, { force: true });
}

/** true: the folder holds exactly the revisions this import writes (the import ran before, on another database). */
async function checkMigrationsFolder(config: ResolvedConfig, migrations: readonly ImportedMigration[]): Promise<boolean> {
  if (!existsSync(config.migrationsDir)) return false; // made before the first file is written
  const { graph } = await openProject(config);
  const existing = graph.all();
  if (existing.length === 0) return false;
  if (existing.length === migrations.length && migrations.every((m) => graph.has(m.revision))) return true;
  throw new UsageError(
    `the migrations folder already holds ${existing.length} athanor revision(s): import starts a history, so run it with an empty migrations folder (or set \`migrations\` to a new one)`,
  );
}

export async function importMigrations(config: ResolvedConfig, tool: string, dir: string, options: ImportOptions = {}): Promise<ImportResult> {
  const importer = importerFor(tool);
  const folder = resolve(dir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${dir} is not a folder: name ${importer.label}'s migrations folder`);
  if (folder === resolve(config.migrationsDir)) {
    throw new UsageError(
      `${dir} is athanor's migrations folder too (\`migrations\` in ${config.configFile ?? 'the config'}): the imported .sql files need a folder of their own — set \`migrations\` to another one (e.g. 'db/migrations'), then import again`,
    );
  }
  const migrations = await importer.read(folder, { dialect: config.dialect, ...(options.python ? { python: options.python } : {}), ...(options.camelCase ? { camelCase: true } : {}) });
  const alreadyImported = await checkMigrationsFolder(config, migrations);
  const { state, heads } = await withSession(config, async ({ conn, dialect }) => {
    const read = {
      heads: await readHeads(conn, dialect),
      state: await importer.applied(conn, dialect, migrations, options.table ? { table: options.table } : {}),
    };
    // no table of the tool but tables of an app: stamping nothing would make the next upgrade re-run everything
    if (!read.state.found && (await dialect.introspect(conn)).tables.length > 0) {
      throw new UsageError(
        `the database has tables but no ${read.state.table}: if ${importer.label} keeps its table under another name pass --table NAME; otherwise this is not the database ${importer.label} migrated`,
      );
    }
    return read;
  });
  if (heads.length > 0) {
    throw new UsageError(`the database already has athanor version rows (${heads.join(', ')}): it was stamped before; \`athanor stamp REV\` moves it`);
  }
  const stamped = appliedHeads(migrations, state.applied);
  if (!alreadyImported) await mkdir(config.migrationsDir, { recursive: true });
  const created = alreadyImported ? [] : await writeAll(config, migrations);
  try {
    const moved = stamped.length > 0 ? await stamp(config, stamped) : { before: [], after: [] };
    const unlisted = unlistedTable(config, state);
    return { tool: importer.label, migrations, created, state, stamped, before: moved.before, after: moved.after, alreadyImported, ...(unlisted ? { unlistedTable: unlisted } : {}) };
  } catch (error) {
    // files the database is not stamped at would be re-run on it by the next upgrade: take them back
    await removeAll(created);
    throw error;
  }
}
