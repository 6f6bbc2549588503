/**
 * `checklist --check-live`: what the tool can check over the network, each result dated. Does the
 * old domain still resolve, and to what; is the notice on the old home page (or does the home page
 * already redirect); do the old URLs answer 301 to their new place (the redirects verification,
 * run against the old site's address); does the archive still match its recorded digests.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import type { Pipeline } from '../config/pipeline.js';
import { type VerifyResult, verifyRedirects } from '../emit/index.js';
import { sitePaths } from '../store/paths.js';
import { decodeText, detectCharset } from '../web/charset.js';
import { classifyError, createAgent, fetchOnce } from '../web/fetch.js';
import type { ArchiveFile } from './evidence.js';

export interface DnsAnswer {
  host: string;
  addresses?: string[];
  error?: string;
}

export interface HomePageCheck {
  url: string;
  status?: number;
  location?: string;
  error?: string;
  /** Markers of the notice found on the page. */
  found: string[];
}

export interface ArchiveCheck {
  matched: string[];
  changed: { name: string; recorded: string; now: string; recordedBytes: number; bytes: number }[];
  missing: string[];
}

export interface LiveResults {
  checkedAt: string;
  dns: DnsAnswer[];
  home: HomePageCheck;
  redirects?: VerifyResult;
  archive?: ArchiveCheck;
}

export async function resolveHosts(hosts: string[], timeoutMs = 5000): Promise<DnsAnswer[]> {
  return Promise.all(
    hosts.map(async (hostPort): Promise<DnsAnswer> => {
      const host = hostPort.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
      if (isIP(host)) return { host: hostPort, addresses: [host] };
      try {
        const answers = await Promise.race([
          lookup(host, { all: true }),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })), timeoutMs).unref(),
          ),
        ]);
        return { host: hostPort, addresses: answers.map((a) => a.address) };
      } catch (error) {
        return { host: hostPort, error: (error as { code?: string }).code ?? (error as Error).message };
      }
    }),
  );
}

/** The old home page, read without following redirects; the notice's markers looked for in its text. */
export async function checkHomePage(url: string, markers: string[], timeoutMs = 15_000): Promise<HomePageCheck> {
  const agent = createAgent(1);
  try {
    const result = await fetchOnce(url, agent, { timeoutMs, maxBytes: 20 * 1024 * 1024, headers: {} });
    const location = result.headers.find(([name]) => name === 'location')?.[1];
    const check: HomePageCheck = { url, status: result.status, location, found: [] };
    if (result.body) {
      const contentType = result.headers.find(([name]) => name === 'content-type')?.[1];
      const text = decodeText(result.body, detectCharset(result.body, contentType).charset);
      const flat = squash(text);
      check.found = markers.filter((m) => flat.includes(squash(m)));
    }
    return check;
  } catch (error) {
    return { url, error: classifyError(error).message, found: [] };
  } finally {
    await agent.close();
  }
}

/** Text with markup entities for & resolved and all white space removed, for a tolerant search. */
function squash(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/[\s\u3000\u00a0]+/g, '');
}

export function compareArchive(recorded: ArchiveFile[], now: ArchiveFile[]): ArchiveCheck {
  const check: ArchiveCheck = { matched: [], changed: [], missing: [] };
  for (const before of recorded) {
    const current = now.find((f) => f.name === before.name);
    if (!current) check.missing.push(before.name);
    else if (current.sha256 === before.sha256) check.matched.push(before.name);
    else
      check.changed.push({
        name: before.name,
        recorded: before.sha256,
        now: current.sha256,
        recordedBytes: before.bytes,
        bytes: current.bytes,
      });
  }
  return check;
}

export async function checkLive(
  pipeline: Pipeline,
  outDir: string,
  input: {
    hosts: string[];
    homeUrl: string;
    markers: string[];
    redirects: number;
    recordedArchive: ArchiveFile[];
    archiveNow: ArchiveFile[];
  },
): Promise<LiveResults> {
  const [dns, home] = await Promise.all([resolveHosts(input.hosts), checkHomePage(input.homeUrl, input.markers)]);
  const results: LiveResults = { checkedAt: new Date().toISOString(), dns, home };
  if (input.redirects > 0) {
    results.redirects = await verifyRedirects(path.join(sitePaths(outDir, pipeline.site.id).root, 'redirects'), pipeline.site.url);
  }
  if (input.recordedArchive.length) results.archive = compareArchive(input.recordedArchive, input.archiveNow);
  return results;
}
