// The unmanaged objects a baseline and a pulled schema.sql create before the tables, as the database has them:
// extensions first (a domain may be over an extension's type, as citext), then collations, then domains (a
// domain may name a collation); the options of the tables' serial and identity sequences go after the tables.
import type { Connection } from '../../drivers/connection.js';
import type { UnmanagedDefinition } from '../../schema/types.js';
import type { IntrospectOptions } from '../dialect.js';
import { readPostgresCollations } from './collations.js';
import { readPostgresDomains } from './domains.js';
import { readPostgresExtensions } from './extensions.js';
import { readPostgresSequenceOptions } from './sequence-options.js';

export async function readPostgresDefinitions(conn: Connection, options: IntrospectOptions = {}): Promise<UnmanagedDefinition[]> {
  return [
    ...(await readPostgresExtensions(conn, options)),
    ...(await readPostgresCollations(conn, options)),
    ...(await readPostgresDomains(conn, options)),
    ...(await readPostgresSequenceOptions(conn, options)),
  ];
}
