// Issue 5 figure: add a NOT NULL column with a default plus an index to a 1M-row table while a writer
// inserts/updates continuously; report the writer's longest stall with the default rendering (add nullable →
// backfill → SET NOT NULL, plain CREATE INDEX) and with `safe: true` (one-step constant default,
// CREATE INDEX CONCURRENTLY).
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { athanor, BIN, REPO_ROOT, report, seconds } from './support.js';

const ROWS = Number(process.env['BENCH_ONLINE_ROWS'] ?? 1_000_000);
const PG = process.env['BENCH_PG'] ?? 'postgres://postgres@127.0.0.1:5432/test';

const MODELS = `import { table, t, index } from 'athanor';
export const events = table('events', {
  id: t.bigserial().primaryKey(),
  payload: t.text().notNull(),
  n: t.integer().notNull(),
  status: t.integer().notNull().default(0),
}, (c) => [index('ix_events_status').on(c.status)]);
`;

function runUpgrade(dir: string, url: string): Promise<{ code: number; seconds: number; stderr: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    // the default rendering is what lint refuses: --no-lint runs it anyway, which is the point of the comparison
    const child = spawn(process.execPath, [BIN, 'upgrade', '--no-lint'], { cwd: dir, env: { ...process.env, DATABASE_URL: url, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, seconds: (performance.now() - started) / 1000, stderr }));
  });
}

async function scenario(safe: boolean): Promise<{ stallMs: number; upgradeSeconds: number; writes: number }> {
  const name = `ath_bench_online_${safe ? 'safe' : 'plain'}_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = `${PG.replace(/\/[^/]*$/, '')}/${name}`;
  const dir = join(REPO_ROOT, 'bench', '.work', `online-${safe ? 'safe' : 'plain'}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'migrations'), { recursive: true });
  writeFileSync(join(dir, 'athanor.config.json'), JSON.stringify({ dialect: 'postgres', models: './models.ts', safe, lockTimeoutMs: 60_000 }));
  writeFileSync(join(dir, 'models.ts'), MODELS);
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`CREATE TABLE events (id bigserial CONSTRAINT events_pkey PRIMARY KEY, payload text NOT NULL, n integer NOT NULL)`);
  await setup.query(`INSERT INTO events (payload, n) SELECT md5(g::text), g FROM generate_series(1, ${ROWS}) g`);
  await setup.query('VACUUM ANALYZE events');
  await setup.end();
  athanor(['migrate', '-m', 'add status with index'], dir, { DATABASE_URL: url });

  const writer = new pg.Client({ connectionString: url });
  await writer.connect();
  let running = true;
  let stallMs = 0;
  let writes = 0;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      await writer.query(`INSERT INTO events (payload, n) VALUES ('w', 1)`);
      await writer.query(`UPDATE events SET n = n + 1 WHERE id = $1`, [1 + Math.floor(Math.random() * ROWS)]);
      stallMs = Math.max(stallMs, performance.now() - t0);
      writes += 2;
    }
  })();
  await new Promise((r) => setTimeout(r, 300));
  stallMs = 0; // only the migration window counts
  const up = await runUpgrade(dir, url);
  running = false;
  await loop;
  await writer.end();
  if (up.code !== 0) throw new Error(`upgrade failed (${safe ? 'safe' : 'plain'}): ${up.stderr}`);
  const cleanup = new pg.Client({ connectionString: PG });
  await cleanup.connect();
  await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await cleanup.end();
  return { stallMs, upgradeSeconds: up.seconds, writes };
}

export async function benchOnline(): Promise<void> {
  console.log(`\n## online: NOT NULL column with a default + an index on a ${ROWS.toLocaleString('en')}-row table under a concurrent writer (PostgreSQL)`);
  for (const safe of [false, true]) {
    const result = await scenario(safe);
    const label = safe ? 'safe: true (one-step default, CONCURRENTLY)' : 'default (nullable → backfill → NOT NULL, plain index)';
    report(`longest writer stall, ${label}`, `${result.stallMs.toFixed(0)} ms`, `upgrade took ${seconds(result.upgradeSeconds)}, ${result.writes} writes during it`);
  }
}
