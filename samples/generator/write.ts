/** File output: a sink that writes bytes under a root, creating folders once, and folder resets. */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

export class FileSink {
  private readonly made = new Set<string>();
  bytesWritten = 0;
  filesWritten = 0;

  constructor(readonly root: string) {}

  /** Writes a file at a site path like /zwgk/tzgg/index.html. */
  write(urlPath: string, data: Uint8Array | string): void {
    if (!urlPath.startsWith('/') || urlPath.includes('..') || urlPath.endsWith('/')) throw new Error(`bad site path ${urlPath}`);
    const file = path.join(this.root, ...urlPath.slice(1).split('/'));
    const dir = path.dirname(file);
    if (!this.made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.made.add(dir);
    }
    writeFileSync(file, data);
    this.bytesWritten += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    this.filesWritten++;
  }
}

/** Empties a generated folder. Refuses folders that do not look generated (no truth.json and not empty). */
export function resetGeneratedDir(dir: string, force: boolean): void {
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    if (entries.length > 0 && !force && !entries.includes('truth.json')) {
      throw new Error(`${dir} exists and does not look like a generated site (no truth.json): choose an empty or new folder`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
}

/** Appends text to a file through a buffer, for outputs too large to build in memory. */
export class TextStream {
  private fd: number;
  private buffer: string[] = [];
  private size = 0;

  constructor(file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.fd = openSync(file, 'w');
  }

  write(text: string): void {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.buffer.length) writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
