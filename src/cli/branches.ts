import type { Command } from 'commander';
import { configFor, globalOptions, printJson, println } from './context.js';
import { branchLine, infoJson, revisionDetails, revisionLine } from './format.js';

export function registerBranches(program: Command): void {
  program
    .command('branches')
    .description('show branch points: revisions with more than one child (-v: full entries)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const config = await configFor(command);
      const { branches } = await import('../api/inspect.js');
      const list = await branches(config);
      if (opts.json) return printJson(list.map((info) => ({ ...infoJson(info), branches: info.branches.map(infoJson) })));
      for (const info of list) {
        if (globalOptions(command).verbose) {
          println(revisionDetails(info));
          continue;
        }
        println(revisionLine(info));
        for (const child of info.branches) println(branchLine(child));
      }
    });
}
