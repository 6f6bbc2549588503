/**
 * What a fetched page comes to, as handed from the fetch and render steps to the next commit, and
 * the fetch row it carries (blank, then filled in as the page is read and archived).
 */
import type { ArchivedAt, PageArchived } from '../store/archive.js';
import type { FetchRecord, QueuedUrl, UrlState } from '../store/state.js';
import type { FoundLink } from './analyse.js';

/** What a finished fetch hands to the next commit. */
export interface PageResult {
  item: QueuedUrl;
  state: UrlState;
  reason: string | null;
  fetch: FetchRecord;
  links: FoundLink[];
  /** Extra URLs met (data the browser fetched), already archived. */
  captured: { url: string; fetch: FetchRecord }[];
  /** Where the page's records are in the archive (set when it settles). */
  spans?: ArchivedAt[];
}

/** Ends a page's steps: its state, why, its fetch row, the links it gave and what its scripts fetched. */
export type Done = (
  state: UrlState,
  reason: string | null,
  fetch: FetchRecord,
  links?: FoundLink[],
  captured?: PageResult['captured'],
) => PageResult;

export function doneWith(item: QueuedUrl): Done {
  return (state, reason, fetch, links = [], captured = []) => ({ item, state, reason, fetch, links, captured });
}

/** A page whose steps threw (a crash of its reading, a render gone wrong): failed, tried again by the next run. */
export function failedPage(item: QueuedUrl, error: unknown): PageResult {
  const message = error instanceof Error ? error.message : String(error);
  return {
    item,
    state: 'failed',
    reason: message,
    fetch: { ...blankFetch(item.url, new Date()), error: message },
    links: [],
    captured: [],
  };
}

export function blankFetch(url: string, at: Date): FetchRecord {
  return {
    status: null,
    finalUrl: url,
    location: null,
    contentType: null,
    charset: null,
    charsetSource: null,
    bytes: null,
    sha256: null,
    fetchedAt: at.toISOString(),
    ms: 0,
    retries: 0,
    error: null,
    etag: null,
    lastModified: null,
    warcFile: null,
    warcOffset: null,
    warcLength: null,
    renderedFile: null,
    renderedOffset: null,
    renderedLength: null,
    title: null,
    changed: null,
  };
}

/** Puts where a page's records landed into its fetch row (what was not written this time is left as it was). */
export function placeRecords(fetch: FetchRecord, archived: PageArchived): FetchRecord {
  if (archived.exchange) {
    fetch.warcFile = archived.exchange.file;
    fetch.warcOffset = archived.exchange.offset;
    fetch.warcLength = archived.exchange.length;
  }
  if (archived.rendered) {
    fetch.renderedFile = archived.rendered.file;
    fetch.renderedOffset = archived.rendered.offset;
    fetch.renderedLength = archived.rendered.length;
  }
  return fetch;
}
