/**
 * One HTTP request with Node's own client (undici): keep-alive through a shared Agent, no automatic
 * redirects (the crawler records and scopes each hop), a timeout, and a body cap counted on
 * decompressed bytes, so a large body or a gzip bomb is stopped without being held in memory.
 */
import { createHash } from 'node:crypto';
import { finished, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, errors, request } from 'undici';

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  headers: Record<string, string>;
}

export interface FetchResult {
  status: number;
  statusText: string;
  headers: [string, string][];
  /** Present when the body was read completely and within the cap. */
  body?: Buffer;
  sha256?: string;
  /** Decompressed bytes seen (up to the cap). */
  bytes: number;
  tooLarge: boolean;
  ms: number;
}

export type FetchErrorKind = 'timeout' | 'dns' | 'refused' | 'reset' | 'tls' | 'network';

export class FetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export function createAgent(connectionsPerOrigin: number): Agent {
  return new Agent({ connections: connectionsPerOrigin, keepAliveTimeout: 10_000, pipelining: 1 });
}

export function classifyError(error: unknown): FetchError {
  if (error instanceof FetchError) return error;
  const e = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = e.code ?? e.cause?.code ?? '';
  const message = e.message ?? String(error);
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    e.name === 'TimeoutError' ||
    e.name === 'AbortError'
  ) {
    return new FetchError('timeout', 'timeout');
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new FetchError('dns', `DNS: ${code}`);
  if (code === 'ECONNREFUSED') return new FetchError('refused', 'connection refused');
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return new FetchError('reset', 'connection reset');
  if (/CERT|SSL|TLS/i.test(code)) return new FetchError('tls', `TLS: ${code}`);
  return new FetchError('network', `${code || 'network'}: ${message}`);
}

export async function fetchOnce(url: string, agent: Agent, options: FetchOptions): Promise<FetchResult> {
  // The overall limit is cleared as soon as the answer is read: a timer per request left to run
  // its course (AbortSignal.timeout) would outlive thousands of requests in the heap.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('timeout', 'TimeoutError')), options.timeoutMs * 2);
  try {
    return await fetchWithin(url, agent, options, controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

async function fetchWithin(url: string, agent: Agent, options: FetchOptions, signal: AbortSignal): Promise<FetchResult> {
  const started = performance.now();
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(url, {
      dispatcher: agent,
      method: 'GET',
      headers: { 'accept-encoding': 'gzip, deflate, br', ...options.headers },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal,
    });
  } catch (error) {
    throw classifyError(error);
  }
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(response.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.push([name, v]);
    else if (value !== undefined) headers.push([name, value]);
  }
  const status = response.statusCode;
  const statusText = response.statusText ?? '';
  const declared = Number(response.headers['content-length'] ?? Number.NaN);
  if (declared > options.maxBytes) {
    response.body.destroy();
    return { status, statusText, headers, bytes: declared, tooLarge: true, ms: performance.now() - started };
  }
  try {
    const { body, bytes } = await readCapped(decoded(response.body, String(response.headers['content-encoding'] ?? '')), options.maxBytes);
    const ms = performance.now() - started;
    if (!body) {
      response.body.destroy();
      return { status, statusText, headers, bytes, tooLarge: true, ms };
    }
    return { status, statusText, headers, body, sha256: createHash('sha256').update(body).digest('hex'), bytes, tooLarge: false, ms };
  } catch (error) {
    response.body.destroy();
    throw classifyError(error);
  }
}

function decoded(body: Readable, encoding: string): Readable {
  const e = encoding.trim().toLowerCase();
  if (e === 'gzip' || e === 'x-gzip') return body.pipe(createGunzip());
  if (e === 'deflate') return body.pipe(createInflate());
  if (e === 'br') return body.pipe(createBrotliDecompress());
  return body;
}

/** Reads a stream up to `cap` bytes; past it, stops reading and returns no body. (Events, not async iteration: cheaper per chunk.) */
function readCapped(stream: Readable, cap: number): Promise<{ body?: Buffer; bytes: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let over = false;
    stream.on('data', (chunk: Buffer) => {
      if (over) return;
      bytes += chunk.length;
      if (bytes > cap) {
        over = true;
        stream.destroy();
        resolve({ bytes });
        return;
      }
      chunks.push(chunk);
    });
    finished(stream, (error) => {
      if (over) return;
      if (error) reject(error);
      else resolve({ body: Buffer.concat(chunks, bytes), bytes });
    });
  });
}

/** Seconds or an HTTP date, as Retry-After allows; capped so a server cannot park the crawl. */
export function retryAfterMs(value: string | undefined, capMs = 60_000): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.min(Math.max(0, seconds * 1000), capMs);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - Date.now()), capMs);
}
