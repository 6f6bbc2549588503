/** A sample crawled over HTTP, extracted and emitted with its reviewed mapping, into `out`. */
import { loadPipeline, type Pipeline } from '../../src/config/pipeline.js';
import { crawlSite } from '../../src/crawl/crawler.js';
import { emitSite } from '../../src/emit/emit.js';
import { extractSite } from '../../src/extract/site.js';
import { startStaticServer } from '../../src/serve/static-server.js';
import { samplesDir } from './truth.js';

export async function emitSample(site: string, out: string): Promise<{ pipeline: Pipeline; serverUrl: string }> {
  const server = await startStaticServer(`${samplesDir}/sites/${site}`);
  const pipeline = loadPipeline(`${samplesDir}/../pipelines/${site}.yaml`, { url: server.url });
  try {
    await crawlSite(pipeline, { outDir: out });
  } finally {
    await server.close();
  }
  await extractSite(pipeline, { outDir: out });
  emitSite(pipeline, { outDir: out, version: 'test' });
  return { pipeline, serverUrl: server.url };
}
