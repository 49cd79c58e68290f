// TypeORM's PostgreSQL driver creates extensions when it connects (uuid-ossp for generated uuid columns, citext,
// hstore, …), never in a migration: its migrations use uuid_generate_v4() and citext columns with nothing creating
// them, and replayed on a new database they fail. The imported migration that first uses one creates it.
import { codeTokens, lexSql } from '../../dialects/shared/sql-lexer.js';
import { sqlSyntaxOf } from '../../dialects/sql-syntax.js';

// the words TypeORM's checkMetadataForExtensions looks for, as they appear in the SQL it generates
const USED_BY: ReadonlyArray<readonly [string, RegExp]> = [
  ['uuid-ossp', /^uuid_generate_v[1345]$/i],
  ['citext', /^citext$/i],
  ['hstore', /^hstore$/i],
  ['postgis', /^(geometry|geography)$/i],
  ['cube', /^cube$/i],
  ['ltree', /^ltree$/i],
  ['vector', /^(vector|halfvec)$/i],
  ['btree_gist', /^exclude$/i],
];

/** The extensions a PostgreSQL script uses that TypeORM would have created on connecting. */
function extensionsUsed(sql: string): string[] {
  const words = codeTokens(lexSql(sql, sqlSyntaxOf('postgres'))).filter((t) => t.kind === 'word').map((t) => t.text);
  return USED_BY.filter(([, pattern]) => words.some((w) => pattern.test(w))).map(([name]) => name);
}

/** Each migration's upgrade with CREATE EXTENSION for the extensions it is the first to use, and a note saying why. */
export function withTypeormExtensions<M extends { upgrade: string; notes: string[] }>(migrations: readonly M[]): M[] {
  const created = new Set<string>();
  return migrations.map((m) => {
    const needed = extensionsUsed(m.upgrade).filter((e) => !created.has(e));
    if (needed.length === 0) return m;
    for (const e of needed) created.add(e);
    const names = needed.map((e) => `"${e}"`).join(', ');
    return {
      ...m,
      notes: [...m.notes, `CREATE EXTENSION ${names} added: TypeORM creates ${needed.length === 1 ? 'it' : 'them'} when it connects, not in a migration, and a new database needs ${needed.length === 1 ? 'it' : 'them'} here (the downgrade leaves ${needed.length === 1 ? 'it' : 'them'})`],
      upgrade: [...needed.map((e) => `CREATE EXTENSION IF NOT EXISTS "${e}";`), m.upgrade].join('\n\n'),
    };
  });
}
