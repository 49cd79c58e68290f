// A migration file's header (revision id, parents, labels…) read by scanning its text: no compile, no import,
// so listing a thousand migrations stays cheap.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { UsageError } from '../errors.js';

export interface RevisionHeader {
  revision: string;
  /** [] for a base; a merge has several */
  downRevisions: string[];
  branchLabels: string[];
  dependsOn: string[];
  message: string | undefined;
  /** false when the file declares `export const transactional = false` (or `-- transactional: false` in SQL) */
  transactional: boolean;
  /** a squash: the linear range of revisions it stands for, oldest first (Django's `replaces`); absent otherwise */
  replaces?: string[];
  /** set by the graph when a squash stands in for its range (under the last replaced id) */
  squash?: SquashStandIn;
  /** absolute path */
  file: string;
  /** the file as messages name it (relative to the working directory when the loader read it there) */
  shownAs: string;
  format: 'ts' | 'js' | 'sql';
  /** sha256 hex of the file's bytes */
  checksum: string;
}

/** What the graph records on the node a squash puts in place of its range. */
export interface SquashStandIn {
  /** the squash file's own revision id */
  id: string;
  replaces: string[];
  /** the checksum of the last replaced file while it exists: a database that ran the originals recorded it */
  replacedChecksum?: string;
}

export type RevisionFormat = RevisionHeader['format'];

/** The format of a migration file name, or undefined when the folder should ignore it (.d.ts, dotfiles, other extensions). */
export function migrationFormat(fileName: string): RevisionFormat | undefined {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf(path.sep)) + 1);
  if (base.startsWith('.')) return undefined;
  if (/\.d\.[cm]?ts$/.test(base)) return undefined;
  // .mts and .cts are TypeScript too (an ES module, CommonJS): a migration written so is not silently left out
  if (/\.[cm]?ts$/.test(base)) return 'ts';
  if (base.endsWith('.js') || base.endsWith('.mjs') || base.endsWith('.cjs')) return 'js';
  if (base.endsWith('.sql')) return 'sql';
  return undefined;
}

/** Ids and labels travel through target syntax (`LABEL@head`, `REV+1`, `A:B`, comma lists), so keep them plain. */
const NAME_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const RESERVED = new Set(['head', 'heads', 'base']);

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `file` is absolute; `shownAs` names it in messages (default: the absolute path). */
export function parseHeader(text: string, file: string, shownAs = file): RevisionHeader {
  return parseWith(file, shownAs, sha256Hex(text), (format) =>
    format === 'sql' ? scanSqlHeader(text) : scanScriptHeader(declarationsInText(text)),
  );
}

/** The loader's entry: the same result as parseHeader(bytes as text), without decoding whole files. */
export function parseHeaderBytes(bytes: Buffer, file: string, shownAs = file): RevisionHeader {
  return parseWith(file, shownAs, sha256Hex(bytes), (format) =>
    format === 'sql' ? scanSqlHeader(bytes.toString('utf8')) : scanScriptHeader(declarationsInBytes(bytes)),
  );
}

function parseWith(file: string, shownAs: string, checksum: string, scan: (format: RevisionFormat) => HeaderFields): RevisionHeader {
  const format = migrationFormat(file);
  try {
    if (!format) throw new HeaderProblem('not a migration file (expected .ts, .js, .mjs, .cjs or .sql)');
    const fields = scan(format);
    validateNames(fields);
    return { ...fields, file, shownAs, format, checksum };
  } catch (error) {
    if (error instanceof HeaderProblem) throw new UsageError(`${shownAs}: ${error.message}`);
    throw error;
  }
}

/** What is wrong with a header; parseHeader prefixes the file name (computed only on failure). */
class HeaderProblem extends Error {}

type HeaderFields = Pick<RevisionHeader, 'revision' | 'downRevisions' | 'branchLabels' | 'dependsOn' | 'message' | 'transactional' | 'replaces'>;

function validateNames(header: HeaderFields): void {
  checkName(header.revision, 'revision id');
  for (const id of header.downRevisions) checkName(id, 'down revision');
  for (const id of header.dependsOn) checkName(id, 'dependsOn entry');
  for (const label of header.branchLabels) checkName(label, 'branch label');
  checkUnique(header.downRevisions, 'down revision');
  checkUnique(header.dependsOn, 'dependsOn entry');
  checkUnique(header.branchLabels, 'branch label');
  for (const id of header.replaces ?? []) checkName(id, 'replaces entry');
  checkUnique(header.replaces ?? [], 'replaces entry');
}

/** Why `name` cannot be a revision id or branch label (`what` names it in the sentence), or null when it can. */
export function invalidNameReason(name: string, what: string): string | null {
  if (RESERVED.has(name)) return `'${name}' is reserved and cannot be a ${what}`;
  if (!NAME_RE.test(name)) return `${what} '${name}' is not valid (use letters, digits, '_', '.' and '-', not starting with '.' or '-')`;
  return null;
}

function checkName(name: string, what: string): void {
  const reason = invalidNameReason(name, what);
  if (reason) throw new HeaderProblem(reason);
}

function checkUnique(names: string[], what: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new HeaderProblem(`${what} '${name}' is listed twice`);
    seen.add(name);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// .ts / .js: `export const NAME = <literal>` at the start of a line; CommonJS files say `exports.NAME = <literal>`
// (or `module.exports.NAME = …`).

type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'array'; items: string[] }
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean };

type ScriptField = 'revision' | 'downRevision' | 'branchLabels' | 'dependsOn' | 'message' | 'transactional' | 'replaces';

// Matched where a line starts with `export`. An optional type annotation (`: string | null`) may sit
// between the name and `=`.
const EXPORT_RE = /export[ \t]+const[ \t]+(revision|downRevision|branchLabels|dependsOn|message|transactional|replaces)\b[ \t]*(?::[^=;\n]*)?=/y;
const COMMONJS_EXPORT_RE = /(?:module\.)?exports\.(revision|downRevision|branchLabels|dependsOn|message|transactional|replaces)[ \t]*=(?!=)/y;
const MODULE_PREFIX = 'module.';

interface Declaration {
  name: ScriptField;
  /** undefined when the value is not a literal athanor can read */
  literal: Literal | undefined;
}

/** `export const NAME = …` at the start of a line (indexOf first: far cheaper than a regex scan). */
function declarationsInText(text: string): Declaration[] {
  const declarations: Declaration[] = [];
  for (let at = text.indexOf('export'); at !== -1; at = text.indexOf('export', at + 6)) {
    const start = text.startsWith(MODULE_PREFIX, at - MODULE_PREFIX.length) ? at - MODULE_PREFIX.length : at;
    let lineStart = start;
    while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
    if (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r' && text.charCodeAt(lineStart - 1) !== 0xfeff) continue;
    const pattern = text[at + 6] === 's' ? COMMONJS_EXPORT_RE : EXPORT_RE;
    pattern.lastIndex = pattern === COMMONJS_EXPORT_RE ? start : at;
    const match = pattern.exec(text);
    if (match) declarations.push({ name: match[1] as ScriptField, literal: readLiteral(text, pattern.lastIndex)?.literal });
  }
  return declarations;
}

const EXPORT_BYTES = Buffer.from('export');
const MODULE_BYTES = Buffer.from(MODULE_PREFIX);
const WINDOW_BYTES = 256;

/**
 * The same over raw bytes, decoding only a small window after each `export const`: the loader never turns
 * whole migration bodies into strings (less decoding, far less garbage for a thousand files).
 */
function declarationsInBytes(bytes: Buffer): Declaration[] {
  const declarations: Declaration[] = [];
  for (let at = bytes.indexOf(EXPORT_BYTES); at !== -1; at = bytes.indexOf(EXPORT_BYTES, at + 6)) {
    const commonJs = bytes[at + 6] === 0x73 && bytes[at + 7] === 0x2e; // exports.
    const start = commonJs && at >= MODULE_BYTES.length && bytes.subarray(at - MODULE_BYTES.length, at).equals(MODULE_BYTES) ? at - MODULE_BYTES.length : at;
    let lineStart = start;
    while (lineStart > 0 && (bytes[lineStart - 1] === 0x20 || bytes[lineStart - 1] === 0x09)) lineStart--;
    const previous = bytes[lineStart - 1];
    const afterBom = lineStart === 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    if (lineStart > 0 && previous !== 0x0a && previous !== 0x0d && !afterBom) continue;
    if (!commonJs) {
      // `export async function …` and friends are skipped without decoding anything.
      let next = at + 6;
      while (bytes[next] === 0x20 || bytes[next] === 0x09) next++;
      if (next === at + 6 || !startsWithConst(bytes, next)) continue;
    }
    const pattern = commonJs ? COMMONJS_EXPORT_RE : EXPORT_RE;
    let end = Math.min(bytes.length, start + WINDOW_BYTES);
    let window = bytes.toString('utf8', start, end);
    pattern.lastIndex = 0;
    const match = pattern.exec(window);
    if (!match) continue;
    let read = readLiteral(window, match[0].length);
    // A value that may run past the window (or end right at its edge): widen it and read again.
    while (end < bytes.length && (!read || read.end > window.length - 64)) {
      end = Math.min(bytes.length, start + (end - start) * 16);
      window = bytes.toString('utf8', start, end);
      read = readLiteral(window, match[0].length);
    }
    declarations.push({ name: match[1] as ScriptField, literal: read?.literal });
  }
  return declarations;
}

/** Byte by byte: Buffer#compare costs more than it saves on a cold start. */
function startsWithConst(bytes: Buffer, at: number): boolean {
  return bytes[at] === 0x63 && bytes[at + 1] === 0x6f && bytes[at + 2] === 0x6e && bytes[at + 3] === 0x73 && bytes[at + 4] === 0x74; // c o n s t
}

function scanScriptHeader(declarations: Declaration[]): HeaderFields {
  const found = new Map<ScriptField, Literal>();
  for (const { name, literal } of declarations) {
    if (found.has(name)) continue; // the first declaration wins; the compiler rejects real duplicates
    if (!literal) throw new HeaderProblem(`\`export const ${name}\` must be ${expectedShape(name)} (athanor reads it without running the file)`);
    found.set(name, literal);
  }

  const revision = found.get('revision');
  if (!revision) throw new HeaderProblem(`no \`export const revision\``);
  if (revision.kind !== 'string' || revision.value === '') throw shapeError('revision');

  const down = found.get('downRevision');
  if (!down) throw new HeaderProblem(`no \`export const downRevision\` (use \`null\` for a first revision)`);

  const transactional = found.get('transactional');
  if (transactional && transactional.kind !== 'boolean') throw shapeError('transactional');
  const message = found.get('message');
  if (message && message.kind !== 'string' && message.kind !== 'null') throw shapeError('message');

  const replaces = idList(found.get('replaces'), 'replaces');
  return {
    revision: revision.value,
    downRevisions: idList(down, 'downRevision'),
    branchLabels: idList(found.get('branchLabels'), 'branchLabels'),
    dependsOn: idList(found.get('dependsOn'), 'dependsOn'),
    message: message?.kind === 'string' ? message.value : undefined,
    transactional: transactional?.kind === 'boolean' ? transactional.value : true,
    ...(replaces.length > 0 ? { replaces } : {}),
  };
}

function expectedShape(name: ScriptField): string {
  switch (name) {
    case 'revision':
      return 'a non-empty string literal';
    case 'message':
      return 'a string literal';
    case 'transactional':
      return '`true` or `false`';
    default:
      return 'a string literal, an array of string literals, or null';
  }
}

function shapeError(name: ScriptField): HeaderProblem {
  return new HeaderProblem(`\`export const ${name}\` must be ${expectedShape(name)}`);
}

function idList(literal: Literal | undefined, name: ScriptField): string[] {
  if (!literal || literal.kind === 'null') return [];
  if (literal.kind === 'string') {
    if (literal.value === '') throw shapeError(name);
    return [literal.value];
  }
  if (literal.kind === 'array') return literal.items;
  throw shapeError(name);
}

/** Reads a literal starting at `pos` and checks nothing but `as const`/`satisfies …`/`;` follows it. */
function readLiteral(text: string, pos: number): { literal: Literal; end: number } | undefined {
  const scanner = new LiteralScanner(text, pos);
  const literal = scanner.value();
  if (!literal || !scanner.atStatementEnd()) return undefined;
  return { literal, end: scanner.position };
}

class LiteralScanner {
  constructor(
    private readonly text: string,
    private pos: number,
  ) {}

  get position(): number {
    return this.pos;
  }

  value(): Literal | undefined {
    this.skipTrivia();
    const ch = this.text[this.pos];
    if (ch === "'" || ch === '"' || ch === '`') {
      const value = this.string();
      return value === undefined ? undefined : { kind: 'string', value };
    }
    if (ch === '[') return this.array();
    for (const [word, literal] of KEYWORDS) {
      if (this.text.startsWith(word, this.pos) && !isIdentifierChar(this.text[this.pos + word.length])) {
        this.pos += word.length;
        return literal;
      }
    }
    return undefined;
  }

  atStatementEnd(): boolean {
    this.skipTrivia({ sameLine: true });
    const rest = this.text.slice(this.pos, this.pos + 10);
    return rest === '' || /^[;\r\n]/.test(rest) || /^(as|satisfies)\b/.test(rest);
  }

  private array(): Literal | undefined {
    this.pos++; // [
    const items: string[] = [];
    for (;;) {
      this.skipTrivia();
      const ch = this.text[this.pos];
      if (ch === ']') {
        this.pos++;
        return { kind: 'array', items };
      }
      if (ch !== "'" && ch !== '"' && ch !== '`') return undefined;
      const item = this.string();
      if (item === undefined) return undefined;
      items.push(item);
      this.skipTrivia();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== ']') return undefined;
    }
  }

  /** A quoted string with JS escapes; a template literal only without `${}`. */
  private string(): string | undefined {
    const quote = this.text[this.pos];
    this.pos++;
    let out = '';
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos];
      if (ch === quote) {
        this.pos++;
        return out;
      }
      if (ch === '\\') {
        const escaped = this.escape();
        if (escaped === undefined) return undefined;
        out += escaped;
        continue;
      }
      if (quote === '`' && ch === '$' && this.text[this.pos + 1] === '{') return undefined;
      if (quote !== '`' && (ch === '\n' || ch === '\r')) return undefined;
      out += ch;
      this.pos++;
    }
    return undefined;
  }

  private escape(): string | undefined {
    const next = this.text[this.pos + 1];
    if (next === undefined) return undefined;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      this.pos += 2;
      return simple;
    }
    if (next === '\r' || next === '\n') {
      // line continuation
      this.pos += next === '\r' && this.text[this.pos + 2] === '\n' ? 3 : 2;
      return '';
    }
    const hex =
      next === 'x'
        ? /^x([0-9a-fA-F]{2})/.exec(this.text.slice(this.pos + 1, this.pos + 4))
        : next === 'u'
          ? /^u(?:([0-9a-fA-F]{4})|\{([0-9a-fA-F]{1,6})\})/.exec(this.text.slice(this.pos + 1, this.pos + 10))
          : null;
    if (hex) {
      const code = Number.parseInt(hex[1] ?? hex[2] ?? '', 16);
      if (code > 0x10ffff) return undefined;
      this.pos += 1 + hex[0].length;
      return String.fromCodePoint(code);
    }
    // Any other escaped character stands for itself (`\'`, `\"`, `` \` ``, `\$`, `\\`).
    this.pos += 2;
    return next;
  }

  private skipTrivia(options: { sameLine?: boolean } = {}): void {
    const text = this.text;
    while (this.pos < text.length) {
      const ch = text[this.pos];
      if (ch === ' ' || ch === '\t' || (!options.sameLine && (ch === '\n' || ch === '\r'))) {
        this.pos++;
      } else if (ch === '/' && text[this.pos + 1] === '/') {
        if (options.sameLine) return; // a trailing comment ends the statement
        const end = text.indexOf('\n', this.pos);
        this.pos = end === -1 ? text.length : end + 1;
      } else if (ch === '/' && text[this.pos + 1] === '*') {
        const end = text.indexOf('*/', this.pos + 2);
        this.pos = end === -1 ? text.length : end + 2;
      } else {
        return;
      }
    }
  }
}

const KEYWORDS: Array<[string, Literal]> = [
  ['null', { kind: 'null' }],
  ['undefined', { kind: 'null' }],
  ['true', { kind: 'boolean', value: true }],
  ['false', { kind: 'boolean', value: false }],
];

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

function isIdentifierChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_$]/.test(ch);
}

// ---------------------------------------------------------------------------------------------------------------
// .sql: `-- key: value` comment lines at the top of the file, up to the first statement or `-- +upgrade`.

const SQL_KEYS: Record<string, keyof HeaderFields> = {
  revision: 'revision',
  downrevision: 'downRevisions',
  downrevisions: 'downRevisions',
  branchlabel: 'branchLabels',
  branchlabels: 'branchLabels',
  dependson: 'dependsOn',
  message: 'message',
  transactional: 'transactional',
  replaces: 'replaces',
};

const SQL_LINE_NAME: Record<keyof HeaderFields, string> = {
  revision: 'revision',
  downRevisions: 'down-revision',
  branchLabels: 'branch-labels',
  dependsOn: 'depends-on',
  message: 'message',
  transactional: 'transactional',
  replaces: 'replaces',
};

function scanSqlHeader(text: string): HeaderFields {
  const values = new Map<keyof HeaderFields, string>();
  let offset = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (offset < text.length) {
    const newline = text.indexOf('\n', offset);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(offset, end).trim();
    offset = end + 1;
    if (line === '') continue;
    if (!line.startsWith('--')) break; // the first statement ends the header
    const body = line.slice(2).trim();
    if (body.startsWith('+')) break; // `-- +upgrade`
    const match = /^([A-Za-z][A-Za-z_-]*)\s*:(.*)$/.exec(body);
    if (!match) continue; // an ordinary comment
    const field = SQL_KEYS[(match[1] ?? '').toLowerCase().replace(/[-_]/g, '')];
    if (!field) continue;
    if (values.has(field)) throw new HeaderProblem(`\`-- ${SQL_LINE_NAME[field]}:\` appears twice`);
    values.set(field, (match[2] ?? '').trim());
  }

  const revision = values.get('revision');
  if (!revision) throw new HeaderProblem(`no \`-- revision:\` header line`);
  const down = values.get('downRevisions');
  if (down === undefined) {
    throw new HeaderProblem(`no \`-- down-revision:\` header line (leave it empty for a first revision)`);
  }
  const transactional = values.get('transactional');
  if (transactional !== undefined && !/^(true|false)$/i.test(transactional)) {
    throw new HeaderProblem(`\`-- transactional:\` must be true or false, not '${transactional}'`);
  }
  if (/[\s,]/.test(revision)) throw new HeaderProblem(`\`-- revision:\` must be a single id, not '${revision}'`);
  const message = values.get('message');
  const replaces = sqlList(values.get('replaces'));
  return {
    revision,
    downRevisions: sqlList(down),
    branchLabels: sqlList(values.get('branchLabels')),
    dependsOn: sqlList(values.get('dependsOn')),
    message: message ? message : undefined,
    transactional: transactional === undefined ? true : transactional.toLowerCase() === 'true',
    ...(replaces.length > 0 ? { replaces } : {}),
  };
}

function sqlList(value: string | undefined): string[] {
  if (value === undefined || /^(null|none)?$/i.test(value)) return [];
  return value.split(/[\s,]+/).filter((item) => item !== '');
}
