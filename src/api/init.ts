// init: a config file, the migrations folder with its template, and an example models module.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_JS_TEMPLATE, DEFAULT_TEMPLATE } from '../codegen/template.js';
import { findConfigFile } from '../config/load.js';
import { MIGRATION_FORMATS, type MigrationFormat } from '../config/types.js';
import { loadDialect } from '../dialects/index.js';
import type { DialectName } from '../drivers/connection.js';
import { dialectOfUrl } from '../drivers/url.js';
import { UsageError } from '../errors.js';
import { ensureIgnored, ignoredPaths } from './gitignore.js';
import { esModuleExtension, TEMPLATE_FILE, templateFileFor } from './revision.js';

export interface InitOptions {
  dir?: string;
  /** default: the dialect of `url`, else postgres */
  dialect?: DialectName;
  /** the database URL the project will use (--url or DATABASE_URL): the dialect when none is named */
  url?: string;
  migrations?: string;
  /** the project's kind of migration file: ts (default), js (ES modules, JSDoc types) or sql (a JSON config, no models) */
  format?: MigrationFormat;
}

export interface InitResult {
  dialect: DialectName;
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

/** The JavaScript form: an ES module typed through JSDoc. */
function javaScriptConfigSource(dialect: DialectName, migrations: string, models: string): string {
  return `/** @type {import('athanor').AthanorConfig} */
export default {
  dialect: '${dialect}',
${DEFAULT_URL_COMMENT[dialect]}
  migrations: '${migrations}',
  models: './${models}',
  migrationFormat: 'js',
};
`;
}

/** For a project with no JavaScript at all: plain SQL migrations, no models. */
function jsonConfigSource(dialect: DialectName, migrations: string): string {
  return `${JSON.stringify({ dialect, migrations, migrationFormat: 'sql' }, null, 2)}\n`;
}

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

/** What init writes for each format: config file, template (none for SQL), models module (none for SQL). */
function projectFiles(format: MigrationFormat, dialect: DialectName, migrations: string, dir: string): Array<[string, string]> {
  if (format === 'sql') return [['athanor.config.json', jsonConfigSource(dialect, migrations)]];
  if (format === 'js') {
    const ext = esModuleExtension(dir);
    return [
      [`athanor.config.${ext}`, javaScriptConfigSource(dialect, migrations, `models.${ext}`)],
      [join(migrations, templateFileFor('js')), DEFAULT_JS_TEMPLATE],
      [`models.${ext}`, MODELS_SOURCE],
    ];
  }
  return [
    ['athanor.config.ts', configSource(dialect, migrations)],
    [join(migrations, TEMPLATE_FILE), DEFAULT_TEMPLATE],
    ['models.ts', MODELS_SOURCE],
  ];
}

export async function init(options: InitOptions = {}): Promise<InitResult> {
  const dir = resolve(options.dir ?? process.cwd());
  // a project started with DATABASE_URL=mysql://… is a MySQL project: a config saying postgres would refuse its URL
  const dialect = options.dialect ?? (options.url ? dialectOfUrl(options.url) : 'postgres');
  if (!['postgres', 'mysql', 'sqlite'].includes(dialect)) {
    throw new UsageError(`--dialect must be postgres, mysql or sqlite, not "${dialect}"`);
  }
  const format = options.format ?? 'ts';
  if (!MIGRATION_FORMATS.includes(format)) throw new UsageError(`--format must be ts, js or sql, not "${format}"`);
  const migrations = options.migrations ?? 'migrations';
  const existingConfig = findConfigFile(dir);
  if (existingConfig) throw new UsageError(`${existingConfig} already exists: this project is initialised`);
  const result: InitResult = { dialect, created: [], skipped: [], updated: [] };
  const write = async (file: string, text: string) => {
    if (existsSync(file)) {
      result.skipped.push(file);
      return;
    }
    await writeFile(file, text);
    result.created.push(file);
  };
  await mkdir(join(dir, migrations), { recursive: true });
  for (const [file, text] of projectFiles(format, dialect, migrations, dir)) await write(join(dir, file), text);
  const gitignore = join(dir, '.gitignore');
  const change = await ensureIgnored(gitignore, ignoredPaths(await loadDialect(dialect)));
  if (change === 'created') result.created.push(gitignore);
  if (change === 'updated') result.updated.push(gitignore);
  return result;
}
