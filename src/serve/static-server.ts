/**
 * A static server for sample sites that behaves like the real thing: content types, bytes as stored
 * (GBK pages stay GBK), 404s, query strings ignored when choosing the file (so calendar traps behave
 * as on a CMS), `;jsessionid=` stripped like a Java server, and the site's `_serve.json` for charset
 * headers, catch-all fallbacks and redirects. Binds 127.0.0.1 only.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../config/diagnostics.js';
import { readYamlSource, validateSource } from '../config/source.js';

const serveConfigSchema = z.strictObject({
  charset: z.string().optional(),
  charsetOnlyInMeta: z.array(z.string()).default([]),
  fallback: z.array(z.strictObject({ match: z.string(), file: z.string() })).default([]),
  redirects: z.array(z.strictObject({ from: z.string(), to: z.string(), status: z.number().int().default(301) })).default([]),
  /**
   * POSTs a dynamic site answers (a jpage dataproxy, an ASP.NET postback): the path matched, the file
   * named from the request's query and form fields, `{name}` → the value (anything but [A-Za-z0-9._-] → _).
   */
  posts: z.array(z.strictObject({ match: z.string(), file: z.string() })).default([]),
});
type ServeConfig = z.output<typeof serveConfigSchema>;

const contentTypes: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.shtml': 'text/html',
  '.aspx': 'text/html',
  '.jsp': 'text/html',
  '.php': 'text/html',
  '.jhtml': 'text/html',
  '.css': 'text/css',
  '.js': 'application/javascript',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.zip': 'application/zip',
  '.rar': 'application/vnd.rar',
};

export interface StaticServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export interface StaticServerOptions {
  port?: number;
  /** A loopback address (127.x.y.z, default 127.0.0.1): a test serves many "hosts" from one machine. */
  host?: string;
  /** Called for every request (tests count fetches with it). */
  onRequest?: (req: IncomingMessage, status: number) => void;
}

export function loadServeConfig(root: string): ServeConfig {
  const file = path.join(root, '_serve.json');
  if (!existsSync(file)) return serveConfigSchema.parse({});
  return validateSource(readYamlSource(file), serveConfigSchema);
}

/** Resolves a request path to a file under root, or undefined; never leaves root. */
export function resolveSitePath(root: string, urlPath: string, config: ServeConfig): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.replace(/;jsessionid=[^/?#]*/gi, ''));
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const fallback = config.fallback.find((f) => new RegExp(f.match, 'u').test(decoded));
  if (fallback) decoded = fallback.file;
  const full = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (full !== root && !full.startsWith(root + path.sep)) return undefined;
  const base = path.basename(full);
  if (base === 'truth.json' || base.startsWith('_')) return undefined;
  let file = full;
  try {
    if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

export function startStaticServer(dir: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const root = path.resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UserError(`${dir}: not a directory to serve`);
  const config = loadServeConfig(root);
  const metaOnly = config.charsetOnlyInMeta.map((p) => new RegExp(p, 'u'));

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, headers: Record<string, string>, body?: string | Buffer) => {
      res.writeHead(status, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
      options.onRequest?.(req, status);
    };
    const urlPath = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'POST') return answerPost(req, urlPath, config, root, send);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { allow: 'GET, HEAD, POST' });
    const redirect = config.redirects.find((r) => r.from === urlPath);
    if (redirect) return send(redirect.status, { location: redirect.to, 'content-type': 'text/html' }, '');
    const file = resolveSitePath(root, urlPath, config);
    if (!file) return send(404, { 'content-type': 'text/html; charset=utf-8' }, notFoundPage);
    const ext = path.extname(file).toLowerCase();
    let type = contentTypes[ext] ?? 'application/octet-stream';
    if (type === 'text/html' && config.charset && !metaOnly.some((re) => re.test(urlPath))) type += `; charset=${config.charset}`;
    else if (type !== 'text/html' && /^(text\/|application\/(javascript|json|xml))/.test(type)) type += '; charset=utf-8';
    const stat = statSync(file);
    const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    const headers = { 'content-type': type, 'content-length': String(stat.size), etag, 'last-modified': stat.mtime.toUTCString() };
    if (req.headers['if-none-match'] === etag) return send(304, { etag });
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
    } else {
      createReadStream(file).pipe(res);
    }
    options.onRequest?.(req, 200);
  };

  const server = createServer(handle);
  server.keepAliveTimeout = 10_000;
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new UserError(`port ${options.port} is in use: choose another with --port`) : error),
    );
    const host = options.host ?? '127.0.0.1';
    if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host))
      throw new UserError(`${host}: the sample server binds loopback addresses (127.x.y.z) only`);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${port}/`,
        port,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A POST answered by the file its `posts` rule names from the query and the form body; else 405. */
function answerPost(
  req: IncomingMessage,
  urlPath: string,
  config: ServeConfig,
  root: string,
  send: (status: number, headers: Record<string, string>, body?: string | Buffer) => void,
): void {
  const rule = config.posts.find((p) => new RegExp(p.match, 'u').test(urlPath));
  if (!rule) {
    send(405, { allow: 'GET, HEAD' });
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= 1 << 20) chunks.push(chunk);
  });
  req.on('end', () => {
    const fields = new URLSearchParams(new URL(req.url ?? '/', 'http://x').search);
    for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) fields.set(k, v);
    const name = rule.file.replace(/\{([^}]+)\}/g, (_, key: string) => (fields.get(key) ?? '').replace(/[^A-Za-z0-9._-]/g, '_'));
    const file = resolveSitePath(root, `/${name}`, { ...config, fallback: [] });
    if (!file) {
      send(404, { 'content-type': 'text/html; charset=utf-8' }, notFoundPage);
      return;
    }
    const type = contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    send(200, { 'content-type': `${type}; charset=${type === 'text/html' ? (config.charset ?? 'utf-8') : 'utf-8'}` }, readFileSync(file));
  });
}

const notFoundPage =
  '<!doctype html><html><head><meta charset="utf-8"><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>';
