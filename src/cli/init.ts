import type { Command } from 'commander';
import type { MigrationFormat } from '../config/types.js';
import { UsageError } from '../errors.js';
import { globalOptions, println } from './context.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    // Alembic's `alembic init <dir>` and Flask-Migrate's `flask db init` name the folder as an argument
    .argument('[dir]', 'migrations folder (the same as --migrations)')
    .description('create athanor.config.ts, the migrations folder (with its template) and an example models.ts (--format js|sql for other kinds)')
    .option('--dialect <dialect>', 'postgres, mysql or sqlite (default: the dialect of --url or DATABASE_URL, else postgres)')
    .option('--migrations <dir>', 'migrations folder (default: "migrations")')
    .option('--format <kind>', 'ts (TypeScript), js (JavaScript ES modules) or sql (.sql files and a JSON config, no models)', 'ts')
    .action(async (dir: string | undefined, opts: { dialect?: 'postgres' | 'mysql' | 'sqlite'; migrations?: string; format: MigrationFormat }, command: Command) => {
      if (dir !== undefined && opts.migrations !== undefined && dir !== opts.migrations) {
        throw new UsageError(`init was given two migrations folders (${dir} and --migrations ${opts.migrations}): give one`);
      }
      const { init } = await import('../api/init.js');
      const { relative } = await import('node:path');
      const { readDotEnv } = await import('../config/load.js');
      const url = globalOptions(command).url || process.env['DATABASE_URL'] || (await readDotEnv(process.cwd()))['DATABASE_URL'] || undefined;
      const result = await init({
        ...(opts.dialect ? { dialect: opts.dialect } : {}),
        ...(url ? { url } : {}),
        migrations: dir ?? opts.migrations ?? 'migrations',
        format: opts.format,
      });
      for (const file of result.created) println(`created ${relative(process.cwd(), file)}`);
      for (const file of result.updated) println(`updated ${relative(process.cwd(), file)}`);
      for (const file of result.skipped) println(`kept existing ${relative(process.cwd(), file)}`);
      const setUrl = result.dialect === 'mysql' && !url ? 'set DATABASE_URL (mysql://user:password@localhost:3306/app), ' : '';
      const models = result.created.find((file) => /[\\/]models\.[a-z]+$/.test(file));
      if (opts.format === 'sql') println(`next: ${setUrl}\`athanor revision -m "create todos"\`, write its SQL, then \`athanor upgrade\``);
      else println(`next: ${setUrl}edit ${models ? relative(process.cwd(), models) : 'the models'}, then \`athanor migrate -m "create todos"\` and \`athanor upgrade\``);
    });
}
