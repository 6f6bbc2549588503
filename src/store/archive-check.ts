/**
 * Reads the archive back against the store, like `warcio check`: every fetch row's response record
 * (and its conversion record when the page was rendered) must be at its recorded place, one whole
 * gzip member holding one WARC record of the right type and URL, with block and payload digests
 * that match its bytes and a payload digest equal to the one the store recorded. The record is
 * parsed here from its bytes, not through the writer's library, so a writer bug cannot hide itself.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CrawlState } from './state.js';

export interface RecordProblem {
  url: string;
  record: 'response' | 'conversion';
  file: string;
  offset: number;
  problem: string;
}

export interface ArchiveCheck {
  /** Records read back and checked. */
  records: number;
  responses: number;
  conversions: number;
  files: { name: string; bytes: number; committed: number | null }[];
  problems: RecordProblem[];
}

/** Each archive file of a site's folder and its length on disk. */
export function archiveFileBytes(dir: string): Map<string, number> {
  if (!existsSync(dir)) return new Map();
  return new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.warc.gz'))
      .sort()
      .map((name) => [name, statSync(path.join(dir, name)).size]),
  );
}

export function checkArchive(state: CrawlState, dir: string): ArchiveCheck {
  const committed = new Map(state.fetches.committedWarcs().map((w) => [w.name, w.committed_bytes]));
  const bytes = archiveFileBytes(dir);
  const check: ArchiveCheck = {
    records: 0,
    responses: 0,
    conversions: 0,
    files: [...new Set([...bytes.keys(), ...committed.keys()])]
      .sort()
      .map((name) => ({ name, bytes: bytes.get(name) ?? 0, committed: committed.get(name) ?? null })),
    problems: [],
  };
  const files = new FileReader(dir);
  try {
    for (const row of state.fetches.archivedRows()) {
      const places: [RecordProblem['record'], string | null, number | null, number | null][] = [
        ['response', row.warcFile, row.warcOffset, row.warcLength],
        ['conversion', row.renderedFile, row.renderedOffset, row.renderedLength],
      ];
      for (const [record, file, offset, length] of places) {
        if (file === null) continue;
        check.records++;
        if (record === 'response') check.responses++;
        else check.conversions++;
        const at = { file, offset: offset ?? -1, length: length ?? -1 };
        const problem =
          placeProblem(at, bytes.get(file), committed.get(file)) ??
          recordProblem(files.read(at), { type: record, url: row.url, payloadSha256: record === 'response' ? row.sha256 : null });
        if (problem) check.problems.push({ url: row.url, record, file, offset: at.offset, problem });
      }
    }
  } finally {
    files.close();
  }
  return check;
}

/** Where a record should be: inside its file, and inside what the store committed (else the next crawl cuts it off). */
function placeProblem(
  at: { offset: number; length: number },
  fileBytes: number | undefined,
  committed: number | undefined,
): string | undefined {
  if (fileBytes === undefined) return 'the WARC file is missing';
  if (at.offset < 0 || at.length <= 0) return 'no place recorded';
  const end = at.offset + at.length;
  if (end > fileBytes) return `past the end of the file (${end} > ${fileBytes} bytes)`;
  if (committed === undefined || end > committed)
    return `past the committed length (${end} > ${committed ?? 0} bytes): the next crawl would cut it off`;
  return undefined;
}

/** What is wrong with one gzip member read from the archive, if anything. */
export function recordProblem(member: Buffer, expected: { type: string; url: string; payloadSha256: string | null }): string | undefined {
  let raw: Buffer;
  try {
    raw = gunzipSync(member);
  } catch {
    return 'not a whole gzip member (torn, overwritten or misplaced)';
  }
  const headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd < 0 || !raw.subarray(0, 5).equals(Buffer.from('WARC/'))) return 'no WARC record header';
  const headers = new Map<string, string>();
  for (const line of raw.subarray(0, headEnd).toString('utf8').split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const length = Number(headers.get('content-length'));
  const block = raw.subarray(headEnd + 4, headEnd + 4 + length);
  if (!Number.isInteger(length) || block.length !== length) return 'record shorter than its Content-Length';
  if (raw.length !== headEnd + 4 + length + 4) return 'the extent holds more than one record';
  if (headers.get('warc-type') !== expected.type) return `a ${headers.get('warc-type')} record, not a ${expected.type} record`;
  if (headers.get('warc-target-uri') !== expected.url) return `the record is for ${headers.get('warc-target-uri')}`;
  if (headers.get('warc-block-digest') !== sha256(block)) return 'block digest does not match';
  const payload = expected.type === 'response' ? block.subarray(block.indexOf('\r\n\r\n') + 4) : block;
  const payloadDigest = headers.get('warc-payload-digest');
  if (payloadDigest !== undefined && payloadDigest !== sha256(payload)) return 'payload digest does not match';
  if (expected.payloadSha256 && sha256(payload) !== `sha256:${expected.payloadSha256}`)
    return 'payload differs from the sha256 in the store';
  return undefined;
}

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The archive's files, each opened once however many records are read from it. */
class FileReader {
  private readonly open = new Map<string, number>();

  constructor(private readonly dir: string) {}

  read(at: { file: string; offset: number; length: number }): Buffer {
    let fd = this.open.get(at.file);
    if (fd === undefined) {
      fd = openSync(path.join(this.dir, at.file), 'r');
      this.open.set(at.file, fd);
    }
    const buffer = Buffer.alloc(at.length);
    return buffer.subarray(0, readSync(fd, buffer, 0, at.length, at.offset));
  }

  close(): void {
    for (const fd of this.open.values()) closeSync(fd);
    this.open.clear();
  }
}
