// Deterministic orders for normalised specs, so two specs that mean the same compare equal field by field.

/** Sort key: the name, then the columns for unnamed constraints. */
export function byName<T extends { name?: string; columns?: string[] }>(a: T, b: T): number {
  const key = (x: T): string => `${x.name ?? ''}\u0000${(x.columns ?? []).join(',')}`;
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Order by schema (absent = `defaultSchema`), then name. */
export function bySchemaAndName(defaultSchema: string): (a: { schema?: string; name: string }, b: { schema?: string; name: string }) => number {
  const key = (x: { schema?: string; name: string }): string => `${x.schema ?? defaultSchema}\u0000${x.name}`;
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}
