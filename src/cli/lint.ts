import type { Command } from 'commander';
import { collect, configFor, printJson, println, returningExitCode, type ExitStatus } from './context.js';

export function registerLint(program: Command, status: ExitStatus): void {
  program
    .command('lint')
    .description('check migrations for long locks, table rewrites and data loss (exit 1 on errors); `upgrade` runs it on pending migrations first')
    .option('-r, --revision <rev>', 'only this revision (repeatable); default all', collect)
    .option('--downgrade', 'also check downgrade()')
    .option('--list', 'list the rules')
    .option('--json', 'machine-readable output')
    .action(
      returningExitCode(status, async (opts: { revision?: string[]; downgrade?: boolean; list?: boolean; json?: boolean }, command: Command) => {
        const { displayPath } = await import('../loader/display-path.js');
        const { RULES, formatFindings, formatSummary, lintProject } = await import('../lint/index.js');
        if (opts.list) {
          if (opts.json) printJson(RULES);
          else for (const rule of RULES) println(`${rule.id.padEnd(38)} ${rule.severity.padEnd(8)} ${rule.description}`);
          return 0;
        }
        const config = await configFor(command);
        const report = await lintProject({
          migrationsDir: config.migrationsDir,
          dialect: config.dialect,
          lockTimeoutMs: config.lockTimeoutMs,
          lockHazards: config.safe ? 'error' : 'warning',
          ...(opts.revision ? { revisions: opts.revision } : {}),
          ...(opts.downgrade ? { includeDowngrade: true } : {}),
        });
        // file paths as every other command prints them: relative to the working directory
        if (opts.json) printJson({ ...report, findings: report.findings.map((f) => ({ ...f, file: displayPath(f.file) })) });
        else {
          const text = formatFindings(report);
          if (text) println(text);
          println(formatSummary(report));
        }
        return report.errors > 0 ? 1 : 0;
    }),
    );
}
