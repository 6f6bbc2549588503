/**
 * Attachments and images typed from their bytes: real files (the sample generator's PDF, OLE2,
 * OOXML and ZIP builders, sharp's PNG, a PE header) under honest and lying names, each with the
 * extension it may be stored under or the reason it is kept out; SVG images become PNGs whose
 * hash is the file's.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { makeAttachment, makePdf } from '../samples/generator/media.js';
import { type AttachmentHints, attachmentType } from '../src/extract/attachment-type.js';
import { storeAttachment, storeImage } from '../src/extract/media.js';

const date = { y: 2015, m: 8, d: 28 };
const pdf = makePdf('通知', ['line']);
const doc = makeAttachment('doc', '通知', date, 'a1');
const docx = makeAttachment('docx', '通知', date, 'a2');
const xlsx = makeAttachment('xlsx', '通知', date, 'a3');
const zip = makeAttachment('zip', '通知', date, 'a4');
const html = Buffer.from('<!DOCTYPE html><html><head><title>登录</title></head><body><script>window.pwned=1</script></body></html>');
const svg = Buffer.from(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><script>window.pwned=1</script><rect width="20" height="10" fill="red"/></svg>',
);
const pe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200)]);
const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(120)]);
const text = Buffer.from("序号,名称\r\n1,=cmd|' /C calc'!A0\r\n", 'utf8');
const u = (p: string) => `http://www.example.gov.cn${p}`;

const rows: [string, Buffer, AttachmentHints, string][] = [
  ['a PDF named .pdf', pdf, { url: u('/a/b.pdf') }, 'pdf'],
  [
    'a PDF from download.jsp, named by Content-Disposition',
    pdf,
    { url: u('/download.jsp?id=3'), contentDisposition: 'attachment; filename="通知.PDF"' },
    'pdf',
  ],
  [
    'a PDF from download.jsp, named by filename*=',
    pdf,
    { url: u('/down?id=4'), contentDisposition: "attachment; filename*=UTF-8''%E9%80%9A%E7%9F%A5.pdf" },
    'pdf',
  ],
  ['a PDF from download.jsp, named by Content-Type', pdf, { url: u('/down?id=5'), contentType: 'application/pdf' }, 'pdf'],
  ['an OLE2 file named .doc', doc, { url: u('/a.doc') }, 'doc'],
  ['an OLE2 file named .wps (WPS 文字)', doc, { url: u('/a.wps') }, 'wps'],
  ['an OLE2 file named .et (WPS 表格) by the query', doc, { url: u('/downfile.jsp?filename=1508.ET') }, 'et'],
  ['a DOCX named .docx', docx, { url: u('/a.docx') }, 'docx'],
  ['an XLSX named .xls (a lie the bytes correct)', xlsx, { url: u('/a.xls') }, 'xlsx'],
  ['a ZIP named .zip', zip, { url: u('/a.zip') }, 'zip'],
  ['a PDF named .html', pdf, { url: u('/a.html') }, 'pdf'],
  ['a PDF the old server sent as text/html', pdf, { url: u('/download.jsp?id=9'), contentType: 'text/html; charset=GBK' }, 'pdf'],
  ['plain text named .pdf', text, { url: u('/a.pdf') }, 'txt'],
  ['CSV text named .csv (formulas are the reader’s business, bytes are kept)', text, { url: u('/a.csv') }, 'csv'],
];

const refused: [string, Buffer, AttachmentHints, RegExp][] = [
  ['HTML at /x.html?f.pdf', html, { url: u('/x.html?f.pdf'), contentType: 'text/html' }, /an HTML page/],
  ['HTML named .pdf with no Content-Type', html, { url: u('/a.pdf') }, /an HTML page/],
  ['HTML served as application/octet-stream', html, { url: u('/a.doc'), contentType: 'application/octet-stream' }, /an HTML page/],
  ['an SVG named .pdf', svg, { url: u('/a.pdf') }, /an SVG document/],
  ['a script by its Content-Type', Buffer.from('window.pwned=1'), { url: u('/a.txt'), contentType: 'application/javascript' }, /a script/],
  ['text sent as XHTML', text, { url: u('/a.txt'), contentType: 'application/xhtml+xml' }, /an HTML page/],
  ['a Windows executable named .zip', pe, { url: u('/setup.zip') }, /application\/x-msdownload/],
  ['an ELF executable named .rar', elf, { url: u('/tool.rar') }, /application\/x-elf/],
  ['unknown binary named .pdf', Buffer.from([1, 0, 2, 0, 3, 0, 255, 254]), { url: u('/a.pdf') }, /no known type \(named \.pdf\)/],
];

describe('attachment types from the bytes', () => {
  it.each(rows)('%s → .%s', async (_name, bytes, hints, ext) => {
    const type = await attachmentType(bytes, hints);
    expect(type).toMatchObject({ ext });
  });

  it.each(refused)('%s is kept out', async (_name, bytes, hints, reason) => {
    const type = await attachmentType(bytes, hints);
    expect('refused' in type && type.refused).toMatch(reason);
  });

  it('says when the name lied', async () => {
    expect(await attachmentType(xlsx, { url: u('/a.xls') })).toMatchObject({ warning: expect.stringContaining('named .xls') });
    expect(await attachmentType(text, { url: u('/a.pdf') })).toMatchObject({
      warning: 'named .pdf but the bytes are plain text: stored as .txt',
    });
  });
});

describe('stored images and attachments', () => {
  const bundle = mkdtempSync(path.join(tmpdir(), 'sitefold-media-'));
  afterAll(() => rmSync(bundle, { recursive: true, force: true }));
  const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

  it('rasterises an SVG to a PNG; sha256 is the file’s, originalSha256 the fetched one’s', async () => {
    const stored = await storeImage(svg, bundle);
    expect(stored.file).toMatch(/^media\/[0-9a-f]{64}\.png$/);
    const bytes = readFileSync(path.join(bundle, stored.file as string));
    expect(stored.sha256).toBe(hash(bytes));
    expect(stored.file).toBe(`media/${hash(bytes)}.png`);
    expect(stored.originalSha256).toBe(hash(svg));
    expect(bytes.includes(Buffer.from('script'))).toBe(false);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'png', width: 20, height: 10 });
  });

  it('re-encodes a PNG with bytes appended after it; the hash is of what is stored', async () => {
    const png = await sharp({ create: { width: 4, height: 3, channels: 3, background: '#08f' } })
      .png()
      .toBuffer();
    const polyglot = Buffer.concat([png, Buffer.from('<script>window.pwned=1</script>')]);
    const stored = await storeImage(polyglot, bundle);
    const bytes = readFileSync(path.join(bundle, stored.file as string));
    expect(bytes.includes(Buffer.from('<script>'))).toBe(false);
    expect(stored.sha256).toBe(hash(bytes));
    expect(stored.originalSha256).toBe(hash(polyglot));
  });

  it('stores an attachment byte-exact under the extension its bytes allow, and refuses HTML', async () => {
    const kept = await storeAttachment(pdf, { url: u('/x.html?f=1'), contentType: 'application/pdf' }, bundle);
    expect(kept).toMatchObject({ file: `attachments/${hash(pdf)}.pdf`, sha256: hash(pdf), bytes: pdf.length });
    expect(readFileSync(path.join(bundle, `attachments/${hash(pdf)}.pdf`)).equals(pdf)).toBe(true);
    expect(await storeAttachment(html, { url: u('/x.html?f.pdf'), contentType: 'text/html; charset=utf-8' }, bundle)).toEqual({
      refused: 'the server sent an HTML page, not a file: not stored',
    });
  });
});
