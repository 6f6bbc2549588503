/**
 * Media bytes, all deterministic: photos and charts drawn pixel by pixel and encoded with sharp,
 * and small attachments with the right magic bytes and structure: PDF (valid, with text), DOC/XLS
 * (a valid OLE2 compound file with one stream), DOCX/XLSX (minimal valid OOXML packages) and ZIP.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { Rng } from './rng.js';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

type Rgb = [number, number, number];

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/** A landscape "photo": sky, sun, two mountain ridges and striped fields. */
function drawPhoto(rng: Rng, w: number, h: number): Buffer {
  const px = Buffer.alloc(w * h * 3);
  const skyTop: Rgb = [rng.int(60, 120), rng.int(120, 170), rng.int(200, 250)];
  const skyBottom: Rgb = [rng.int(180, 230), rng.int(200, 235), rng.int(220, 250)];
  const field: Rgb = [rng.int(40, 110), rng.int(120, 180), rng.int(30, 80)];
  const ridge1: Rgb = [rng.int(50, 90), rng.int(80, 120), rng.int(90, 130)];
  const ridge2: Rgb = [rng.int(30, 60), rng.int(70, 100), rng.int(50, 80)];
  const horizon = Math.floor(h * (0.45 + rng.next() * 0.2));
  const sunX = rng.int(Math.floor(w * 0.1), Math.floor(w * 0.9));
  const sunY = rng.int(Math.floor(h * 0.08), Math.floor(horizon * 0.6));
  const sunR = rng.int(8, Math.max(9, Math.floor(h / 10)));
  const f1 = 2 + rng.next() * 4;
  const f2 = 5 + rng.next() * 6;
  const ph1 = rng.next() * 6.28;
  const ph2 = rng.next() * 6.28;
  const stripes = rng.int(6, 14);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = x / w;
      const r1 = horizon - h * 0.18 * (0.6 + 0.4 * Math.sin(u * f1 + ph1));
      const r2 = horizon - h * 0.1 * (0.5 + 0.5 * Math.sin(u * f2 + ph2));
      let c: Rgb;
      if (y >= horizon) {
        const depth = (y - horizon) / Math.max(1, h - horizon);
        const stripe = Math.floor(((x - w / 2) / (0.3 + depth) / w) * stripes + 100) % 2;
        const k = 0.75 + depth * 0.35 + (stripe ? 0.08 : -0.05);
        c = [field[0] * k, field[1] * k, field[2] * k];
      } else if (y >= r2) c = ridge2;
      else if (y >= r1) c = ridge1;
      else {
        const t = y / horizon;
        c = [
          skyTop[0] + (skyBottom[0] - skyTop[0]) * t,
          skyTop[1] + (skyBottom[1] - skyTop[1]) * t,
          skyTop[2] + (skyBottom[2] - skyTop[2]) * t,
        ];
        const d = Math.hypot(x - sunX, y - sunY);
        if (d < sunR) c = [255, 236, 170];
      }
      const noise = ((x * 7919 + y * 104729) % 13) - 6;
      const i = (y * w + x) * 3;
      px[i] = clamp(c[0] + noise);
      px[i + 1] = clamp(c[1] + noise);
      px[i + 2] = clamp(c[2] + noise);
    }
  }
  return px;
}

/** A bar chart on white, as statistics pages carry. */
function drawChart(rng: Rng, w: number, h: number): Buffer {
  const px = Buffer.alloc(w * h * 3, 255);
  const bars = rng.int(4, 9);
  const color: Rgb = [rng.int(20, 80), rng.int(90, 160), rng.int(160, 230)];
  const left = Math.floor(w * 0.08);
  const bottom = Math.floor(h * 0.9);
  const slot = Math.floor((w - left * 2) / bars);
  const heights = Array.from({ length: bars }, () => rng.int(Math.floor(h * 0.15), Math.floor(h * 0.75)));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      let c: Rgb | undefined;
      if ((x === left && y <= bottom) || (y === bottom && x >= left)) c = [60, 60, 60];
      else if (y < bottom && x > left) {
        const b = Math.floor((x - left) / slot);
        const within = (x - left) % slot;
        const bh = heights[b];
        if (bh !== undefined && within > slot * 0.2 && within < slot * 0.8 && y > bottom - bh) c = color;
        else if ((bottom - y) % Math.max(8, Math.floor(h / 8)) === 0) c = [225, 225, 225];
      }
      if (c) {
        px[i] = c[0];
        px[i + 1] = c[1];
        px[i + 2] = c[2];
      }
    }
  }
  return px;
}

export interface ImageSpec {
  seed: number;
  width: number;
  height: number;
  format: 'jpeg' | 'png';
  style: 'photo' | 'chart' | 'logo';
  /** EXIF IFD0 fields, e.g. { Make, Model, DateTime }. */
  exif?: Record<string, string>;
}

export async function makeImage(spec: ImageSpec): Promise<Buffer> {
  const rng = new Rng(spec.seed);
  const { width: w, height: h } = spec;
  const raw = spec.style === 'chart' ? drawChart(rng, w, h) : spec.style === 'logo' ? drawLogo(rng, w, h) : drawPhoto(rng, w, h);
  let img = sharp(raw, { raw: { width: w, height: h, channels: 3 } });
  img =
    spec.format === 'jpeg'
      ? img.jpeg({ quality: 78, chromaSubsampling: '4:2:0' })
      : img.png({ compressionLevel: 9, adaptiveFiltering: false });
  if (spec.exif) img = img.withExif({ IFD0: spec.exif });
  return img.toBuffer();
}

/** A flat emblem-like logo: red field, a gold ring and bands. */
function drawLogo(rng: Rng, w: number, h: number): Buffer {
  const px = Buffer.alloc(w * h * 3);
  const band: Rgb = [rng.int(170, 210), rng.int(10, 40), rng.int(10, 40)];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const d = Math.hypot(x - h / 2, y - h / 2);
      let c: Rgb = [248, 248, 250];
      if (d < h * 0.45 && d > h * 0.32) c = [230, 180, 40];
      else if (d <= h * 0.32) c = band;
      else if (x > h && (y % 12 < 6 ? x % 40 < 30 : x % 50 < 20) && y > h * 0.25 && y < h * 0.75) c = [band[0] - 30, band[1], band[2]];
      px[i] = clamp(c[0]);
      px[i + 1] = clamp(c[1]);
      px[i + 2] = clamp(c[2]);
    }
  }
  return px;
}

// ---------- PDF ----------

function pdfText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\(/g, '\\(').replace(/\)/g, '\\)');
}

function utf16beHex(s: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return hex;
}

/** A one-page PDF 1.4 with ASCII text lines and a Unicode /Title; offsets in the xref are exact. */
export function makePdf(title: string, lines: string[]): Buffer {
  const content = `BT /F1 14 Tf 72 770 Td 18 TL ${lines.map((l) => `(${pdfText(l)}) Tj T*`).join(' ')} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Title <${utf16beHex(title)}> /Producer (sitefold sample generator) >>`,
  ];
  let out = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

// ---------- OLE2 compound file (doc, xls) ----------

const FREESECT = 0xffffffff;
const ENDOFCHAIN = 0xfffffffe;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;

function dirEntry(name: string, type: number, child: number, start: number, size: number): Buffer {
  const e = Buffer.alloc(128);
  const nameBuf = Buffer.from(`${name}\0`, 'utf16le');
  nameBuf.copy(e, 0);
  e.writeUInt16LE(nameBuf.length, 64);
  e.writeUInt8(type, 66);
  e.writeUInt8(1, 67); // black
  e.writeUInt32LE(NOSTREAM, 68);
  e.writeUInt32LE(NOSTREAM, 72);
  e.writeUInt32LE(child, 76);
  e.writeUInt32LE(start, 116);
  e.writeUInt32LE(size, 120);
  return e;
}

/**
 * A version-3 compound file holding one 4096-byte stream (WordDocument or Workbook) with the
 * given text: a valid container with D0 CF 11 E0 magic, though Word/Excel would not open the stream.
 */
export function makeOle(streamName: 'WordDocument' | 'Workbook', text: string): Buffer {
  const sector = 512;
  const streamSectors = 8;
  const header = Buffer.alloc(sector);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x003e, 24);
  header.writeUInt16LE(0x0003, 26);
  header.writeUInt16LE(0xfffe, 28);
  header.writeUInt16LE(9, 30);
  header.writeUInt16LE(6, 32);
  header.writeUInt32LE(1, 44); // FAT sectors
  header.writeUInt32LE(1, 48); // first directory sector
  header.writeUInt32LE(4096, 56); // mini stream cutoff
  header.writeUInt32LE(ENDOFCHAIN, 60);
  header.writeUInt32LE(0, 64);
  header.writeUInt32LE(ENDOFCHAIN, 68);
  header.writeUInt32LE(0, 72);
  header.writeUInt32LE(0, 76); // DIFAT[0] = sector 0
  for (let i = 1; i < 109; i++) header.writeUInt32LE(FREESECT, 76 + i * 4);
  const fat = Buffer.alloc(sector, 0xff);
  fat.writeUInt32LE(FATSECT, 0);
  fat.writeUInt32LE(ENDOFCHAIN, 4);
  for (let s = 2; s < 2 + streamSectors; s++) fat.writeUInt32LE(s === 1 + streamSectors ? ENDOFCHAIN : s + 1, s * 4);
  const dir = Buffer.concat([
    dirEntry('Root Entry', 5, 1, ENDOFCHAIN, 0),
    dirEntry(streamName, 2, NOSTREAM, 2, streamSectors * sector),
    Buffer.alloc(256),
  ]);
  dir.writeUInt32LE(NOSTREAM, 256 + 68);
  dir.writeUInt32LE(NOSTREAM, 256 + 72);
  dir.writeUInt32LE(NOSTREAM, 256 + 76);
  dir.writeUInt32LE(NOSTREAM, 384 + 68);
  dir.writeUInt32LE(NOSTREAM, 384 + 72);
  dir.writeUInt32LE(NOSTREAM, 384 + 76);
  const stream = Buffer.alloc(streamSectors * sector);
  Buffer.from(text, 'utf16le').subarray(0, stream.length).copy(stream, 0);
  return Buffer.concat([header, fat, dir, stream]);
}

// ---------- ZIP, DOCX, XLSX ----------

const crcTable = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = (crcTable[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** A stored (uncompressed) ZIP; DOS timestamps from the given date, so bytes never vary. */
export function makeZip(entries: ZipEntry[], date: { y: number; m: number; d: number }): Buffer {
  const dosTime = (10 << 11) | (0 << 5);
  const dosDate = ((date.y - 1980) << 9) | (date.m << 5) | date.d;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const utf8 = /[^\x20-\x7e]/.test(entry.name) ? 0x0800 : 0;
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(utf8, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(utf8, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += 30 + name.length + entry.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const xmlHead = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export function makeDocx(paragraphs: string[], date: { y: number; m: number; d: number }): Buffer {
  const types = `${xmlHead}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
  const rels = `${xmlHead}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
  const body = paragraphs.map((t) => `<w:p><w:r><w:t>${xmlEscape(t)}</w:t></w:r></w:p>`).join('');
  const doc = `${xmlHead}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
  return makeZip(
    [
      { name: '[Content_Types].xml', data: Buffer.from(types) },
      { name: '_rels/.rels', data: Buffer.from(rels) },
      { name: 'word/document.xml', data: Buffer.from(doc) },
    ],
    date,
  );
}

export function makeXlsx(rows: string[][], date: { y: number; m: number; d: number }): Buffer {
  const types = `${xmlHead}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
  const rels = `${xmlHead}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const workbook = `${xmlHead}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  const wbRels = `${xmlHead}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
  const col = (i: number) => String.fromCharCode(65 + i);
  const sheetRows = rows
    .map(
      (row, r) =>
        `<row r="${r + 1}">${row.map((v, c) => `<c r="${col(c)}${r + 1}" t="inlineStr"><is><t>${xmlEscape(v)}</t></is></c>`).join('')}</row>`,
    )
    .join('');
  const sheet = `${xmlHead}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`;
  return makeZip(
    [
      { name: '[Content_Types].xml', data: Buffer.from(types) },
      { name: '_rels/.rels', data: Buffer.from(rels) },
      { name: 'xl/workbook.xml', data: Buffer.from(workbook) },
      { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(wbRels) },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheet) },
    ],
    date,
  );
}

export type AttachmentExt = 'pdf' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'zip';

/** An attachment's bytes for its extension; title and date go into the content. */
export function makeAttachment(ext: AttachmentExt, title: string, date: { y: number; m: number; d: number }, id: string): Buffer {
  const stamp = `${date.y}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
  switch (ext) {
    case 'pdf':
      return makePdf(title, ['Sample attachment generated for sitefold tests', `Document ${id}`, `Date ${stamp}`]);
    case 'doc':
      return makeOle('WordDocument', `${title}\r${stamp}\r${id}`);
    case 'xls':
      return makeOle('Workbook', `${title}\t${stamp}\t${id}`);
    case 'docx':
      return makeDocx([title, `日期：${stamp}`, `编号：${id}`], date);
    case 'xlsx':
      return makeXlsx(
        [
          ['序号', '名称', '日期'],
          ['1', title, stamp],
        ],
        date,
      );
    case 'zip':
      return makeZip(
        [
          { name: `${id}/说明.txt`, data: Buffer.from(`${title}\r\n${stamp}\r\n`, 'utf8') },
          {
            name: `${id}/附表.xlsx`,
            data: makeXlsx(
              [
                ['名称', '日期'],
                [title, stamp],
              ],
              date,
            ),
          },
        ],
        date,
      );
  }
}
