/**
 * Redirect maps keyed the way web servers see requests. A request is looked up by its path
 * decoded (nginx's `$uri`, Apache's URL-path), without a `;jsessionid=…`-style session segment, and
 * by only those query parameters that tell migrated pages apart (`pageNum`, `uid`…: every name
 * that occurs in a key), in a fixed order. Tracking parameters (`from=weixin`, `utm_*`, the
 * pipeline's dropParams), session parameters and any other are ignored, so the spellings of old
 * bookmarks and search engines find the same entry as the link did. One lookup per request in
 * each server: an nginx `map` (hashed), one Apache `RewriteMap` (txt), a CSV for the rest.
 */
import path from 'node:path';
import { toCsv } from './csv.js';
import type { Redirect } from './redirects.js';

/** The session segments removed from a path, as the crawl's normalisation removes them. */
const pathSessionNames = 'jsessionid|phpsessid|sessionid|sid';

export interface RedirectKey {
  /** The path's bytes, %-escapes decoded (what the server matches). */
  path: Buffer;
  /** `&name=value` for each distinguishing parameter the URL has, in the fixed order (names lower-case). */
  query: string;
}

/** Query parameters of a request URI as written: [lower-case name, raw value]. */
function rawParams(from: string): [string, string][] {
  const query = from.includes('?') ? from.slice(from.indexOf('?') + 1) : '';
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const name = at < 0 ? pair : pair.slice(0, at);
      return [safeDecode(name).toLowerCase(), at < 0 ? '' : pair.slice(at + 1)];
    });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Every parameter name in the redirects' keys, sorted: the ones a request is looked up by. */
export function distinguishingParams(redirects: Redirect[]): string[] {
  return [...new Set(redirects.flatMap((r) => rawParams(r.from).map(([name]) => name)))].filter((n) => /^[\w.-]+$/.test(n)).sort();
}

/** `%E4%B8%AD` → the bytes e4 b8 ad; everything else as it is. */
export function decodePathBytes(pathname: string): Buffer {
  const bytes: number[] = [];
  const raw = Buffer.from(pathname, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    const hex = raw[i] === 0x25 ? raw.subarray(i + 1, i + 3).toString('latin1') : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(raw[i] as number);
  }
  return Buffer.from(bytes);
}

export function redirectKey(from: string, params: string[]): RedirectKey {
  const pathname = from.split('?', 1)[0] ?? '/';
  const present = new Map<string, string>();
  for (const [name, value] of rawParams(from)) if (!present.has(name)) present.set(name, value);
  const query = params
    .filter((p) => present.has(p))
    .map((p) => `&${p}=${present.get(p)}`)
    .join('');
  return { path: decodePathBytes(pathname), query };
}

/** The path as readable text when it is UTF-8 without control characters (Chinese names as on the site), else undefined. */
export function pathText(bytes: Buffer): string | undefined {
  if (bytes.some((b) => b < 0x20 || b === 0x7f)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Apache's `int:escape` (ap_escape_uri): lower-case %xx for every byte but letters, digits and $-_.+!*'(),:;@&=/~. */
export function apacheEscape(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9$\-_.+!*'(),:;@&=/~]/.test(c) ? c : `%${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** The variable and map names of one site, so many sites' maps can live in one server. */
function names(site: string): { nginx: string; apache: string; env: string } {
  const id = site.replace(/[^a-z0-9]/gi, '_').toLowerCase();
  return { nginx: `sitefold_${id}`, apache: `sitefold_${id}`, env: `SITEFOLD_${id.toUpperCase()}` };
}

function regexEscape(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** A string as an nginx quoted string; in values `$` would start a variable, so it is spelt through a variable. */
function nginxQuote(text: string, dollar?: string): string {
  const quoted = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return `"${dollar ? quoted.replace(/\$/g, `\${${dollar}}`) : quoted}"`;
}

/** The nginx key of a path that is not plain UTF-8 (a GBK-encoded file name, a control character): a regex of its bytes. */
function nginxByteRegex(key: RedirectKey): string {
  const bytes = [...key.path].map((b) =>
    /[A-Za-z0-9/_-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`,
  );
  return `"~^${bytes.join('')}\\?${regexEscape(key.query)}$"`;
}

export function nginxConfig(redirects: Redirect[], site: string): string {
  const params = distinguishingParams(redirects);
  const n = names(site).nginx;
  const seen = new Set<string>();
  const entries: string[] = [];
  for (const r of redirects) {
    const key = redirectKey(r.from, params);
    const text = pathText(key.path);
    const quoted = text !== undefined ? nginxQuote(`${text}?${key.query}`) : nginxByteRegex(key);
    if (seen.has(quoted)) continue;
    seen.add(quoted);
    entries.push(`    ${quoted} ${nginxQuote(r.to, `${n}_dollar`)};`);
  }
  return [
    `# sitefold redirects for ${site}: every old URL to its new address (301).`,
    '# Looked up by the decoded path without ;jsessionid=… and by the query parameters that tell pages',
    `# apart (${params.join(', ') || 'none'}); tracking and session parameters and any other are ignored.`,
    '# In the http { } block (long keys need a larger hash):',
    '#   map_hash_max_size 262144; map_hash_bucket_size 256;',
    '#   include /path/to/redirects/nginx.conf;',
    "# In the old site's server { } block:",
    `#   if ($${n}_redirect) { return 301 $${n}_redirect; }`,
    `geo $${n}_dollar { default "$"; }`,
    `map $uri $${n}_path {`,
    '    default $uri;',
    `    "~*^(?<${n}_a>.*);(?:${pathSessionNames})=[^/;]*(?<${n}_b>.*)$" "$${n}_a$${n}_b";`,
    '}',
    ...params.flatMap((p, i) => [
      `map $args $${n}_q${i} {`,
      '    default "";',
      `    "~*(?:^|&)${regexEscape(p)}=(?<${n}_v${i}>[^&]*)" "&${p}=$${n}_v${i}";`,
      '}',
    ]),
    `map "$${n}_path?${params.map((_, i) => `$${n}_q${i}`).join('')}" $${n}_redirect {`,
    '    default "";',
    ...entries,
    '}',
    '',
  ].join('\n');
}

/** The RewriteMap file: one `key target` line per old URL (keys are escaped, so they hold no blank). */
export function apacheMap(redirects: Redirect[]): string {
  const params = distinguishingParams(redirects);
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const r of redirects) {
    const key = redirectKey(r.from, params);
    const text = `${apacheEscape(key.path)}?${key.query}`;
    if (seen.has(text) || /\s/.test(r.to)) continue;
    seen.add(text);
    lines.push(`${text} ${r.to}`);
  }
  return `${lines.join('\n')}\n`;
}

export function apacheConfig(redirects: Redirect[], site: string, mapFile: string): string {
  const params = distinguishingParams(redirects);
  const { apache: map, env } = names(site);
  return [
    `# sitefold redirects for ${site} (mod_rewrite), in the old site's <VirtualHost> (RewriteMap is not allowed in .htaccess).`,
    '# One lookup in the RewriteMap below: the decoded path (escaped as int:escape does) without ;jsessionid=…,',
    `# then the query parameters that tell pages apart (${params.join(', ') || 'none'}); any other parameter is ignored.`,
    '# If apache-map.txt moves, change its path here.',
    'RewriteEngine On',
    `RewriteMap ${map} "txt:${path.resolve(mapFile)}"`,
    `RewriteMap ${map}_escape int:escape`,
    `RewriteRule ^(.*)$ - [E=${env}_P:$1]`,
    `RewriteRule ^(.*);(?:${pathSessionNames})=[^/;]*(.*)$ - [NC,E=${env}_P:$1$2]`,
    `RewriteRule ^ - [E=${env}_Q:]`,
    ...params.flatMap((p) => [
      `RewriteCond %{QUERY_STRING} (?:^|&)${regexEscape(p)}=([^&]*) [NC]`,
      `RewriteRule ^ - [E=${env}_Q:%{ENV:${env}_Q}&${p}=%1]`,
    ]),
    `RewriteCond \${${map}:\${${map}_escape:%{ENV:${env}_P}}?%{ENV:${env}_Q}} ^(.+)$`,
    // QSD drops the old query string; NE keeps the target's percent-escapes as they are.
    'RewriteRule ^ %1 [R=301,L,QSD,NE]',
    '',
  ].join('\n');
}

/** For other servers: the request URI as linked, the lookup key (decoded path, distinguishing query) and the target. */
export function redirectsCsv(redirects: Redirect[]): string {
  const params = distinguishingParams(redirects);
  const rows = redirects.map((r) => {
    const key = redirectKey(r.from, params);
    const decoded = pathText(key.path) ?? r.from.split('?', 1)[0] ?? '';
    return [r.from, r.to, r.kind, r.reason, decoded, key.query.replace(/^&/, '')];
  });
  return toCsv(['from', 'to', 'kind', 'reason', 'path', 'query'], rows);
}
