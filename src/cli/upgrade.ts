import type { Command } from 'commander';
import { announceTarget, configFor } from './context.js';
import { printMove } from './progress.js';

interface MoveFlags {
  lint: boolean;
  sql?: boolean;
  dryRun?: boolean;
  acceptChanged?: boolean;
  transactionPerRun?: boolean;
}

export function registerUpgrade(program: Command): void {
  program
    .command('upgrade')
    .description('apply pending migrations up to TARGET')
    .argument('[target]', 'head, heads, a revision (or unique prefix), +N, REV+N, BRANCH@head, BRANCH@+N… (README: Revision targets); with --sql a range FROM:TO', 'head')
    .option('--sql', 'print the SQL instead of running it (offline: from base, or from FROM in FROM:TO)')
    .option('--dry-run', 'run for real inside a transaction, report each statement (rows, time), then roll everything back')
    .option('--accept-changed', 'accept applied migrations whose files were edited, recording their new checksums')
    .option('--no-lint', 'do not refuse on lint errors in the pending migrations')
    .option('--transaction-per-run', 'one transaction for the whole run instead of one per migration')
    .action(async (target: string, opts: MoveFlags, command: Command) => {
      const config = await configFor(command);
      if (!opts.sql) await announceTarget(config);
      const { upgrade } = await import('../api/upgrade.js');
      await printMove('upgrade', (hooks) =>
        upgrade(config, {
          target,
          ...(opts.sql ? { sql: true } : {}),
          ...(opts.dryRun ? { dryRun: true } : {}),
          ...(opts.lint ? {} : { noLint: true }),
          ...(opts.acceptChanged ? { acceptChanged: true } : {}),
          ...(opts.transactionPerRun ? { transactionPerMigration: false } : {}),
          ...hooks,
        }),
        opts.dryRun === true,
      );
    });
}
