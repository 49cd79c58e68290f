// One process at a time on a PGlite data directory. PGlite has no postmaster.pid: a second process opening the
// directory while the first has it open aborts with "Aborted(). Build with -sASSERTIONS" or, worse, both write
// and the directory is corrupted. A file in the directory holds the pid of the process that has it open; another
// athanor waits for it (two terminals, a watch script beside an upgrade), and one left by a process that died is
// taken over.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const LOCK_FILE = 'athanor-open.pid';
const POLL_MS = 100;
/** how long a second process waits for the first to close the directory */
export const PGLITE_WAIT_MS = 60_000;

export class PgliteBusyError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by another user
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function holderOf(file: string): Promise<number | null> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Takes `dir` for this process, waiting up to `waitMs` for another one to let it go; returns the release. */
export async function lockPgliteDir(dir: string, waitMs = PGLITE_WAIT_MS): Promise<() => Promise<void>> {
  const file = join(dir, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  let emptyRounds = 0;
  for (;;) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await holderOf(file);
    if (holder === null) {
      // half-written (its writer is between open and write), or left empty by a crash: stale after a few rounds
      if (++emptyRounds >= 3) await rm(file, { force: true });
      else await new Promise((done) => setTimeout(done, POLL_MS));
      continue;
    }
    if (holder === process.pid || !alive(holder)) {
      await rm(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new PgliteBusyError(`${dir} is open in another process (pid ${holder}): PGlite serves one process at a time; wait for it to finish, or stop it`);
    }
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
}
