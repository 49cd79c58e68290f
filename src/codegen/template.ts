// The migration file templates. `athanor init` copies the project's kind to migrations/script.ts.tmpl (or
// script.js.tmpl) so a project can change it; `{{name}}` placeholders are filled here.

export const DEFAULT_TEMPLATE = `/**
 * {{message}}
 *
 * Revision: {{revision}}
 * Revises: {{revises}}
 * Created: {{createdAt}}
 */
{{imports}}
export const revision = {{revisionLiteral}};
export const downRevision{{downRevisionType}} = {{downRevisionLiteral}};
{{extraHeaders}}export const message = {{messageLiteral}};

export async function upgrade(op: Op): Promise<void> {
{{upgrade}}
}

export async function downgrade(op: Op): Promise<void> {
{{downgrade}}
}
`;

/** The same file as JavaScript (an ES module): what `migrationFormat: 'js'` writes. */
export const DEFAULT_JS_TEMPLATE = `/**
 * {{message}}
 *
 * Revision: {{revision}}
 * Revises: {{revises}}
 * Created: {{createdAt}}
 */
{{imports}}
export const revision = {{revisionLiteral}};
export const downRevision = {{downRevisionLiteral}};
{{extraHeaders}}export const message = {{messageLiteral}};

/** @param {import('athanor').Op} op */
export async function upgrade(op) {
{{upgrade}}
}

/** @param {import('athanor').Op} op */
export async function downgrade(op) {
{{downgrade}}
}
`;

/** The language a script migration is written in. */
export type ScriptLanguage = 'ts' | 'js';

export interface MigrationSourceInput {
  revision: string;
  downRevision: string | string[] | null;
  message: string;
  branchLabels?: string[];
  dependsOn?: string[];
  /** a squash: the revisions it stands for, oldest first */
  replaces?: string[];
  /** false: run without a transaction (CREATE INDEX CONCURRENTLY) */
  transactional?: boolean;
  /** names to import from 'athanor' besides the Op type */
  imports: Set<string>;
  /** body lines, without indentation */
  upgrade: string[];
  downgrade: string[];
  createdAt?: Date;
}

export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

function literalList(values: string[]): string {
  return values.length === 1 ? quoteString(values[0] as string) : `[${values.map(quoteString).join(', ')}]`;
}

function indentBody(lines: string[], placeholder: string): string {
  const body = lines.length > 0 ? lines : [placeholder];
  return body.map((line) => (line ? `  ${line}` : '')).join('\n');
}

export function renderMigrationSource(input: MigrationSourceInput, template: string = DEFAULT_TEMPLATE, language: ScriptLanguage = 'ts'): string {
  const down = input.downRevision;
  const downList = down === null ? [] : Array.isArray(down) ? down : [down];
  // an empty upgrade gets an example comment that uses `t`: uncommented, it must run as it stands
  const names = [...new Set([...input.imports, ...(input.upgrade.length === 0 ? ['t'] : [])])].filter((n) => n !== 'Op').sort();
  const imports =
    language === 'js'
      ? names.length
        ? `import { ${names.join(', ')} } from 'athanor';\n`
        : ''
      : names.length
        ? `import { ${names.join(', ')}, type Op } from 'athanor';\n`
        : `import type { Op } from 'athanor';\n`;
  let extra = '';
  if (input.branchLabels?.length) extra += `export const branchLabels = ${literalList(input.branchLabels)};\n`;
  if (input.dependsOn?.length) extra += `export const dependsOn = ${literalList(input.dependsOn)};\n`;
  if (input.replaces?.length) extra += `// a squash: it stands for these revisions (a database inside the range upgrades through them while they exist)\nexport const replaces = [${input.replaces.map(quoteString).join(', ')}];\n`;
  if (input.transactional === false) {
    extra += `// runs outside a transaction (CONCURRENTLY, NOT VALID then VALIDATE, a new enum value used at once); progress is recorded per statement\nexport const transactional = false;\n`;
  }
  const values: Record<string, string> = {
    message: input.message.replace(/\*\//g, '* /'),
    revision: input.revision,
    revises: downList.length ? downList.join(', ') : '(none: a base revision)',
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    imports,
    revisionLiteral: quoteString(input.revision),
    downRevisionType: language === 'js' ? '' : downList.length > 1 ? ': string[]' : downList.length === 1 ? '' : ': string | null',
    downRevisionLiteral: downList.length > 1 ? `[${downList.map(quoteString).join(', ')}]` : downList.length ? quoteString(downList[0] as string) : 'null',
    extraHeaders: extra,
    messageLiteral: quoteString(input.message),
    upgrade: indentBody(input.upgrade, '// write the upgrade here, e.g. await op.addColumn(\'todos\', \'completed\', t.boolean());'),
    downgrade: indentBody(input.downgrade, '// write the downgrade here: it undoes upgrade(), e.g. await op.dropColumn(\'todos\', \'completed\');'),
  };
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
}

/** What a `.sql` migration holds besides its header: the SQL of each section (null: no downgrade section). */
export interface SqlMigrationBody {
  /** comment lines under the header (without `-- `), e.g. where the migration was imported from */
  notes?: string[];
  upgrade: string;
  /** null: the file has no `-- +downgrade` section, the revision cannot be rolled back */
  downgrade: string | null;
}

/** The SQL form: `-- +upgrade` / `-- +downgrade` sections under header comments (empty sections to fill in without a body). */
export function renderSqlMigrationSource(input: Omit<MigrationSourceInput, 'imports' | 'upgrade' | 'downgrade'>, body?: SqlMigrationBody): string {
  const down = input.downRevision;
  const downList = down === null ? [] : Array.isArray(down) ? down : [down];
  const lines = [
    `-- revision: ${input.revision}`,
    `-- down-revision: ${downList.length ? downList.join(', ') : 'null'}`,
  ];
  if (input.branchLabels?.length) lines.push(`-- branch-labels: ${input.branchLabels.join(', ')}`);
  if (input.dependsOn?.length) lines.push(`-- depends-on: ${input.dependsOn.join(', ')}`);
  if (input.replaces?.length) lines.push(`-- replaces: ${input.replaces.join(', ')}`);
  if (input.transactional === false) lines.push('-- transactional: false');
  // a line break of any kind (\r ends a `--` comment too) would put the rest of the message on a line of its own
  lines.push(`-- message: ${oneLine(input.message)}`);
  if (!body) return [...lines, '', '-- +upgrade', '', '', '-- +downgrade', '', ''].join('\n');
  for (const note of body.notes ?? []) lines.push(`-- ${oneLine(note)}`);
  lines.push('', '-- +upgrade', body.upgrade.trim(), '');
  if (body.downgrade !== null) lines.push('-- +downgrade', body.downgrade.trim(), '');
  return lines.join('\n');
}

/** A message as one line of a comment: control characters and line breaks of any kind become spaces. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, ' ');
}
