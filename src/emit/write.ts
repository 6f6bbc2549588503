/**
 * The import bundle: each migrated record as records/<id>.json and records/<id>.md (YAML front
 * matter, then the body), its links to other migrated articles pointed at their new addresses. A
 * file whose bytes would not change is left alone (same bytes, same mtime); every file is written
 * to a temporary name and renamed.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { targetUrl } from '../config/channels.js';
import type { Pipeline } from '../config/pipeline.js';
import type { ArticleRecord } from '../extract/index.js';
import { writeFileAtomic } from '../store/atomic.js';
import { normalise } from '../web/normalize.js';
import type { ManifestRow } from './manifest.js';
import type { RoutedRecord } from './route.js';

export interface BundleOptions {
  /** The records/ folder. */
  bundle: string;
  pipeline: Pipeline;
  /** Old URL → new address of every migrated record. */
  newAddress: Map<string, string>;
  /** The host the crawl fetched: old URLs are on it. */
  crawledSite: URL;
  dryRun?: boolean;
}

export interface Bundle {
  written: number;
  unchanged: number;
  /** With a dry run: the records that would be written. */
  wouldWrite: string[];
  unresolvedLinks: { record: string; url: string }[];
  /** Page URL id → the manifest row of its record. */
  recordRows: Map<number, ManifestRow>;
  /** Media URL → the first migrated record that uses it. */
  mediaUse: Map<string, string>;
}

/** Writes a file only when its bytes change, so an unchanged record keeps its mtime. */
function writeIfChanged(file: string, content: string, dryRun = false): boolean {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return false;
  if (!dryRun) writeFileAtomic(file, content);
  return true;
}

/**
 * Links in a body to other pages of the old site: to a migrated article → its new address; to
 * anything else → left absolute and reported (the old address answers with a redirect or from
 * the archive). Images and attachments were already rewritten to the bundle by extract.
 */
export function rewriteLinks(
  markdown: string,
  newAddress: Map<string, string>,
  site: URL,
  aliases: string[],
  unresolved: (url: string) => void,
): string {
  // The site's other names (its declared domain) are the same site, as the crawl treated them.
  const options = { aliases: new Map(aliases.map((a) => [a.toLowerCase(), site.host])) };
  return markdown.replace(/\]\((<)?([^)\s>]+)(>)?\)/g, (whole, _open, url: string) => {
    const key = normalise(url, undefined, options) ?? url;
    const target = newAddress.get(key);
    if (target) return `](${target})`;
    if (/^https?:/i.test(key) && new URL(key).origin === site.origin) unresolved(url);
    return whole;
  });
}

export function markdownFile(record: ArticleRecord): string {
  const { bodyMarkdown, ...front } = record;
  return `---\n${stringify(front, { lineWidth: 0 })}---\n\n${bodyMarkdown}\n`;
}

/** Records whose page is gone from the site: listed, and with --sync withdrawn from the bundle. */
export function withdrawGone(
  gone: { id: string; url: string }[],
  bundle: string,
  options: { sync?: boolean; dryRun?: boolean },
): { id: string; url: string }[] {
  const removed: { id: string; url: string }[] = [];
  for (const g of gone) {
    removed.push(g);
    if (options.sync && !options.dryRun) for (const ext of ['json', 'md']) rmSync(path.join(bundle, `${g.id}.${ext}`), { force: true });
  }
  return removed;
}

/** Writes every migrated record into the bundle and decides each record's manifest row. */
export function writeRecords(routed: RoutedRecord[], options: BundleOptions): Bundle {
  const { bundle, pipeline, newAddress, crawledSite } = options;
  const channels = pipeline.channels.byKey;
  const out: Bundle = { written: 0, unchanged: 0, wouldWrite: [], unresolvedLinks: [], recordRows: new Map(), mediaUse: new Map() };
  for (const { row, record, route } of routed) {
    const base = { sourceUrl: record.sourceUrl, kind: 'article', recordId: record.id, column: row.columnId ?? undefined };
    if (route.outcome === 'migrated') {
      const channel = channels.get(route.channel);
      if (!channel) throw new Error(`channel ${route.channel} vanished from the channels file`);
      const emitted: ArticleRecord = {
        ...record,
        bodyMarkdown: rewriteLinks(record.bodyMarkdown, newAddress, crawledSite, pipeline.crawl.scope.aliases, (url) =>
          out.unresolvedLinks.push({ record: record.id, url }),
        ),
        column: row.columnId,
        channel: route.channel,
        targetUrl: targetUrl(pipeline.parent.baseUrl, channel.path, record.id),
      };
      const changedJson = writeIfChanged(path.join(bundle, `${record.id}.json`), `${JSON.stringify(emitted, null, 2)}\n`, options.dryRun);
      const changedMd = writeIfChanged(path.join(bundle, `${record.id}.md`), markdownFile(emitted), options.dryRun);
      if (changedJson || changedMd) {
        out.written++;
        if (options.dryRun) out.wouldWrite.push(record.id);
      } else out.unchanged++;
      for (const m of [...record.images.map((i) => i.src), ...record.attachments.map((a) => a.url)])
        if (!out.mediaUse.has(m)) out.mediaUse.set(m, record.id);
      out.recordRows.set(row.urlId, {
        ...base,
        outcome: 'migrated',
        channel: route.channel,
        targetUrl: emitted.targetUrl ?? undefined,
        sha256: record.contentHash,
      });
    } else if (route.outcome === 'rejected') {
      out.recordRows.set(row.urlId, { ...base, outcome: 'skipped', reason: route.reason });
    } else {
      out.recordRows.set(row.urlId, { ...base, outcome: 'archived', reason: route.reason });
    }
  }
  return out;
}
