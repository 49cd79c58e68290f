// Dialects are loaded on demand so the CLI only pays for the one it uses.
import type { DialectName } from '../drivers/connection.js';
import type { Dialect } from './dialect.js';

export async function loadDialect(name: DialectName): Promise<Dialect> {
  switch (name) {
    case 'postgres':
      return (await import('./postgres/index.js')).postgresDialect;
    case 'mysql':
      return (await import('./mysql/index.js')).mysqlDialect;
    case 'sqlite':
      return (await import('./sqlite/index.js')).sqliteDialect;
  }
}
