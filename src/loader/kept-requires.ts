// The require() calls esbuild keeps in CommonJS output: the imports it left external. A migration whose compiled
// form requires only 'athanor' and Node's own modules is self-contained: its checksum covers all of its code.
import { isBuiltin } from 'node:module';

const KEPT_REQUIRE = /\brequire\(\s*(["'])([^'"]+)\1\s*\)/g;

/** Whether every require() in `code` is of 'athanor' or of Node's own modules (one written in a string counts too). */
export function requiresOnlyAthanorAndNode(code: string): boolean {
  for (const [, , specifier = ''] of code.matchAll(KEPT_REQUIRE)) {
    if (specifier !== 'athanor' && !isBuiltin(specifier)) return false;
  }
  return true;
}

/** Whether `code` requires 'athanor'. */
export function requiresAthanor(code: string): boolean {
  for (const [, , specifier] of code.matchAll(KEPT_REQUIRE)) if (specifier === 'athanor') return true;
  return false;
}
