/**
 * Which charset a page is in, and how we know: HTTP header, BOM, <meta>, then sniffing. GB2312 and
 * GBK are decoded as GB18030 (a superset), so characters such as 镕 that GB2312 lacks survive.
 */

export type CharsetSource = 'header' | 'bom' | 'meta' | 'sniff' | 'default';

export interface Charset {
  charset: string;
  source: CharsetSource;
  /** Set when the header named a charset the bytes contradict (a common misconfiguration). */
  overruled?: string;
}

const aliases: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  gb18030: 'gb18030',
  cp936: 'gb18030',
  'windows-936': 'gb18030',
  'euc-cn': 'gb18030',
  'hz-gb-2312': 'gb18030',
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  big5: 'big5',
  'big5-hkscs': 'big5',
  'iso-8859-1': 'windows-1252',
  'us-ascii': 'windows-1252',
  latin1: 'windows-1252',
};

/** The decoder name for a declared charset, or undefined when TextDecoder does not know it. */
export function canonicalCharset(declared: string): string | undefined {
  const name = declared
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  const mapped = aliases[name] ?? name;
  try {
    return new TextDecoder(mapped).encoding;
  } catch {
    return undefined;
  }
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const match = contentType?.match(/charset\s*=\s*["']?([\w.:-]+)/i);
  return match?.[1] ? canonicalCharset(match[1]) : undefined;
}

/** The charset declared in the first 4 KB by <meta charset> or <meta http-equiv content>. */
export function charsetFromMeta(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const direct = tag.match(/\bcharset\s*=\s*["']?\s*([\w.:-]+)/i);
    if (direct?.[1]) {
      const found = canonicalCharset(direct[1]);
      if (found) return found;
    }
  }
  return undefined;
}

function bomCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function decodesCleanly(bytes: Uint8Array, charset: string): boolean {
  try {
    new TextDecoder(charset, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** UTF-8 if the bytes are valid UTF-8 with some multi-byte text, else GB18030 when that is clean. */
function sniff(bytes: Uint8Array): string {
  const sample = bytes.subarray(0, 64 * 1024);
  if (decodesCleanly(sample, 'utf-8') || decodesCleanly(bytes, 'utf-8')) return 'utf-8';
  if (decodesCleanly(sample, 'gb18030')) return 'gb18030';
  return 'utf-8';
}

/**
 * Decide the charset. The header wins, as browsers do, unless the bytes do not decode in it and
 * do decode in the <meta> charset (Chinese sites often send a wrong server default).
 */
export function detectCharset(bytes: Uint8Array, contentType?: string): Charset {
  const bom = bomCharset(bytes);
  if (bom) return { charset: bom, source: 'bom' };
  const header = charsetFromContentType(contentType);
  const meta = charsetFromMeta(bytes);
  if (header) {
    if (meta && meta !== header && !decodesCleanly(bytes, header) && decodesCleanly(bytes, meta)) {
      return { charset: meta, source: 'meta', overruled: header };
    }
    if (header === 'windows-1252' && bytes.subarray(0, 4096).some((b) => b > 0x7f)) {
      // A Latin-1 header on a Chinese page is a server default, never the truth.
      return { charset: meta ?? sniff(bytes), source: meta ? 'meta' : 'sniff', overruled: header };
    }
    return { charset: header, source: 'header' };
  }
  if (meta) return { charset: meta, source: 'meta' };
  return { charset: sniff(bytes), source: 'sniff' };
}

export function decodeText(bytes: Uint8Array, charset: string): string {
  return new TextDecoder(charset).decode(bytes);
}

/**
 * A page's HTML as extract reads it: a rendered snapshot is the browser's DOM, always UTF-8; fetched
 * bytes are decoded by their detected charset.
 */
export function pageHtml(bytes: Uint8Array, contentType: string | undefined, rendered: boolean): string {
  return rendered ? Buffer.from(bytes).toString('utf8') : decodeText(bytes, detectCharset(bytes, contentType).charset);
}
