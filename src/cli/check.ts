import type { Command } from 'commander';
import { unmanagedLine } from '../schema/unmanaged.js';
import { describeOperation } from './describe-operation.js';
import { configFor, printJson, println, returningExitCode, type ExitStatus } from './context.js';
import { colors } from './io.js';

export function registerCheck(program: Command, status: ExitStatus): void {
  program
    .command('check')
    .description('exit 0 when the database matches the models, 1 with the list of differences otherwise')
    .option('--json', 'machine-readable output')
    .action(
      returningExitCode(status, async (opts: { json?: boolean }, command: Command) => {
        const config = await configFor(command);
        const { check, describeCandidate } = await import('../api/autogenerate.js');
        const result = await check(config);
        if (opts.json) {
          printJson({ ...result, renameCandidates: result.renameCandidates.map(describeCandidate) });
          return !result.inSync ? 1 : 0;
        }
        const unmanaged = unmanagedLine(result.unmanaged);
        if (unmanaged !== undefined) println(colors().yellow(unmanaged));
        for (const w of result.warnings) println(colors().yellow(`WARNING ${w}`));
        if (result.inSync) {
          println('in sync: the database matches the models');
        } else {
          println('the database differs from the models:');
          for (const op of result.operations) println(`  ${describeOperation(op)}`);
          for (const c of result.renameCandidates) println(`  possible rename: ${describeCandidate(c)}`);
          for (const p of result.problems) println(`  ${p}`);
          println(
            config.migrationFormat === 'sql'
              ? 'write a migration for it with `athanor revision -m "…"` (this project\'s migrations are .sql: migrate writes code)'
              : 'run `athanor migrate -m "…"` to write a migration for it',
          );
        }
        return !result.inSync ? 1 : 0;
    }),
    );
}
