// Cache files made for one source folder start with the folder's prefix, so a run reads only its own folder's.
import { createHash } from 'node:crypto';

/** The start of the name of a cache file of `kind` made for `sourceFolder`: the kind, then the folder's hash. */
export function folderPrefix(kind: string, sourceFolder: string): string {
  return `${kind}-${createHash('sha256').update(sourceFolder).digest('hex').slice(0, 16)}-`;
}
