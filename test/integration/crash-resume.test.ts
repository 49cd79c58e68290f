// kill -9 at random moments of a multi-migration upgrade or downgrade (issue 14.1): after each kill, what exists
// is exactly what the version table and the history's partial rows say ran, and a plain re-run completes.
// On MariaDB (no transactional DDL) every statement of a step is recorded as it runs, whatever its shape:
// trailing `;`, parameters, SELECT-like. ATHANOR_CRASH_TRIALS=N runs N trials per dialect (default 5).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { crashChain, expectedState, migrationSpecs, type RecordedState, type TraceState } from '../support/crash-chain.js';
import { queryRows, tableNames, versionRows } from '../support/db.js';
import { BIN, createProject, type TestProject } from '../support/project.js';
import { selectedTargets, type TestDatabase } from '../support/targets.js';

const TRIALS = Number(process.env['ATHANOR_CRASH_TRIALS'] ?? 5);
const MIGRATIONS = 5;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The real binary, killed with SIGKILL `killAfterMs` after its first step is done (its first `applied`/`reverted`
 * line: start-up, connecting and loading are not what the trials are about) unless it ended first. `ms`: from
 * that line to the end.
 */
function runAndKill(project: TestProject, args: string[], killAfterMs: number): Promise<{ killed: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    let started = performance.now();
    const child = spawn(process.execPath, [BIN, '--url', project.url, ...args], { cwd: project.dir, env: { ...process.env, DATABASE_URL: '', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'ignore'] });
    let killer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      if (killer || !/^(applied|reverted) /m.test(chunk.toString())) return;
      started = performance.now();
      killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(killer);
      resolve({ killed: signal === 'SIGKILL', ms: performance.now() - started });
    });
  });
}

/** Until the killed client's server session has gone (it may still be finishing the statement it was sent). */
async function sessionsGone(url: string, dialect: string): Promise<void> {
  const sql =
    dialect === 'postgres'
      ? 'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()'
      : dialect === 'mysql'
        ? 'SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()'
        : null;
  if (!sql) return;
  for (let i = 0; (await queryRows(url, sql)).length > 0; i++) {
    assert.ok(i < 300, 'the killed session never went away');
    await sleep(50);
  }
}

async function recorded(url: string): Promise<RecordedState> {
  const versions = await versionRows(url);
  assert.ok(versions.length <= 1, `one head at most: ${versions.join(', ')}`);
  const exists = (await tableNames(url)).includes('athanor_history');
  const partial = exists
    ? await queryRows<{ revision: string; direction: string; statements_done: number | string | null }>(
        url,
        `SELECT revision, direction, statements_done FROM athanor_history WHERE direction LIKE 'partial-%'`,
      )
    : [];
  return { head: versions[0] ?? null, partial: partial.map((r) => ({ revision: r.revision, direction: r.direction, done: Number(r.statements_done ?? 0) })) };
}

async function observed(url: string): Promise<TraceState> {
  const tables = (await tableNames(url)).filter((t) => t === 'marks' || t.startsWith('crash_t'));
  const marks = tables.includes('marks') ? (await queryRows<{ id: number | string }>(url, 'SELECT id FROM marks')).map((r) => Number(r.id)) : [];
  return { marks: new Set(marks), tables: new Set(tables) };
}

const sorted = (state: TraceState) => ({ marks: [...state.marks].sort((a, b) => a - b), tables: [...state.tables].sort() });

// the dialects' trials run side by side (each has its own database and project)
describe('kill -9 during upgrade and downgrade', { concurrency: true }, () => {
for (const target of selectedTargets(['postgres', 'mysql', 'sqlite'])) {
  describe(`on ${target.name}`, () => {
    const chain = crashChain(target.dialect, MIGRATIONS);
    const head = chain[chain.length - 1]?.revision ?? '';
    let db: TestDatabase;
    let project: TestProject;
    /** how long a whole run takes here, measured first: kills are spread over it */
    const span = { up: 0, down: 0 };

    before(async () => {
      db = await target.create('crash');
      project = createProject(db.url, target.dialect);
      for (const spec of migrationSpecs(chain)) project.migration(spec);
      // compiled beforehand, then timed: the trials' kills land anywhere in a run after its first step
      assert.equal((await project.cli(['upgrade', '--sql'])).code, 0);
      span.up = (await runAndKill(project, ['upgrade'], 60_000)).ms;
      span.down = (await runAndKill(project, ['downgrade', 'base'], 60_000)).ms;
      assert.deepEqual(await versionRows(db.url), []);
    });
    after(async () => {
      project.remove();
      await db.drop();
    });

    test(`${TRIALS} random kills: what exists matches the record after each, and a plain re-run completes`, async (t) => {
      const outcomes: string[] = [];
      for (let trial = 0; trial < TRIALS; trial++) {
        const down = trial % 2 === 1;
        if (down) assert.equal((await project.cli(['upgrade'])).code, 0, 'set-up: everything applied');
        const at = Math.round(Math.random() * (down ? span.down : span.up));
        const run = await runAndKill(project, down ? ['downgrade', 'base'] : ['upgrade'], at);
        await sessionsGone(db.url, target.dialect);
        const record = await recorded(db.url);
        const what = `trial ${trial} (${down ? 'downgrade' : 'upgrade'}, kill at ${at} ms${run.killed ? '' : ', ended first'}): head ${record.head ?? 'base'}, partial ${JSON.stringify(record.partial)}`;
        outcomes.push(what);
        let expected: TraceState;
        try {
          expected = expectedState(chain, record);
        } catch (error) {
          assert.fail(`${what}: ${String(error)}`);
        }
        assert.deepEqual(sorted(await observed(db.url)), sorted(expected), `${what}: what exists differs from what the record says ran`);
        const rerun = await project.cli(down ? ['downgrade', 'base'] : ['upgrade']);
        assert.equal(rerun.code, 0, `${what}: the re-run failed: ${rerun.stderr}`);
        const done = await recorded(db.url);
        assert.deepEqual(done, { head: down ? null : head, partial: [] }, `${what}: after the re-run`);
        assert.deepEqual(sorted(await observed(db.url)), sorted(expectedState(chain, done)), `${what}: after the re-run`);
        if (!down) assert.equal((await project.cli(['downgrade', 'base'])).code, 0, 'back to base for the next trial');
      }
      t.diagnostic(`${target.name}:\n${outcomes.join('\n')}`);
    });
  });
}
});
