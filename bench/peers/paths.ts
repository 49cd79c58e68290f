// Where the peers bench keeps things: its own install folder (this one) and its scratch projects below it,
// so the generated projects resolve the peers from bench/peers/node_modules and the drivers from the repo's.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PEERS_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(PEERS_DIR, '..', '..');
export const ATHANOR_BIN = join(REPO_ROOT, 'bin', 'athanor.js');
export const WORK_DIR = join(PEERS_DIR, '.work');

/** A peer's executable from the bench-only install. */
export function peerBin(name: string): string {
  return join(PEERS_DIR, 'node_modules', '.bin', name);
}

export function emptyDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

export function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

export function installed(pkg: string): boolean {
  return existsSync(join(PEERS_DIR, 'node_modules', pkg, 'package.json'));
}
