/**
 * Child of `npm run bench`: extracts an already crawled site and reports records/s, peak RSS and
 * the share of time spent inside turndown (the Markdown conversion), as one JSON line.
 */
import TurndownService from 'turndown';
import { loadPipeline } from '../src/config/pipeline.js';
import { extractSite } from '../src/extract/site.js';

const [pipelineFile, outDir] = process.argv.slice(2);
if (!pipelineFile || !outDir) throw new Error('usage: bench-extract <pipeline.yaml> <out>');
let turndownMs = 0;
const original = TurndownService.prototype.turndown;
TurndownService.prototype.turndown = function timed(this: TurndownService, input) {
  const started = performance.now();
  try {
    return original.call(this, input);
  } finally {
    turndownMs += performance.now() - started;
  }
};
const started = performance.now();
const summary = await extractSite(loadPipeline(pipelineFile), { outDir, fresh: true });
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ seconds, articles: summary.pages.article, records: summary.records, turndownMs, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
