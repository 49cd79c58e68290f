// The athanor command line: parses flags (commander), runs a command, turns errors into one line + exit code.
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { registerBaseline } from './baseline.js';
import { registerBranches } from './branches.js';
import { processIo, runWithIo, stderr, stdout, type CliIo } from './io.js';
import { registerCheck } from './check.js';
import { registerCurrent } from './current.js';
import { registerDowngrade } from './downgrade.js';
import { registerHeads } from './heads.js';
import { registerHistory } from './history.js';
import { registerInit } from './init.js';
import { registerLint } from './lint.js';
import { registerMerge } from './merge.js';
import { registerMigrate } from './migrate.js';
import { registerImport } from './import.js';
import { registerPull } from './pull.js';
import { registerRevision } from './revision.js';
import { registerShow } from './show.js';
import { registerSquash } from './squash.js';
import { registerStamp } from './stamp.js';
import { registerUpgrade } from './upgrade.js';
import { registerVerify } from './verify.js';
import type { ExitStatus } from './context.js';
import { preferBaselineWasm } from '../drivers/wasm-tiering.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** How every error line starts, whoever detected the error. */
const ERROR_PREFIX = 'athanor: error: ';

export function buildProgram(status: ExitStatus = { code: 0 }): Command {
  const program = new Command('athanor')
    .description('Database schema migrations for TypeScript: write, autogenerate, upgrade and roll back schema changes.')
    .version(version(), '-V, --version')
    .option('-c, --config <file>', 'config file (default: athanor.config.{ts,js,mjs,json} in the working directory)')
    .option('--url <url>', 'database URL (overrides DATABASE_URL and the config)')
    // one meaning everywhere, as in Alembic: say more. Full entries where a command lists revisions, the stack
    // trace with an error.
    .option('-v, --verbose', 'more detail: full revision entries (history, current, heads, branches) and a stack trace with any error')
    // a subcommand's --help lists the options every command takes (-v among them)
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => stdout().write(text),
      writeErr: (text) => stderr().write(text),
      // commander's own refusals (unknown option, missing -m) carry the prefix every other error line has
      outputError: (text, write) => write(text.replace(/^error: /, ERROR_PREFIX)),
    })
    .exitOverride();
  registerInit(program);
  registerRevision(program);
  registerMigrate(program);
  registerUpgrade(program);
  registerDowngrade(program);
  registerCurrent(program);
  registerHistory(program);
  registerHeads(program);
  registerBranches(program);
  registerShow(program);
  registerMerge(program);
  registerStamp(program);
  registerBaseline(program);
  registerPull(program);
  registerSquash(program);
  registerImport(program);
  registerCheck(program, status);
  registerVerify(program, status);
  registerLint(program, status);
  for (const command of program.commands) command.exitOverride();
  return program;
}

async function reportError(error: unknown, verbose: boolean): Promise<number> {
  const { exitCodeOf } = await import('../errors.js');
  const { maskSecrets } = await import('../drivers/url.js');
  const message = error instanceof Error ? error.message : String(error);
  stderr().write(`${ERROR_PREFIX}${maskSecrets(message.split('\n')[0] ?? message)}\n`);
  if (verbose && error instanceof Error && error.stack) stderr().write(`${maskSecrets(error.stack)}\n`);
  return exitCodeOf(error);
}

/** Runs one invocation (`argv` as process.argv: node, script, args…) writing to `io`; resolves to its exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  preferBaselineWasm();
  return runWithIo(io, async () => {
    const status: ExitStatus = { code: 0 };
    const program = buildProgram(status);
    try {
      await program.parseAsync(argv);
      // a command may end with a non-zero code without failing (check: drift found)
      return status.code;
    } catch (error) {
      if (error instanceof CommanderError) {
        // help and --version end here too; anything else commander refuses is bad input
        return error.exitCode === 0 ? 0 : 2;
      }
      return reportError(error, program.opts<{ verbose?: boolean }>().verbose === true);
    }
  });
}
