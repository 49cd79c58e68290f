// The op calls of a migration that athanor refuses whatever the database holds, found in its source without
// running it: `upgrade` runs migration code once (issue 14.8), so it cannot record a migration before running
// it, yet a refused call met while running leaves the calls before it applied where DDL commits (MariaDB,
// `transactional = false`). A call whose arguments are all literals (strings, numbers, booleans, null, arrays
// and objects of them, athanor's column builders `t.x(…)…` with literal arguments) is handed to a real Op over a
// recording sink: what that Op refuses, the run would refuse in the same words. Calls with any other argument
// are left to the run.
import type { DialectName } from '../drivers/connection.js';
import { UsageError } from '../errors.js';
import { Op } from '../operations/op.js';
import { t } from '../schema/columns.js';
import { tokenize, type Token } from './js-tokens.js';
import { RecordingSink } from './record.js';

export interface RefusedCall {
  /** 1-based */
  line: number;
  column: number;
  /** Op's own refusal */
  message: string;
}

/** Op's members that are not calls to check */
const NOT_CALLS = new Set(['constructor', 'settle', 'dialect']);

/** The literal calls of `upgrade()` (or `downgrade()`) in a TS/JS migration's text that Op refuses, in order. */
export async function refusedLiteralCalls(text: string, direction: 'upgrade' | 'downgrade', dialect: DialectName): Promise<RefusedCall[]> {
  if (!text.includes(direction)) return [];
  const tokens = tokenize(text);
  const body = functionBody(tokens, direction);
  if (!body) return [];
  const refused: RefusedCall[] = [];
  const lines = lineStarts(text);
  const context: Context = { builders: builderName(text) };
  for (let i = body.open + 1; i < body.close - 3; i++) {
    const receiver = tokens[i] as Token;
    if (receiver.kind !== 'name' || receiver.text !== body.param) continue;
    if (tokens[i - 1]?.text === '.' || tokens[i - 1]?.text === '?.' || tokens[i + 1]?.text !== '.') continue;
    const method = tokens[i + 2] as Token;
    if (method.kind !== 'name' || tokens[i + 3]?.text !== '(' || NOT_CALLS.has(method.text)) continue;
    const close = matching(tokens, i + 3);
    if (close === undefined) break;
    const args = argumentsOf(tokens, i + 3, close, context);
    if (args === undefined) continue;
    const message = await refusal(method.text, args, dialect);
    if (message !== undefined) refused.push({ ...position(lines, method.start), message });
  }
  return refused;
}

/** What a fresh Op says to `op.method(...args)`, or undefined when it takes the call. */
async function refusal(method: string, args: unknown[], dialect: DialectName): Promise<string | undefined> {
  const op = new Op(new RecordingSink(dialect));
  try {
    // a name Op does not have is refused as it is read (`op.add_column`: did you mean op.addColumn?)
    const member: unknown = Reflect.get(op, method);
    if (typeof member !== 'function') return undefined;
    await Promise.resolve(Reflect.apply(member, op, args));
    await op.settle();
    return undefined;
  } catch (error) {
    return error instanceof UsageError ? error.message : undefined;
  }
}

interface Body {
  /** the index of the body's `{` and of its `}` */
  open: number;
  close: number;
  /** the Op parameter's name */
  param: string;
}

/**
 * The body of the function named `name`: `function name(op…) {`, `name = async (op…) => {`, `name: function (op) {`,
 * `exports.name = async (op) => {`, `async name(op) {`. The first one found; none when its parameter is not a
 * plain name.
 */
function functionBody(tokens: readonly Token[], name: string): Body | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind !== 'name' || token.text !== name) continue;
    let at = i + 1;
    const after = tokens[at]?.text;
    if (after === '=' || after === ':') {
      at++;
      if (tokens[at]?.text === 'async') at++;
      if (tokens[at]?.text === 'function') at++;
      if (tokens[at]?.kind === 'name' && tokens[at + 1]?.text === '(') at++;
      if (tokens[at]?.kind === 'name' && tokens[at + 1]?.text === '=>') {
        const param = (tokens[at] as Token).text;
        return bodyAt(tokens, at + 2, param);
      }
    }
    if (tokens[at]?.text !== '(') continue;
    const closeParams = matching(tokens, at);
    const param = tokens[at + 1];
    if (closeParams === undefined || param?.kind !== 'name' || ![',', ')', ':', '='].includes(tokens[at + 2]?.text ?? '')) continue;
    // skip a return type annotation up to the body (or the arrow)
    let next = closeParams + 1;
    if (tokens[next]?.text === ':') while (next < tokens.length && tokens[next]?.text !== '{' && tokens[next]?.text !== '=>' && tokens[next]?.text !== ';') next++;
    if (tokens[next]?.text === '=>') next++;
    const body = bodyAt(tokens, next, param.text);
    if (body) return body;
  }
  return undefined;
}

function bodyAt(tokens: readonly Token[], at: number, param: string): Body | undefined {
  if (tokens[at]?.text !== '{') return undefined;
  const close = matching(tokens, at);
  return close === undefined ? undefined : { open: at, close, param };
}

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** The index of the bracket closing the one at `open`. */
function matching(tokens: readonly Token[], open: number): number | undefined {
  const stack: string[] = [];
  for (let i = open; i < tokens.length; i++) {
    const text = (tokens[i] as Token).text;
    if ((tokens[i] as Token).kind !== 'punct') continue;
    if (CLOSER[text] !== undefined) stack.push(CLOSER[text] as string);
    else if (text === ')' || text === ']' || text === '}') {
      if (stack.pop() !== text) return undefined;
      if (stack.length === 0) return i;
    }
  }
  return undefined;
}

interface Context {
  /** the name athanor's column builders `t` go by in the file, if it imports them */
  builders: string | undefined;
}

/** `t`'s local name: `import { t } from 'athanor'`, `{ t: cols }`, `const { t } = require('athanor')`. */
function builderName(text: string): string | undefined {
  const match = /(?:import\s*(?:type\s+)?\{([^}]*)\}\s*from|const\s*\{([^}]*)\}\s*=\s*require\()\s*['"]athanor['"]/.exec(text);
  const list = match?.[1] ?? match?.[2];
  if (list === undefined) return undefined;
  for (const item of list.split(',')) {
    const named = /^\s*t\s*(?:(?:as|:)\s*([\w$]+))?\s*$/.exec(item);
    if (named) return named[1] ?? 't';
  }
  return undefined;
}

/** The call's arguments between `open` and `close`, or undefined when one is not a literal. */
function argumentsOf(tokens: readonly Token[], open: number, close: number, context: Context): unknown[] | undefined {
  const args: unknown[] = [];
  let at = open + 1;
  while (at < close) {
    const parsed = literal(tokens, at, context);
    if (parsed === undefined) return undefined;
    args.push(parsed.value);
    at = parsed.next;
    if (tokens[at]?.text === ',') at++;
    else if (at !== close) return undefined;
  }
  return args;
}

const NAMED_VALUES = new Map<string, unknown>([['true', true], ['false', false], ['null', null], ['undefined', undefined]]);

/** A literal value starting at `at`, and the index after it. */
function literal(tokens: readonly Token[], at: number, context: Context): { value: unknown; next: number } | undefined {
  const token = tokens[at];
  if (token === undefined) return undefined;
  if (token.kind === 'str' || (token.kind === 'tpl' && token.value !== undefined)) return { value: token.value, next: at + 1 };
  if (token.kind === 'num') return Number.isNaN(Number(token.text)) ? undefined : { value: Number(token.text), next: at + 1 };
  if (token.kind === 'punct' && token.text === '-' && tokens[at + 1]?.kind === 'num') {
    const value = -Number((tokens[at + 1] as Token).text);
    return Number.isNaN(value) ? undefined : { value, next: at + 2 };
  }
  if (token.kind === 'name' && token.text === context.builders) return builderChain(tokens, at, context);
  if (token.kind === 'name') return NAMED_VALUES.has(token.text) ? { value: NAMED_VALUES.get(token.text), next: at + 1 } : undefined;
  if (token.text === '[') return arrayLiteral(tokens, at, context);
  if (token.text === '{') return objectLiteral(tokens, at, context);
  return undefined;
}

/**
 * `t.varchar(100).notNull()…` with literal arguments, built with athanor's own (pure) builders; undefined when a
 * step is not a literal call or the builders refuse it (then the run meets it as written).
 */
function builderChain(tokens: readonly Token[], at: number, context: Context): { value: unknown; next: number } | undefined {
  let value: unknown = t;
  let next = at + 1;
  while (tokens[next]?.text === '.' && tokens[next + 1]?.kind === 'name' && tokens[next + 2]?.text === '(') {
    const close = matching(tokens, next + 2);
    if (close === undefined) return undefined;
    const args = argumentsOf(tokens, next + 2, close, context);
    if (args === undefined) return undefined;
    try {
      const member: unknown = Reflect.get(value as object, (tokens[next + 1] as Token).text);
      if (typeof member !== 'function') return undefined;
      value = Reflect.apply(member, value, args);
    } catch {
      return undefined;
    }
    next = close + 1;
  }
  return next === at + 1 || typeof value !== 'object' || value === null ? undefined : { value, next };
}

function arrayLiteral(tokens: readonly Token[], open: number, context: Context): { value: unknown[]; next: number } | undefined {
  const value: unknown[] = [];
  let at = open + 1;
  while (tokens[at]?.text !== ']') {
    const item = literal(tokens, at, context);
    if (item === undefined) return undefined;
    value.push(item.value);
    at = item.next;
    if (tokens[at]?.text === ',') at++;
    else if (tokens[at]?.text !== ']') return undefined;
  }
  return { value, next: at + 1 };
}

function objectLiteral(tokens: readonly Token[], open: number, context: Context): { value: Record<string, unknown>; next: number } | undefined {
  const value: Record<string, unknown> = {};
  let at = open + 1;
  while (tokens[at]?.text !== '}') {
    const key = tokens[at];
    // a spread, a computed key, a shorthand or a method is not a literal
    if (key === undefined || !['name', 'str', 'num'].includes(key.kind) || tokens[at + 1]?.text !== ':') return undefined;
    const item = literal(tokens, at + 2, context);
    if (item === undefined) return undefined;
    value[key.kind === 'str' ? (key.value as string) : key.text] = item.value;
    at = item.next;
    if (tokens[at]?.text === ',') at++;
    else if (tokens[at]?.text !== '}') return undefined;
  }
  return { value, next: at + 1 };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if ((starts[mid] as number) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (starts[low] as number) + 1 };
}
