// The require() calls esbuild keeps in CommonJS output: the imports it left external. A migration whose compiled
// form requires only 'athanor' and Node's own modules is self-contained: its checksum covers all of its code.
import { isBuiltin } from 'node:module';

const KEPT_REQUIRE = /\brequire\(\s*(["'])([^'"]+)\1\s*\)/g;

/** What `code` requires (one written in a string counts too). */
export function keptRequires(code: string): string[] {
  return [...code.matchAll(KEPT_REQUIRE)].map((match) => match[2] ?? '');
}

/** 'athanor' or one of Node's own modules: what a self-contained migration may require. */
export function isAthanorOrNode(specifier: string): boolean {
  return specifier === 'athanor' || isBuiltin(specifier);
}
