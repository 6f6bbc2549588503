/**
 * A record's images and attachments into the bundle: each fetched one stored (media.ts), the
 * body's links pointed at the bundle's copies, and what could not be stored said as a warning —
 * on the record too when it was left out for safety (a refused attachment, a dropped link).
 */
import type { Diagnostic } from '../config/diagnostics.js';
import type { StoredMedia } from '../store/pages.js';
import { isAllowedUrl } from './markdown.js';
import { storeAttachment, storeImage } from './media.js';
import type { ArticleFields } from './page.js';
import type { ArticleRecord } from './record.js';

export interface FetchedMedia {
  payload: Uint8Array;
  contentType?: string;
  contentDisposition?: string;
}

/** An image or attachment stored in the bundle, as the store keeps it. */
export type MediaRow = StoredMedia;

export interface MediaContext {
  bundleDir: string;
  read(url: string): Promise<FetchedMedia | undefined>;
  save(row: MediaRow): void;
  warn(warning: Diagnostic): void;
  /** An image refused before decoding (a bomb): its URL's manifest row says skipped, with the reason. */
  skip(url: string, reason: string | undefined): void;
}

export interface RecordMedia {
  images: ArticleRecord['images'];
  attachments: ArticleRecord['attachments'];
  bodyMarkdown: string;
  recordWarnings: { rule: string; reason: string }[];
  counts: { images: number; imageWarnings: number; attachments: number };
}

function replaceLink(markdown: string, url: string, file: string): string {
  return markdown.split(`](${url})`).join(`](${file})`).split(`](<${url}>)`).join(`](${file})`);
}

export async function storeRecordMedia(
  fields: Pick<ArticleFields, 'images' | 'attachments' | 'bodyMarkdown'>,
  pageUrl: string,
  ctx: MediaContext,
): Promise<RecordMedia> {
  const result: RecordMedia = {
    images: [],
    attachments: [],
    bodyMarkdown: fields.bodyMarkdown,
    recordWarnings: [],
    counts: { images: 0, imageWarnings: 0, attachments: 0 },
  };
  const warn = (rule: string, reason: string, onRecord: boolean) => {
    ctx.warn({ file: pageUrl, line: 0, column: 0, reason, rule });
    if (onRecord) result.recordWarnings.push({ rule, reason });
  };
  // Targets the body may not carry (data:, javascript:) were dropped from it, with their warning.
  for (const image of fields.images.filter((i) => isAllowedUrl(i.src))) {
    const entry: ArticleRecord['images'][number] = { src: image.src, alt: image.alt || undefined };
    const fetched = await ctx.read(image.src);
    if (!fetched) {
      warn('extract:image-missing', `image ${image.src} was not fetched (dead or out of scope)`, false);
    } else {
      const stored = await storeImage(fetched.payload, ctx.bundleDir);
      ctx.save({
        sha256: stored.sha256 ?? stored.originalSha256,
        kind: 'image',
        file: stored.file ?? null,
        width: stored.width ?? null,
        height: stored.height ?? null,
        bytes: fetched.payload.length,
        sourceUrl: image.src,
        thumb: stored.thumb ?? null,
        warning: stored.warning ?? null,
      });
      if (stored.refused) ctx.skip(image.src, stored.warning);
      if (stored.warning) {
        result.counts.imageWarnings++;
        warn('extract:image-broken', `${image.src}: ${stored.warning}`, false);
      } else {
        result.counts.images++;
        const { file, width, height, sha256, originalSha256 } = stored;
        Object.assign(entry, { file, width, height, sha256, originalSha256 });
        result.bodyMarkdown = replaceLink(result.bodyMarkdown, image.src, file as string);
      }
    }
    result.images.push(entry);
  }
  for (const attachment of fields.attachments.filter((a) => isAllowedUrl(a.url))) {
    const entry: ArticleRecord['attachments'][number] = { url: attachment.url, title: attachment.title };
    const fetched = await ctx.read(attachment.url);
    if (!fetched) {
      warn('extract:attachment-missing', `attachment ${attachment.url} was not fetched`, false);
      result.attachments.push(entry);
      continue;
    }
    const hints = { url: attachment.url, contentType: fetched.contentType, contentDisposition: fetched.contentDisposition };
    const stored = await storeAttachment(fetched.payload, hints, ctx.bundleDir);
    if ('refused' in stored) {
      // Not a file (an HTML page behind /x.html?f.pdf): the link stays a link to a page.
      warn('extract:attachment-refused', `attachment ${attachment.url}: ${stored.refused}`, true);
      continue;
    }
    const { warning, ...kept } = stored;
    if (warning) warn('extract:attachment-type', `attachment ${attachment.url}: ${warning}`, true);
    result.counts.attachments++;
    ctx.save({ ...kept, kind: 'attachment', width: null, height: null, sourceUrl: attachment.url, thumb: null, warning: null });
    Object.assign(entry, kept);
    result.bodyMarkdown = replaceLink(result.bodyMarkdown, attachment.url, kept.file);
    result.attachments.push(entry);
  }
  return result;
}
