// Views, triggers, functions, procedures and standalone sequences carried as their definition text: the SQL
// that creates and drops them, and the canonical text two definitions are compared by.
import type { SchemaObjectKind, SchemaObjectRef, SchemaObjectSpec } from '../../schema/types.js';
import { codeTokens, lexSql, quotedName, type SqlSyntax } from './sql-lexer.js';

const STARTS_WITH_CREATE = /^\s*create\b/i;

/** A view's definition may be its query alone; every other kind is a whole CREATE statement. */
export function isWholeStatement(definition: string): boolean {
  return STARTS_WITH_CREATE.test(definition);
}

function withoutTrailingSemicolon(sql: string): string {
  return sql.trim().replace(/;\s*$/, '').trimEnd();
}

/** The statement creating an object; `name` is its quoted, qualified name. */
export function createObjectStatement(object: SchemaObjectSpec, name: string): string {
  const definition = withoutTrailingSemicolon(object.definition);
  if (isWholeStatement(definition)) return definition;
  if (object.kind === 'view') return `CREATE VIEW ${name} AS ${definition}`;
  if (object.kind === 'materialized view') return `CREATE MATERIALIZED VIEW ${name} AS ${definition}`;
  return definition;
}

const DROP_KEYWORD: Record<SchemaObjectKind, string> = {
  view: 'VIEW',
  'materialized view': 'MATERIALIZED VIEW',
  trigger: 'TRIGGER',
  function: 'FUNCTION',
  procedure: 'PROCEDURE',
  sequence: 'SEQUENCE',
};

/** `DROP VIEW name`; a PostgreSQL trigger also names its table (`onTable`). */
export function dropObjectStatement(object: SchemaObjectRef, name: string, onTable?: string): string {
  return `DROP ${DROP_KEYWORD[object.kind]} ${name}${onTable !== undefined ? ` ON ${onTable}` : ''}`;
}

/**
 * The text a definition is compared by: its tokens without comments, words and quoted names lower-cased
 * (unquoted where quoting changes nothing), one space apart, no trailing semicolon. Two spellings of the same
 * statement compare equal; string literals and bodies' strings are kept as written.
 */
export function canonicalDefinition(sql: string, syntax: SqlSyntax): string {
  const tokens = codeTokens(lexSql(withoutTrailingSemicolon(sql), syntax));
  return tokens
    .map((t) => {
      if (t.kind === 'word') return t.text.toLowerCase();
      if (t.kind === 'quoted') return quotedName(t).toLowerCase();
      return t.text;
    })
    .join(' ')
    .replace(/ ;$/, '');
}

/** The canonical text of an object's whole creating statement (a view's query wrapped in CREATE VIEW). */
export function canonicalObject(object: SchemaObjectSpec, syntax: SqlSyntax, quoteIdent: (name: string) => string): string {
  return canonicalDefinition(createObjectStatement(object, quoteIdent(object.name)), syntax);
}
