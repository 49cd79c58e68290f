// The athanor command line: parses flags (commander), runs a command, turns errors into one line + exit code.
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { processIo, runWithIo, stderr, stdout, type CliIo } from './io.js';
import type { ExitStatus } from './context.js';
import { preferBaselineWasm } from '../drivers/wasm-tiering.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** How every error line starts, whoever detected the error. */
const ERROR_PREFIX = 'athanor: error: ';

type Register = (program: Command, status: ExitStatus) => void;

/**
 * Each command's module, in the order help lists them. A run loads only the one it names (the rest cost ~1 ms
 * each to import); help, a typo or anything unusual before the command loads them all.
 */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<Register>]> = [
  ['init', async () => (await import('./init.js')).registerInit],
  ['revision', async () => (await import('./revision.js')).registerRevision],
  ['migrate', async () => (await import('./migrate.js')).registerMigrate],
  ['upgrade', async () => (await import('./upgrade.js')).registerUpgrade],
  ['downgrade', async () => (await import('./downgrade.js')).registerDowngrade],
  ['current', async () => (await import('./current.js')).registerCurrent],
  ['history', async () => (await import('./history.js')).registerHistory],
  ['heads', async () => (await import('./heads.js')).registerHeads],
  ['branches', async () => (await import('./branches.js')).registerBranches],
  ['show', async () => (await import('./show.js')).registerShow],
  ['merge', async () => (await import('./merge.js')).registerMerge],
  ['stamp', async () => (await import('./stamp.js')).registerStamp],
  ['baseline', async () => (await import('./baseline.js')).registerBaseline],
  ['pull', async () => (await import('./pull.js')).registerPull],
  ['squash', async () => (await import('./squash.js')).registerSquash],
  ['import', async () => (await import('./import.js')).registerImport],
  ['check', async () => (await import('./check.js')).registerCheck],
  ['verify', async () => (await import('./verify.js')).registerVerify],
  ['lint', async () => (await import('./lint.js')).registerLint],
];

/** Global options that may come before the command: those that take a value, and those that do not. */
const VALUE_OPTIONS = new Set(['-c', '--config', '--url']);
const FLAG_OPTIONS = new Set(['-v', '--verbose']);

/**
 * The commands a run needs registered: the one `argv` names when that is sure (only plain global options before
 * it), none for `--version`, else all of them (help and commander's "did you mean" list every command).
 */
export function commandsNeeded(argv: readonly string[]): ReadonlyArray<string> {
  const all = COMMANDS.map(([name]) => name);
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (FLAG_OPTIONS.has(arg) || /^--(?:config|url)=/.test(arg)) continue;
    // commander prints the version as soon as it meets the option, before any command
    else if (arg === '-V' || arg === '--version') return [];
    else return all.includes(arg) ? [arg] : all;
  }
  return all;
}

export async function buildProgram(status: ExitStatus = { code: 0 }, argv?: readonly string[]): Promise<Command> {
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
  const needed = argv === undefined ? undefined : commandsNeeded(argv);
  const wanted = COMMANDS.filter(([name]) => needed === undefined || needed.includes(name));
  const registers = await Promise.all(wanted.map(([, load]) => load()));
  for (const register of registers) register(program, status);
  for (const command of program.commands) {
    command.exitOverride();
    checkMandatoryAfterUnknown(command);
  }
  return program;
}

/**
 * Commander reports a missing mandatory option before an unknown one, so `migrate --mesage x` said "-m not
 * specified" where the mistake is the typo: mandatory options are checked after unknown ones (and arguments)
 * instead, with commander's own message.
 */
function checkMandatoryAfterUnknown(command: Command): void {
  const mandatory = command.options.filter((option) => option.mandatory);
  if (mandatory.length === 0) return;
  for (const option of mandatory) option.mandatory = false;
  command.hook('preAction', (self) => {
    for (const option of mandatory) {
      if (self.getOptionValue(option.attributeName()) === undefined) {
        self.error(`error: required option '${option.flags}' not specified`, { code: 'commander.missingMandatoryOptionValue' });
      }
    }
  });
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
    const program = await buildProgram(status, argv);
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
