// revision / merge: write a new migration file whose downRevision is the current head (or what --head says).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { MigrationFormat, ResolvedConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import { MERGE_HEADS } from './database-position.js';
import { DEFAULT_JS_TEMPLATE, DEFAULT_TEMPLATE, renderMigrationSource, renderSqlMigrationSource, type ScriptLanguage, type SqlMigrationBody } from '../codegen/template.js';
import type { RevisionGraph } from '../revisions/graph.js';
import { invalidNameReason, parseHeader } from '../revisions/header.js';
import { resolveTarget } from '../revisions/targets.js';
import { openProject } from './project.js';

export const TEMPLATE_FILE = 'script.ts.tmpl';

/** The project's own template for migrations in `language` (copied there by init). */
export function templateFileFor(language: ScriptLanguage): string {
  return language === 'ts' ? TEMPLATE_FILE : `script.${language}.tmpl`;
}

export interface RevisionOptions {
  message: string;
  /** where the new revision attaches: a revision, `head`, `LABEL@head`, or `base` for a new root */
  head?: string;
  /** `head` may be a revision that is not a head: the new revision starts a branch there (Alembic's --splice) */
  splice?: boolean;
  branchLabels?: string[];
  dependsOn?: string[];
  revId?: string;
  /** write a .sql migration instead of .ts */
  sql?: boolean;
  /** the kind of file; default the config's migrationFormat (`sql: true` wins) */
  format?: MigrationFormat;
  /** bodies for the TS form (autogenerate), without indentation */
  upgrade?: string[];
  downgrade?: string[];
  imports?: Set<string>;
  /** false: the generated migration runs outside a transaction */
  transactional?: boolean;
  /** a squash: the revisions it replaces, oldest first */
  replaces?: string[];
  /** the SQL of a `.sql` migration (import, squash): written with `format: 'sql'` */
  sqlBody?: SqlMigrationBody;
}

export interface CreatedRevision {
  revision: string;
  downRevisions: string[];
  file: string;
}

export function slugify(message: string): string {
  const slug = message.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40).replace(/_+$/, '');
  return slug || 'revision';
}

function timestampPrefix(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}_${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
}

/** A prefix later than every existing file's, so `ls` lists files in creation order even within one second. */
async function nextFilePrefix(dir: string): Promise<string> {
  let when = new Date();
  const latest = existsSync(dir)
    ? (await readdir(dir)).map((f) => /^(\d{8}_\d{6})_/.exec(f)?.[1]).filter((p): p is string => p !== undefined).sort().pop()
    : undefined;
  while (latest !== undefined && timestampPrefix(when) <= latest) when = new Date(when.getTime() + 1000);
  return timestampPrefix(when);
}

function newRevisionId(graph: RevisionGraph, requested: string | undefined): string {
  if (requested !== undefined) {
    if (!/^[A-Za-z0-9_]{4,64}$/.test(requested)) throw new UsageError(`--rev-id "${requested}": use 4 to 64 letters, digits or _`);
    if (graph.has(requested)) throw new UsageError(`--rev-id "${requested}": a revision with that id already exists`);
    return requested;
  }
  for (;;) {
    const id = randomBytes(6).toString('hex');
    if (!graph.has(id)) return id;
  }
}

/** A revision built on one that already has children starts a branch: said with --splice, as Alembic asks. */
function refuseUnsplicedBranch(graph: RevisionGraph, parents: readonly string[], head: string): void {
  const heads = new Set(graph.heads());
  const inner = parents.filter((p) => !heads.has(p));
  if (inner.length === 0) return;
  throw new UsageError(
    `--head ${head}: ${inner.join(', ')} is not a head, so the new revision would start a branch beside its children: pass --splice to start one (as Alembic's revision --splice), or name a head (see \`athanor heads\`)`,
  );
}

function parentsFor(graph: RevisionGraph, head: string | undefined, splice: boolean): string[] {
  if (head === 'base') return [];
  if (head !== undefined) {
    const parents = resolveTarget(graph, head, []);
    if (!splice) refuseUnsplicedBranch(graph, parents, head);
    return parents;
  }
  const heads = graph.heads();
  if (heads.length > 1) {
    throw new UsageError(
      `multiple heads (${heads.join(', ')}): pass --head REV (or LABEL@head) to choose where the new revision goes, or join them first: \`${MERGE_HEADS}\``,
    );
  }
  return heads;
}

async function readTemplate(config: ResolvedConfig, language: ScriptLanguage): Promise<string> {
  const custom = join(config.migrationsDir, templateFileFor(language));
  if (existsSync(custom)) return readFile(custom, 'utf8');
  return language === 'js' ? DEFAULT_JS_TEMPLATE : DEFAULT_TEMPLATE;
}

/** JavaScript athanor writes is an ES module: `.js` where the package says "type": "module", else `.mjs`. */
export function esModuleExtension(dir: string): string {
  for (let at = resolve(dir); ; at = dirname(at)) {
    const manifest = join(at, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module' ? 'js' : 'mjs';
      } catch {
        return 'mjs';
      }
    }
    if (dirname(at) === at) return 'mjs';
  }
}

function extensionFor(format: MigrationFormat, dir: string): string {
  return format === 'js' ? esModuleExtension(dir) : format;
}

async function writeRevision(config: ResolvedConfig, graph: RevisionGraph, parents: string[], options: RevisionOptions): Promise<CreatedRevision> {
  if (!options.message.trim()) throw new UsageError('a revision needs a message: -m "what it changes"');
  const revision = newRevisionId(graph, options.revId);
  // a branch label is written as given (Alembic keeps it: the dependency follows the label); anything else as ids
  const dependsOn = (options.dependsOn ?? []).flatMap((d) => (graph.labelRevision(d) !== undefined ? [d] : resolveTarget(graph, d, [])));
  for (const label of options.branchLabels ?? []) {
    const invalid = invalidNameReason(label, 'branch label');
    if (invalid) throw new UsageError(`--branch-label: ${invalid}`);
    if (graph.all().some((h) => h.branchLabels.includes(label))) throw new UsageError(`branch label "${label}" is already used`);
  }
  const downRevision = parents.length === 0 ? null : parents.length === 1 ? (parents[0] as string) : parents;
  const base = { revision, downRevision, message: options.message, branchLabels: options.branchLabels ?? [], dependsOn };
  const format: MigrationFormat = options.sql ? 'sql' : (options.format ?? config.migrationFormat);
  if (format === 'sql' && options.upgrade !== undefined) {
    throw new UsageError(
      "migrate writes TypeScript or JavaScript, and this project's migrationFormat is 'sql': write the SQL with `athanor revision -m MSG`, or set migrationFormat to 'ts' or 'js'",
    );
  }
  if (options.sqlBody && format !== 'sql') throw new Error('internal: a SQL body needs format sql');
  const text = format === 'sql'
    ? renderSqlMigrationSource({ ...base, ...(options.transactional === false ? { transactional: false } : {}), ...(options.replaces?.length ? { replaces: options.replaces } : {}) }, options.sqlBody)
    : renderMigrationSource(
        {
          ...base,
          imports: options.imports ?? new Set(),
          upgrade: options.upgrade ?? [],
          downgrade: options.downgrade ?? [],
          ...(options.transactional === false ? { transactional: false } : {}),
          ...(options.replaces?.length ? { replaces: options.replaces } : {}),
        },
        await readTemplate(config, format),
        format,
      );
  await mkdir(config.migrationsDir, { recursive: true });
  const file = join(config.migrationsDir, `${await nextFilePrefix(config.migrationsDir)}_${revision}_${slugify(options.message)}.${extensionFor(format, config.migrationsDir)}`);
  // nothing is written that later commands would refuse to read (a template can put anything in the header)
  parseHeader(text, file, relative(process.cwd(), file));
  await writeFile(file, text, { flag: 'wx' });
  return { revision, downRevisions: parents, file };
}

export async function createRevision(config: ResolvedConfig, options: RevisionOptions): Promise<CreatedRevision> {
  const { graph } = await openProject(config);
  return writeRevision(config, graph, parentsFor(graph, options.head, options.splice === true), options);
}

export async function merge(config: ResolvedConfig, revisions: string[], options: Omit<RevisionOptions, 'head'>): Promise<CreatedRevision> {
  const { graph } = await openProject(config);
  const parents = [...new Set(revisions.flatMap((r) => resolveTarget(graph, r, [])))];
  if (parents.length < 2) throw new UsageError(`merge needs at least two revisions to join (got ${parents.join(', ') || 'none'})`);
  return writeRevision(config, graph, parents, options);
}
