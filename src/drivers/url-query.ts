// A database URL's query parameters, for the drivers' URL readers (TLS, Prisma's parameters): split off, read,
// and put back. A URL without a query has an empty one.

export interface SplitUrl {
  /** the URL up to its `?` */
  base: string;
  params: URLSearchParams;
}

export function splitQuery(url: string): SplitUrl {
  const queryAt = url.indexOf('?');
  return queryAt < 0 ? { base: url, params: new URLSearchParams() } : { base: url.slice(0, queryAt), params: new URLSearchParams(url.slice(queryAt + 1)) };
}

/** `base` with `params` (no `?` when none are left). */
export function joinQuery(base: string, params: URLSearchParams): string {
  const rest = params.toString();
  return rest ? `${base}?${rest}` : base;
}
