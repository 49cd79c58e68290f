// npm run bench -- peers [--dialect postgres,mysql,sqlite] [--runs N] [--migrations N] [--only upgrade,startup,autogen]
//                        [--tools athanor,knex,…] [--revisions 1000,10000] [--tables 1000,10000] [--no-warmup]
//                        [--baseline DIR]  (another built athanor checkout, timed in the same rounds)
// athanor next to its peers on the same work. The peers are installed into bench/peers/node_modules on first
// use (never the package's dependencies); Alembic runs when /usr/bin/python3 has it (Debian: python3-alembic).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchAutogen } from './autogen.js';
import { DIALECTS, DIALECT_TITLE, reachable, type Dialect } from './databases.js';
import { environmentNote, keepEnvironment, machineLoad } from './measure.js';
import { PEERS_DIR } from './paths.js';
import { benchStartup } from './startup.js';
import type { Tool } from './tool.js';
import { alembic } from './tools/alembic.js';
import { athanor, athanorTool } from './tools/athanor.js';
import { drizzle } from './tools/drizzle.js';
import { knex } from './tools/knex.js';
import { kysely } from './tools/kysely.js';
import { native } from './tools/native.js';
import { nodePgMigrate } from './tools/node-pg-migrate.js';
import { typeorm } from './tools/typeorm.js';
import { umzug } from './tools/umzug.js';
import { benchUpgrade } from './upgrade.js';

const ALL_TOOLS: readonly Tool[] = [athanor, native, knex, nodePgMigrate, kysely, umzug, drizzle, typeorm, alembic];

function list(value: string | undefined, fallback: readonly string[]): string[] {
  return value === undefined ? [...fallback] : value.split(',').map((s) => s.trim()).filter(Boolean);
}

function installPeers(): void {
  if (existsSync(`${PEERS_DIR}/node_modules/.package-lock.json`)) return;
  console.log('installing the peers into bench/peers/node_modules (npm ci, once)…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: PEERS_DIR, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm ci in bench/peers failed');
}

const SUITES = ['upgrade', 'startup', 'autogen'];
/** The tools as --tools names them ('native' for the native client). */
const TOOL_NAMES = ALL_TOOLS.map((t) => t.name.replace(' client', ''));
const USAGE = `usage: npm run bench -- peers [options]
  --dialect LIST     ${DIALECTS.join(',')} (default: all; naming one asks for its upgrade table only)
  --only LIST        ${SUITES.join(',')} (default: all)
  --tools LIST       ${TOOL_NAMES.join(',')} (athanor always runs)
  --runs N           interleaved cold runs per tool (default 3)
  --migrations N     migrations in the upgrade project (default 1000)
  --revisions LIST   revision counts for start-up (default 1000,10000)
  --tables LIST      table counts for autogenerate (default 1000,10000)
  --no-warmup        no warm-up run before the timed rounds
  --baseline DIR     another built athanor checkout, timed in the same rounds
  --keep-env         keep machine settings that slow every Node tool's start (NODE_EXTRA_CA_CERTS) in the tools' environment`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h', default: false },
  dialect: { type: 'string' },
  runs: { type: 'string', default: '3' },
  migrations: { type: 'string', default: '1000' },
  only: { type: 'string' },
  tools: { type: 'string' },
  revisions: { type: 'string', default: '1000,10000' },
  tables: { type: 'string', default: '1000,10000' },
  'no-warmup': { type: 'boolean', default: false },
  baseline: { type: 'string' },
  'keep-env': { type: 'boolean', default: false },
} as const;

/** The options, or null after saying what is wrong with them (exit code 2). */
function peersOptions(argv: readonly string[]): ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>['values'] | null {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS }));
  } catch (error) {
    return refuse(error instanceof Error ? error.message : String(error));
  }
  const unknown = [
    ...list(values.dialect, []).filter((d) => !(DIALECTS as readonly string[]).includes(d)).map((d) => `dialect '${d}'`),
    ...list(values.only, []).filter((s) => !SUITES.includes(s)).map((s) => `suite '${s}'`),
    ...list(values.tools, []).filter((t) => !TOOL_NAMES.includes(t)).map((t) => `tool '${t}'`),
  ];
  if (unknown.length > 0) return refuse(`unknown ${unknown.join(', ')}`);
  for (const name of ['runs', 'migrations'] as const) if (!/^[1-9]\d*$/.test(values[name])) return refuse(`--${name} must be a positive whole number, not '${values[name]}'`);
  return values;
}

function refuse(message: string): null {
  console.error(`bench peers: ${message} (run with --help for the options)`);
  process.exitCode = 2;
  return null;
}

export async function benchPeers(argv: readonly string[]): Promise<void> {
  const values = peersOptions(argv);
  if (values === null) return;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  installPeers();
  const dialects = list(values.dialect, DIALECTS) as Dialect[];
  // naming a dialect asks for its upgrade table (quick to repeat while working on a runner); --only overrides
  const suites = list(values.only, values.dialect === undefined ? SUITES : ['upgrade']);
  const names = list(values.tools, ALL_TOOLS.map((t) => t.name));
  const tools = ALL_TOOLS.filter((t) => t.name === 'athanor' || names.includes(t.name) || (t.name === 'native client' && names.includes('native')));
  // --baseline DIR: another athanor checkout (built) timed in the same rounds, e.g. main before a change
  if (values.baseline) tools.splice(1, 0, athanorTool('athanor@baseline', path.resolve(values.baseline, 'bin', 'athanor.js')));
  const runs = Number(values.runs);
  console.log(`\n## peers (node ${process.version}, ${new Date().toISOString()}, load ${machineLoad()})`);
  keepEnvironment(values['keep-env']);
  const note = environmentNote();
  if (note) console.log(note);
  if (suites.includes('upgrade')) {
    for (const dialect of dialects) {
      const down = reachable(dialect);
      if (down) console.log(`\n### upgrade on ${DIALECT_TITLE[dialect]}: skipped, server unreachable (${down})`);
      else guarded(`upgrade on ${DIALECT_TITLE[dialect]}`, () => benchUpgrade(dialect, tools, { runs, migrations: Number(values.migrations), warmup: !values['no-warmup'] }));
    }
  }
  const home = dialects.includes('postgres') ? 'postgres' : (dialects[0] ?? 'sqlite');
  if (suites.includes('startup')) guarded('start-up', () => benchStartup(home, tools, { runs, revisions: list(values.revisions, []).map(Number) }));
  if (suites.includes('autogen')) guarded('autogenerate', () => benchAutogen(tools, { runs, tables: list(values.tables, []).map(Number) }));
}

/** A suite that fails says why and lets the others run. */
function guarded(suite: string, run: () => unknown): void {
  try {
    run();
  } catch (error) {
    process.exitCode = 1;
    console.log(`\n### ${suite}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  }
}
