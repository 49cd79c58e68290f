// SQL literals for JavaScript values, the same everywhere but for how strings, dates, bytes and booleans are spelled.
import { UsageError } from '../../errors.js';

export interface LiteralStyle {
  quote(text: string): string;
  /** the text a Date is written as (quoted by `quote`) */
  dateText(value: Date): string;
  bytes(value: Uint8Array): string;
  booleans: readonly [string, string];
}

export function sqlLiteral(value: unknown, style: LiteralStyle): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? style.booleans[0] : style.booleans[1];
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UsageError(`cannot write ${value} as an SQL literal`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return style.quote(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new UsageError('cannot write an invalid Date as an SQL literal');
    return style.quote(style.dateText(value));
  }
  if (value instanceof Uint8Array) return style.bytes(value);
  if (typeof value === 'object') return style.quote(JSON.stringify(value));
  throw new UsageError(`cannot write a ${typeof value} as an SQL literal`);
}
