import type { Command } from 'commander';
import { configFor, printJson, println, returningExitCode, type ExitStatus } from './context.js';
import { colors, colorsFor, stderr } from './io.js';

export function registerVerify(program: Command, status: ExitStatus): void {
  program
    .command('verify')
    .description('stairway test on a scratch database: upgrade, downgrade and re-upgrade every revision; exit 1 at the first downgrade that does not undo its upgrade')
    .option('--scratch-url <url>', 'scratch database to use (default: a temporary database next to the configured one, or in-memory for PGlite/SQLite)')
    .option('--force', 'use --scratch-url even though that database is not empty')
    .option('--json', 'machine-readable output')
    .action(
      returningExitCode(status, async (opts: { scratchUrl?: string; force?: boolean; json?: boolean }, command: Command) => {
        const config = await configFor(command);
        const { verify } = await import('../api/verify.js');
        const { relative } = await import('node:path');
        const tty = stderr().isTTY === true && !opts.json;
        const result = await verify(config, {
          ...(opts.scratchUrl ? { scratchUrl: opts.scratchUrl } : {}),
          ...(opts.force ? { force: true } : {}),
          ...(tty ? { onRevision: (rev: string, i: number, n: number) => stderr().write(colorsFor(stderr()).dim(`[${i + 1}/${n}] ${rev}\r`)) } : {}),
        });
        if (tty) stderr().write('\x1b[2K');
        if (opts.json) printJson(result);
        else if (result.ok) println(`verified ${result.checked} revision(s) with sample rows in every table: every downgrade undoes its upgrade (scratch: ${result.scratch})`);
        else if (result.failure) {
          const where = `revision ${result.failure.revision} (${relative(process.cwd(), result.failure.file)})`;
          if (result.failure.downgradeError !== undefined) {
            println(colors().red(`${where}: its downgrade fails on tables holding sample rows (as production tables do):`));
            println(`  ${result.failure.downgradeError}`);
          } else {
            println(colors().red(`${where}: its downgrade does not undo its upgrade; after upgrade + downgrade the schema differs:`));
            for (const d of result.failure.differences) println(`  ${d}`);
          }
        }
        if (!opts.json) for (const note of result.notes) println(`note: ${note}`);
        return !result.ok ? 1 : 0;
    }),
    );
}
