/** Writes that are all-or-nothing: a temp file beside the target, fsync, then rename. */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

let counter = 0;

/** Removes temp files a killed writer left in a folder (their targets were never replaced). */
export function removeStaleTemps(dir: string): number {
  let removed = 0;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of entries) {
    if (/^\..+\.\d+\.\d+\.tmp$/.test(name)) {
      rmSync(path.join(dir, name), { force: true });
      removed++;
    }
  }
  return removed;
}

/** `data` may come in pieces (strings are written as UTF-8), so a large file need not be held whole in memory. */
export function writeFileAtomic(file: string, data: string | Uint8Array | Iterable<string>): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${counter++}.tmp`);
  const fd = openSync(temp, 'w');
  try {
    if (typeof data === 'string') writeSync(fd, Buffer.from(data, 'utf8'));
    else if (data instanceof Uint8Array) writeSync(fd, data);
    else for (const piece of data) writeSync(fd, piece, null, 'utf8');
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temp, file);
}
