// Prisma's `?schema=` in a PostgreSQL URL (teams copy their DATABASE_URL from .env). node-postgres ignores it, so
// athanor would silently read and write `public` while the app works in another schema: `public` is accepted and
// dropped, any other schema refused with the way to say it to athanor.
import { UsageError } from '../errors.js';
import { joinQuery, splitQuery } from './url-query.js';

export function takePrismaSchema(url: string, shownAs: string): string {
  const { base, params } = splitQuery(url);
  const schema = params.get('schema');
  if (schema === null) return url;
  if (schema !== 'public') {
    throw new UsageError(
      `bad database URL "${shownAs}": schema=${schema} is Prisma's setting, which the PostgreSQL driver ignores: declare the tables with ` +
        `{ schema: '${schema}' } and set schemas: ['${schema}'] in the athanor config, then remove ?schema= from the URL`,
    );
  }
  params.delete('schema');
  return joinQuery(base, params);
}
