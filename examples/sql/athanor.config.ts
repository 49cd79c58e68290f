import type { AthanorConfig } from 'athanor';

// The schema as CREATE statements is the models (applied to PGlite in memory, read back, diffed). No url: embedded PostgreSQL (PGlite) in .athanor/pgdata.
export default {
  dialect: 'postgres',
  migrations: 'migrations',
  models: './schema.sql',
} satisfies AthanorConfig;
