// What the `athanor import` tests read back: the .sql migrations an import wrote, and a refusal that wrote and
// stamped nothing.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { versionRows } from './db.js';
import type { TestProject } from './project.js';

/** The .sql files in the project's migrations folder, by name. */
export function sqlFiles(project: TestProject): string[] {
  return readdirSync(join(project.dir, 'migrations')).filter((f) => f.endsWith('.sql')).sort();
}

/** `athanor <args>` exits 2 with `message`, writes no migration and stamps nothing on the database at `url`. */
export async function assertRefusedImport(project: TestProject, url: string, args: string[], message: RegExp): Promise<void> {
  const r = await project.cli(args);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, message);
  assert.deepEqual(sqlFiles(project), [], 'nothing written');
  assert.deepEqual(await versionRows(url), [], 'nothing stamped');
}
