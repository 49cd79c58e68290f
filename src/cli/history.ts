import type { Command } from 'commander';
import { configFor, globalOptions, printJson, println } from './context.js';
import { colors } from './io.js';
import { infoJson, revisionDetails, revisionLine } from './format.js';

export function registerHistory(program: Command): void {
  program
    .command('history')
    .description('list revisions, newest first (-v: full entries)')
    .option('-r, --rev-range <range>', 'only revisions in A:B (an empty side is base / heads; `current` is the database)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { revRange?: string; json?: boolean }, command: Command) => {
      const config = await configFor(command);
      const { history } = await import('../api/inspect.js');
      const list = await history(config, opts.revRange);
      if (opts.json) return printJson(list.map(infoJson));
      const line = globalOptions(command).verbose ? revisionDetails : revisionLine;
      // one write for the whole listing (a write per line is most of the time `history` takes on 10,000
      // revisions), and one look-up of the colours (it reads the environment: 15 ms for 10,000 lines)
      const palette = colors();
      if (list.length > 0) println(list.map((info) => line(info, undefined, palette)).join('\n'));
    });
}
