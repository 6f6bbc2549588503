/**
 * A site of traps on 127.0.0.1, for the hostile-site test and `npm run bench -- --traps`: each path
 * is one way an old or hostile server can stall, bloat or confuse a crawl. `full` sizes are the
 * issue's (a 50 MB page, a 30 MB image); the test's are smaller with the same shape.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';

export interface TrapSite {
  url: string;
  /** Every trap's path and what the manifest must say of it. */
  traps: Trap[];
  close(): Promise<void>;
}

export interface Trap {
  path: string;
  what: string;
  outcome: string;
  /** Found in the row's reason or error. */
  reason: RegExp;
}

export interface TrapSizes {
  /** The deeply nested page, in bytes (100,000 levels either way). */
  deepBytes: number;
  /** The random bytes behind a JPEG marker. */
  randomJpegBytes: number;
  /** What the gzip bomb inflates to. */
  bombBytes: number;
}

export const fullSizes: TrapSizes = { deepBytes: 50_000_000, randomJpegBytes: 30 * 1024 * 1024, bombBytes: 1024 * 1024 * 1024 };

const injection = `<script>alert(1)</script>"; DROP TABLE urls; -- =cmd|' /C calc'!A0 {{7*7}} \${7*7} ../../../etc/passwd \u0000 ---\nkey: value`;

/** A PNG whose header claims 100000×100000 pixels (valid signature and IHDR CRC, a token of data). */
function pngBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100_000, 0);
  ihdr.writeUInt32BE(100_000, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const signature = Buffer.from('89504e470d0a1a0a', 'hex');
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1 << 20))), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ~crc >>> 0;
}

function deepPage(bytes: number): Buffer {
  const levels = 100_000;
  const pad = 'x'.repeat(Math.max(0, Math.floor(bytes / levels) - 11));
  return Buffer.from(`<html><head><title>深</title></head><body>${`<div>${pad}`.repeat(levels)}${'</div>'.repeat(levels)}</body></html>`);
}

const html = (res: ServerResponse, body: string | Buffer, type = 'text/html; charset=utf-8') => {
  res.writeHead(200, { 'content-type': type });
  res.end(body);
};

export async function startTrapSite(sizes: TrapSizes): Promise<TrapSite> {
  const deep = deepPage(sizes.deepBytes);
  const bomb = gzipSync(Buffer.alloc(sizes.bombBytes), { level: 9 });
  const randomJpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(sizes.randomJpegBytes)]);
  const png = pngBomb();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const traps: Trap[] = [
    { path: '/slowloris.html', what: 'headers then silence', outcome: 'failed', reason: /timeout|cut at the per-URL budget/ },
    { path: '/trickle.html', what: 'a body of 1 byte/s forever', outcome: 'failed', reason: /cut at the per-URL budget/ },
    { path: '/huge.zip', what: 'Content-Length 3 GB', outcome: 'skipped', reason: /larger than maxBytes/ },
    { path: '/bomb.html', what: 'a gzip bomb', outcome: 'skipped', reason: /larger than maxBytes/ },
    { path: '/deep.html', what: '<div> nested 100,000 deep', outcome: 'skipped', reason: /extract: elements nested deeper than/ },
    { path: '/img/huge.png', what: 'a PNG claiming 100000×100000', outcome: 'skipped', reason: /image refused: 100000×100000/ },
    { path: '/img/random.jpg', what: 'random bytes behind a JPEG marker', outcome: 'skipped', reason: /image refused: \d+ bytes/ },
    { path: '/busy.html', what: '503 with Retry-After 99999', outcome: 'dead', reason: /Retry-After 99999 s/ },
    { path: '/loop/a.html', what: 'a redirect loop', outcome: 'skipped', reason: /302 → .*\/loop\/b\.html/ },
    { path: '/loop/b.html', what: 'a redirect loop', outcome: 'skipped', reason: /302 → .*\/loop\/a\.html/ },
    { path: '/hop/1.html', what: 'a 30-hop redirect chain', outcome: 'skipped', reason: /302 → .*\/hop\/2\.html/ },
    { path: '/hop/30.html', what: 'the chain’s last hop', outcome: 'skipped', reason: /302 → .*\/hop\/end\.html/ },
    { path: '/hop/end.html', what: 'the chain’s end', outcome: 'archived', reason: /kept in the archive/ },
    { path: '/search.jsp?q=5000', what: '10,000 near-identical links', outcome: 'skipped', reason: /query-variants|trap/ },
    { path: '/reset.html', what: 'a gzip body whose connection is reset midway', outcome: 'dead', reason: /connection reset/ },
    { path: '/gbk-broken.html', what: 'GBK with broken byte sequences', outcome: 'archived', reason: /kept in the archive/ },
    { path: '/charset-unknown.html', what: 'an unknown charset name', outcome: 'archived', reason: /kept in the archive/ },
  ];
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    const hop = url.match(/^\/hop\/(\d+)\.html$/);
    if (hop) {
      const n = Number(hop[1]);
      res.writeHead(302, { location: n >= 30 ? '/hop/end.html' : `/hop/${n + 1}.html` });
      return res.end();
    }
    switch (url) {
      case '/':
        return html(res, '<html><head><title>陷阱网站</title></head><body><a href="/col/index.html">通知公告</a></body></html>');
      case '/col/index.html':
        return html(
          res,
          `<html><head><title>通知公告</title></head><body><ul class="list">${traps
            .filter((t) => !t.path.startsWith('/img/') && !/\/(?:30|end)\.html|loop\/b|search/.test(t.path))
            .map((t) => `<li><a href="${t.path}">${t.what}</a><span>2024-01-01</span></li>`)
            .join('')}<li><a href="/art/inject.html">${injection.replace(/</g, '&lt;')}</a><span>2024-01-01</span></li></ul>
          <div>${Array.from({ length: 10_000 }, (_, i) => `<a href="/search.jsp?q=${i}">搜索${i}</a>`).join('')}</div></body></html>`,
        );
      case '/art/inject.html':
        return html(
          res,
          `<html><head><title>${injection}</title></head><body><h1>${injection}</h1><div class="info">发布时间：2024-01-01</div><div class="TRS_Editor"><p>${'正文内容。'.repeat(40)}</p><p>${injection}</p><img src="/img/huge.png"><img src="/img/random.jpg"><a href="javascript:alert(1)">点</a></div></body></html>`,
        );
      case '/slowloris.html': {
        // Headers, then nothing, ever.
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': '100000' });
        res.flushHeaders();
        return;
      }
      case '/trickle.html': {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.write('<');
        const timer = setInterval(() => res.write('x'), 1000);
        timers.add(timer);
        res.on('close', () => {
          clearInterval(timer);
          timers.delete(timer);
        });
        return;
      }
      case '/reset.html': {
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        res.write(gzipSync(Buffer.from('<html><body>'.repeat(10_000))).subarray(0, 2000));
        setTimeout(() => res.socket?.destroy(), 50);
        return;
      }
      case '/huge.zip':
        res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(3 * 1024 ** 3) });
        res.write(Buffer.alloc(64 * 1024));
        return;
      case '/bomb.html':
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
        return res.end(bomb);
      case '/deep.html':
        return html(res, deep);
      case '/img/huge.png':
        return html(res, png, 'image/png');
      case '/img/random.jpg':
        return html(res, randomJpeg, 'image/jpeg');
      case '/busy.html':
        res.writeHead(503, { 'retry-after': '99999', 'content-type': 'text/plain' });
        return res.end('busy');
      case '/loop/a.html':
        res.writeHead(302, { location: '/loop/b.html' });
        return res.end();
      case '/loop/b.html':
        res.writeHead(302, { location: '/loop/a.html' });
        return res.end();
      case '/gbk-broken.html': {
        const good = iconv.encode('<html><head><title>乱码页面</title></head><body><p>政务公开', 'gbk');
        return html(
          res,
          Buffer.concat([good, Buffer.from([0x81, 0x20, 0xff, 0xfe, 0xd5]), Buffer.from('</p></body></html>')]),
          'text/html; charset=gbk',
        );
      }
      case '/charset-unknown.html':
        return html(
          res,
          '<html><head><title>未知编码</title></head><body><p>政务公开</p></body></html>',
          'text/html; charset=x-no-such-charset',
        );
    }
    if (url === '/hop/end.html') return html(res, '<html><head><title>终点</title></head><body><p>终点</p></body></html>');
    if (url.startsWith('/search.jsp')) return html(res, '<html><body>搜索结果</body></html>');
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    traps,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearInterval(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
