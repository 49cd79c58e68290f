// A pure function of one SQL text, remembered: every migration's `defaultSql('CURRENT_TIMESTAMP')` would otherwise
// be lexed again to render the same DEFAULT clause. Bounded, so a long-lived process holds no unbounded cache.

const LIMIT = 512;

/** `fn`, with its result for each of the last few hundred distinct texts kept (results must not be mutated). */
export function memoByText<T>(fn: (text: string) => T): (text: string) => T {
  const results = new Map<string, T>();
  return (text) => {
    const known = results.get(text);
    if (known !== undefined || results.has(text)) return known as T;
    const result = fn(text);
    if (results.size >= LIMIT) results.clear();
    results.set(text, result);
    return result;
  };
}
