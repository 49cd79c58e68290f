// Where in a migration or models file something happened: an op call (its captured stack), a load error (esbuild /
// node messages), or a statement of a .sql file (found in the file's text).
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compiledFramePosition } from './compile-cache.js';

export interface Position {
  line: number;
  column: number;
}

const realpaths = new Map<string, string>();

function canonical(file: string): string {
  let real = realpaths.get(file);
  if (real === undefined) {
    try {
      real = realpathSync(file);
    } catch {
      real = file;
    }
    realpaths.set(file, real);
  }
  return real;
}

/** The `path:line:col` of a stack line: `at fn (LOCATION)` or `at LOCATION` (paths may hold spaces). */
function frameLocation(line: string): { path: string; position: Position } | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('at ')) return undefined;
  const location = trimmed.endsWith(')') ? trimmed.slice(trimmed.lastIndexOf('(') + 1, -1) : trimmed.slice(3).replace(/^async /, '');
  const match = /^(.*):(\d+):(\d+)$/.exec(location);
  if (!match) return undefined;
  return { path: framePath(match[1] as string), position: { line: Number(match[2]), column: Number(match[3]) } };
}

function framePath(raw: string): string {
  const bare = raw.replace(/\?[^:]*$/, '');
  if (!bare.startsWith('file:')) return bare;
  try {
    return fileURLToPath(bare);
  } catch {
    return bare;
  }
}

/** Matches frames of one file (compared by real path, so symlinked temp folders still match). */
export class FileMatcher {
  private readonly wanted: Set<string>;

  constructor(private readonly file: string) {
    this.wanted = new Set([file, canonical(file)]);
  }

  matches(path: string): boolean {
    return this.wanted.has(path) || this.wanted.has(canonical(path));
  }

  /** The innermost stack frame inside the file (the `at …` lines of an Error stack). */
  positionInStack(stack: string): Position | undefined {
    for (const line of stack.split('\n')) {
      const frame = frameLocation(line);
      if (!frame) continue;
      // the compiled copy the module runs from (loader/compile-cache.ts): its frames map back to the .ts
      const compiled = compiledFramePosition(this.file, frame.path, frame.position.line, frame.position.column);
      if (compiled) return compiled;
      if (this.matches(frame.path)) return frame.position;
    }
    return undefined;
  }
}

export interface LoadProblem {
  message: string;
  position?: Position;
}

function errorText(error: unknown): { message: string; stack: string } {
  if (error instanceof Error) return { message: error.message, stack: error.stack ?? '' };
  return { message: String(error), stack: '' };
}

/**
 * What went wrong loading (or running) a migration, and where. The loader wraps its errors in a UsageError
 * whose cause is the original (unwrapCause, the default); a migration's own throw is taken as it is.
 * esbuild (through tsx) reports `file:line:col: ERROR: …` with a 0-based column; node reports `file:line`
 * plus a caret line for link errors, and a stack frame for a throw. A .js/.mjs syntax error carries no
 * position: `node --check` finds it.
 */
export function loadProblem(error: unknown, file: string, options: { unwrapCause?: boolean } = {}): LoadProblem {
  const matcher = new FileMatcher(file);
  const outer = errorText(error);
  const cause = options.unwrapCause !== false && error instanceof Error && error.cause !== undefined ? errorText(error.cause) : undefined;
  const inner = cause ?? outer;

  for (const line of inner.message.split('\n')) {
    const match = /^(.*?):(\d+):(\d+): ERROR: (.*)$/.exec(line);
    if (match && matcher.matches(match[1] as string)) {
      return { message: match[4] as string, position: { line: Number(match[2]), column: Number(match[3]) + 1 } };
    }
  }
  const firstLine = (inner.message.split('\n').find((l) => l.trim() !== '' && !/^Transform failed/.test(l)) ?? inner.message).trim();
  const caret = caretPosition(inner.stack, matcher);
  if (caret) return { message: firstLine, position: caret };
  const frame = matcher.positionInStack(inner.stack);
  if (frame) return { message: firstLine, position: frame };
  if (cause && error instanceof Error && error.cause instanceof SyntaxError && /\.(m?js)$/.test(file)) {
    const checked = nodeCheck(file, matcher);
    if (checked) return { message: firstLine, position: checked };
  }
  return { message: cause ? firstLine : outer.message.split('\n')[0] ?? outer.message };
}

/** node's decorated errors: `path:LINE\n<source line>\n<spaces>^^^` at the top of the stack. */
function caretPosition(stack: string, matcher: FileMatcher): Position | undefined {
  const lines = stack.split('\n');
  for (let i = 0; i + 2 < lines.length && i < 5; i++) {
    const match = /^(.*):(\d+)$/.exec(lines[i] as string);
    if (!match || !matcher.matches(framePath(match[1] as string))) continue;
    const caret = /^(\s*)\^/.exec(lines[i + 2] as string);
    return { line: Number(match[2]), column: caret ? (caret[1] as string).length + 1 : 1 };
  }
  return undefined;
}

function nodeCheck(file: string, matcher: FileMatcher): Position | undefined {
  const result = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 });
  return caretPosition(result.stderr ?? '', matcher);
}

/** Line and column (1-based) of an offset in a text. */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
