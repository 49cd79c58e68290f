// init: a config file, the migrations folder with its template, and an example models module.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_TEMPLATE } from '../codegen/template.js';
import { findConfigFile } from '../config/load.js';
import type { DialectName } from '../drivers/connection.js';
import { UsageError } from '../errors.js';
import { ensureIgnored, ignoredPaths } from './gitignore.js';
import { TEMPLATE_FILE } from './revision.js';

export interface InitOptions {
  dir?: string;
  dialect?: DialectName;
  migrations?: string;
}

export interface InitResult {
  created: string[];
  skipped: string[];
  /** files given the lines they lacked (.gitignore) */
  updated: string[];
}

const DEFAULT_URL_COMMENT: Record<DialectName, string> = {
  postgres: `  // no url: embedded PostgreSQL (PGlite) in .athanor/pgdata. Set DATABASE_URL (or --url) for a server:\n  // url: 'postgres://user:password@localhost:5432/app',`,
  mysql: `  // no url: set DATABASE_URL (or --url), or write it here:\n  // url: 'mysql://user:password@localhost:3306/app',`,
  sqlite: `  // no url: sqlite:./dev.db. Set DATABASE_URL (or --url) for another file:\n  // url: 'sqlite:./app.db',`,
};

function configSource(dialect: DialectName, migrations: string): string {
  return `import type { AthanorConfig } from 'athanor';

export default {
  dialect: '${dialect}',
${DEFAULT_URL_COMMENT[dialect]}
  migrations: '${migrations}',
  models: './models.ts',
} satisfies AthanorConfig;
`;
}

const MODELS_SOURCE = `// The target schema: \`athanor migrate -m "…"\` compares these tables with the database.
import { table, t, index } from 'athanor';

export const todos = table(
  'todos',
  {
    id: t.serial().primaryKey(),
    description: t.text().notNull(),
  },
  (c) => [index('ix_todos_description').on(c.description)],
);
`;

export async function init(options: InitOptions = {}): Promise<InitResult> {
  const dir = resolve(options.dir ?? process.cwd());
  const dialect = options.dialect ?? 'postgres';
  if (!['postgres', 'mysql', 'sqlite'].includes(dialect)) {
    throw new UsageError(`--dialect must be postgres, mysql or sqlite, not "${dialect}"`);
  }
  const migrations = options.migrations ?? 'migrations';
  const existingConfig = findConfigFile(dir);
  if (existingConfig) throw new UsageError(`${existingConfig} already exists: this project is initialised`);
  const result: InitResult = { created: [], skipped: [], updated: [] };
  const write = async (file: string, text: string) => {
    if (existsSync(file)) {
      result.skipped.push(file);
      return;
    }
    await writeFile(file, text);
    result.created.push(file);
  };
  await mkdir(join(dir, migrations), { recursive: true });
  await write(join(dir, 'athanor.config.ts'), configSource(dialect, migrations));
  await write(join(dir, migrations, TEMPLATE_FILE), DEFAULT_TEMPLATE);
  await write(join(dir, 'models.ts'), MODELS_SOURCE);
  const gitignore = join(dir, '.gitignore');
  const change = await ensureIgnored(gitignore, ignoredPaths(dialect));
  if (change === 'created') result.created.push(gitignore);
  if (change === 'updated') result.updated.push(gitignore);
  return result;
}
