import type { Dialect } from '../databases.js';
import { installed, write } from '../paths.js';
import { createTableSql, migrationMillis, padded } from '../schema.js';
import type { Tool } from '../tool.js';
import { CONNECT_MODULE } from './connect.js';

// drizzle-orm's migrator over a drizzle-kit style folder: <tag>.sql files (statements split by
// "--> statement-breakpoint") listed in meta/_journal.json
const RUN = `import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { driver } from './connect.js';

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'drizzle');
const d = process.env.BENCH_DIALECT;
const raw = await driver();
if (d === 'postgres') {
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  await migrate(drizzle(raw), { migrationsFolder });
  await raw.end();
} else if (d === 'mysql') {
  const { drizzle } = await import('drizzle-orm/mysql2');
  const { migrate } = await import('drizzle-orm/mysql2/migrator');
  await migrate(drizzle(raw), { migrationsFolder });
  await raw.end();
} else {
  const { drizzle } = await import('drizzle-orm/better-sqlite3');
  const { migrate } = await import('drizzle-orm/better-sqlite3/migrator');
  migrate(drizzle(raw), { migrationsFolder });
  raw.close();
}
`;

const JOURNAL_DIALECT: Record<Dialect, string> = { postgres: 'postgresql', mysql: 'mysql', sqlite: 'sqlite' };

export const drizzle: Tool = {
  name: 'drizzle',
  dialects: ['postgres', 'mysql', 'sqlite'],
  unavailable: () => (installed('drizzle-orm') ? null : 'not installed'),
  write(dir, dialect, count) {
    write(`${dir}/package.json`, '{ "type": "module" }\n');
    write(`${dir}/connect.js`, CONNECT_MODULE);
    write(`${dir}/run.js`, RUN);
    const entries = [];
    for (let i = 1; i <= count; i++) {
      const tag = `${padded(i - 1)}_t${i}`;
      write(`${dir}/drizzle/${tag}.sql`, createTableSql(dialect, i).map((s) => `${s};`).join('\n--> statement-breakpoint\n'));
      entries.push({ idx: i - 1, version: dialect === 'postgres' ? '7' : '5', when: migrationMillis(i), tag, breakpoints: true });
    }
    write(`${dir}/drizzle/meta/_journal.json`, JSON.stringify({ version: '7', dialect: JOURNAL_DIALECT[dialect], entries }, null, 2));
  },
  upgrade: (dir, db) => ({ command: process.execPath, args: ['run.js'], cwd: dir, env: db.env }),
};
