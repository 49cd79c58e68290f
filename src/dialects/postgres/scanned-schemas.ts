// The schemas a PostgreSQL scan reads: the ones configured (`schemas`), else public.
import type { IntrospectOptions } from '../dialect.js';

export function scannedSchemas(options: IntrospectOptions): string[] {
  return options.schemas && options.schemas.length > 0 ? options.schemas : ['public'];
}
