// The squash of a range of `.sql` migrations, written as a `.sql` migration: each original's `-- +upgrade`
// section as written, in order, then their `-- +downgrade` sections newest first, each part under a comment
// naming its revision and file. Statements are split by the client's rules when the file runs, so each part
// is closed the way its file was (a last statement without `;` gets one, a DELIMITER left changed is reset),
// and the written text is split again and compared with the originals' statements: a squash that would send
// anything else is refused, nothing written.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { oneLine, type SqlMigrationBody } from '../codegen/template.js';
import type { DialectName } from '../dialect-name.js';
import { lexSql, type SqlSyntax, type SqlToken } from '../dialects/shared/sql-lexer.js';
import { sqlSyntaxOf } from '../dialects/sql-syntax.js';
import { UsageError } from '../errors.js';
import { displayPath } from '../loader/display-path.js';
import { parseSqlMigration, type SqlMigration } from '../loader/sql-migration.js';
import type { RevisionHeader } from '../revisions/header.js';

export interface SqlSquash {
  body: SqlMigrationBody;
  /** false when one original is `-- transactional: false` (the squash runs as the least transactional of them) */
  transactional: boolean;
}

interface Original {
  header: RevisionHeader;
  text: string;
  parsed: SqlMigration;
}

/** A `.sql` squash is written when every migration of the range is a `.sql` file. */
export function isSqlRange(revisions: readonly RevisionHeader[]): boolean {
  return revisions.every((h) => h.format === 'sql');
}

export async function sqlSquash(revisions: readonly RevisionHeader[], dialect: DialectName): Promise<SqlSquash> {
  const syntax = sqlSyntaxOf(dialect);
  const originals: Original[] = [];
  for (const header of revisions) {
    const text = await readFile(header.file, 'utf8');
    const file = displayPath(header.file);
    originals.push({ header, text, parsed: parseSqlMigration(text, file, syntax) });
  }
  const upgrade = originals.map((o) => part(o, o.text.slice(o.parsed.sections.upgrade.from, o.parsed.sections.upgrade.to), syntax)).join('\n\n');
  const missing = originals.filter((o) => o.parsed.downgrade === null);
  const downgrade = missing.length > 0
    ? null
    : [...originals].reverse().map((o) => part(o, o.parsed.sections.downgrade ? o.text.slice(o.parsed.sections.downgrade.from, o.parsed.sections.downgrade.to) : '', syntax)).join('\n\n');
  const notes = [
    `squash of ${revisions.length} .sql migrations: each part is its original's section as written, under a line naming it`,
    ...(missing.length > 0 ? [`irreversible: ${missing.map(irreversibleReason).join('; ')}`] : []),
  ];
  const body: SqlMigrationBody = { notes, upgrade, downgrade };
  checkStatements(body, originals, syntax);
  return { body, transactional: revisions.every((h) => h.transactional) };
}

function irreversibleReason(o: Original): string {
  const why = o.parsed.irreversible ? ` (${o.parsed.irreversible})` : '';
  return `${o.header.revision} (${basename(o.header.file)}) has no -- +downgrade section${why}`;
}

/** One original's section under a line naming it, closed so that nothing of it joins the next part. */
function part(o: Original, section: string, syntax: SqlSyntax): string {
  const message = o.header.message ? `: ${oneLine(o.header.message)}` : '';
  const name = `-- ── ${o.header.revision} (${basename(o.header.file)})${message}`;
  const body = section.trim();
  if (body === '') return `${name}\n-- (no statements)`;
  return `${name}\n${body}${closing(body, syntax)}`;
}

/** What the section needs at its end: a terminator after a last statement without one, `DELIMITER ;` after a changed delimiter. */
function closing(body: string, syntax: SqlSyntax): string {
  const tokens = lexSql(body, syntax, { client: true });
  const delimiter = currentDelimiter(tokens);
  const last = [...tokens].reverse().find((t) => t.kind !== 'comment');
  const lastToken = tokens.at(-1);
  let end = '';
  if (last && last.kind !== 'terminator' && last.kind !== 'client-command') {
    // a trailing line comment would swallow a terminator written on its line
    end += lastToken && lastToken.kind === 'comment' ? `\n${delimiter}` : delimiter;
  }
  if (delimiter !== ';') end += '\nDELIMITER ;';
  return end;
}

/** The statement terminator in force after the tokens (mariadb's `DELIMITER x` lines), `;` otherwise. */
function currentDelimiter(tokens: readonly SqlToken[]): string {
  let delimiter = ';';
  for (const token of tokens) {
    if (token.kind !== 'client-command') continue;
    const match = /^delimiter[ \t]+(\S+)/i.exec(token.text.trim());
    if (match?.[1]) delimiter = match[1].replace(/^(['"`])(.*)\1$/, '$2') || ';';
  }
  return delimiter;
}

/** The squash must send exactly the originals' statements, in order: split it as upgrade will and compare. */
function checkStatements(body: SqlMigrationBody, originals: readonly Original[], syntax: SqlSyntax): void {
  const text = `-- +upgrade\n${body.upgrade}\n${body.downgrade === null ? '' : `-- +downgrade\n${body.downgrade}\n`}`;
  const squashed = parseSqlMigration(text, 'the squash', syntax);
  const statements = (o: Original, section: 'upgrade' | 'downgrade') => (o.parsed[section] ?? []).map((s) => ({ sql: s.sql, file: basename(o.header.file) }));
  const expected = {
    upgrade: originals.flatMap((o) => statements(o, 'upgrade')),
    downgrade: body.downgrade === null ? [] : [...originals].reverse().flatMap((o) => statements(o, 'downgrade')),
  };
  const got = { upgrade: squashed.upgrade.map((s) => s.sql), downgrade: (squashed.downgrade ?? []).map((s) => s.sql) };
  for (const section of ['upgrade', 'downgrade'] as const) {
    const want = expected[section];
    const at = firstDifference(want.map((s) => s.sql), got[section]);
    if (at === undefined) continue;
    const which = want[at] ? ` of ${want[at].file}` : '';
    throw new UsageError(
      `cannot write the .sql squash: its ${section} section would not send the originals' statements as they are (the statement ${shown(want[at]?.sql)}${which} would be sent as ${shown(got[section][at])}); nothing was written: end each original's statements with a terminator, or squash a shorter range`,
    );
  }
}

function firstDifference(a: readonly string[], b: readonly string[]): number | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return undefined;
}

function shown(sql: string | undefined): string {
  if (sql === undefined) return '(nothing)';
  const line = sql.replace(/\s+/g, ' ');
  return JSON.stringify(line.length > 100 ? `${line.slice(0, 100)}…` : line);
}
