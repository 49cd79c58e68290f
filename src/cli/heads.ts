import type { Command } from 'commander';
import { configFor, globalOptions, printJson, println } from './context.js';
import { infoJson, revisionDetails, revisionLine } from './format.js';

export function registerHeads(program: Command): void {
  program
    .command('heads')
    .description('show the head revisions of the migrations folder (no database needed) (-v: full entries)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const config = await configFor(command);
      const { heads } = await import('../api/inspect.js');
      const list = await heads(config);
      if (opts.json) return printJson(list.map(infoJson));
      for (const info of list) println(globalOptions(command).verbose ? revisionDetails(info) : revisionLine(info));
    });
}
