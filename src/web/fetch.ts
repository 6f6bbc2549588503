/**
 * One HTTP request with Node's own client (undici): keep-alive through a shared Agent, no automatic
 * redirects (the crawler records and scopes each hop), idle timeouts, an overall limit (what is left
 * of the URL's budget: a body that trickles past it is cut), and a body cap counted on decompressed
 * bytes, so a large body or a gzip bomb is stopped without being held in memory.
 */
import { createHash } from 'node:crypto';
import { finished, pipeline as pipe, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, errors, request } from 'undici';

export interface FetchOptions {
  /** No answer, or no byte of the body, for this long: a timeout (retryable). */
  timeoutMs: number;
  /** The whole request, headers and body, ends after this long, cut (not retryable: the URL's budget is spent); default twice timeoutMs. */
  budgetMs?: number;
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

export type FetchErrorKind = 'timeout' | 'budget' | 'dns' | 'refused' | 'reset' | 'unreachable' | 'tls' | 'network';

/** Failures that say the host is not there at all (as opposed to a slow or broken answer). */
export const connectionKinds: ReadonlySet<FetchErrorKind> = new Set(['dns', 'refused', 'reset', 'unreachable']);

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
    error instanceof errors.ConnectTimeoutError ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH'
  )
    return new FetchError('unreachable', `unreachable: ${code || 'connect timeout'}`);
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
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
  const progress = { bytes: 0, started: performance.now() };
  const timer = setTimeout(
    () => controller.abort(new DOMException('budget', 'TimeoutError')),
    Math.max(1, options.budgetMs ?? 2 * options.timeoutMs),
  );
  try {
    return await fetchWithin(url, agent, options, controller.signal, progress);
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    const seconds = ((performance.now() - progress.started) / 1000).toFixed(1);
    throw new FetchError('budget', `cut after ${seconds} s (${progress.bytes} bytes of the body received)`);
  } finally {
    clearTimeout(timer);
  }
}

async function fetchWithin(
  url: string,
  agent: Agent,
  options: FetchOptions,
  signal: AbortSignal,
  progress: { bytes: number; started: number },
): Promise<FetchResult> {
  const started = progress.started;
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
  // An abort (the per-URL budget, an outage probe ending) can reach the body after its reader is done
  // or before it starts: undici then emits 'error' on it, and an 'error' with no listener ends the
  // process. The reader below listens for errors while it reads; this one keeps the rest harmless.
  response.body.on('error', () => undefined);
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
    const encoding = String(response.headers['content-encoding'] ?? '');
    // A large body of known length is read into one buffer: chunks and their concatenation would hold it twice.
    const expected = !encoding && declared >= 1024 * 1024 ? declared : undefined;
    const { body, bytes } = await readCapped(decoded(response.body, encoding), options.maxBytes, progress, expected);
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

/**
 * The body, decompressed. Joined with stream.pipeline, not .pipe(): a reset or an abort of the
 * response must reach the reader (with .pipe() it went nowhere, an unhandled 'error' event ended
 * the process, and the reader waited forever).
 */
function decoded(body: Readable, encoding: string): Readable {
  const e = encoding.trim().toLowerCase();
  const inflate =
    e === 'gzip' || e === 'x-gzip' ? createGunzip() : e === 'deflate' ? createInflate() : e === 'br' ? createBrotliDecompress() : undefined;
  if (!inflate) return body;
  return pipe(body, inflate, () => undefined);
}

/** Reads a stream up to `cap` bytes; past it, stops reading and returns no body. (Events, not async iteration: cheaper per chunk.) */
function readCapped(
  stream: Readable,
  cap: number,
  progress: { bytes: number },
  expected?: number,
): Promise<{ body?: Buffer; bytes: number }> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let whole = expected === undefined ? undefined : Buffer.allocUnsafe(expected);
    let bytes = 0;
    let over = false;
    stream.on('data', (chunk: Buffer) => {
      if (over) return;
      if (whole && bytes + chunk.length <= whole.length) chunk.copy(whole, bytes);
      else {
        // More than the server declared: back to chunks.
        if (whole) chunks = [whole.subarray(0, bytes)];
        whole = undefined;
        chunks.push(chunk);
      }
      bytes += chunk.length;
      progress.bytes = bytes;
      if (bytes > cap) {
        over = true;
        chunks = [];
        whole = undefined;
        stream.destroy();
        resolve({ bytes });
      }
    });
    finished(stream, (error) => {
      if (over) return;
      if (error) reject(error);
      else resolve({ body: whole ? whole.subarray(0, bytes) : Buffer.concat(chunks, bytes), bytes });
    });
  });
}

/** A response header's first value, by name in any case. */
export function header(headers: [string, string][], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([k]) => k.toLowerCase() === lower)?.[1];
}

/** Seconds or an HTTP date, as Retry-After allows (the crawler weighs it against the URL's budget). */
export function retryAfterMs(value: string | undefined, capMs = Number.POSITIVE_INFINITY): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.min(Math.max(0, seconds * 1000), capMs);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - Date.now()), capMs);
}
