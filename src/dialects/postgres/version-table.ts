// What the version store (runner/version-store.ts) needs from PostgreSQL beyond rendering the table specs.
import { quotePgString } from './literal.js';

/** applied_at's default */
export const PG_CURRENT_TIMESTAMP = 'CURRENT_TIMESTAMP';

/** One row, column n > 0 when the table exists where unqualified names are created (current_schema()). */
export function pgTableExistsSql(name: string): string {
  return `SELECT count(*)::int AS n FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = ${quotePgString(name)}`;
}
