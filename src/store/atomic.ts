/** Writes that are all-or-nothing: a temp file beside the target, fsync, then rename. */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
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

/**
 * writeFileAtomic off the event loop: the write and the fsync run on libuv's threads, so a batch's
 * other sites go on while one site's media reach the disk (an fsync can take tens of ms on a busy
 * disk, and a site stores hundreds of files).
 */
export async function writeFileAtomicAsync(file: string, data: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${counter++}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, file);
}

/** Whether `file` is missing or holds other bytes than `content`. */
export async function differs(file: string, content: string): Promise<boolean> {
  try {
    return (await readFile(file, 'utf8')) !== content;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/**
 * Many files, each replaced atomically (writeFileAtomicAsync) and only when its bytes change (an
 * unchanged file keeps its mtime), `concurrency` at a time on libuv's threads: a site's hundreds of
 * record files reach the disk side by side, and the event loop (a batch's other sites) is never
 * blocked on an fsync. Resolves, in the order given, whether each file changed; with `dryRun` only
 * compares. A failed write rejects after the writes under way have settled.
 */
export async function writeChangedFiles(
  files: readonly { file: string; content: string }[],
  options: { dryRun?: boolean; concurrency?: number } = {},
): Promise<boolean[]> {
  const changed: boolean[] = new Array(files.length).fill(false);
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const i = next++;
      const { file, content } = files[i] as { file: string; content: string };
      changed[i] = await differs(file, content);
      if (changed[i] && !options.dryRun) await writeFileAtomicAsync(file, content);
    }
  };
  const lanes = Array.from({ length: Math.min(options.concurrency ?? 16, files.length) }, lane);
  const settled = await Promise.allSettled(lanes);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return changed;
}
