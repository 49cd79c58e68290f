// Names for the consts a pulled models file declares (athanor DSL or Drizzle): camelCase, never a reserved word
// or a name the file imports, de-duplicated in declaration order.

/** Words a `const` cannot be named in a strict-mode module. */
export const JS_RESERVED: readonly string[] = (
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
  'implements import in instanceof interface let new null package private protected public return static super switch this ' +
  'throw true try typeof var void while with yield await arguments eval undefined NaN Infinity'
).split(' ');

/** `order_items` → `orderItems`, `Display Name` → `displayName`, `2fa` → `_2fa`. */
export function camelCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9_$]+|_+/).filter((w) => w !== '');
  const joined = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  const safe = joined === '' ? 'unnamed' : joined;
  return /^[0-9]/.test(safe) ? `_${safe}` : safe;
}

/** Hands out unique names: the first free candidate, else the last one numbered. */
export class NameClaims {
  private readonly taken = new Set<string>();
  private readonly names = new Map<string, string>();

  constructor(private readonly reserved: ReadonlySet<string>) {}

  claim(key: string, candidates: readonly string[]): string {
    for (const candidate of candidates) {
      if (!this.taken.has(candidate) && !this.reserved.has(candidate)) return this.take(key, candidate);
    }
    const base = candidates[candidates.length - 1] ?? 'unnamed';
    let n = 2;
    while (this.taken.has(`${base}${n}`) || this.reserved.has(`${base}${n}`)) n++;
    return this.take(key, `${base}${n}`);
  }

  get(key: string): string | undefined {
    return this.names.get(key);
  }

  private take(key: string, name: string): string {
    this.taken.add(name);
    this.names.set(key, name);
    return name;
  }
}

/** A const's candidates: its own name, schema-qualified, then with a kind suffix. */
export function nameCandidates(r: { schema?: string; name: string }, suffix: string): string[] {
  const own = camelCase(r.name);
  const qualified = r.schema === undefined ? own : camelCase(`${r.schema}_${r.name}`);
  return [own, qualified, `${qualified}${suffix}`];
}
