// Issue 14.6 figures: how long `athanor current` waits before giving up on a server that accepts TCP and never
// answers (a local listener that says nothing), per server dialect, with the default connect timeout and with
// ?connect_timeout=2; next to a refused port and a healthy server, timed in the same run.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { BIN, REPO_ROOT, report, seconds } from './support.js';

const SERVERS = {
  postgres: process.env['BENCH_PG'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  mysql: process.env['BENCH_MYSQL'] ?? 'mysql://root@127.0.0.1:3306/test',
} as const;
/** a run still waiting after this long is reported as such and killed */
const GIVE_UP_AFTER_MS = 60_000;

/** The listener that accepts and never answers; the event loop must run, so commands are spawned, not spawnSync'd. */
async function silentListener(): Promise<{ port: number; close: () => void }> {
  const held: Socket[] = [];
  const server = createServer((socket) => held.push(socket.on('error', () => undefined)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { port: address.port, close: () => (held.forEach((s) => s.destroy()), server.close()) };
}

function timedCurrent(dir: string, url: string): Promise<{ seconds: number; status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, '--url', url, 'current'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', DATABASE_URL: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), GIVE_UP_AFTER_MS);
    child.on('close', (status) => {
      clearTimeout(killer);
      resolve({ seconds: (performance.now() - started) / 1000, status, stderr });
    });
  });
}

export async function benchConnect(): Promise<void> {
  console.log('\n## connect timeout: `athanor current` against a listener that accepts TCP and never answers');
  const listener = await silentListener();
  try {
    for (const [dialect, serverUrl] of Object.entries(SERVERS)) {
      const dir = join(REPO_ROOT, 'bench', '.work', `connect-${dialect}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(join(dir, 'migrations'), { recursive: true });
      writeFileSync(join(dir, 'athanor.config.json'), JSON.stringify({ dialect, migrations: 'migrations' }));
      const silent = `${dialect}://athanor:pw@127.0.0.1:${listener.port}/app`;
      const rows: Array<[string, string]> = [
        ['silent listener, default timeout', silent],
        ['silent listener, ?connect_timeout=2', `${silent}?connect_timeout=2`],
        ['refused port (reference)', `${dialect}://athanor:pw@127.0.0.1:1/app`],
        ['healthy server (reference)', serverUrl],
      ];
      for (const [label, url] of rows) {
        const r = await timedCurrent(dir, url);
        const outcome = r.status === null ? `still waiting, killed after ${GIVE_UP_AFTER_MS / 1000} s` : `exit ${r.status}: ${r.stderr.trim().split('\n')[0]?.replace(/^athanor: error: /, '').slice(0, 90) ?? ''}`;
        report(`${dialect}: ${label}`, seconds(r.seconds), outcome);
      }
    }
  } finally {
    listener.close();
  }
}
