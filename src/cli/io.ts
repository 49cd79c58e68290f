// Where a CLI run writes. By default the process's own streams; a caller (the test suite, which runs commands
// in-process instead of spawning one Node per command) passes its own to main(). Kept in an AsyncLocalStorage
// so every command reaches it without an extra parameter.
import { AsyncLocalStorage } from 'node:async_hooks';

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

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, interactive: process.stdin.isTTY === true && process.stdout.isTTY === true };
}

/** Runs one CLI invocation with `io` as where its commands write. */
export function runWithIo<T>(io: CliIo, body: () => Promise<T>): Promise<T> {
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
