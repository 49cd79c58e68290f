// The unmanaged objects a run looks at: those of the tables it looks at (includeTables / excludeTables), never
// a migration tool's bookkeeping tables' (athanor's own, or another tool's: other-tools-tables.ts).
import type { IntrospectOptions } from '../dialect.js';
import { isBookkeepingTable } from './other-tools-tables.js';

export function selectUnmanaged<T extends { schema?: string; table?: string }>(objects: readonly T[], options: IntrospectOptions = {}): T[] {
  return objects.filter((o) => {
    if (o.table === undefined) return true;
    if (isBookkeepingTable(o.table)) return false;
    const names = [o.table, ...(o.schema ? [`${o.schema}.${o.table}`] : [])];
    if (options.includeTables && !options.includeTables.some((n) => names.includes(n))) return false;
    if (options.excludeTables?.some((n) => names.includes(n))) return false;
    return true;
  });
}
