import type { Command } from 'commander';
import { configFor, globalOptions, printJson, println } from './context.js';
import { infoJson, revisionDetails, revisionLine } from './format.js';

export function registerCurrent(program: Command): void {
  program
    .command('current')
    .description('show the revision(s) the database is at (-v: full entries)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const config = await configFor(command);
      const { current } = await import('../api/inspect.js');
      const state = await current(config);
      if (opts.json) {
        printJson({ heads: state.heads.map((h) => h.revision), revisions: state.heads.map(infoJson), unknown: state.unknown, atBase: state.atBase, upToDate: state.upToDate, unfinished: state.unfinished });
        return;
      }
      if (state.atBase) println('<base> (no migration applied)');
      const currentSet = new Set(state.heads.map((h) => h.revision));
      for (const info of state.heads) println(globalOptions(command).verbose ? revisionDetails(info, currentSet) : revisionLine(info, currentSet));
      for (const id of state.unknown) println(`${id} (not found in the migrations folder)`);
      for (const u of state.unfinished) {
        const stopped = `stopped after ${u.statementsDone} statement(s)`;
        // a half-reverted revision is still applied: a fixed file is run with --accept-changed
        println(u.direction === 'up'
          ? `${u.revision} (partially applied: its upgrade ${stopped}; fix the cause and re-run \`athanor upgrade\` to resume)`
          : `${u.revision} (partially reverted: its downgrade ${stopped}; fix the cause and re-run \`athanor downgrade\` to resume, with --accept-changed if you edited its file)`);
      }
    });
}
