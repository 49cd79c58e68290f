import type { Command } from 'commander';
import { announceTarget, configFor } from './context.js';
import { printMove } from './progress.js';

export function registerDowngrade(program: Command): void {
  program
    .command('downgrade')
    .description('roll back applied migrations down to TARGET')
    .argument('[target]', '-N, a revision (or unique prefix), base, BRANCH@-N, BRANCH@REV… (README: Revision targets); with --sql a range FROM:TO', '-1')
    .option('--sql', 'print the SQL instead of running it (needs a range FROM:TO)')
    .option('--dry-run', 'run for real inside a transaction, report each statement (rows, time), then roll everything back')
    .option('--accept-changed', 'accept applied migrations whose files were edited, recording their new checksums')
    .option('--no-lint', 'do not refuse downgrade() bodies making an op call athanor refuses before running anything')
    .option('--transaction-per-run', 'one transaction for the whole run instead of one per migration')
    .action(async (target: string, opts: { sql?: boolean; dryRun?: boolean; acceptChanged?: boolean; lint: boolean; transactionPerRun?: boolean }, command: Command) => {
      const config = await configFor(command);
      if (!opts.sql) await announceTarget(config);
      const { downgrade } = await import('../api/upgrade.js');
      await printMove('downgrade', (hooks) =>
        downgrade(config, {
          target,
          ...(opts.sql ? { sql: true } : {}),
          ...(opts.dryRun ? { dryRun: true } : {}),
          ...(opts.acceptChanged ? { acceptChanged: true } : {}),
          ...(opts.lint ? {} : { noLint: true }),
          ...(opts.transactionPerRun ? { transactionPerMigration: false } : {}),
          ...hooks,
        }),
        opts.dryRun === true,
      );
    });
}
