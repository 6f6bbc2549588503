/** What every pass of one extract run shares: the store, the page runner, where the bundle is, and the run's tallies. */
import type { Diagnostic } from '../../config/diagnostics.js';
import type { Pipeline } from '../../config/pipeline.js';
import type { FetchedPageRow } from '../../store/fetches.js';
import type { CrawlState } from '../../store/state.js';
import { titleLinkTexts } from '../fields/title.js';
import type { PageRunner, SiteJob } from '../page-runner.js';

/** Bumped when extraction rules change, so a re-run re-extracts everything once. */
export const extractorVersion = '3';

export interface ExtractRun {
  pipeline: Pipeline;
  state: CrawlState;
  runner: PageRunner;
  bundleDir: string;
  archiveDir: string;
  onProgress?: (line: string) => void;
  /** Every warning of the pages read this run. */
  warnings: Diagnostic[];
  /** Pages over a budget (size, elements, depth, time): skipped with the reason. */
  skipped: { url: string; reason: string }[];
  tally: { extracted: number; unchanged: number; ahead: number; images: number; imageWarnings: number; attachments: number };
}

export interface ArchivedAt {
  file: string;
  offset: number;
  length: number;
}

/** A page fetched whole, as extract reads it from the archive. */
export interface FetchedPage {
  urlId: number;
  url: string;
  contentType: string;
  sha256: string;
  at: ArchivedAt;
  rendered?: ArchivedAt;
}

export function fetchedPage(r: FetchedPageRow): FetchedPage {
  return {
    urlId: r.urlId,
    url: r.url,
    contentType: r.contentType ?? '',
    sha256: r.sha256,
    at: { file: r.warcFile, offset: r.warcOffset, length: r.warcLength },
    rendered:
      r.renderedFile !== null && r.renderedOffset !== null && r.renderedLength !== null
        ? { file: r.renderedFile, offset: r.renderedOffset, length: r.renderedLength }
        : undefined,
  };
}

/** The runner's job for a page: read from the archive there, with the texts of the site's links to it. */
export function pageJob(pipeline: Pipeline, archiveDir: string, page: FetchedPage, state: CrawlState): SiteJob {
  return {
    url: page.url,
    archive: { dir: archiveDir, ...(page.rendered ?? page.at) },
    contentType: page.contentType,
    rendered: page.rendered !== undefined,
    siteName: pipeline.site.name,
    selectors: pipeline.extract.selectors,
    linkTexts: titleLinkTexts(state.links.anchorsTo(page.urlId)),
  };
}

/** What names a page's bytes for the cache: the rules' version and the archive record read (an archive only grows). */
export function bytesKey(page: FetchedPage): string {
  const at = page.rendered ?? page.at;
  return `${extractorVersion}:${page.sha256}:${at.file}:${at.offset}:${at.length}`;
}
