/** `sitefold extract <pipeline.yaml>` and `sitefold page <file|url>…`. */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../config/diagnostics.js';
import { loadPipeline } from '../config/pipeline.js';
import { extractPage, extractSite, formatExtractSummary } from '../extract/index.js';
import { runSteps } from '../ui/progress.js';
import { decodeText, detectCharset } from '../web/charset.js';
import type { CommonOptions } from './main.js';
import type { Output } from './output.js';

export async function extractCommand(file: string, options: CommonOptions, output: Output): Promise<number> {
  const pipeline = loadPipeline(file, { url: options.url });
  const [summary] = await runSteps(
    [
      {
        title: `extract ${pipeline.site.id}`,
        run: (report) => extractSite(pipeline, { outDir: options.out, fresh: options.fresh, onProgress: report }),
      },
    ],
    options,
  );
  output.result(summary, () => formatExtractSummary(summary));
  return 0;
}

/** Reads a page from a file (decoded like the crawler decodes) or fetches it. */
async function loadPage(input: string): Promise<{ html: string; url: string }> {
  if (/^https?:\/\//i.test(input)) {
    const { createAgent, fetchOnce } = await import('../web/fetch.js');
    const agent = createAgent(1);
    try {
      const result = await fetchOnce(input, agent, {
        timeoutMs: 30_000,
        maxBytes: 20 * 1024 * 1024,
        headers: { 'user-agent': 'sitefold' },
      });
      if (!result.body || result.status !== 200)
        throw new UserError(`${input}: HTTP ${result.status}${result.tooLarge ? ' (too large)' : ''}`);
      const contentType = result.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1];
      return { html: decodeText(result.body, detectCharset(result.body, contentType).charset), url: input };
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(`${input}: ${(error as Error).message}`);
    } finally {
      await agent.close();
    }
  }
  let bytes: Buffer;
  try {
    if (statSync(input).isDirectory()) throw new UserError(`${input} is a directory, expected an HTML file`);
    bytes = readFileSync(input);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${input}: file not found`);
  }
  return { html: decodeText(bytes, detectCharset(bytes).charset), url: pathToFileURL(path.resolve(input)).href };
}

export async function pageCommand(inputs: string[], options: CommonOptions & { url?: string }, output: Output): Promise<number> {
  if (options.url && inputs.length > 1) throw new UserError('--url gives the address of one page: pass one file with it');
  for (const input of inputs) {
    const page = await loadPage(input);
    const url = options.url ?? page.url;
    const extraction = extractPage(page.html, url);
    const result = {
      url,
      kind: extraction.kind,
      title: extraction.title,
      ...(extraction.article ?? {}),
      columnName: extraction.columnName,
      breadcrumb: extraction.breadcrumb.map((b) => b.name),
      siteFacts: extraction.siteFacts,
      warnings: extraction.warnings.map((w) => `${w.rule}: ${w.reason}`),
    };
    if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else output.line(formatPage(result));
  }
  return 0;
}

function formatPage(r: Record<string, unknown>): string {
  const lines = [`${r.url}  [${r.kind}]`];
  for (const key of [
    'title',
    'publishedAt',
    'writtenAt',
    'source',
    'publisher',
    'docNumber',
    'indexNumber',
    'docType',
    'topic',
    'columnName',
  ]) {
    if (r[key]) lines.push(`  ${key}: ${r[key]}`);
  }
  if (Array.isArray(r.attachments) && r.attachments.length) lines.push(`  attachments: ${r.attachments.length}`);
  if (Array.isArray(r.images) && r.images.length) lines.push(`  images: ${r.images.length}`);
  if (typeof r.bodyText === 'string')
    lines.push(`  body: ${r.bodyText.length} characters: ${r.bodyText.slice(0, 80).replace(/\n/g, ' ')}…`);
  for (const w of (r.warnings as string[]) ?? []) lines.push(`  warning ${w}`);
  return lines.join('\n');
}
