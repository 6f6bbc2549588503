/**
 * Who may talk to the review server. It changes a file on the reviewer's disk, so a page from
 * anywhere else must not reach it: the Host must be the server's own address (a DNS-rebinding
 * name pointing at 127.0.0.1 is not), an Origin, when sent, must be the server's, and every write
 * carries the session's token, which only the page the server served knows.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const tokenHeader = 'x-sitefold-token';

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The names the server answers to on its port. */
function ownHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why a request is refused (403), or undefined when it may go on. */
export function refusal(req: IncomingMessage, port: number, token: string, write: boolean): string | undefined {
  const hosts = ownHosts(port);
  const host = (req.headers.host ?? '').toLowerCase();
  if (!hosts.has(host)) return `Host ${JSON.stringify(host)} is not this server's address`;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let originHost: string | undefined;
    try {
      const parsed = new URL(origin);
      originHost = parsed.protocol === 'http:' ? parsed.host : undefined;
    } catch {
      originHost = undefined;
    }
    if (!originHost || !hosts.has(originHost.toLowerCase())) return `Origin ${JSON.stringify(origin)} is not this server`;
  }
  if (req.headers['sec-fetch-site'] === 'cross-site') return 'a cross-site request';
  if (!write) return undefined;
  const given = req.headers[tokenHeader];
  if (typeof given !== 'string' || !sameToken(given, token)) return 'the session token is missing or wrong: reload the page';
  return undefined;
}
