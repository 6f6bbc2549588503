/**
 * What an attachment really is, and the name it may be stored under. The bundle is served by the
 * parent's web server, which picks the Content-Type from the extension: so the extension comes
 * from the bytes (magic numbers, file-type), with the server's Content-Disposition file name, the
 * URL and its Content-Type only choosing among the names the bytes allow, and only from an
 * allowlist of documents, archives, text and media. A body that is HTML, XML, SVG or script is
 * never stored, whatever its URL says (`/x.html?f.pdf`, a 登录 page served for a .doc).
 */
import { fileTypeFromBuffer } from 'file-type';

/** The only extensions an attachment is stored under: nothing a browser renders as a page or runs. */
export const attachmentExtensions = new Set(
  'pdf doc docx xls xlsx ppt pptx wps et dps ofd ceb zip rar 7z gz txt csv jpg png gif webp bmp tif mp3 wav mp4 avi wmv flv mov'.split(' '),
);

/** Names one kind of bytes may carry: an OLE2 file is a .doc, .xls, .wps…; a ZIP is also every OOXML and OFD. */
const families: Record<string, readonly string[]> = {
  cfb: ['doc', 'xls', 'ppt', 'wps', 'et', 'dps'],
  zip: ['zip', 'docx', 'xlsx', 'pptx', 'ofd'],
  docx: ['docx', 'wps'],
  xlsx: ['xlsx', 'et'],
  pptx: ['pptx', 'dps'],
  tif: ['tif'],
  mp4: ['mp4'],
  mov: ['mov', 'mp4'],
};

/** Content types that name an extension, for attachments served from download.jsp?id=…. */
const typeExtensions: [RegExp, string][] = [
  [/pdf/, 'pdf'],
  [/msword/, 'doc'],
  [/ms-excel/, 'xls'],
  [/ms-powerpoint/, 'ppt'],
  [/wordprocessingml/, 'docx'],
  [/spreadsheetml/, 'xlsx'],
  [/presentationml/, 'pptx'],
  [/kswps|wps-writer/, 'wps'],
  [/ofd/, 'ofd'],
  [/zip/, 'zip'],
  [/rar/, 'rar'],
  [/7z/, '7z'],
  [/csv/, 'csv'],
];

/** Binary kinds file-type has no magic number for, accepted on their name alone. */
const withoutMagic = new Set(['ceb']);

export interface AttachmentHints {
  url: string;
  contentType?: string;
  contentDisposition?: string;
}

export type AttachmentType = { ext: string; mime?: string; warning?: string } | { refused: string };

/** The HTML, XML or SVG a body is by its first bytes (the browsers' sniffing patterns), if any. */
export function markupIn(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 1024))
    .toString('latin1')
    .replace(/^(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)/, '')
    .trimStart()
    .toLowerCase();
  if (/^<\?xml/.test(head)) return /<svg[\s>]/.test(head) ? 'an SVG document' : 'an XML document';
  if (/^<svg[\s>]/.test(head)) return 'an SVG document';
  if (/^<(?:!doctype html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p|meta|link|!--)[\s>/]/.test(head))
    return 'an HTML page';
  // Text with markup further in is still a page to a browser that sniffs.
  if (/<(?:script|html|body|iframe|svg|object|embed)[\s>/]/.test(head) && !head.includes('\0')) return 'an HTML page';
  return undefined;
}

/** What a Content-Type says a body is, when that is a page, a document or a script. */
export function markupType(contentType = ''): string | undefined {
  const type = contentType.toLowerCase();
  if (/svg/.test(type)) return 'an SVG document';
  if (/html|xhtml/.test(type)) return 'an HTML page';
  if (/javascript|ecmascript|jscript|vbscript/.test(type)) return 'a script';
  if (/[/+]xml\b/.test(type)) return 'an XML document';
  return undefined;
}

function extensionIn(name: string | undefined): string | undefined {
  const match = name ? /\.([a-z0-9]{1,5})$/i.exec(name.trim()) : null;
  return match?.[1]?.toLowerCase();
}

/** The file name a Content-Disposition header gives (filename*= or filename=), undecoded: only its extension is used. */
export function dispositionName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /filename\*\s*=\s*[^']*'[^']*'([^;]+)|filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(header);
  return (match?.[1] ?? match?.[2] ?? match?.[3])?.trim();
}

/** The extensions the server and the link claim, most trusted first. */
export function claimedExtensions(hints: AttachmentHints): string[] {
  const claims: (string | undefined)[] = [extensionIn(dispositionName(hints.contentDisposition))];
  try {
    const url = new URL(hints.url);
    claims.push(extensionIn(decodeURIComponentSafe(url.pathname)), extensionIn(decodeURIComponentSafe(url.search)));
  } catch {
    // not a URL: the bytes alone decide
  }
  const type = (hints.contentType ?? '').toLowerCase();
  claims.push(typeExtensions.find(([pattern]) => pattern.test(type))?.[1]);
  return [...new Set(claims.filter((c): c is string => Boolean(c)))];
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Text: no NUL in the first 8 KB (UTF-8, GBK and their kin never have one). */
function isText(bytes: Uint8Array): boolean {
  return !bytes.subarray(0, 8192).includes(0);
}

/**
 * The bytes first: markup is never stored; a known magic number decides the kind whatever the old
 * server's Content-Type said (a PDF sent as text/html is a PDF); only bytes without one are judged
 * by the Content-Type (text sent as a script is a script) and then as text or unknown binary.
 */
export async function attachmentType(bytes: Uint8Array, hints: AttachmentHints): Promise<AttachmentType> {
  const markup = markupIn(bytes);
  if (markup) return { refused: `the server sent ${markup}, not a file: not stored` };
  const claims = claimedExtensions(hints);
  const sniffed = await fileTypeFromBuffer(bytes);
  if (sniffed) {
    const names = families[sniffed.ext] ?? [sniffed.ext];
    const ext = claims.find((c) => names.includes(c)) ?? names[0] ?? sniffed.ext;
    if (!attachmentExtensions.has(ext))
      return { refused: `the bytes are ${sniffed.mime} (.${sniffed.ext}), not an allowed attachment type` };
    const warning =
      claims[0] && !names.includes(claims[0]) ? `named .${claims[0]} but the bytes are ${sniffed.mime}: stored as .${ext}` : undefined;
    return { ext, mime: sniffed.mime, warning };
  }
  const declared = markupType(hints.contentType);
  if (declared) return { refused: `the server sent ${declared}, not a file: not stored` };
  const claimed = claims[0];
  if (isText(bytes)) {
    const ext = claimed === 'csv' ? 'csv' : 'txt';
    const warning = claimed && claimed !== ext ? `named .${claimed} but the bytes are plain text: stored as .${ext}` : undefined;
    return { ext, mime: 'text/plain', warning };
  }
  if (claimed && withoutMagic.has(claimed)) return { ext: claimed };
  return { refused: `the bytes are of no known type${claimed ? ` (named .${claimed})` : ''}: not stored` };
}
