// Where a CLI run writes. By default the process's own streams; a caller (the test suite, which runs commands
// in-process instead of spawning one Node per command) passes its own to main(). Kept in an AsyncLocalStorage
// so every command reaches it without an extra parameter.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createColors } from 'picocolors';

export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** whether prompts may ask (stdin and stdout are terminals) */
  interactive: boolean;
}

const current = new AsyncLocalStorage<CliIo>();

/**
 * A process stream whose reader may go away (`athanor history | head -3`): the write then fails with EPIPE, which
 * Node raises as an unhandled 'error' event and a stack trace. Like a Unix tool, athanor stops writing and lets
 * the command finish quietly (an upgrade being printed still completes; only its output is dropped).
 */
function quietWhenClosed(stream: NodeJS.WriteStream): (text: string) => boolean {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (text: string) => (closed ? false : stream.write(text));
}

/** Output held before it is written to a pipe or file, at most this long */
const HOLD_MS = 100;
const HOLD_BYTES = 64 * 1024;

/**
 * stdout for a pipe or a file holds its lines briefly and writes them together (as C and Python buffer a stdout
 * that is not a terminal): one write per migration line cost ~35 µs each over a 1000-migration upgrade. Anything
 * written to stderr first writes what stdout holds, so the two keep their order in a combined log; the rest is
 * written within HOLD_MS and when the process exits (writes to pipes and files are synchronous on Linux and macOS).
 */
function processStreamsOf(): { stdout: OutputStream; stderr: OutputStream } {
  const writeOut = quietWhenClosed(process.stdout);
  const writeErr = quietWhenClosed(process.stderr);
  const hold = process.stdout.isTTY !== true;
  let held = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (held === '') return;
    const text = held;
    held = '';
    writeOut(text);
  };
  if (hold) process.once('exit', flush);
  return {
    stdout: {
      write: (text: string) => {
        if (!hold) return writeOut(text);
        held += text;
        if (held.length >= HOLD_BYTES) flush();
        else timer ??= setTimeout(flush, HOLD_MS).unref();
        return true;
      },
      get isTTY() {
        return process.stdout.isTTY;
      },
    },
    stderr: {
      write: (text: string) => {
        flush();
        return writeErr(text);
      },
      get isTTY() {
        return process.stderr.isTTY;
      },
    },
  };
}

let processStreams: { stdout: OutputStream; stderr: OutputStream } | undefined;
let processIoValue: CliIo | undefined;

export function processIo(): CliIo {
  processStreams ??= processStreamsOf();
  // asked once: reading process.stdin sets up the stream
  processIoValue ??= { ...processStreams, interactive: process.stdin.isTTY === true && process.stdout.isTTY === true };
  return processIoValue;
}

/** Runs one CLI invocation with `io` as where its commands write. */
export function runWithIo<T>(io: CliIo, body: () => Promise<T>): Promise<T> {
  // the process's own streams need no store: entering one turns on Node's promise hooks, a cost on every await
  if (processStreams && io.stdout === processStreams.stdout && io.stderr === processStreams.stderr) return body();
  return current.run(io, body);
}

function io(): CliIo {
  return current.getStore() ?? processIo();
}

export function stdout(): OutputStream {
  return io().stdout;
}

export function stderr(): OutputStream {
  return io().stderr;
}

export function interactive(): boolean {
  return io().interactive;
}

export type Colors = ReturnType<typeof createColors>;

/**
 * Colours for text written to `stream`: on for a terminal, off for a pipe, a file or a test's buffer, whatever
 * the environment (picocolors' own default turns colours on whenever CI is set, which garbles captured output).
 * NO_COLOR and FORCE_COLOR are honoured as everywhere.
 */
export function colorsFor(stream: OutputStream): Colors {
  // one answer per stream: reading process.env costs ~2 µs a name, and `history` or a run asks once per line
  const known = streamColors.get(stream);
  if (known) return known;
  const env = process.env;
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const enabled = env.NO_COLOR === undefined && (forced || (stream.isTTY === true && env.TERM !== 'dumb'));
  // one palette per setting: building one costs ~6 µs
  const palette = (palettes[enabled ? 1 : 0] ??= createColors(enabled));
  streamColors.set(stream, palette);
  return palette;
}

const streamColors = new WeakMap<OutputStream, Colors>();
const palettes: [Colors | undefined, Colors | undefined] = [undefined, undefined];

/** Colours for the current run's stdout. */
export function colors(): Colors {
  return colorsFor(stdout());
}
