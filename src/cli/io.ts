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
function quietWhenClosed(stream: NodeJS.WriteStream): OutputStream {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return {
    write: (text: string) => (closed ? false : stream.write(text)),
    get isTTY() {
      return stream.isTTY;
    },
  };
}

let processStreams: { stdout: OutputStream; stderr: OutputStream } | undefined;

export function processIo(): CliIo {
  processStreams ??= { stdout: quietWhenClosed(process.stdout), stderr: quietWhenClosed(process.stderr) };
  return { ...processStreams, interactive: process.stdin.isTTY === true && process.stdout.isTTY === true };
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
  const env = process.env;
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const enabled = env.NO_COLOR === undefined && (forced || (stream.isTTY === true && env.TERM !== 'dumb'));
  // one palette per setting: `history` asks once per line, and building one costs ~6 µs
  const palette = (palettes[enabled ? 1 : 0] ??= createColors(enabled));
  return palette;
}

const palettes: [Colors | undefined, Colors | undefined] = [undefined, undefined];

/** Colours for the current run's stdout. */
export function colors(): Colors {
  return colorsFor(stdout());
}
