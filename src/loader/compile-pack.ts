// Many compiled modules in one cache file. A cold compile of a migrations folder writes one pack instead of a
// file per migration: creating a thousand small files cost ~0.25 s of a 3 s cold run here (ext4 file creation).
// Layout: one line of JSON, {"format":"pack-1","entries":[[name, byteLength], …]}, then the entries' code back
// to back in that order (UTF-8). Entries are named as single cached files are (`<key>.cjs`, `<key>.api.cjs`),
// so a lookup does not care where a module was stored.
import { closeSync, openSync, readFileSync, readSync, fstatSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { folderPrefix } from './folder-prefix.js';
import { replaceFile } from './replace-file.js';

const PACK_FORMAT = 'pack-1';
export const PACK_SUFFIX = '.pack';

/** How the packs of the modules compiled from `sourceFolder` are named: a run reads only its folder's packs. */
export function packPrefix(sourceFolder: string): string {
  return folderPrefix('pack', sourceFolder);
}

/** Where one module's code sits in a pack. */
export interface PackEntry {
  pack: string;
  start: number;
  end: number;
}

interface PackIndex {
  format: string;
  entries: Array<[name: string, byteLength: number]>;
}

/** The first line of a pack (its index), read without reading the code after it. */
function readIndexLine(fd: number): { line: string; bytes: number } | null {
  let buffer = Buffer.alloc(64 * 1024);
  let filled = 0;
  for (;;) {
    const read = readSync(fd, buffer, filled, buffer.length - filled, filled);
    const newline = buffer.indexOf(0x0a, filled);
    filled += read;
    if (newline !== -1 && newline < filled) return { line: buffer.toString('utf8', 0, newline), bytes: newline + 1 };
    if (read === 0) return null;
    if (filled === buffer.length) buffer = Buffer.concat([buffer, Buffer.alloc(buffer.length)]);
  }
}

/**
 * The entries of the pack at `file`, by name; empty when it is not a complete pack of this format (a damaged or
 * foreign file is ignored, as a missing one).
 */
export function readPackIndex(file: string): Map<string, PackEntry> {
  const entries = new Map<string, PackEntry>();
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const index = readIndexLine(fd);
    if (index === null) return entries;
    const parsed = JSON.parse(index.line) as Partial<PackIndex>;
    if (parsed.format !== PACK_FORMAT || !Array.isArray(parsed.entries)) return entries;
    let at = index.bytes;
    for (const [name, length] of parsed.entries) {
      entries.set(name, { pack: file, start: at, end: at + length });
      at += length;
    }
    if (at !== fstatSync(fd).size) entries.clear(); // truncated or grown: trust none of it
  } catch {
    entries.clear();
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return entries;
}

/** pack file → its bytes, read once per process when a module in it is loaded */
const packBytes = new Map<string, Buffer>();

/** The code of one packed module. */
export function packedCode(entry: PackEntry): string {
  let bytes = packBytes.get(entry.pack);
  if (bytes === undefined) {
    bytes = readFileSync(entry.pack);
    packBytes.set(entry.pack, bytes);
  }
  return bytes.toString('utf8', entry.start, entry.end);
}

/**
 * Writes `modules` (compiled from `sourceFolder`) as one pack in `cacheDir` (which exists) and returns its entries by name. Written then
 * renamed, so a concurrent run never reads half a pack; the name comes from the content, so two runs compiling
 * the same files write the same pack.
 */
export function writePack(cacheDir: string, sourceFolder: string, modules: ReadonlyArray<{ name: string; code: string }>): Map<string, PackEntry> {
  const lengths = modules.map((m) => Buffer.byteLength(m.code));
  const header = `${JSON.stringify({ format: PACK_FORMAT, entries: modules.map((m, i) => [m.name, lengths[i]]) })}\n`;
  const body = header + modules.map((m) => m.code).join('');
  const pack = join(cacheDir, `${packPrefix(sourceFolder)}${createHash('sha256').update(header).digest('hex').slice(0, 32)}${PACK_SUFFIX}`);
  replaceFile(pack, body);
  const entries = new Map<string, PackEntry>();
  let at = Buffer.byteLength(header);
  modules.forEach((m, i) => {
    const end = at + (lengths[i] as number);
    entries.set(m.name, { pack, start: at, end });
    at = end;
  });
  return entries;
}
