// `.sql` migrations: header comments (read by revisions/header.ts) and `-- +upgrade` / `-- +downgrade`
// sections, split into statements so a failure names the statement that failed.
import { UsageError } from '../errors.js';

export interface SqlMigration {
  upgrade: string[];
  /** null when the file has no `-- +downgrade` section: the revision cannot be rolled back */
  downgrade: string[] | null;
}

export function parseSqlMigration(text: string, file: string, options: { backslashEscapes?: boolean } = {}): SqlMigration {
  const sections: Record<'upgrade' | 'downgrade', string[] | null> = { upgrade: null, downgrade: null };
  let current: 'upgrade' | 'downgrade' | null = null;
  for (const line of text.split(/\r?\n/)) {
    const marker = /^\s*--\s*\+(upgrade|downgrade)\s*$/i.exec(line);
    if (marker?.[1]) {
      current = marker[1].toLowerCase() as 'upgrade' | 'downgrade';
      if (sections[current]) throw new UsageError(`${file}: two \`-- +${current}\` sections`);
      sections[current] = [];
      continue;
    }
    if (current) sections[current]?.push(line);
  }
  if (!sections.upgrade) throw new UsageError(`${file}: no \`-- +upgrade\` section`);
  return {
    upgrade: splitSqlStatements(sections.upgrade.join('\n'), options),
    downgrade: sections.downgrade ? splitSqlStatements(sections.downgrade.join('\n'), options) : null,
  };
}

/**
 * Split on top-level semicolons, respecting quotes ('…', "…", `…`), dollar quotes ($tag$…$tag$) and
 * comments. Statements keep their text (without the semicolon); empty ones are dropped.
 */
export function splitSqlStatements(sql: string, options: { backslashEscapes?: boolean } = {}): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      // PostgreSQL's E'…' strings take backslash escapes even with standard_conforming_strings
      const escapeString = ch === "'" && /[Ee]/.test(sql[i - 1] ?? '') && !/[A-Za-z0-9_]/.test(sql[i - 2] ?? '');
      i = skipQuoted(sql, i, ch, options.backslashEscapes === true || escapeString);
    } else if (ch === '$') {
      const tag = /^\$[A-Za-z_0-9]*\$/.exec(sql.slice(i, i + 64))?.[0];
      if (tag && !/^\$\d/.test(tag)) {
        const end = sql.indexOf(tag, i + tag.length);
        i = end === -1 ? n : end + tag.length;
      } else i++;
    } else if (ch === ';') {
      pushStatement(statements, sql.slice(start, i));
      start = ++i;
    } else i++;
  }
  pushStatement(statements, sql.slice(start));
  return statements;
}

function skipQuoted(sql: string, from: number, quote: string, backslashEscapes: boolean): number {
  let i = from + 1;
  while (i < sql.length) {
    if (backslashEscapes && sql[i] === '\\' && quote !== '`') i += 2;
    else if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return i;
}

function pushStatement(statements: string[], text: string): void {
  const withoutComments = text.replace(/--[^\n]*\n?/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim();
  if (withoutComments) statements.push(text.trim());
}
