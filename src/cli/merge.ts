import type { Command } from 'commander';
import { collect, configFor, println } from './context.js';

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('write a merge revision joining two or more heads')
    .argument('<revs...>', 'revisions to join (`heads` for all current heads)')
    .requiredOption('-m, --message <message>', 'what the merge is')
    .option('--branch-label <label>', 'label the merge revision (repeatable)', collect)
    .option('--rev-id <id>', 'use this revision id instead of a random one')
    .action(async (revs: string[], opts: { message: string; branchLabel?: string[]; revId?: string }, command: Command) => {
      const config = await configFor(command);
      const { merge } = await import('../api/revision.js');
      const { relative } = await import('node:path');
      const created = await merge(config, revs, {
        message: opts.message,
        ...(opts.branchLabel ? { branchLabels: opts.branchLabel } : {}),
        ...(opts.revId ? { revId: opts.revId } : {}),
      });
      println(`created ${relative(process.cwd(), created.file)} (revision ${created.revision}, merges ${created.downRevisions.join(', ')})`);
    });
}
