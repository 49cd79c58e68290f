import type { Command } from 'commander';
import { configFor, printJson, println } from './context.js';
import { infoJson, revisionDetails } from './format.js';

export function registerShow(program: Command): void {
  program
    .command('show')
    .description('show one revision (id, unique prefix, head, LABEL@head…)')
    .argument('<rev>', 'the revision')
    .option('--json', 'machine-readable output')
    .action(async (rev: string, opts: { json?: boolean }, command: Command) => {
      const config = await configFor(command);
      const { show } = await import('../api/inspect.js');
      const list = await show(config, rev);
      if (opts.json) return printJson(list.length === 1 ? infoJson(list[0] as (typeof list)[number]) : list.map(infoJson));
      for (const info of list) println(revisionDetails(info));
    });
}
