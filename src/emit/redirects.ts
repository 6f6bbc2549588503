/**
 * Redirect maps from the manifest: every old page to its new address — an article to its record's
 * address, a column page and its pagination to the column's channel, the home page and pages of
 * archived columns to the site's place on the parent. Written for nginx (a `map` block and the
 * server snippet that uses it), Apache (one RewriteMap) and as CSV, keyed the way servers see
 * requests (redirect-configs.ts).
 */
import path from 'node:path';
import { type Channels, channelUrl } from '../config/channels.js';
import type { MappingColumn } from '../config/mapping.js';
import { writeFileAtomic } from '../store/atomic.js';
import type { ManifestRow } from './manifest.js';
import { apacheConfig, apacheMap, nginxConfig, redirectsCsv } from './redirect-configs.js';

export interface Redirect {
  /** The request URI as the crawl met it (normalised): path and query, percent-encoded. */
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

/** List page URL → its column, from each column's list pages (as the store keeps them, JSON). */
export function listColumnsOf(columns: { id: string; listPages: string }[]): Map<string, string> {
  const listColumns = new Map<string, string>();
  for (const c of columns) {
    for (const url of JSON.parse(c.listPages) as string[]) listColumns.set(url, c.id);
  }
  return listColumns;
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

export function writeRedirects(dir: string, redirects: Redirect[], site: string): void {
  const mapFile = path.join(dir, 'apache-map.txt');
  writeFileAtomic(path.join(dir, 'nginx.conf'), nginxConfig(redirects, site));
  writeFileAtomic(mapFile, apacheMap(redirects));
  writeFileAtomic(path.join(dir, 'apache.conf'), apacheConfig(redirects, site, mapFile));
  writeFileAtomic(path.join(dir, 'redirects.csv'), redirectsCsv(redirects));
  writeFileAtomic(path.join(dir, 'redirects.json'), `${JSON.stringify(redirects, null, 2)}\n`);
}
