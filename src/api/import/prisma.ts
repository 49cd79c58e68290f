// Prisma Migrate: `prisma/migrations/<timestamp>_<name>/migration.sql`, applied in folder-name order and recorded
// in `_prisma_migrations` (migration_name, finished_at, rolled_back_at): a row counts when it finished and was
// not rolled back. Prisma writes no down migrations.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DialectName } from '../../dialect-name.js';
import { UsageError } from '../../errors.js';
import { assertPrefix, chain, importedRevisionId, keyIndex, messageFromName, parseTableName, readForeignTable, showTable } from './common.js';
import type { ImportedMigration, Importer } from './types.js';

const PROVIDERS: Record<string, DialectName> = { postgresql: 'postgres', mysql: 'mysql', sqlite: 'sqlite', cockroachdb: 'postgres' };
const IRREVERSIBLE = 'imported from Prisma Migrate, which writes no down migrations';

/** `prisma/migrations` or the `prisma` folder above it. */
function migrationsFolder(dir: string): string {
  return !existsSync(join(dir, 'migration_lock.toml')) && existsSync(join(dir, 'migrations')) ? join(dir, 'migrations') : dir;
}

async function checkProvider(dir: string, dialect: DialectName): Promise<void> {
  const lock = join(dir, 'migration_lock.toml');
  if (!existsSync(lock)) return;
  const provider = /provider\s*=\s*"([^"]+)"/.exec(await readFile(lock, 'utf8'))?.[1];
  const theirs = provider === undefined ? undefined : PROVIDERS[provider];
  if (theirs !== undefined && theirs !== dialect) {
    throw new UsageError(`${lock} says provider "${provider}", but this project's dialect is ${dialect}: set \`dialect\` (or the URL) to match`);
  }
}

interface PrismaRow {
  migration_name: string;
  checksum: string | null;
  finished_at: unknown;
  rolled_back_at: unknown;
}

function checksumsOf(script: string): string[] {
  const variants = new Set([script, script.replace(/\r\n/g, '\n'), script.replace(/\r?\n/g, '\r\n')]);
  return [...variants].map((text) => `sha256:${createHash('sha256').update(text).digest('hex')}`);
}

/**
 * The applied migrations whose migration.sql is not the text Prisma ran: Prisma's checksum (sha256 of the script,
 * matched with either line ending, as Prisma matches it) differs. Each gets a note in its imported file.
 */
function editedSinceApplied(done: readonly PrismaRow[], byName: ReadonlyMap<string, ImportedMigration>, table: string): string[] {
  const edited: string[] = [];
  for (const row of done) {
    const migration = byName.get(row.migration_name);
    if (!migration || !row.checksum) continue;
    if (migration.keys.includes(`sha256:${row.checksum}`)) continue;
    migration.notes.push(`edited after Prisma applied it: its checksum in ${table} (${row.checksum.slice(0, 12)}…) is not this file's; the database ran the earlier text`);
    edited.push(row.migration_name);
  }
  return edited;
}

export const prismaImporter: Importer = {
  label: 'Prisma',
  async read(given, { dialect }) {
    const dir = migrationsFolder(given);
    await checkProvider(dir, dialect);
    const names = [];
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql'))) names.push(entry.name);
    }
    if (names.length === 0) throw new UsageError(`${dir} has no <name>/migration.sql folders: name Prisma's migrations folder (prisma/migrations)`);
    const migrations = [];
    for (const name of names.sort()) {
      const script = await readFile(join(dir, name, 'migration.sql'), 'utf8');
      migrations.push({
        originalId: name,
        revision: importedRevisionId('prisma', name),
        dependsOn: [],
        branchLabels: [],
        message: messageFromName(name),
        notes: [`imported from Prisma Migrate: ${name}/migration.sql`],
        upgrade: script.trim(),
        downgrade: null,
        irreversible: IRREVERSIBLE,
        transactional: true,
        // the folder's name, and the checksums Prisma may have recorded for this text (either line ending)
        keys: [name, ...checksumsOf(script)],
      });
    }
    return chain(migrations);
  },
  async applied(conn, dialect, migrations, options) {
    const table = parseTableName(options.table ?? '_prisma_migrations');
    const rows = await readForeignTable<PrismaRow>(conn, dialect, table, ['migration_name', 'checksum', 'finished_at', 'rolled_back_at']);
    const applied = new Set<string>();
    if (rows === null) return { table: showTable(table), found: false, applied };
    const byName = keyIndex(migrations);
    const done = rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null);
    const unknown = [...new Set(done.map((r) => r.migration_name).filter((n) => !byName.has(n)))];
    if (unknown.length > 0) {
      throw new UsageError(`${showTable(table)} lists applied migration(s) with no folder here: ${unknown.join(', ')} — import the folder the database was migrated from`);
    }
    for (const row of done) applied.add((byName.get(row.migration_name) as { revision: string }).revision);
    // a failed migration Prisma has not been told about blocks `prisma migrate deploy` too
    const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null && !applied.has(byName.get(r.migration_name)?.revision ?? ''));
    if (failed.length > 0) {
      throw new UsageError(
        `Prisma recorded ${failed.map((r) => r.migration_name).join(', ')} as failed (not finished, not rolled back): settle it first with \`prisma migrate resolve --applied NAME\` or \`--rolled-back NAME\`, then import`,
      );
    }
    assertPrefix('Prisma', migrations, applied);
    const edited = editedSinceApplied(done, byName, showTable(table));
    return { table: showTable(table), found: true, applied, ...(edited.length > 0 ? { edited } : {}) };
  },
};
