// `.sql` migrations: header comments (read by revisions/header.ts) and `-- +upgrade` / `-- +downgrade`
// sections, each split into statements as the dialect's command-line client splits a script (psql, mariadb,
// sqlite3: see dialects/<d>/sql-syntax.ts), so a file runs here as it runs there.
import { lexSql, unterminatedWhat, type SqlSyntax, type SqlToken } from '../dialects/shared/sql-lexer.js';
import { splitSqlStatements } from '../dialects/shared/sql-statements.js';
import { UsageError } from '../errors.js';

export interface SqlMigrationStatement {
  /** the statement as the client sends it */
  sql: string;
  /** offset of its first token in the file */
  offset: number;
}

export interface SqlMigration {
  upgrade: SqlMigrationStatement[];
  /** null when the file has no `-- +downgrade` section: the revision cannot be rolled back */
  downgrade: SqlMigrationStatement[] | null;
  /** why there is no downgrade, from a `-- irreversible: REASON` header line (imported migrations say where from) */
  irreversible?: string;
  /** where the sections are in the file's text */
  sections: SqlMigrationSections;
}

type Section = 'upgrade' | 'downgrade';

const MARKER = /^--\s*\+(upgrade|downgrade)\s*$/i;
const IRREVERSIBLE = /^--\s*irreversible:(.*)$/im;

/** A file that ends inside a string, quoted name or comment is malformed: said before anything of it is sent. */
function refuseUnterminated(text: string, file: string, last: SqlToken | undefined): void {
  if (!last?.unterminated) return;
  const line = text.slice(0, last.start).split('\n').length;
  throw new UsageError(`${file}:${line}: unterminated ${unterminatedWhat(last)}: everything after it would be sent as part of it; close it`);
}

/** Where each section's text is in the file (after its marker, up to the next marker or the end). */
export interface SqlMigrationSections {
  upgrade: { from: number; to: number };
  downgrade?: { from: number; to: number };
}

/** The file's `-- +upgrade` / `-- +downgrade` sections; refused as parseSqlMigration refuses them. */
function sqlMigrationSections(text: string, file: string, syntax: SqlSyntax): SqlMigrationSections {
  const bounds: Partial<Record<Section, { from: number; to: number }>> = {};
  let open: { section: Section; from: number } | undefined;
  const close = (to: number): void => {
    if (open) bounds[open.section] = { from: open.from, to };
  };
  const tokens = lexSql(text, syntax, { client: true });
  refuseUnterminated(text, file, tokens.at(-1));
  // markers are comments alone on their line: one inside a string or a dollar-quoted body is not a marker
  for (const token of tokens) {
    const marker = token.kind === 'comment' ? MARKER.exec(token.text.trimEnd()) : null;
    if (!marker?.[1] || !/^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', token.start - 1) + 1, token.start))) continue;
    const section = marker[1].toLowerCase() as Section;
    if (bounds[section] || open?.section === section) throw new UsageError(`${file}: two \`-- +${section}\` sections`);
    close(token.start);
    open = { section, from: token.end };
  }
  close(text.length);
  if (!bounds.upgrade) throw new UsageError(`${file}: no \`-- +upgrade\` section`);
  return { upgrade: bounds.upgrade, ...(bounds.downgrade ? { downgrade: bounds.downgrade } : {}) };
}

export function parseSqlMigration(text: string, file: string, syntax: SqlSyntax): SqlMigration {
  const bounds = sqlMigrationSections(text, file, syntax);
  const statements = (range: { from: number; to: number }): SqlMigrationStatement[] =>
    splitSqlStatements(text.slice(range.from, range.to), syntax, { client: true }).map((s) => ({ sql: s.sql, offset: range.from + s.start }));
  const reason = IRREVERSIBLE.exec(text.slice(0, bounds.upgrade.from))?.[1]?.trim();
  return {
    upgrade: statements(bounds.upgrade),
    downgrade: bounds.downgrade ? statements(bounds.downgrade) : null,
    ...(reason ? { irreversible: reason } : {}),
    sections: bounds,
  };
}
