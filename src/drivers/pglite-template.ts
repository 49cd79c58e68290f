// A new in-memory PGlite (verify's scratch database, `pglite:memory`) starts from a saved copy of a freshly
// initialised data directory instead of running initdb each time: 8.4 s → 2.7 s wall, 2.0 → 0.55 s CPU on the
// development machine (docs/reports/issue-9-packaging.md). One copy per PGlite version and user, in the temp folder.
import { readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';

type PGliteClass = typeof PGlite;

/** Where this PGlite version's initialised data directory is kept; null when it cannot be told. */
export function memoryTemplateFile(): string | null {
  try {
    const wasm = fileURLToPath(import.meta.resolve('@electric-sql/pglite/pglite.wasm'));
    const { version } = JSON.parse(readFileSync(join(dirname(wasm), '..', 'package.json'), 'utf8')) as { version: string };
    return join(tmpdir(), `athanor-pglite-${version}-${userInfo().uid}.tar`);
  } catch {
    return null;
  }
}

/** An empty in-memory database: from the saved copy when there is a good one, else initdb (and save the result). */
export async function createMemoryPglite(PGliteClass: PGliteClass, options: PGliteOptions): Promise<PGlite> {
  const file = memoryTemplateFile();
  const saved = file ? await readFile(file).catch(() => null) : null;
  if (saved) {
    try {
      return await PGliteClass.create('memory://', { ...options, loadDataDir: new Blob([saved]) });
    } catch {
      // a damaged copy: initialise afresh and replace it
    }
  }
  const db = await PGliteClass.create('memory://', options);
  if (file) await save(db, file).catch(() => undefined);
  return db;
}

/** The data directory as it is right after initdb, written whole or not at all (concurrent runs may race). */
async function save(db: PGlite, file: string): Promise<void> {
  const tar = await db.dumpDataDir('none');
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, new Uint8Array(await tar.arrayBuffer()));
  await rename(partial, file);
}
