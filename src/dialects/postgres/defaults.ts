// Column defaults as PostgreSQL prints them (pg_get_expr) read back into DefaultValue.
import type { DefaultValue } from '../../schema/types.js';
import { numberFromLiteral } from '../shared/number-literal.js';
import { canonicalTokens, joinTokens, type Token } from './expression.js';
import { portablePgDefault } from './portable-defaults.js';

const NUMERIC_CAST = /^(?:smallint|integer|int|int2|int4|int8|bigint|real|float4|float8|double precision|numeric|decimal)(?:\(.*\))?$/;


/** The cast's type name when tokens are `::type…` to the end and nothing else, else undefined. */
function castTarget(tokens: Token[]): string | undefined {
  if (tokens.length === 0) return '';
  if (tokens[0]?.kind !== 'cast') return undefined;
  const typeTokens = tokens.slice(1);
  const typeLike = typeTokens.every(
    (t) => t.kind === 'word' || t.kind === 'ident' || t.kind === 'number' || (t.kind === 'punct' && '(),[].'.includes(t.text)),
  );
  return typeLike && typeTokens.length > 0 ? joinTokens(typeTokens).toLowerCase() : undefined;
}

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/''/g, "'");
}

/**
 * `'abc'::text` → 'abc'; `'-1'::integer`, `(-1)`, `1.5` → number; true/false → boolean; `NULL::…` → undefined
 * (no default); anything else → the SQL as given.
 */
export function parsePgDefault(printed: string): DefaultValue | undefined {
  const tokens = canonicalTokens(printed);
  const [first] = tokens;
  if (first?.kind === 'word' && first.text === 'NULL' && castTarget(tokens.slice(1)) !== undefined) return undefined;
  if (first?.kind === 'string' && first.text.startsWith("'")) {
    const cast = castTarget(tokens.slice(1));
    if (cast !== undefined) {
      const text = unquote(first.text);
      if (NUMERIC_CAST.test(cast)) {
        const value = numberFromLiteral(text);
        if (value !== undefined) return { kind: 'value', value };
      }
      if (cast === 'boolean' || cast === 'bool') {
        const lower = text.trim().toLowerCase();
        if (lower === 'true' || lower === 'false') return { kind: 'value', value: lower === 'true' };
      }
      return { kind: 'value', value: text };
    }
  }
  if (tokens.length === 1 && first?.kind === 'word' && (first.text === 'true' || first.text === 'false')) {
    return { kind: 'value', value: first.text === 'true' };
  }
  const signed = first?.kind === 'op' && (first.text === '-' || first.text === '+');
  const digits = signed ? tokens.slice(1) : tokens;
  if (digits.length === 1 && digits[0]?.kind === 'number') {
    const value = numberFromLiteral((first?.text === '-' ? '-' : '') + digits[0].text);
    if (value !== undefined) return { kind: 'value', value };
  }
  return { kind: 'sql', sql: portablePgDefault(printed.trim()) };
}
