/** The media pass: a record's images and attachments read back from the archive and stored in the bundle. */

import { readRecord } from '../../store/archive.js';
import { normalise } from '../../web/normalize.js';
import type { FetchedMedia, MediaContext } from '../record-media.js';
import type { ExtractRun } from './run.js';

/** Where a record's media come from and go to, for storeRecordMedia. */
export function mediaContext(run: ExtractRun): MediaContext {
  return {
    bundleDir: run.bundleDir,
    read: (url) => readFetched(run, url),
    save: (row) => run.state.media.save(row),
    warn: (w) => run.warnings.push(w),
    /** An image refused before decoding: its URL's manifest row says why. */
    skip: (url, reason) => run.state.urls.skipDone(normalise(url) ?? url, `extract: ${reason}`),
  };
}

/** A fetched image or attachment from the archive, with what the server said about it. */
async function readFetched(run: ExtractRun, url: string): Promise<FetchedMedia | undefined> {
  const row = run.state.fetches.mediaFetch(normalise(url) ?? url);
  if (row?.status !== 200 || !row.warcFile || row.warcOffset === null || row.warcLength === null) return undefined;
  const record = await readRecord(run.archiveDir, { file: row.warcFile, offset: row.warcOffset, length: row.warcLength });
  return {
    payload: record.payload,
    contentType: row.contentType ?? undefined,
    contentDisposition: record.headers.get('content-disposition') ?? undefined,
  };
}
