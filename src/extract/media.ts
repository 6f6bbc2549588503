/**
 * Images and attachments of the records. Images are decoded with sharp: web formats are kept (and
 * re-encoded, which strips EXIF and anything appended), SVG and other formats rasterised to PNG
 * (an SVG can carry scripts; the PNG cannot), a thumbnail made; each file named by the sha256 of
 * its own bytes (`sha256`), the original's kept as `originalSha256`. A broken or disguised image
 * (HTML served as .jpg) is a warning, never a crash. Attachments are kept byte-exact, named by
 * their sha256 and an extension their bytes allow (attachment-type.ts), or kept out with a warning.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { writeFileAtomicAsync } from '../store/atomic.js';
import { type AttachmentHints, attachmentType } from './attachment-type.js';

export interface StoredImage {
  file?: string;
  thumb?: string;
  width?: number;
  height?: number;
  /** The bundle file's sha256 (absent when the image was unusable). */
  sha256?: string;
  /** The fetched original's sha256. */
  originalSha256: string;
  warning?: string;
  /** Refused before decoding (a decompression bomb or an absurd size): the image's URL is skipped with the warning. */
  refused?: boolean;
}

/**
 * Decompression bombs are refused before decoding: an image claiming more pixels than a large
 * camera photo, or more bytes than any web image, is a warning, not work (decoding 100000×100000
 * would need 40 GB).
 */
export const maxImagePixels = 50_000_000;
export const maxImageBytes = 20 * 1024 * 1024;
const limits = { limitInputPixels: maxImagePixels, failOn: 'error' } as const;

/** Formats kept as they are (re-encoded); anything else, SVG included, becomes PNG. */
const webFormats: Record<string, string> = { jpeg: 'jpg', png: 'png', gif: 'gif', webp: 'webp', avif: 'avif' };

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function storeImage(bytes: Uint8Array, bundleDir: string): Promise<StoredImage> {
  const original = sha256(bytes);
  if (bytes.length > maxImageBytes)
    return {
      originalSha256: original,
      refused: true,
      warning: `image refused: ${bytes.length} bytes, more than the ${maxImageBytes}-byte cap`,
    };
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    // The header only: width and height are read without decoding a pixel (so no pixel limit yet).
    meta = await sharp(bytes, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch (error) {
    const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1').trim();
    const disguised = /^<(?:!doctype|html|\?xml|head|body)/i.test(head);
    return {
      originalSha256: original,
      warning: disguised
        ? 'not an image: the server sent an HTML page'
        : `unreadable image: ${String((error as Error).message).split('\n')[0]}`,
    };
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0) * (meta.pages ?? 1);
  if (pixels > maxImagePixels)
    return {
      originalSha256: original,
      refused: true,
      warning: `image refused: ${meta.width}×${meta.height}${(meta.pages ?? 1) > 1 ? `×${meta.pages} frames` : ''} pixels, more than ${maxImagePixels} (a decompression bomb or far beyond any web image)`,
    };
  const ext = meta.format ? webFormats[meta.format] : undefined;
  try {
    const animated = meta.format === 'gif' || meta.format === 'webp';
    const pipeline = sharp(bytes, { ...limits, animated }).rotate();
    const output = ext ? await pipeline.toFormat(meta.format as 'jpeg', { quality: 90 }).toBuffer() : await pipeline.png().toBuffer();
    const hash = sha256(output);
    const file = `media/${hash}.${ext ?? 'png'}`;
    await write(bundleDir, file, output);
    const thumb = `media/thumbs/${hash}.webp`;
    if (!existsSync(path.join(bundleDir, thumb))) {
      await write(
        bundleDir,
        thumb,
        await sharp(output, limits).resize({ width: 240, withoutEnlargement: true }).webp({ quality: 75 }).toBuffer(),
      );
    }
    const size = await sharp(output).metadata();
    return { sha256: hash, originalSha256: original, file, thumb, width: size.width, height: size.height };
  } catch (error) {
    return { originalSha256: original, warning: `image could not be converted: ${String((error as Error).message).split('\n')[0]}` };
  }
}

export type StoredAttachment = { file: string; sha256: string; bytes: number; warning?: string } | { refused: string };

/** An attachment stored byte-exact under its hash and an extension its bytes allow, or refused (with the reason). */
export async function storeAttachment(bytes: Uint8Array, hints: AttachmentHints, bundleDir: string): Promise<StoredAttachment> {
  const type = await attachmentType(bytes, hints);
  if ('refused' in type) return type;
  const hash = sha256(bytes);
  const file = `attachments/${hash}.${type.ext}`;
  await write(bundleDir, file, bytes);
  return { file, sha256: hash, bytes: bytes.length, ...(type.warning ? { warning: type.warning } : {}) };
}

/** Off the event loop: the other sites of a batch go on while this one's files reach the disk. */
async function write(bundleDir: string, file: string, bytes: Uint8Array): Promise<void> {
  const full = path.join(bundleDir, file);
  if (!existsSync(full)) await writeFileAtomicAsync(full, bytes);
}
