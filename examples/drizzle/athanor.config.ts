import type { AthanorConfig } from 'athanor';

// The app's Drizzle schema is the models. No url: embedded PostgreSQL (PGlite) in .athanor/pgdata.
export default {
  dialect: 'postgres',
  migrations: 'migrations',
  models: './db/schema.ts',
} satisfies AthanorConfig;
