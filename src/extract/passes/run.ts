/** What every pass of one extract run shares: the store, the page runner, where the bundle is, and the run's tallies. */
import type { Diagnostic } from '../../config/diagnostics.js';
import type { Pipeline } from '../../config/pipeline.js';
import type { FetchedPageRow } from '../../store/fetches.js';
import type { CrawlState } from '../../store/state.js';
import type { PageRunner } from '../page-runner.js';

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
  tally: { extracted: number; unchanged: number; images: number; imageWarnings: number; attachments: number };
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
