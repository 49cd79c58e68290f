// A SQLite project of many TypeScript migrations in a chain, for the compile caches' tests (code caches, bundles).
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli, type CliResult } from './project.js';

/** A migration `rev` after `down` whose upgrade() runs `body`. */
export const migration = (rev: string, down: string | null, body: string) =>
  `import { t, type Op } from 'athanor';\nexport const revision = '${rev}';\nexport const downRevision = ${down === null ? 'null' : `'${down}'`};\nexport async function upgrade(op: Op): Promise<void> {\n  ${body}\n}\n`;

/** The file of migration `i` (1-based) in a many-migrations project. */
export const migrationFile = (dir: string, i: number) => path.join(dir, 'migrations', `m_${String(i).padStart(3, '0')}.ts`);

/** `count` migrations in a chain (`r1` … `rN`), each creating a table; the 37th also drops one (a lint finding at 7:12). */
export async function manyMigrations(root: string, name: string, count: number): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(path.join(dir, 'migrations'), { recursive: true });
  await mkdir(path.join(dir, 'node_modules'));
  await writeFile(path.join(dir, 'athanor.config.json'), JSON.stringify({ dialect: 'sqlite', migrations: 'migrations' }));
  for (let i = 1; i <= count; i++) {
    const body = `await op.createTable('t${i}', { id: t.serial().primaryKey() });${i === 37 ? "\n  await op.dropTable('legacy');" : ''}`;
    await writeFile(migrationFile(dir, i), `\n${migration(`r${i}`, i === 1 ? null : `r${i - 1}`, body)}`);
  }
  return dir;
}

/**
 * Compiles a project's migrations a few at a time (as a team adding them one by one does), so each is cached on
 * its own: the first half is run alone, then all. Returns the output of the run of all.
 */
export async function compileFewAtATime(dir: string, count: number): Promise<CliResult> {
  const aside = path.join(dir, 'aside');
  await mkdir(aside);
  const later = Array.from({ length: count - Math.floor(count / 2) }, (_, k) => Math.floor(count / 2) + k + 1);
  for (const i of later) await rename(migrationFile(dir, i), path.join(aside, path.basename(migrationFile(dir, i))));
  const first = await runCli(['upgrade', '--sql'], dir);
  if (first.code !== 0) throw new Error(first.stderr);
  for (const i of later) await rename(path.join(aside, path.basename(migrationFile(dir, i))), migrationFile(dir, i));
  return runCli(['upgrade', '--sql'], dir);
}

/** A migration `rev` after `down` that creates `mode_strict_<n>` when it runs in strict mode (as an ES module does), else `mode_sloppy_<n>`. */
export const strictnessProbe = (rev: string, down: string, n: number) =>
  migration(rev, down, `const frozen = Object.freeze({ a: 1 });\n  let mode = 'strict';\n  try {\n    (frozen as { a: number }).a = 2;\n    mode = 'sloppy';\n  } catch {\n    // a TypeError: strict\n  }\n  await op.createTable(\`mode_\${mode}_${n}\`, { id: t.serial().primaryKey() });`);

