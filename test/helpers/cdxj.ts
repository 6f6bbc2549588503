/**
 * The truth for sitefold's CDXJ index: warcio's own CDXIndexer (the indexer behind `warcio index
 * --format cdxj`) run over the same WARC files. sitefold writes its index from the store at the end
 * of a crawl; this reads the archive itself.
 */
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CDXIndexer } from 'warcio';

export interface CdxjEntry {
  urlkey: string;
  timestamp: string;
  fields: Record<string, string>;
}

/** Place of a record in the archive: `file:offset`. */
const placeOf = (e: CdxjEntry) => `${e.fields.filename}:${e.fields.offset}`;

function parseLine(line: string): CdxjEntry {
  const [urlkey = '', timestamp = ''] = line.split(' ', 2);
  return { urlkey, timestamp, fields: JSON.parse(line.slice(line.indexOf('{'))) };
}

/** The index warcio's CDXIndexer writes for every WARC file of the folder, one entry per line. */
export async function warcioIndex(dir: string): Promise<CdxjEntry[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.warc.gz'))
    .sort();
  const indexer = new CDXIndexer({ format: 'cdxj' });
  const lines: string[] = [];
  for await (const result of indexer.iterIndex(files.map((f) => ({ filename: f, reader: createReadStream(path.join(dir, f)) }))))
    lines.push(indexer.serialize(result).trimEnd());
  return lines.map(parseLine);
}

export function sitefoldIndex(dir: string): CdxjEntry[] {
  return readFileSync(path.join(dir, 'index.cdxj'), 'utf8').trimEnd().split('\n').map(parseLine);
}

export interface CdxjComparison {
  sitefold: CdxjEntry[];
  warcio: CdxjEntry[];
  /** sitefold entries whose record warcio indexes differently (or not at all), field by field. */
  mismatches: { place: string; field: string; sitefold: string | undefined; warcio: string | undefined }[];
  /** warcio's entries for records sitefold does not index, by warcio's mime (warc/… types, text/html…). */
  notIndexed: CdxjEntry[];
}

/**
 * Compares the two indexes record by record (matched on file and offset). The digest: warcio drops
 * the algorithm label, sitefold keeps it (`sha256:`), so the label is put back before comparing.
 */
export async function compareWithWarcio(dir: string): Promise<CdxjComparison> {
  const sitefold = sitefoldIndex(dir);
  const warcio = await warcioIndex(dir);
  const byPlace = new Map(warcio.map((e) => [placeOf(e), e]));
  const mismatches: CdxjComparison['mismatches'] = [];
  for (const ours of sitefold) {
    const place = placeOf(ours);
    const theirs = byPlace.get(place);
    const flat = (e: CdxjEntry | undefined): Record<string, string | undefined> =>
      e ? { urlkey: e.urlkey, timestamp: e.timestamp, ...e.fields } : {};
    const a = flat(ours);
    const b = flat(theirs);
    if (b.digest) b.digest = `sha256:${b.digest}`;
    for (const field of new Set([...Object.keys(a), ...Object.keys(b)]))
      if (a[field] !== b[field]) mismatches.push({ place, field, sitefold: a[field], warcio: b[field] });
  }
  const ours = new Set(sitefold.map(placeOf));
  return { sitefold, warcio, mismatches, notIndexed: warcio.filter((e) => !ours.has(placeOf(e))) };
}
