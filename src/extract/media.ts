/**
 * Images and attachments of the records. Images are decoded with sharp: web formats are kept (and
 * re-encoded, which strips EXIF), others converted to PNG, a thumbnail made; named by content hash
 * and de-duplicated. A broken or disguised image (HTML served as .jpg) is a warning, never a crash.
 * Attachments are kept byte-exact, named by their sha256.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { writeFileAtomic } from '../store/atomic.js';

export interface StoredImage {
  file?: string;
  thumb?: string;
  width?: number;
  height?: number;
  sha256: string;
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

const webFormats: Record<string, string> = { jpeg: 'jpg', png: 'png', gif: 'gif', webp: 'webp', svg: 'svg', avif: 'avif' };

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A safe file extension from a URL (letters and digits only), or the fallback. */
export function extensionOf(url: string, fallback: string): string {
  const ext = path.extname(new URL(url).pathname).slice(1).toLowerCase();
  return /^[a-z0-9]{1,5}$/.test(ext) ? ext : fallback;
}

export async function storeImage(bytes: Uint8Array, bundleDir: string): Promise<StoredImage> {
  const original = sha256(bytes);
  if (bytes.length > maxImageBytes)
    return { sha256: original, refused: true, warning: `image refused: ${bytes.length} bytes, more than the ${maxImageBytes}-byte cap` };
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    // The header only: width and height are read without decoding a pixel (so no pixel limit yet).
    meta = await sharp(bytes, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch (error) {
    const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1').trim();
    const disguised = /^<(?:!doctype|html|\?xml|head|body)/i.test(head);
    return {
      sha256: original,
      warning: disguised
        ? 'not an image: the server sent an HTML page'
        : `unreadable image: ${String((error as Error).message).split('\n')[0]}`,
    };
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0) * (meta.pages ?? 1);
  if (meta.format !== 'svg' && pixels > maxImagePixels)
    return {
      sha256: original,
      refused: true,
      warning: `image refused: ${meta.width}×${meta.height}${(meta.pages ?? 1) > 1 ? `×${meta.pages} frames` : ''} pixels, more than ${maxImagePixels} (a decompression bomb or far beyond any web image)`,
    };
  const ext = meta.format ? webFormats[meta.format] : undefined;
  try {
    if (meta.format === 'svg') {
      // SVG can carry scripts: kept as an attachment-like file, never inlined.
      const file = `media/${original}.svg`;
      write(bundleDir, file, bytes);
      return { sha256: original, file, width: meta.width, height: meta.height };
    }
    const pipeline = sharp(bytes, { ...limits, animated: meta.format === 'gif' }).rotate();
    const output =
      ext && ext !== 'gif'
        ? await pipeline.toFormat(meta.format as 'jpeg', { quality: 90 }).toBuffer()
        : ext === 'gif'
          ? Buffer.from(bytes)
          : await pipeline.png().toBuffer();
    const outExt = ext ?? 'png';
    const file = `media/${original}.${outExt}`;
    write(bundleDir, file, output);
    const thumb = `media/thumbs/${original}.webp`;
    if (!existsSync(path.join(bundleDir, thumb))) {
      write(
        bundleDir,
        thumb,
        await sharp(bytes, limits).rotate().resize({ width: 240, withoutEnlargement: true }).webp({ quality: 75 }).toBuffer(),
      );
    }
    return { sha256: original, file, thumb, width: meta.autoOrient?.width ?? meta.width, height: meta.autoOrient?.height ?? meta.height };
  } catch (error) {
    return { sha256: original, warning: `image could not be converted: ${String((error as Error).message).split('\n')[0]}` };
  }
}

export function storeAttachment(bytes: Uint8Array, url: string, bundleDir: string): { file: string; sha256: string; bytes: number } {
  const hash = sha256(bytes);
  const file = `attachments/${hash}.${extensionOf(url, 'bin')}`;
  write(bundleDir, file, bytes);
  return { file, sha256: hash, bytes: bytes.length };
}

function write(bundleDir: string, file: string, bytes: Uint8Array): void {
  const full = path.join(bundleDir, file);
  if (!existsSync(full)) writeFileAtomic(full, bytes);
}
