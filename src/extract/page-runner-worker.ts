/**
 * The extraction of one page at a time, on a thread of its own (started by page-runner.ts), so a
 * page that takes too long can be abandoned by ending the thread. Before the page is parsed into a
 * DOM, one pass of htmlparser2 (linear, whatever the nesting) counts its elements and depth: a page
 * over either budget is skipped unparsed (a DOM parser's nesting checks grow with depth squared).
 */

import { parentPort } from 'node:worker_threads';
import { Parser } from 'htmlparser2';
import { readRecord } from '../store/archive.js';
import { pageHtml } from '../web/charset.js';
import { extractPage } from './page.js';
import { type PageJob, type PageReply, tooLarge } from './page-runner.js';

const port = parentPort;
if (!port) throw new Error('page-runner-worker.ts runs as a worker thread only');

class OverBudget extends Error {}

/** Elements and nesting depth as a browser's parser would build them (implied end tags closed). */
function checkShape(html: string, maxElements: number, maxDepth: number): string | undefined {
  let depth = 0;
  let elements = 0;
  const parser = new Parser(
    {
      onopentag() {
        elements++;
        depth++;
        if (elements > maxElements) throw new OverBudget(`more than ${maxElements} elements (extract.maxElements)`);
        if (depth > maxDepth) throw new OverBudget(`elements nested deeper than ${maxDepth} (extract.maxDepth)`);
      },
      onclosetag() {
        depth--;
      },
    },
    { decodeEntities: false },
  );
  try {
    parser.end(html);
  } catch (error) {
    if (error instanceof OverBudget) return error.message;
    throw error;
  }
  return undefined;
}

async function bytesOf(job: PageJob): Promise<Uint8Array> {
  if (job.bytes) return job.bytes;
  const { dir, ...at } = job.archive;
  return (await readRecord(dir, at)).payload;
}

async function run(job: PageJob): Promise<PageReply> {
  let bytes: Uint8Array;
  try {
    bytes = await bytesOf(job);
  } catch (error) {
    return { unreadable: error instanceof Error ? error.message : String(error) };
  }
  if (bytes.length > job.maxBytes) return { skipped: tooLarge(bytes.length, job.maxBytes) };
  const html = pageHtml(bytes, job.contentType, job.rendered);
  const over = checkShape(html, job.maxElements, job.maxDepth);
  if (over) return { skipped: over };
  const options = { siteName: job.siteName, rewrite: (href: string) => href, selectors: job.selectors, linkTexts: job.linkTexts };
  return { extraction: extractPage(html, job.url, options) };
}

port.on('message', async (job: PageJob) => {
  let reply: PageReply;
  try {
    reply = await run(job);
  } catch (error) {
    // A page that breaks a rule (a stack overflow on odd markup, say) is that page's problem only.
    reply = { skipped: `extraction failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300) };
  }
  // Made ahead of time: the outcome as JSON for the cache (an unreadable record is not the page's outcome).
  if (job.serialize && reply.unreadable === undefined) reply = { json: JSON.stringify(reply) };
  port.postMessage(reply);
});
port.postMessage('ready');
