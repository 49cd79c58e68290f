// Imports user modules (migrations, models, config) written in TypeScript with no build step.
// tsx compiles them on the fly; a tiny resolve hook maps the bare specifier 'athanor' to this very
// copy of athanor, so a standalone (global) install works without athanor in the project's node_modules
// and models share one DSL instance with the runner. The same hook treats .ts files as ES modules
// wherever they live (a project without "type": "module" would otherwise load them as CommonJS).
import { register as registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.js';
import { COMPILED_FILE, importCompiled } from './compile-cache.js';
import { displayPath } from './display-path.js';
import { loadProblem } from './positions.js';

let registered = false;

const ALIAS_HOOK = `
import { readFileSync } from 'node:fs';
let target;
export async function initialize(data) { target = data.target; }
// import/export at the start of a line: the file is an ES module whatever the package's "type" says
const ESM_SYNTAX = /^[ \\t]*(?:import[ \\t{*'"]|export[ \\t{*])/m;
function isEsModule(url) {
  try { return ESM_SYNTAX.test(readFileSync(new URL(url), 'utf8')); } catch { return false; }
}
export async function resolve(specifier, context, next) {
  const result = await next(specifier === 'athanor' ? target : specifier, context);
  // migrations, models and configs are ES modules even in a folder without "type": "module" (.js ones when they say so)
  const path = result.url.split('?')[0];
  if (result.format === 'commonjs' && path.startsWith('file:') && !path.includes('/node_modules/')) {
    if (path.endsWith('.ts') || path.endsWith('.mts') || (path.endsWith('.js') && isEsModule(path))) return { ...result, format: 'module' };
  }
  return result;
}
`;

async function ensureHooks(): Promise<void> {
  if (registered) return;
  registered = true;
  const { register } = await import('tsx/esm/api');
  register();
  const target = new URL('../user-api.js', import.meta.url).href;
  registerHooks(`data:text/javascript,${encodeURIComponent(ALIAS_HOOK)}`, { data: { target } });
}

/**
 * Import a module by path. `version`, the file's checksum (sha256 of its bytes) when known, busts the module
 * cache when the file changed within one process and spares the compile cache from reading and hashing it.
 */
export async function importUserModule(file: string, version?: string): Promise<Record<string, unknown>> {
  if (COMPILED_FILE.test(file)) {
    try {
      const compiled = await importCompiled(file, version === undefined ? {} : { checksum: version });
      if (compiled) return compiled;
    } catch (error) {
      throw loadError(file, error);
    }
  }
  await ensureHooks();
  const url = pathToFileURL(file);
  if (version) url.searchParams.set('v', version.slice(0, 16));
  try {
    return (await import(url.href)) as Record<string, unknown>;
  } catch (error) {
    throw loadError(file, error);
  }
}

/**
 * `cannot load models.ts:4:16: Unexpected "."`: where in the file, as an editor jumps to it, and the message
 * alone (esbuild's "Transform failed with 1 error:" and the compiled code's `import_athanor.` names dropped).
 */
function loadError(file: string, error: unknown): UsageError {
  const problem = loadProblem(error, file, { unwrapCause: false });
  const where = problem.position ? `${displayPath(file)}:${problem.position.line}:${problem.position.column}` : displayPath(file);
  const message = problem.message.replace(/\(0, import_athanor\d*\.([\w$]+)\)/g, '$1').replace(/\bimport_athanor\d*\./g, '');
  return new UsageError(`cannot load ${where}: ${message}`, { cause: error });
}
