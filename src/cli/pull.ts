import type { Command } from 'commander';
import { unmanagedLine } from '../schema/unmanaged.js';
import { configFor, println } from './context.js';
import { colors } from './io.js';

interface PullFlags {
  output?: string;
  force?: boolean;
}

export function registerPull(program: Command): void {
  program
    .command('pull')
    .description('write models from the live database in the athanor DSL (tables, keys, indexes, checks, foreign keys, enums, views, triggers, routines, sequences)')
    .option('-o, --output <file>', 'the file to write (default: the config\'s `models`, else models.ts)')
    .option('--force', 'replace the file when it exists and differs')
    .action(async (opts: PullFlags, command: Command) => {
      const config = await configFor(command);
      const { pull } = await import('../api/pull.js');
      const { displayPath } = await import('../loader/display-path.js');
      const result = await pull(config, { ...(opts.output ? { output: opts.output } : {}), ...(opts.force ? { force: true } : {}) });
      const unmanaged = unmanagedLine(result.unmanaged);
      if (unmanaged !== undefined) println(colors().yellow(`${unmanaged} (listed in the file's header)`));
      const what = `${result.tables} table(s)${result.enums > 0 ? `, ${result.enums} enum(s)` : ''}`;
      if (result.unchanged) println(`${displayPath(result.file)} is unchanged: it already holds the database's models (${what})`);
      else println(`wrote ${displayPath(result.file)}: ${what}; \`athanor check\` compares it with the database`);
    });
}
