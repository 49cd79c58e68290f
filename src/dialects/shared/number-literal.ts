// Reading numeric literals out of the default expressions databases print back (dialect-neutral).

const UNSIGNED_NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * A number when the text is a decimal literal JavaScript holds exactly (integers within the safe range,
 * decimals that survive a round trip through a double), else undefined.
 */
export function numberFromLiteral(text: string): number | undefined {
  const trimmed = text.trim();
  const unsigned = trimmed.replace(/^[+-]/, '');
  if (!UNSIGNED_NUMBER.test(unsigned)) return undefined;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return undefined;
  if (/^\d+$/.test(unsigned) && !Number.isSafeInteger(value)) return undefined;
  return value;
}
