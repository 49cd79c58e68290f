import type { Command } from 'commander';
import { configFor, println } from './context.js';

interface SquashFlags {
  message: string;
  revId?: string;
  deleteReplaced?: boolean;
}

export function registerSquash(program: Command): void {
  program
    .command('squash <range>')
    .description('write one migration replacing the linear range FROM:TO (the revisions after FROM up to TO); it declares `replaces`, and a database inside the range keeps upgrading through the originals')
    .requiredOption('-m, --message <message>', 'what the squashed migration is, e.g. "2025 history squashed"')
    .option('--rev-id <id>', 'use this revision id instead of a random one')
    .option('--delete-replaced', 'delete the replaced files (refused while the configured database is inside the range); on a range already squashed, deletes its originals')
    .action(async (range: string, opts: SquashFlags, command: Command) => {
      const config = await configFor(command);
      const { squash } = await import('../api/squash.js');
      const { displayPath } = await import('../loader/display-path.js');
      const result = await squash(config, {
        range,
        message: opts.message,
        ...(opts.revId ? { revId: opts.revId } : {}),
        ...(opts.deleteReplaced ? { deleteReplaced: true } : {}),
      });
      if (result.existing) println(`${displayPath(result.created.file)} (squash ${result.created.revision}) already replaces ${result.replaces.join(', ')}: nothing written`);
      else println(`created ${displayPath(result.created.file)} (revision ${result.created.revision}): replaces ${result.replaces.join(', ')}`);
      if (result.executes > 0) println(`${result.executes} execute() call(s) kept verbatim and flagged in the file: read them before deleting the originals`);
      if (result.deleted.length > 0) println(`deleted ${result.deleted.length} replaced file(s): ${result.deleted.map((f) => displayPath(f)).join(', ')}`);
      else println(`the replaced files stay: delete them with --delete-replaced once no database is inside the range`);
    });
}
