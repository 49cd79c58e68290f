// Alembic: `versions/*.py` with revision / down_revision (a graph: branches, merges, depends_on, branch labels)
// and `alembic_version` (one row per applied head). The scripts are Python, rendered to SQL by Alembic itself in
// offline mode (alembic-script.ts). Revision ids, parents, labels and dependencies are kept as they are, so the
// athanor graph has the same shape and the database is stamped at the same heads.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { DialectName } from '../../dialect-name.js';
import { UsageError } from '../../errors.js';
import { invalidNameReason } from '../../revisions/header.js';
import { ALEMBIC_RENDER_PY } from './alembic-script.js';
import { importedRevisionId, parseTableName, readForeignTable, showTable } from './common.js';
import type { ImportedMigration, Importer } from './types.js';

const SQLALCHEMY_DIALECTS: Record<DialectName, string> = { postgres: 'postgresql', mysql: 'mysql', sqlite: 'sqlite' };
const PYTHONS = ['python3', '/usr/bin/python3', 'python'];

interface RenderedRevision {
  revision: string;
  down: string[];
  labels: string[];
  depends: string[];
  message: string;
  file: string;
  upgrade: string;
  downgrade: string | null;
}

/** `versions/` itself, or the script folder holding it (where alembic.ini's script_location points). */
function versionsFolder(dir: string): string {
  return existsSync(join(dir, 'versions')) ? join(dir, 'versions') : dir;
}

function runRenderer(versions: string, dialect: DialectName, python: string | undefined): { revisions?: RenderedRevision[]; error?: string } {
  for (const candidate of python ? [python] : PYTHONS) {
    const run = spawnSync(candidate, ['-c', ALEMBIC_RENDER_PY, versions, SQLALCHEMY_DIALECTS[dialect]], {
      encoding: 'utf8',
      // the scripts may import the project's modules, as they do under `alembic` run from the project root
      cwd: dirname(dirname(versions)),
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: [dirname(dirname(versions)), process.env['PYTHONPATH']].filter(Boolean).join(':') },
      maxBuffer: 256 * 1024 * 1024,
    });
    if (run.error || (run.status !== 0 && /No module named '?alembic/.test(run.stderr))) continue;
    if (run.status !== 0) throw new UsageError(`Alembic could not read ${versions}: ${run.stderr.trim().split('\n').pop() ?? `exit ${run.status}`}`);
    return JSON.parse(run.stdout) as { revisions?: RenderedRevision[]; error?: string };
  }
  throw new UsageError(
    `${python ?? 'python3'} cannot import alembic: install it (pip install alembic, or apt-get install python3-alembic) or pass --python with your virtualenv's python`,
  );
}

/** Alembic's ids are kept; one athanor cannot take (a reserved word, odd characters) gets a derived id. */
function athanorId(alembicId: string): string {
  return /^[A-Za-z0-9_]{4,64}$/.test(alembicId) && invalidNameReason(alembicId, 'revision id') === null ? alembicId : importedRevisionId('alembic', alembicId);
}

/** Each revision after its down revisions and dependencies (the order the files are written in). */
function parentsFirst(revisions: readonly RenderedRevision[]): RenderedRevision[] {
  const byId = new Map(revisions.map((r) => [r.revision, r]));
  const done = new Set<string>();
  const ordered: RenderedRevision[] = [];
  const visit = (r: RenderedRevision): void => {
    if (done.has(r.revision)) return;
    done.add(r.revision);
    for (const id of [...r.down, ...r.depends]) {
      const parent = byId.get(id);
      if (parent) visit(parent);
    }
    ordered.push(r);
  };
  for (const r of revisions) visit(r);
  return ordered;
}

export const alembicImporter: Importer = {
  label: 'Alembic',
  async read(dir, { dialect, python }) {
    const versions = resolve(versionsFolder(dir));
    const result = runRenderer(versions, dialect, python);
    if (result.error !== undefined) throw new UsageError(`Alembic could not render ${result.error}`);
    const revisions = result.revisions ?? [];
    if (revisions.length === 0) throw new UsageError(`${dir} has no Alembic revisions: name the folder holding versions/ (alembic.ini's script_location)`);
    return parentsFirst(revisions).map((r): ImportedMigration => ({
      originalId: r.revision,
      revision: athanorId(r.revision),
      parents: r.down.map(athanorId),
      dependsOn: r.depends.map(athanorId),
      branchLabels: r.labels,
      message: r.message.split('\n')[0]?.trim() || r.revision,
      notes: [`imported from Alembic: ${r.file} (revision ${r.revision}, SQL rendered by alembic --sql for ${SQLALCHEMY_DIALECTS[dialect]})`],
      upgrade: r.upgrade.trim(),
      downgrade: r.downgrade === null ? null : r.downgrade.trim(),
      ...(r.downgrade === null ? { irreversible: `the Alembic revision ${r.file} has no downgrade()` } : {}),
      transactional: true,
      keys: [r.revision],
    }));
  },
  async applied(conn, dialect, migrations, options) {
    const table = parseTableName(options.table ?? 'alembic_version');
    const rows = await readForeignTable<{ version_num: string }>(conn, dialect, table, ['version_num']);
    const applied = new Set<string>();
    if (rows === null) return { table: showTable(table), found: false, applied };
    const byId = new Map(migrations.map((m) => [m.originalId, m]));
    const unknown = rows.map((r) => r.version_num).filter((v) => !byId.has(v));
    if (unknown.length > 0) {
      throw new UsageError(`${showTable(table)} holds ${unknown.join(', ')}, which no revision of the folder has — import the folder the database was migrated from`);
    }
    // each row is a head: it and everything below it are applied
    const parents = new Map(migrations.map((m) => [m.revision, [...m.parents, ...m.dependsOn]]));
    const stack = rows.map((r) => (byId.get(r.version_num) as ImportedMigration).revision);
    while (stack.length > 0) {
      const at = stack.pop() as string;
      if (applied.has(at)) continue;
      applied.add(at);
      stack.push(...(parents.get(at) ?? []));
    }
    return { table: showTable(table), found: true, applied };
  },
};
