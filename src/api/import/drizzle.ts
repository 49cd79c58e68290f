// drizzle-kit: `meta/_journal.json` lists the migrations in order (tag, when), each `<tag>.sql` holds statements
// separated by `--> statement-breakpoint`. drizzle-orm's migrator records each applied file in
// `drizzle.__drizzle_migrations` (PostgreSQL; `__drizzle_migrations` on MySQL and SQLite) as the sha256 of the
// file's text and the journal's `when` (created_at). drizzle-kit writes no down migrations.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DialectName } from '../../dialect-name.js';
import { UsageError } from '../../errors.js';
import { assertPrefix, chain, keyIndex, importedRevisionId, joinStatements, messageFromName, parseTableName, readForeignTable, showTable } from './common.js';
import type { Importer } from './types.js';

interface JournalEntry {
  idx?: number;
  when: number;
  tag: string;
}

const JOURNAL_DIALECTS: Record<string, DialectName> = { postgresql: 'postgres', mysql: 'mysql', sqlite: 'sqlite', turso: 'sqlite' };
const IRREVERSIBLE = 'imported from drizzle-kit, which writes no down migrations';

async function readJournal(dir: string): Promise<{ dialect: string; entries: JournalEntry[] }> {
  const path = join(dir, 'meta', '_journal.json');
  if (!existsSync(path)) throw new UsageError(`${dir} has no meta/_journal.json: name drizzle-kit's migrations folder (its config's \`out\`, e.g. ./drizzle)`);
  try {
    const journal = JSON.parse(await readFile(path, 'utf8')) as { dialect?: unknown; entries?: unknown };
    if (!Array.isArray(journal.entries)) throw new Error('no entries');
    const entries = journal.entries as JournalEntry[];
    for (const e of entries) if (typeof e.tag !== 'string' || typeof e.when !== 'number') throw new Error('an entry without tag or when');
    return { dialect: String(journal.dialect ?? ''), entries };
  } catch (error) {
    throw new UsageError(`${path} is not a drizzle-kit journal: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A file's statements as one script (drizzle-orm runs each chunk between breakpoints as one query). */
function statementsOf(text: string): string {
  return joinStatements(text.split('--> statement-breakpoint'));
}

export const drizzleImporter: Importer = {
  label: 'drizzle-kit',
  async read(dir, { dialect }) {
    const journal = await readJournal(dir);
    const theirs = JOURNAL_DIALECTS[journal.dialect];
    if (theirs !== undefined && theirs !== dialect) {
      throw new UsageError(`${dir} holds drizzle-kit migrations for ${journal.dialect}, but this project's dialect is ${dialect}: set \`dialect\` (or the URL) to match`);
    }
    const migrations = [];
    for (const entry of journal.entries) {
      const file = join(dir, `${entry.tag}.sql`);
      if (!existsSync(file)) throw new UsageError(`the journal lists ${entry.tag} but ${file} does not exist`);
      const text = await readFile(file, 'utf8');
      const hash = createHash('sha256').update(text).digest('hex');
      migrations.push({
        originalId: entry.tag,
        revision: importedRevisionId('drizzle', entry.tag),
        dependsOn: [],
        branchLabels: [],
        message: messageFromName(entry.tag),
        notes: [`imported from drizzle-kit: ${entry.tag}.sql (journal when ${entry.when}, sha256 ${hash})`],
        upgrade: statementsOf(text),
        downgrade: null,
        irreversible: IRREVERSIBLE,
        transactional: true,
        keys: [`hash:${hash}`, `when:${entry.when}`],
      });
    }
    return chain(migrations);
  },
  async applied(conn, dialect, migrations, options) {
    const table = parseTableName(options.table ?? (conn.dialect === 'postgres' ? 'drizzle.__drizzle_migrations' : '__drizzle_migrations'));
    const rows = await readForeignTable<{ id: unknown; hash: string; created_at: string | number | null }>(conn, dialect, table, ['id', 'hash', 'created_at']);
    const applied = new Set<string>();
    if (rows === null) return { table: showTable(table), found: false, applied };
    const byKey = keyIndex(migrations);
    const unmatched: string[] = [];
    for (const row of rows) {
      const match = byKey.get(`hash:${row.hash}`) ?? byKey.get(`when:${String(row.created_at)}`);
      if (match) applied.add(match.revision);
      else unmatched.push(`id ${String(row.id)} (hash ${String(row.hash).slice(0, 12)}…, created_at ${String(row.created_at)})`);
    }
    if (unmatched.length > 0) {
      throw new UsageError(
        `${showTable(table)} has ${unmatched.length} applied migration(s) that match no file of the folder by hash or journal \`when\`: ${unmatched.join(', ')} — import the folder the database was migrated from`,
      );
    }
    assertPrefix('drizzle-kit', migrations, applied);
    return { table: showTable(table), found: true, applied };
  },
};
