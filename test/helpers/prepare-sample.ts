/**
 * Run by the shared-samples service (samples-service.ts) in its own process, under tsx: crawls one
 * bundled sample from the address the service serves it at, extracts it and emits it with its
 * reviewed mapping, as a user would. A copy of the site folder is kept after each stage (crawled/,
 * extracted/ under the work folder; out/ is the emitted one), and the three summaries go to summaries.json.
 *
 *   node --import tsx test/helpers/prepare-sample.ts <site> <served url> <work folder>
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadPipeline } from '../../src/config/pipeline.js';
import { crawlSite } from '../../src/crawl/crawler.js';
import { emitSite } from '../../src/emit/emit.js';
import { extractSite } from '../../src/extract/site.js';
import { samplesDir } from './truth.js';

const [site, url, work] = process.argv.slice(2);
if (!site || !url || !work) throw new Error('usage: prepare-sample.ts <site> <url> <work folder>');

const outDir = path.join(work, 'out');
const keep = (stage: string) => {
  mkdirSync(path.join(work, stage), { recursive: true });
  cpSync(path.join(outDir, site), path.join(work, stage, site), { recursive: true });
};

const pipeline = loadPipeline(path.join(samplesDir, '..', 'pipelines', `${site}.yaml`), { url });
const crawl = await crawlSite(pipeline, { outDir });
keep('crawled');
const extract = await extractSite(pipeline, { outDir });
keep('extracted');
const emit = await emitSite(pipeline, { outDir, version: 'test' });
writeFileSync(path.join(work, 'summaries.json'), JSON.stringify({ crawl, extract, emit }));
// The crawl's browser and page threads may keep handles open; the work is done and written.
process.exit(0);
