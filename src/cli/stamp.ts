import type { Command } from 'commander';
import { announceTarget, configFor, println } from './context.js';

export function registerStamp(program: Command): void {
  program
    .command('stamp')
    .description('move the version table to REVS without running migrations (only the rows on their branches move)')
    .argument('<revs...>', 'targets (heads, base, ids, BRANCH@head, BRANCH@base, -1…)')
    .option('--purge', 'empty the version table first, even of revisions no file describes')
    .action(async (revs: string[], opts: { purge?: boolean }, command: Command) => {
      const config = await configFor(command);
      await announceTarget(config);
      const { stamp } = await import('../api/stamp.js');
      const { printLockWait } = await import('./progress.js');
      const result = await stamp(config, revs, { ...(opts.purge ? { purge: true } : {}), onLockWait: printLockWait });
      println(`stamped: ${result.before.join(', ') || 'base'} -> ${result.after.join(', ') || 'base'}`);
      for (const step of result.abandoned) {
        println(`${step.revision}: its unfinished ${step.direction === 'up' ? 'upgrade' : 'downgrade'} (stopped after ${step.statementsDone} statement(s)) is settled by the stamp and will not resume`);
      }
    });
}
