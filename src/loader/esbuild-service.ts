// esbuild, run in a worker thread. Loading esbuild (it brings node:child_process) and starting its service
// process cost the thread doing it ~40–80 ms; a run that meets a migration it has not compiled starts the worker at
// once (prestartEsbuild), so that happens beside the main thread's work (the other headers, the connection), and
// the main thread only posts requests and takes the replies. Never started on a warm run.
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import type { BuildOptions, Message, Metafile, TransformOptions } from 'esbuild';

/** The worker's code: esbuild's service started at once, then one reply per request (errors as data). */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const esbuild = require(workerData.esbuild);
esbuild.initialize({});
parentPort.on('message', async ({ id, kind, input, options }) => {
  try {
    if (kind === 'transform') {
      parentPort.postMessage({ id, code: (await esbuild.transform(input, options)).code });
      return;
    }
    const result = await esbuild.build(options);
    const outputFiles = (result.outputFiles || []).map((file) => ({ path: file.path, text: file.text }));
    parentPort.postMessage({ id, outputFiles, metafile: result.metafile });
  } catch (error) {
    parentPort.postMessage({ id, failed: { message: String((error && error.message) || error), errors: (error && error.errors) || [] } });
  }
});
`;

export interface BuiltFiles {
  outputFiles: { path: string; text: string }[];
  metafile?: Metafile;
}

interface Reply extends Partial<BuiltFiles> {
  id: number;
  code?: string;
  failed?: { message: string; errors: Message[] };
}

interface Waiting {
  resolve(reply: Reply): void;
  reject(error: unknown): void;
}

let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, Waiting>();

function startedWorker(): Worker {
  if (worker) return worker;
  // loaded here, not at start: node:worker_threads costs every command ~5 ms to load, and a warm run needs none
  const threads = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  const started = new threads.Worker(WORKER_CODE, {
    eval: true,
    workerData: { esbuild: createRequire(import.meta.url).resolve('esbuild') },
    // none of this process's loader hooks (tsx under the tests): the worker runs esbuild's own CommonJS
    execArgv: [],
    // Go's collector then runs less often: compiling 1000 migrations takes ~27 % less of esbuild's CPU (1.07 ->
    // 0.77 s here); a GOGC of the user's is kept
    env: { ...process.env, GOGC: process.env['GOGC'] ?? '400' },
  });
  started.on('message', settle);
  started.on('error', (error) => stopped(error));
  started.on('exit', (code) => stopped(new Error(`esbuild's worker stopped (exit code ${code})`)));
  // it keeps the process alive only while a request waits (after the listeners: a 'message' listener refs it)
  started.unref();
  worker = started;
  return started;
}

/** Starts esbuild now, to have it ready when a migration must be compiled. */
export function prestartEsbuild(): void {
  startedWorker();
}

function settle(reply: Reply): void {
  const request = waiting.get(reply.id);
  waiting.delete(reply.id);
  if (waiting.size === 0) worker?.unref();
  if (!request) return;
  // as esbuild throws: its message, and its errors (with their files) on the error
  if (reply.failed) request.reject(Object.assign(new Error(reply.failed.message), { errors: reply.failed.errors }));
  else request.resolve(reply);
}

function stopped(error: unknown): void {
  worker = undefined;
  for (const request of waiting.values()) request.reject(error);
  waiting.clear();
}

function ask(message: { kind: 'transform'; input: string; options: TransformOptions } | { kind: 'build'; options: BuildOptions }): Promise<Reply> {
  const target = startedWorker();
  const id = nextId++;
  if (waiting.size === 0) target.ref();
  return new Promise<Reply>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    target.postMessage({ id, ...message });
  });
}

/** esbuild's transform of `input`: its code. Throws as esbuild does. */
export async function esbuildTransform(input: string, options: TransformOptions): Promise<string> {
  return (await ask({ kind: 'transform', input, options })).code ?? '';
}

/** esbuild's build with `write: false`: its output files (path and text) and metafile. Throws as esbuild does. */
export async function esbuildBuild(options: BuildOptions): Promise<BuiltFiles> {
  const reply = await ask({ kind: 'build', options });
  return { outputFiles: reply.outputFiles ?? [], ...(reply.metafile ? { metafile: reply.metafile } : {}) };
}
