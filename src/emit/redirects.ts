/**
 * Redirect maps from the manifest: every old page to its new address — an article to its record's
 * address, a column page and its pagination to the column's channel, the home page and pages of
 * archived columns to the site's place on the parent. Written for nginx (a `map` block and the
 * server snippet that uses it), Apache (mod_rewrite rules) and as CSV.
 */
import path from 'node:path';
import type { Channels } from '../config/channels.js';
import type { MappingColumn } from '../config/mapping.js';
import { writeFileAtomic } from '../store/atomic.js';
import type { ManifestRow } from './emit.js';

export interface Redirect {
  /** The request URI as a client sends it: path and query, percent-encoded. */
  from: string;
  to: string;
  kind: string;
  reason: string;
}

export interface RedirectInput {
  rows: ManifestRow[];
  siteUrl: string;
  /** The site's place on the parent (home and archived pages go there). */
  sitePlace: string;
  baseUrl: string;
  channels: Channels;
  /** Column id → its mapping entry, and list page URL → column id. */
  columns: Map<string, MappingColumn>;
  listColumns: Map<string, string>;
}

export function channelUrl(baseUrl: string, channelPath: string): string {
  return new URL(channelPath.replace(/^\//, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
}

export function buildRedirects(input: RedirectInput): Redirect[] {
  const site = new URL(input.siteUrl);
  const redirects: Redirect[] = [];
  const seen = new Set<string>();
  for (const row of input.rows) {
    let url: URL;
    try {
      url = new URL(row.sourceUrl);
    } catch {
      continue;
    }
    if (url.origin !== site.origin) continue;
    const from = `${url.pathname}${url.search}`;
    if (seen.has(from)) continue;
    let to: string | undefined;
    let reason = '';
    if (row.kind === 'article' && row.outcome === 'migrated' && row.targetUrl) {
      to = row.targetUrl;
      reason = `record ${row.recordId}`;
    } else if (row.kind === 'home') {
      to = input.sitePlace;
      reason = 'home page → the site on the parent';
    } else if (row.kind === 'list') {
      const columnId = input.listColumns.get(row.sourceUrl);
      const column = columnId ? input.columns.get(columnId) : undefined;
      const key = column?.decision === 'approve' ? (column.channel ?? column.proposal?.channel) : undefined;
      const channel = key ? input.channels.byKey.get(key) : undefined;
      to = channel ? channelUrl(input.baseUrl, channel.path) : input.sitePlace;
      reason = channel
        ? `column ${column?.source.name} → ${channel.trail.join('/')}`
        : `column ${column?.source.name ?? '?'} is not migrated → the site on the parent`;
    } else if (row.kind === 'article' && row.outcome === 'archived') {
      to = input.sitePlace;
      reason = 'archived article → the site on the parent';
    }
    if (!to) continue;
    seen.add(from);
    redirects.push({ from, to, kind: row.kind, reason });
  }
  return redirects;
}

/** A string as an nginx quoted string; in values `$` would start a variable, so it is spelt ${dollar}. */
function nginxQuote(text: string, value = false): string {
  const quoted = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return `"${value ? quoted.replace(/\$/g, '\u0024{dollar}') : quoted}"`;
}

export function nginxConfig(redirects: Redirect[], site: string): string {
  const lines = [
    `# sitefold redirects for ${site}: every old URL to its new address (301).`,
    '# In the http { } block (long keys need a larger hash):',
    '#   map_hash_max_size 262144; map_hash_bucket_size 256;',
    '#   include /path/to/redirects/nginx.conf;',
    "# In the old site's server { } block:",
    '#   if ($sitefold_redirect) { return 301 $sitefold_redirect; }',
    'geo $dollar { default "$"; }',
    'map $request_uri $sitefold_redirect {',
    '    default "";',
    ...redirects.map((r) => `    ${nginxQuote(r.from)} ${nginxQuote(r.to, true)};`),
    '}',
    '',
  ];
  return lines.join('\n');
}

function regexEscape(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

export function apacheConfig(redirects: Redirect[], site: string): string {
  const lines = [`# sitefold redirects for ${site} (mod_rewrite, in the old site's VirtualHost)`, 'RewriteEngine On'];
  for (const r of redirects) {
    const [pathPart, query] = r.from.split('?', 2);
    lines.push(query ? `RewriteCond %{QUERY_STRING} ^${regexEscape(query)}$` : 'RewriteCond %{QUERY_STRING} ^$');
    // QSD drops the old query string; NE keeps the target's percent-escapes as they are.
    lines.push(`RewriteRule ^${regexEscape(pathPart ?? '/')}$ "${r.to.replace(/"/g, '%22')}" [R=301,L,QSD,NE]`);
  }
  return `${lines.join('\n')}\n`;
}

export function redirectsCsv(redirects: Redirect[]): string {
  const cell = (t: string) => {
    const text = /^[=+\-@\t\r]/.test(t) ? `'${t}` : t;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${['from,to,kind,reason', ...redirects.map((r) => [r.from, r.to, r.kind, r.reason].map(cell).join(','))].join('\r\n')}\r\n`;
}

export function writeRedirects(dir: string, redirects: Redirect[], site: string): void {
  writeFileAtomic(path.join(dir, 'nginx.conf'), nginxConfig(redirects, site));
  writeFileAtomic(path.join(dir, 'apache.conf'), apacheConfig(redirects, site));
  writeFileAtomic(path.join(dir, 'redirects.csv'), redirectsCsv(redirects));
  writeFileAtomic(path.join(dir, 'redirects.json'), `${JSON.stringify(redirects, null, 2)}\n`);
}
