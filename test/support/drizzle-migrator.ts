// drizzle-orm's own migrator (what `drizzle-kit migrate` runs) applied to a test database by URL, on the folder
// given: it writes __drizzle_migrations exactly as a project using drizzle-kit has it.
export async function drizzleMigrate(url: string, migrationsFolder: string): Promise<void> {
  if (url.startsWith('postgres')) {
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await migrate(drizzle(client), { migrationsFolder });
    } finally {
      await client.end();
    }
  } else if (url.startsWith('pglite:')) {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    const client = new PGlite(url.slice('pglite:'.length));
    try {
      await migrate(drizzle(client), { migrationsFolder });
    } finally {
      await client.close();
    }
  } else if (url.startsWith('mysql') || url.startsWith('mariadb')) {
    const mysql = await import('mysql2/promise');
    const { drizzle } = await import('drizzle-orm/mysql2');
    const { migrate } = await import('drizzle-orm/mysql2/migrator');
    const conn = await mysql.createConnection({ uri: url.replace(/^mariadb:/, 'mysql:'), multipleStatements: true });
    try {
      await migrate(drizzle(conn), { migrationsFolder });
    } finally {
      await conn.end();
    }
  } else if (url.startsWith('sqlite:')) {
    const { default: Database } = await import('better-sqlite3');
    const { drizzle } = await import('drizzle-orm/better-sqlite3');
    const { migrate } = await import('drizzle-orm/better-sqlite3/migrator');
    const db = new Database(url.slice('sqlite:'.length));
    try {
      migrate(drizzle(db), { migrationsFolder });
    } finally {
      db.close();
    }
  } else {
    throw new Error(`drizzleMigrate: no drizzle driver for ${url}`);
  }
}
