/**
 * The import bundle: each migrated record as records/<id>.json and records/<id>.md (YAML front
 * matter, then the body), its links to other migrated articles pointed at their new addresses. A
 * file whose bytes would not change is left alone (same bytes, same mtime); every file is written
 * to a temporary name and renamed.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { targetUrl } from '../config/channels.js';
import type { Pipeline } from '../config/pipeline.js';
import type { ArticleRecord } from '../extract/index.js';
import { writeChangedFiles } from '../store/atomic.js';
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

/**
 * Writes every migrated record into the bundle and decides each record's manifest row. A file is
 * written only when its bytes change (an unchanged record keeps its mtime); the files are written
 * side by side (writeChangedFiles), and all are on disk when this resolves.
 */
export async function writeRecords(routed: RoutedRecord[], options: BundleOptions): Promise<Bundle> {
  const { bundle, pipeline, newAddress, crawledSite } = options;
  const channels = pipeline.channels.byKey;
  const out: Bundle = { written: 0, unchanged: 0, wouldWrite: [], unresolvedLinks: [], recordRows: new Map(), mediaUse: new Map() };
  /** Each migrated record's two files (.json, then .md), in the records' order. */
  const files: { id: string; file: string; content: string }[] = [];
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
      files.push(
        { id: record.id, file: path.join(bundle, `${record.id}.json`), content: `${JSON.stringify(emitted, null, 2)}\n` },
        { id: record.id, file: path.join(bundle, `${record.id}.md`), content: markdownFile(emitted) },
      );
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
  const changed = await writeChangedFiles(files, { dryRun: options.dryRun });
  for (let i = 0; i < files.length; i += 2) {
    const id = (files[i] as { id: string }).id;
    if (changed[i] || changed[i + 1]) {
      out.written++;
      if (options.dryRun) out.wouldWrite.push(id);
    } else out.unchanged++;
  }
  return out;
}
