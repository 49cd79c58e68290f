import type { Command } from 'commander';
import { collect, configFor } from './context.js';
import { addAutogenerateOptions } from './revision.js';
import type { AutogenerateFlags } from './autogenerate.js';

export function registerMigrate(program: Command): void {
  const command = program
    .command('migrate')
    .description('compare the models with the database and write a migration for the difference (= revision --autogenerate)')
    .requiredOption('-m, --message <message>', 'what the revision changes')
    .option('--head <rev>', 'attach to this revision instead of the single head')
    .option('--branch-label <label>', 'label the new revision (repeatable)', collect)
    .option('--depends-on <rev>', 'a revision this one depends on (repeatable)', collect)
    .option('--rev-id <id>', 'use this revision id instead of a random one');
  addAutogenerateOptions(command).action(async (opts: AutogenerateFlags, cmd: Command) => {
    const config = await configFor(cmd);
    const { runAutogenerate } = await import('./autogenerate.js');
    await runAutogenerate(config, opts);
  });
}
