/**
 * The site's archive: WARC 1.1 files (one gzip member per record, so any record can be read on its
 * own) written with warcio, rotated at a size limit, plus a CDXJ index. The store records how many
 * bytes of each file are committed; on open, anything past that (a record torn by a kill) is cut off.
 */

import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, ftruncateSync, mkdirSync, openSync, readdirSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { getSurt, WARCParser, WARCRecord, WARCSerializer } from 'warcio';
import { writeFileAtomic } from './atomic.js';

export interface ArchivedAt {
  file: string;
  offset: number;
  length: number;
}

export interface Exchange {
  url: string;
  date: Date;
  method?: string;
  requestHeaders: Record<string, string>;
  /** What a POST sent (a pager's form, a dataproxy query), kept in the request record. */
  requestBody?: Uint8Array;
  status: number;
  statusText: string;
  responseHeaders: [string, string][];
  body: Uint8Array;
  /** sha256 hex of the body, computed once by the fetcher. */
  sha256: string;
}

export interface RenderedPage {
  url: string;
  html: string;
  date: Date;
}

/** Everything one page puts in the archive; any part may be absent (a page re-rendered from the archive has no exchange). */
export interface PageRecords {
  exchange?: Exchange;
  rendered?: RenderedPage;
  /** Responses the page's scripts fetched while it rendered. */
  captured?: Exchange[];
}

/** Where each response (or conversion) record of a page landed, and the span of all its records. */
export interface PageArchived {
  exchange?: ArchivedAt;
  rendered?: ArchivedAt;
  captured: ArchivedAt[];
  span: ArchivedAt;
}

export interface ArchiveOptions {
  /** Start a new file past this size. */
  maxFileBytes?: number;
  software?: string;
}

const defaults = { maxFileBytes: 1024 ** 3, software: 'sitefold' };
const hopByHop = new Set(['transfer-encoding', 'content-encoding', 'content-length', 'connection', 'keep-alive']);

export class WarcArchive {
  private fd = -1;
  private file = '';
  private size = 0;
  private sequence = 0;
  private tail: Promise<void> = Promise.resolve();
  /** Files rotated out since the last `written()`, with their final length. */
  private rotated: [string, number][] = [];
  private readonly options: Required<ArchiveOptions>;

  constructor(
    readonly dir: string,
    readonly prefix: string,
    options: ArchiveOptions = {},
  ) {
    this.options = { ...defaults, ...options };
  }

  /** Opens the newest file, cutting it back to what the store committed; files the store never saw are emptied. */
  async open(committed: Map<string, number>): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const files = readdirSync(this.dir)
      .filter((f) => f.startsWith(`${this.prefix}-`) && f.endsWith('.warc.gz'))
      .sort();
    for (const name of files) {
      const keep = committed.get(name) ?? 0;
      const fd = openSync(path.join(this.dir, name), 'r+');
      if (fstatSync(fd).size > keep) ftruncateSync(fd, keep);
      closeSync(fd);
    }
    const last = files[files.length - 1];
    this.sequence = last ? Number(last.slice(this.prefix.length + 1, -'.warc.gz'.length)) : 0;
    await this.openFile(last ?? this.nameFor(this.sequence));
  }

  /** How far each file written since the last call is (rotated ones, then the current one). */
  written(): [string, number][] {
    const files = this.rotated;
    this.rotated = [];
    if (this.file) files.push([this.file, this.size]);
    return files;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  /**
   * Writes every record of one page in one append: its exchange (response then request), the page
   * as rendered, the responses its scripts fetched. A page's records are contiguous, so a commit
   * covers all of them or none, and the window in which they are written but not committed is short.
   */
  async writePage(page: PageRecords): Promise<PageArchived> {
    const records: WARCRecord[] = [];
    if (page.exchange) records.push(...exchangeRecords(page.exchange));
    if (page.rendered) records.push(renderedRecord(page.rendered));
    for (const exchange of page.captured ?? []) records.push(...exchangeRecords(exchange));
    const places = await this.append(records);
    const first = places[0];
    const last = places[places.length - 1];
    if (!first || !last) throw new Error('writePage: a page with no records');
    // Responses are at the even places of each exchange pair; the request follows its response.
    let next = 0;
    const take = (n: number) => {
      const at = places[next] as ArchivedAt;
      next += n;
      return at;
    };
    return {
      exchange: page.exchange ? take(2) : undefined,
      rendered: page.rendered ? take(1) : undefined,
      captured: (page.captured ?? []).map(() => take(2)),
      span: { file: first.file, offset: first.offset, length: last.offset + last.length - first.offset },
    };
  }

  /** Appends records as one write; returns where each landed. */
  private async append(records: WARCRecord[]): Promise<ArchivedAt[]> {
    const members: Buffer[] = [];
    for (const record of records) {
      presetDigests(record);
      const serialized = await WARCSerializer.serialize(record);
      // Output buffers sized to the record (a member is a fraction of it), not zlib's 16 KB each: the
      // same bytes, far less memory to collect. A larger member takes more buffers, as before.
      members.push(gzipSync(serialized, { level: 6, chunkSize: Math.max(1024, (serialized.length >>> 1) + 256) }));
    }
    const total = members.reduce((n, m) => n + m.length, 0);
    // Writes are chained: a rotation (which awaits its warcinfo record) must not interleave with a write.
    const written = this.tail.then(async () => {
      if (this.size > 0 && this.size + total > this.options.maxFileBytes) {
        this.rotated.push([this.file, this.size]);
        this.close();
        this.sequence++;
        await this.openFile(this.nameFor(this.sequence));
      }
      const places: ArchivedAt[] = [];
      let offset = this.size;
      for (const member of members) {
        places.push({ file: this.file, offset, length: member.length });
        offset += member.length;
      }
      const bytes = Buffer.concat(members, total);
      writeSync(this.fd, bytes, 0, bytes.length, this.size);
      this.size += total;
      return places;
    });
    this.tail = written.then(
      () => undefined,
      () => undefined,
    );
    return written;
  }

  private nameFor(sequence: number): string {
    return `${this.prefix}-${String(sequence).padStart(5, '0')}.warc.gz`;
  }

  private async openFile(name: string): Promise<void> {
    const full = path.join(this.dir, name);
    this.fd = openSync(full, existsSync(full) ? 'r+' : 'w+');
    this.file = name;
    this.size = fstatSync(this.fd).size;
    if (this.size === 0) {
      const info = WARCRecord.createWARCInfo(
        { filename: name, warcVersion: 'WARC/1.1' },
        {
          software: this.options.software,
          format: 'WARC File Format 1.1',
          conformsTo: 'http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/',
        },
      );
      const bytes = gzipSync(await WARCSerializer.serialize(info));
      writeSync(this.fd, bytes, 0, bytes.length, 0);
      this.size = bytes.length;
    }
  }
}

/** The response and request records of one exchange (in that order). */
function exchangeRecords(exchange: Exchange): WARCRecord[] {
  const date = exchange.date.toISOString();
  const target = new URL(exchange.url);
  const responseHeaders: [string, string][] = [];
  for (const [name, value] of exchange.responseHeaders) {
    // The body is stored decoded, so encodings that no longer apply are kept under another name.
    if (hopByHop.has(name.toLowerCase())) {
      if (name.toLowerCase() !== 'content-length') responseHeaders.push([`X-Archive-Orig-${name}`, value]);
    } else responseHeaders.push([name, value]);
  }
  responseHeaders.push(['Content-Length', String(exchange.body.length)]);
  const response = WARCRecord.create(
    {
      url: exchange.url,
      date,
      type: 'response',
      warcVersion: 'WARC/1.1',
      statusline: `HTTP/1.1 ${exchange.status} ${exchange.statusText || 'OK'}`,
      httpHeaders: responseHeaders,
      warcHeaders: { 'WARC-Payload-Digest': `sha256:${exchange.sha256}` },
    },
    [exchange.body],
  );
  const request = WARCRecord.create(
    {
      url: exchange.url,
      date,
      type: 'request',
      warcVersion: 'WARC/1.1',
      statusline: `${exchange.method ?? 'GET'} ${target.pathname}${target.search} HTTP/1.1`,
      httpHeaders: { Host: target.host, ...exchange.requestHeaders },
      warcHeaders: { 'WARC-Concurrent-To': response.warcHeaders.headers.get('WARC-Record-ID') ?? '' },
    },
    exchange.requestBody?.length ? [exchange.requestBody] : [],
  );
  return [response, request];
}

/** A page as the browser rendered it: a conversion record referring to the fetched response. */
function renderedRecord(rendered: RenderedPage): WARCRecord {
  return WARCRecord.create(
    {
      url: rendered.url,
      date: rendered.date.toISOString(),
      type: 'conversion',
      warcVersion: 'WARC/1.1',
      warcHeaders: {
        'Content-Type': 'text/html; charset=utf-8',
        'WARC-Refers-To-Target-URI': rendered.url,
        'WARC-Resource-Type': 'rendered-dom',
      },
    },
    [Buffer.from(rendered.html, 'utf8')],
  );
}

/**
 * Sets the block and payload digests with node:crypto before warcio serialises the record: warcio
 * would otherwise instantiate a WebAssembly hasher per record, which costs more than the fetch.
 * The block is hashed over warcio's own rendering of the HTTP headers, so the digest is exact.
 */
function presetDigests(record: WARCRecord): void {
  const headers = record.warcHeaders.headers;
  if (headers.get('WARC-Type') === 'warcinfo' || headers.get('WARC-Block-Digest')) return;
  const payload = (record as unknown as { _reader: Iterable<Uint8Array> })._reader;
  const payloadHash = headers.get('WARC-Payload-Digest') ? undefined : createHash('sha256');
  const blockHash = createHash('sha256');
  if (record.httpHeaders) blockHash.update(`${record.httpHeaders.toString()}\r\n`);
  for (const chunk of payload) {
    payloadHash?.update(chunk);
    blockHash.update(chunk);
  }
  if (payloadHash) headers.set('WARC-Payload-Digest', `sha256:${payloadHash.digest('hex')}`);
  headers.set('WARC-Block-Digest', `sha256:${blockHash.digest('hex')}`);
}

/** Reads one record back: its HTTP status, headers and payload (or the block of a conversion record). */
export async function readRecord(
  dir: string,
  at: ArchivedAt,
): Promise<{ type: string; url: string; status?: number; headers: Headers | Map<string, string>; payload: Uint8Array }> {
  const fd = openSync(path.join(dir, at.file), 'r');
  const member = Buffer.alloc(at.length);
  try {
    readSync(fd, member, 0, at.length, at.offset);
  } finally {
    closeSync(fd);
  }
  const damaged = (what: string) =>
    new Error(
      `${path.join(dir, at.file)} at byte ${at.offset}: ${what}; \`sitefold crawl <pipeline> --verify\` lists every damaged record; \`--fresh\` crawls the site again`,
    );
  let raw: Buffer;
  try {
    raw = gunzipSync(member);
  } catch {
    throw damaged('the archived record is damaged (not a whole gzip member)');
  }
  const parser = new WARCParser([raw]);
  const record = await parser.parse().catch(() => null);
  if (!record) throw damaged('no WARC record there');
  const payload = await record.readFully(true);
  const info = record.getResponseInfo();
  return {
    type: record.warcType,
    url: record.warcTargetURI ?? '',
    status: info ? Number(info.status) : undefined,
    headers: (info?.headers as Headers | undefined) ?? new Map(),
    payload,
  };
}

/**
 * Writes the CDXJ index (SURT key, timestamp, JSON) for the given records, atomically: the lines
 * warcio's CDXIndexer writes for the same response records (test/helpers/cdxj.ts compares them on
 * the samples), except that the digest keeps its algorithm label (sha256:…), which warcio's
 * indexer drops: a reader of the index sees which hash it is. Written from the store, not by re-reading the archive: warcio's indexer inflates
 * and parses every record again, several seconds for a 10,000-page site whose crawl takes about five.
 */
export function writeCdxj(
  file: string,
  entries: Iterable<{ url: string; date: string; status: number; mime: string; digest: string; at: ArchivedAt }>,
): number {
  const lines: string[] = [];
  // The key is warcio's SURT (www stripped, lower case, host reversed, query arguments sorted).
  for (const e of entries) {
    const timestamp = e.date.replace(/[-:TZ.]/g, '').slice(0, 14);
    lines.push(
      `${getSurt(e.url)} ${timestamp} ${JSON.stringify({ url: e.url, mime: e.mime, status: String(e.status), digest: `sha256:${e.digest}`, length: String(e.at.length), offset: String(e.at.offset), filename: e.at.file })}`,
    );
  }
  lines.sort();
  // Written a thousand lines at a time: the index of a large site is not copied whole once more.
  writeFileAtomic(
    file,
    (function* () {
      for (let i = 0; i < lines.length; i += 1000) yield `${lines.slice(i, i + 1000).join('\n')}\n`;
    })(),
  );
  return lines.length;
}
