// Canonical column types and defaults for the normalize walker, from each dialect's data: which lengths and
// precisions the database fills in, which model types it stores as others, how it spells value defaults.
import { NUMERIC_TYPES } from '../../schema/type-families.js';
import type { ColumnType, DefaultValue, TypeName } from '../../schema/types.js';
import { numberFromLiteral } from './number-literal.js';

export interface TypeRules {
  /** a custom type as the database spells it → the model type it is, or `custom` */
  parse(raw: string): ColumnType;
  /** model types the database stores as other model types (MySQL: jsonb is json) */
  readonly renamed?: Partial<Record<TypeName, TypeName>>;
  /** what the database fills in when the type gives no length or precision */
  readonly implied?: {
    readonly char?: number;
    readonly varchar?: number;
    readonly numeric?: { readonly precision: number; readonly scale: number };
    readonly time?: number;
  };
  /** MySQL stores uuid as char(36): char(36) is uuid */
  readonly uuidIsChar36?: boolean;
  /** dialects without enum types: the column type an enum with these values is */
  inlineEnum?(values: readonly string[]): ColumnType;
}

export interface DefaultRules {
  /** an SQL default: a value when it is only a literal, else SQL (spelled canonically by the walker); undefined: none */
  parse(sql: string, type: ColumnType): DefaultValue | undefined;
  /** booleans are stored as 1/0 (SQLite, MySQL): 1, '1' and TRUE are all `true` on a boolean column */
  readonly booleansAreNumbers: boolean;
  /** numeric types beyond the model's (MySQL's custom tinyint, float…) */
  isNumeric?(type: ColumnType): boolean;
}

export function canonicalType(type: ColumnType, rules: TypeRules, enumValues: (type: ColumnType) => readonly string[] | undefined): ColumnType {
  const name = rules.renamed?.[type.name] ?? type.name;
  const implied = rules.implied ?? {};
  switch (name) {
    case 'custom': {
      const parsed = rules.parse(type.raw ?? '');
      return parsed.name === 'custom' ? parsed : canonicalType(parsed, rules, enumValues);
    }
    case 'enum': {
      const values = rules.inlineEnum ? enumValues(type) : undefined;
      if (values && rules.inlineEnum) return rules.inlineEnum(values);
      return { name: 'enum', enumName: type.enumName ?? '', ...(type.enumSchema ? { enumSchema: type.enumSchema } : {}) };
    }
    case 'varchar':
    case 'char': {
      const length = type.length ?? (name === 'char' ? implied.char : implied.varchar);
      if (name === 'char' && length === 36 && rules.uuidIsChar36) return { name: 'uuid' };
      return length === undefined ? { name } : { name, length };
    }
    case 'numeric': {
      if (type.precision === undefined) return implied.numeric ? { name, ...implied.numeric } : { name };
      // numeric(p) is numeric(p,0)
      return { name, precision: type.precision, scale: type.scale ?? 0 };
    }
    case 'time':
    case 'timestamp':
    case 'timestamptz': {
      const precision = type.precision ?? implied.time;
      return precision === undefined ? { name } : { name, precision };
    }
    default:
      return { name };
  }
}

/** A value default in the form the database gives it back for a column of this type. */
function coerceValue(value: string | number | boolean, type: ColumnType, rules: DefaultRules): string | number | boolean {
  if (type.name === 'boolean') {
    if (rules.booleansAreNumbers && typeof value === 'number') return value !== 0;
    const text = String(value).trim().toLowerCase();
    if (text === 'true' || (rules.booleansAreNumbers && text === '1')) return true;
    if (text === 'false' || (rules.booleansAreNumbers && text === '0')) return false;
    return value;
  }
  if (NUMERIC_TYPES.has(type.name) || rules.isNumeric?.(type)) {
    if (typeof value === 'boolean' && rules.booleansAreNumbers) return value ? 1 : 0;
    if (typeof value === 'string') return numberFromLiteral(value) ?? value;
    return value;
  }
  if (typeof value === 'boolean' && rules.booleansAreNumbers) return value ? '1' : '0';
  return typeof value === 'string' ? value : String(value);
}

export function canonicalDefault(value: DefaultValue, type: ColumnType, rules: DefaultRules): DefaultValue | undefined {
  const parsed = value.kind === 'sql' ? rules.parse(value.sql, type) : value;
  if (!parsed) return undefined;
  if (parsed.kind === 'sql') return parsed;
  if (parsed.value === null) return undefined;
  return { kind: 'value', value: coerceValue(parsed.value, type, rules) };
}
