import type { AthanorConfig } from 'athanor';

// No url: athanor uses embedded PostgreSQL (PGlite) in .athanor/pgdata. Point DATABASE_URL at a server to use it instead.
export default {
  dialect: 'postgres',
  migrations: 'migrations',
  models: './models.ts',
} satisfies AthanorConfig;
