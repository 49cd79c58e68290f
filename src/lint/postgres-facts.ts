// PostgreSQL behaviour the rules depend on (PostgreSQL 11+ assumed: a constant or stable default on
// ADD COLUMN no longer rewrites the table; 12+: SET NOT NULL skips its scan given a valid CHECK).
import { formatType } from '../diff/destructive.js';
import type { ColumnType, TypeName } from '../schema/types.js';
import { postgresSqlSyntax } from '../dialects/postgres/sql-syntax.js';
import { tokenizeSql, type Token } from './sql-tokens.js';

/**
 * Volatile built-ins seen in defaults: each row needs its own value, so ADD COLUMN … DEFAULT f() rewrites
 * the table. now()/current_timestamp/statement_timestamp() are stable: one value, no rewrite.
 */
const VOLATILE_FUNCTIONS = new Set([
  'random',
  'random_normal',
  'gen_random_uuid',
  'gen_random_bytes',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'uuidv4',
  'uuidv7',
  'clock_timestamp',
  'timeofday',
  'nextval',
  'txid_current',
  'pg_current_xact_id',
]);

/** The first volatile function call in an SQL expression, as `name()`, or undefined. */
export function volatileCall(expression: string | readonly Token[]): string | undefined {
  const tokens = typeof expression === 'string' ? tokenizeSql(expression, postgresSqlSyntax) : expression;
  for (let i = 0; i + 1 < tokens.length; i++) {
    const token = tokens[i] as Token;
    const next = tokens[i + 1] as Token;
    if (token.kind === 'word' && VOLATILE_FUNCTIONS.has(token.text) && next.kind === 'punct' && next.text === '(') {
      return `${token.text}()`;
    }
  }
  return undefined;
}

/** For a check expression `col IS NOT NULL` (parenthesised or not): the column; otherwise undefined. */
export function notNullCheckColumn(expression: string | readonly Token[]): string | undefined {
  let tokens = typeof expression === 'string' ? tokenizeSql(expression, postgresSqlSyntax) : [...expression];
  while (tokens.length >= 2 && tokens[0]?.text === '(' && tokens[tokens.length - 1]?.text === ')' && tokens[0].kind === 'punct') {
    tokens = tokens.slice(1, -1);
  }
  if (tokens.length !== 4) return undefined;
  const [column, is, not, nul] = tokens as [Token, Token, Token, Token];
  if (column.kind !== 'word' && column.kind !== 'quoted') return undefined;
  if (is.kind !== 'word' || is.text !== 'is' || not.kind !== 'word' || not.text !== 'not' || nul.kind !== 'word' || nul.text !== 'null') return undefined;
  return column.text;
}

const STORAGE_OF: Partial<Record<TypeName, TypeName>> = { smallserial: 'smallint', serial: 'integer', bigserial: 'bigint' };

function storage(type: ColumnType): ColumnType {
  const name = STORAGE_OF[type.name];
  return name ? { ...type, name } : type;
}


/** A wider-or-equal limit: `to` unbounded, or at least `from`. */
function widens(from: number | undefined, to: number | undefined): boolean {
  return to === undefined || (from !== undefined && to >= from);
}

/** Type pairs PostgreSQL changes without rewriting or rescanning the table (catalog-only). */
function catalogOnly(fromType: ColumnType, toType: ColumnType): boolean {
  const from = storage(fromType);
  const to = storage(toType);
  if (from.name === 'varchar' && to.name === 'varchar') return widens(from.length, to.length);
  if (from.name === 'varchar' && to.name === 'text') return true;
  if (from.name === 'text' && to.name === 'varchar') return to.length === undefined;
  if (from.name === 'numeric' && to.name === 'numeric') {
    if (to.precision === undefined) return true;
    return from.precision !== undefined && to.precision >= from.precision && (to.scale ?? 0) === (from.scale ?? 0);
  }
  if (from.name === to.name && (from.name === 'time' || from.name === 'timestamp' || from.name === 'timestamptz')) {
    return widens(from.precision ?? 6, to.precision ?? 6);
  }
  if (from.name === 'custom' && to.name === 'custom') return (from.raw ?? '').toLowerCase() === (to.raw ?? '').toLowerCase();
  if (from.name === 'enum' && to.name === 'enum') return from.enumName === to.enumName && from.enumSchema === to.enumSchema;
  return from.name === to.name && from.length === to.length && from.precision === to.precision && from.scale === to.scale;
}

/** True for a USING that is the column itself (possibly cast): it adds no work of its own. */
function trivialUsing(using: string, column: string): boolean {
  const tokens = tokenizeSql(using, postgresSqlSyntax);
  const first = tokens[0];
  if (!first || (first.kind !== 'word' && first.kind !== 'quoted')) return false;
  if (first.kind === 'word' ? first.text !== column.toLowerCase() : first.text !== column) return false;
  return tokens.length === 1 || tokens[1]?.text === '::';
}

/**
 * Why changing a column from one type to another rewrites (or rescans) the table under an ACCESS
 * EXCLUSIVE lock, or null when it is a catalog-only change.
 */
export function typeChangeProblem(column: string, from: ColumnType | undefined, to: ColumnType, using: string | undefined): string | null {
  if (from === undefined) {
    return `changes the type of ${column} to ${formatType(to)}, but its current type is unknown (no existingType, and no earlier migration of the run created it): every change except widening a varchar, numeric or time precision, or varchar → text, rewrites the table`;
  }
  if (catalogOnly(from, to)) {
    if (using !== undefined && !trivialUsing(using, column)) return `changes ${column} with USING ${using}: the expression is computed for every row (table rewrite)`;
    return null;
  }
  return `changes ${column} from ${formatType(from)} to ${formatType(to)}: PostgreSQL rewrites (or rescans) the whole table under an ACCESS EXCLUSIVE lock`;
}

const SERIAL_WORDS = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

export function isSerialTypeWord(word: string): boolean {
  return SERIAL_WORDS.has(word);
}
