import type { Command } from 'commander';
import { announceTarget, configFor, println } from './context.js';
import { colors } from './io.js';

interface ImportFlags {
  table?: string;
  python?: string;
  camelCase?: boolean;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .argument('<tool>', 'drizzle, prisma, knex, kysely, typeorm or alembic')
    .argument('<dir>', "the tool's migrations folder (drizzle-kit's out folder, prisma/migrations, knex's migrations, Kysely's migrationFolder, the folder of TypeORM's migration classes, Alembic's script folder)")
    .description("switch from another tool: write its migrations as athanor .sql migrations and stamp the database at what that tool applied (nothing is re-run)")
    .option('--table <name>', "the tool's applied-migrations table when it is not the default (knex_migrations, kysely_migration, TypeORM's migrations, …; schema.table on PostgreSQL)")
    .option('--python <path>', 'the python that has Alembic installed (default: python3)')
    .option('--camel-case', "kysely: the Migrator's Kysely has CamelCasePlugin (camelCase names in the migrations, snake_case in the database)")
    .action(async (tool: string, dir: string, opts: ImportFlags, command: Command) => {
      const { checkImportTool, importMigrations } = await import('../api/import/index.js');
      checkImportTool(tool);
      const config = await configFor(command);
      await announceTarget(config);
      const { displayPath } = await import('../loader/display-path.js');
      const result = await importMigrations(config, tool, dir, { ...(opts.table ? { table: opts.table } : {}), ...(opts.python ? { python: opts.python } : {}), ...(opts.camelCase ? { camelCase: true } : {}) });
      const applied = result.state.applied;
      println(
        result.state.found
          ? `${result.state.table}: ${applied.size} of ${result.migrations.length} ${result.tool} migration(s) applied`
          : colors().yellow(`${result.state.table} does not exist: ${result.tool} applied nothing to this database`),
      );
      if (result.alreadyImported) println(`the migrations folder already holds these ${result.migrations.length} revision(s): only the database is stamped`);
      for (const [i, m] of result.migrations.entries()) {
        const file = result.created[i] ? `created ${displayPath(result.created[i].file)}` : m.revision;
        println(`${file} <- ${m.originalId}${applied.has(m.revision) ? ' (applied)' : ''}`);
      }
      for (const name of result.state.edited ?? []) {
        println(colors().yellow(`${name} was edited after ${result.tool} applied it (its checksum in ${result.state.table} differs): the database ran the earlier text, the imported file is the file as it is now (a note in it says so) — compare them before a new database is built from it`));
      }
      if (result.stamped.length > 0) println(`stamped: ${result.before.join(', ') || 'base'} -> ${result.after.join(', ')} (only the version table was written; nothing was run)`);
      if (result.unlistedTable) {
        println(
          colors().yellow(
            `${result.state.table} is ${result.tool}'s bookkeeping, not your schema: add '${result.unlistedTable}' to excludeTables in ${config.configFile ? displayPath(config.configFile) : 'the config'} so check, migrate, pull and baseline leave it out`,
          ),
        );
      }
      const pending = result.migrations.length - applied.size;
      println(pending > 0 ? `\`athanor upgrade\` applies the ${pending} not applied` : 'the database is at head');
    });
}
