/**
 * The bundled samples crawled, extracted and emitted once per test run (samples-service.ts, the
 * globalSetup), for the test files that only read the result. The folders are shared: read them,
 * open their stores read-only; a test that changes anything works on a copy (copySample).
 */
import { cpSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { inject } from 'vitest';
import type { CrawlSummary } from '../../src/crawl/summary.js';
import type { EmitSummary } from '../../src/emit/emit.js';
import type { ExtractSummary } from '../../src/extract/site.js';

declare module 'vitest' {
  export interface ProvidedContext {
    samplesService: string;
  }
}

export type SampleSite = 'dept-trs' | 'county-js' | 'hostile';

export interface SharedSample {
  site: SampleSite;
  /** Where samples/sites/<site> is served for the whole run; the stores' URLs are under it. */
  url: string;
  /** Out folders (each holds <site>/) as they were right after the crawl, the extract and the emit. */
  crawled: string;
  extracted: string;
  emitted: string;
  crawl: CrawlSummary;
  extract: ExtractSummary;
  emit: EmitSummary;
  /** Requests the crawl made, by path and query, with how often each was made. */
  requests: Record<string, number>;
}

const asked = new Map<SampleSite, Promise<SharedSample>>();

/**
 * The sample, prepared by the first test file that asks for it in this run. Asking early (at the top
 * of a file, for every sample it reads) lets the samples be prepared side by side.
 */
export function sharedSample(site: SampleSite): Promise<SharedSample> {
  const known = asked.get(site);
  if (known) return known;
  const answer = new Promise<SharedSample>((resolve, reject) => {
    const req = request(new URL(site, inject('samplesService')), (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body) as SharedSample) : reject(new Error(body))));
    });
    req.on('error', reject);
    req.end();
  });
  // Asked early and awaited in a hook: a failure is reported there, not as an unhandled rejection.
  answer.catch(() => {});
  asked.set(site, answer);
  return answer;
}

/** Copies the sample's site folder (store, archive, bundle) out of a shared out folder into `outDir`. */
export function copySample(from: string, site: SampleSite, outDir: string): string {
  const to = path.join(outDir, site);
  cpSync(path.join(from, site), to, { recursive: true });
  return to;
}
