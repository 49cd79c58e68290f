import type { Command } from 'commander';
import { MIGRATION_FORMATS, type MigrationFormat } from '../config/types.js';
import { UsageError } from '../errors.js';
import { collect, configFor, println } from './context.js';

interface RevisionFlags {
  message?: string;
  autogenerate?: boolean;
  head?: string;
  splice?: boolean;
  branchLabel?: string[];
  dependsOn?: string[];
  revId?: string;
  sql?: boolean;
  format?: string;
  rename?: string[];
  notRenamed?: string[];
  backfill?: string[];
  backfillSql?: string[];
}

/** Flags that only mean something with --autogenerate (shared with `migrate`). */
export function addAutogenerateOptions(command: Command): Command {
  return command
    .option('--rename <old:new>', 'treat a dropped+added column or table as a rename: table.old_col:new_col or old_table:new_table (repeatable)', collect)
    .option('--not-renamed <old>', 'a rename candidate that is NOT a rename: drop `table` or `table.column` and add the new one (repeatable)', collect)
    .option('--backfill <table.col=value>', 'value for existing rows of a new NOT NULL column without a default (repeatable)', collect)
    .option('--backfill-sql <table.col=expr>', 'the same with a SQL expression, e.g. posts.slug=lower(title) (repeatable)', collect);
}

function migrationFormatOf(value: string): MigrationFormat {
  const format = MIGRATION_FORMATS.find((f) => f === value);
  if (!format) throw new UsageError(`--format must be ts, js or sql, not "${value}"`);
  return format;
}

export function registerRevision(program: Command): void {
  const command = program
    .command('revision')
    .description('write a new migration file (empty, or from the models with --autogenerate)')
    .requiredOption('-m, --message <message>', 'what the revision changes')
    .option('--autogenerate', 'fill upgrade/downgrade from the difference between models and database')
    .option('--head <rev>', 'attach to this revision instead of the single head (`base` starts a new root; LABEL@head)')
    .option('--splice', 'let --head name a revision that is not a head: the new revision starts a branch there')
    .option('--branch-label <label>', 'label the new revision (repeatable)', collect)
    .option('--depends-on <rev>', 'a revision this one depends on (repeatable)', collect)
    .option('--rev-id <id>', 'use this revision id instead of a random one')
    .option('--sql', 'write a .sql migration instead of .ts')
    .option('--format <kind>', "ts, js or sql: the kind of file (default: the config's migrationFormat, else ts)");
  addAutogenerateOptions(command).action(async (opts: RevisionFlags, command: Command) => {
      const config = await configFor(command);
      if (opts.autogenerate) {
        const { runAutogenerate } = await import('./autogenerate.js');
        await runAutogenerate(config, { ...opts, message: opts.message ?? '' });
        return;
      }
      const { createRevision } = await import('../api/revision.js');
      const { relative } = await import('node:path');
      const created = await createRevision(config, {
        message: opts.message ?? '',
        ...(opts.head ? { head: opts.head } : {}),
        ...(opts.splice ? { splice: true } : {}),
        ...(opts.branchLabel ? { branchLabels: opts.branchLabel } : {}),
        ...(opts.dependsOn ? { dependsOn: opts.dependsOn } : {}),
        ...(opts.revId ? { revId: opts.revId } : {}),
        ...(opts.sql ? { sql: true } : {}),
        ...(opts.format ? { format: migrationFormatOf(opts.format) } : {}),
      });
      println(`created ${relative(process.cwd(), created.file)} (revision ${created.revision}, revises ${created.downRevisions.join(', ') || 'base'})`);
    });
}
