// Cache files replaced whole: written beside the file, then renamed over it, so a concurrent run reads either
// the old file or the new one, never half of one.
import { renameSync, writeFileSync } from 'node:fs';

export function replaceFile(file: string, data: string | Uint8Array): void {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, data);
  renameSync(partial, file);
}
