/**
 * What sitefold knows about a closing site, gathered once for the checklist: the manifest's
 * figures, the archive's files and digests, the redirects and their last verification, the site
 * facts from the footers (ICP, public-security filing, site ID code, organizer), the badges and
 * scripts the pages embed (党政机关网站标识, 我为政府网站找错), and the pages of other sites crawled
 * into the same out/ folder that link here.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Pipeline } from '../config/pipeline.js';
import type { Manifest, Outcome, VerifyResult } from '../emit/index.js';
import { checkMapping } from '../mapping/index.js';
import { sitePaths } from '../store/paths.js';
import { StoreReader } from '../store/reader.js';

export interface ArchiveFile {
  name: string;
  bytes: number;
  sha256: string;
  mtimeMs: number;
}

export interface Evidence {
  site: string;
  /** The site's host names: site.url's, its aliases and extra hosts. */
  hosts: string[];
  /** The hosts the live check resolves: with --url, only that address (the site is mapped there). */
  liveHosts: string[];
  crawled: boolean;
  manifest?: {
    file: string;
    finishedAt: string;
    totals: Record<Outcome, number>;
    rows: number;
    byChannel: Record<string, number>;
  };
  mapping: { file: string; exists: boolean; undecided: string[] };
  archive: {
    dir: string;
    files: ArchiveFile[];
    bytes: number;
    /** Responses archived (one per fetched URL), and rendered DOMs. */
    responses: number;
    rendered: number;
    cdxj: boolean;
  };
  redirects: { file?: string; count: number; verify?: VerifyResult };
  facts: Record<string, { value: string; from: 'pipeline' | 'site' }>;
  /** Links found on the site to the identity badge, the error-report script, the filing systems. */
  embeds: { conac: string[]; jiucuo: string[]; beian: string[] };
  /** Other sites in the same out/ folder with pages that link to this site: how many pages, examples. */
  inbound: { site: string; pages: number; examples: { from: string; to: string }[] }[];
  /** Old home page (the notice must be on it). */
  homeUrl: string;
}

/** sha256 of a file, streamed (archives are large). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The archive's WARC files with their digests. A file whose size and mtime equal an earlier
 * checklist's keeps that digest (a many-GB archive is not re-read on every run); `recompute` reads
 * every file again (`--check-live`).
 */
export async function archiveFiles(dir: string, known: ArchiveFile[] = [], recompute = false): Promise<ArchiveFile[]> {
  if (!existsSync(dir)) return [];
  const files: ArchiveFile[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!/\.warc(?:\.gz)?$/.test(name)) continue;
    const file = path.join(dir, name);
    const stat = statSync(file);
    const before = known.find((k) => k.name === name);
    const same = before && before.bytes === stat.size && before.mtimeMs === stat.mtimeMs;
    files.push({
      name,
      bytes: stat.size,
      sha256: same && !recompute ? before.sha256 : await sha256File(file),
      mtimeMs: stat.mtimeMs,
    });
  }
  return files;
}

/** The site's own names: site.url as the file gives it (not a --url stand-in), its aliases and hosts. */
function hostsOf(pipeline: Pipeline): string[] {
  const hosts = new Set<string>([new URL(pipeline.declaredUrl).host]);
  for (const h of [...pipeline.crawl.scope.aliases, ...pipeline.crawl.scope.hosts]) hosts.add(h.toLowerCase());
  return [...hosts];
}

function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export async function gatherEvidence(
  pipeline: Pipeline,
  outDir: string,
  options: { knownArchive?: ArchiveFile[]; recompute?: boolean; inbound?: Inbound } = {},
): Promise<Evidence> {
  const paths = sitePaths(outDir, pipeline.site.id);
  const hosts = hostsOf(pipeline);
  const manifestFile = path.join(paths.root, 'manifest.json');
  const manifest = readJson<Manifest>(manifestFile);
  const redirectsFile = path.join(paths.root, 'redirects', 'redirects.json');
  const redirects = readJson<unknown[]>(redirectsFile);
  const mappingExists = existsSync(pipeline.paths.mapping);

  const facts: Evidence['facts'] = {};
  const declared: [string, string | undefined][] = [
    ['organizer', pipeline.site.organizer],
    ['icpNumber', pipeline.site.icpNumber],
    ['psbNumber', pipeline.site.psbNumber],
    ['siteIdCode', pipeline.site.siteIdCode],
  ];
  for (const [key, value] of declared) if (value) facts[key] = { value, from: 'pipeline' };

  const evidence: Evidence = {
    site: pipeline.site.id,
    hosts,
    liveHosts: pipeline.site.url === pipeline.declaredUrl ? hosts : [new URL(pipeline.site.url).host],
    crawled: existsSync(paths.state),
    manifest: manifest && {
      file: manifestFile,
      finishedAt: manifest.finishedAt,
      totals: manifest.totals,
      rows: manifest.rows.length,
      byChannel: manifest.byChannel,
    },
    mapping: {
      file: pipeline.paths.mapping,
      exists: mappingExists,
      undecided: mappingExists ? checkMapping(pipeline.paths.mapping).undecided : [],
    },
    archive: {
      dir: paths.archive,
      files: await archiveFiles(paths.archive, options.knownArchive, options.recompute),
      bytes: 0,
      responses: 0,
      rendered: 0,
      cdxj: existsSync(paths.cdxj),
    },
    redirects: {
      file: redirects ? redirectsFile : undefined,
      count: redirects?.length ?? 0,
      verify: readJson<VerifyResult>(path.join(paths.root, 'redirects', 'verify.json')),
    },
    facts,
    embeds: { conac: [], jiucuo: [], beian: [] },
    inbound: [],
    homeUrl: new URL(pipeline.crawl.start[0] ?? '/', pipeline.site.url).href,
  };
  evidence.archive.bytes = evidence.archive.files.reduce((n, f) => n + f.bytes, 0);

  if (evidence.crawled) {
    const store = StoreReader.open(paths.state);
    try {
      const counts = store.archiveCounts();
      evidence.archive.responses = counts.responses;
      evidence.archive.rendered = counts.rendered;
      for (const [key, value] of Object.entries(store.siteFacts())) if (!facts[key]) facts[key] = { value, from: 'site' };
      for (const url of store.embeddedServiceUrls()) {
        if (/conac\.cn/i.test(url)) evidence.embeds.conac.push(url);
        else if (/jiucuo/i.test(url)) evidence.embeds.jiucuo.push(url);
        else evidence.embeds.beian.push(url);
      }
    } finally {
      store.close();
    }
  }
  evidence.inbound =
    options.inbound ?? inboundBySite(outDir, [{ id: pipeline.site.id, hosts: siteHosts(pipeline) }]).get(pipeline.site.id) ?? [];
  return evidence;
}

export type Inbound = Evidence['inbound'];

/** Every host a site answers on: its address and its aliases. */
export function siteHosts(pipeline: Pipeline): string[] {
  return [...new Set([...hostsOf(pipeline), new URL(pipeline.site.url).host])];
}

/**
 * The links to each of `sites` from every other store in out/ (a province's batch): each store
 * opened once and read in one pass, for one site's checklist or for every site of a batch at its
 * end (each site asking on its own would be sites × sites opens).
 */
export function inboundBySite(outDir: string, sites: { id: string; hosts: string[] }[]): Map<string, Inbound> {
  const found = new Map<string, Inbound>(sites.map((s) => [s.id, []]));
  if (!existsSync(outDir)) return found;
  const all = new Set(sites.flatMap((s) => s.hosts));
  for (const other of readdirSync(outDir).sort()) {
    const file = path.join(outDir, other, 'state.sqlite');
    // A site's own store says nothing of the links to it from other sites.
    if (!existsSync(file) || sites.every((s) => s.id === other)) continue;
    let store: StoreReader | undefined;
    try {
      store = StoreReader.open(file);
      const links = store.linksToAnyHost(all);
      for (const site of sites) {
        if (site.id === other) continue;
        const hosts = new Set(site.hosts);
        const mine = links.filter((l) => hosts.has(l.host));
        if (mine.length === 0) continue;
        // The pages that link the site, and the first five links by page and target.
        const examples = mine
          .map(({ from, to }) => ({ from, to }))
          .sort((a, b) => (a.from === b.from ? (a.to < b.to ? -1 : a.to > b.to ? 1 : 0) : a.from < b.from ? -1 : 1))
          .slice(0, 5);
        found.get(site.id)?.push({ site: other, pages: new Set(mine.map((l) => l.fromId)).size, examples });
      }
    } catch {
      // Not a sitefold store, or one being written: it is simply not counted.
    } finally {
      store?.close();
    }
  }
  return found;
}
