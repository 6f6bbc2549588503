/**
 * Redirect maps applied by real servers on 127.0.0.1: Debian's nginx (nginx.conf) and apache2
 * (apache.conf + its RewriteMap), for three served samples: dept-trs (GBK, directory spellings,
 * `;jsessionid=` links), county-js (list pages told apart by their query) and hostile (Chinese
 * paths, linked raw and percent-encoded). Every spelling the sites link, plus a session-id and a
 * tracking-query variant of each, must answer 301 to the redirect's target; verify-redirects
 * reports the same per spelling and notices a wrong target.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPipeline } from '../src/config/pipeline.js';
import { type Redirect, writeRedirects } from '../src/emit/redirects.js';
import { runCli } from './helpers/cli.js';
import { copySample, sharedSample } from './helpers/samples.js';
import { loadTruth, samplesDir } from './helpers/truth.js';
import { startApache, startNginx, type WebServer } from './helpers/web-servers.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

const sites = ['dept-trs', 'county-js', 'hostile'] as const;
type Site = (typeof sites)[number];
let workspace: Workspace;
const servers = new Map<string, WebServer>();
const dropParams = new Map<Site, string[]>();
const pipelineFile = (site: Site) => path.join(samplesDir, '..', 'pipelines', `${site}.yaml`);
const redirectsOf = (site: Site) => JSON.parse(readFileSync(`${workspace.out}/${site}/redirects/redirects.json`, 'utf8')) as Redirect[];

beforeAll(async () => {
  workspace = makeWorkspace({ url: 'http://127.0.0.1:9/' });
  // Apache's workers (user nobody) read the RewriteMap files.
  chmodSync(workspace.dir, 0o755);
  // The run's shared emits, copied: Apache's workers read them, and a test here edits one.
  for (const shared of await Promise.all(sites.map(sharedSample))) {
    const site = shared.site;
    copySample(shared.emitted, site, workspace.out);
    dropParams.set(site, loadPipeline(pipelineFile(site), { url: shared.url }).crawl.dropParams);
  }
  // Paths no sample has: GBK-encoded bytes, a blank, a dollar sign, a control character, an id-based CMS query.
  mkdirSync(`${workspace.out}/odd/redirects`, { recursive: true });
  writeRedirects(`${workspace.out}/odd/redirects`, oddRedirects, 'odd');
  const include = (file: string) => [...sites, 'odd'].map((site) => ({ site, include: `${workspace.out}/${site}/redirects/${file}` }));
  servers.set('nginx', await startNginx(workspace.dir, include('nginx.conf')));
  servers.set('apache', await startApache(workspace.dir, include('apache.conf')));
});

afterAll(async () => {
  for (const server of servers.values()) await server.stop();
  workspace?.remove();
});

const odd = (n: number) => `https://www.example.gov.cn/odd/${n}.html`;
const oddRedirects: Redirect[] = [
  { from: '/%D6%D0%CE%C4/%CD%A8%D6%AA.html', to: odd(1), kind: 'article', reason: 'GBK path' },
  { from: '/a%20b/c%28d%29.html', to: odd(2), kind: 'article', reason: 'blank and parentheses' },
  { from: '/price$5.html', to: odd(3), kind: 'article', reason: 'dollar' },
  { from: '/tab%09name.html', to: odd(4), kind: 'article', reason: 'control character' },
  { from: '/detail.jsp?id=5', to: odd(5), kind: 'article', reason: 'id query' },
  { from: '/detail.jsp?id=6', to: odd(6), kind: 'article', reason: 'id query' },
  { from: '/%E4%B8%AD%E6%96%87.html?pageNum=2&uid=1', to: odd(7), kind: 'list', reason: 'two parameters' },
  { from: '/$1.html', to: 'https://www.example.gov.cn/odd/$1.html', kind: 'article', reason: 'dollar in the target' },
];

/** The test's own idea of "the same page": path decoded without session segments, query without session or tracking parameters, sorted. */
function samePage(uri: string, drop: string[]): string {
  const url = new URL(uri, 'http://site.invalid');
  const names = new Set([...drop, 'jsessionid', 'phpsessid', 'sessionid', 'sid'].map((d) => d.toLowerCase()));
  const pathname = decodeURIComponent(url.pathname.replace(/;(?:jsessionid|phpsessid|sessionid|sid)=[^/;]*/gi, ''));
  const params = [...url.searchParams].filter(([k]) => !names.has(k.toLowerCase())).map(([k, v]) => `${k.toLowerCase()}=${v}`);
  return `${pathname}?${params.sort().join('&')}`;
}

/** Every spelling the site's pages link (from the sample's truth), with the redirect each must reach. */
function linkedSpellings(site: Site, redirects: Redirect[]): { uri: string; to: string }[] {
  const drop = dropParams.get(site) ?? [];
  const truth = loadTruth(site) as unknown as { pages?: { url: string }[]; sessionIdLinks?: { href: string }[]; links?: string[] };
  const linked = [...(truth.pages ?? []).map((p) => p.url), ...(truth.sessionIdLinks ?? []).map((l) => l.href), ...(truth.links ?? [])];
  const target = new Map(redirects.map((r) => [samePage(r.from, drop), r.to]));
  const spellings = new Map<string, string>();
  for (const uri of linked) {
    const to = target.get(samePage(uri, drop));
    // Images, scripts, dead links… are no redirect's source.
    if (to) spellings.set(new URL(uri, 'http://site.invalid').pathname + new URL(uri, 'http://site.invalid').search, to);
  }
  return [...spellings].map(([uri, to]) => ({ uri, to }));
}

const variants: Record<string, (uri: string) => string> = {
  'as linked': (uri) => uri,
  'session id': (uri) => uri.replace(/^([^?]*?)(?:;jsessionid=[^/?]*)?(\?|$)/i, '$1;jsessionid=0123456789ABCDEF0123456789ABCDEF$2'),
  'tracking query': (uri) => `${uri}${uri.includes('?') ? '&' : '?'}from=weixin&utm_source=wechat&utm_medium=share`,
};

async function answers(base: string, uri: string): Promise<{ status: number; location: string | null }> {
  const response = await fetch(`${base}${uri}`, { redirect: 'manual' });
  await response.arrayBuffer();
  return { status: response.status, location: response.headers.get('location') };
}

describe('redirects through real nginx and Apache', () => {
  it('cover every article and column page of the samples', () => {
    for (const site of ['dept-trs', 'county-js'] as const) {
      const from = new Set(redirectsOf(site).map((r) => samePage(r.from, dropParams.get(site) ?? [])));
      const truth = loadTruth(site);
      for (const article of truth.articles) expect(from.has(samePage(article.url, [])), article.url).toBe(true);
      for (const column of truth.columns) for (const page of column.listPages) expect(from.has(samePage(page, [])), page).toBe(true);
    }
    const hostile = loadTruth('hostile') as unknown as { articles: { url: string }[] };
    const from = new Set(redirectsOf('hostile').map((r) => samePage(r.from, [])));
    for (const article of hostile.articles) expect(from.has(samePage(article.url, [])), article.url).toBe(true);
  });

  it('answer 301 to the target for every linked spelling, with a session id and with a tracking query', async () => {
    const figures: string[] = [];
    const misses: string[] = [];
    for (const site of sites) {
      const spellings = linkedSpellings(site, redirectsOf(site));
      expect(spellings.length).toBeGreaterThan(5);
      if (site === 'hostile') expect(spellings.some((s) => /%E9%80%9A/i.test(s.uri))).toBe(true);
      if (site === 'county-js') expect(spellings.some((s) => /pagenum=/i.test(s.uri))).toBe(true);
      for (const [server, web] of servers) {
        const base = web.bases.get(site) as string;
        for (const [name, spell] of Object.entries(variants)) {
          let ok = 0;
          for (const { uri, to } of spellings) {
            const requested = spell(uri);
            const got = await answers(base, requested);
            if (got.status === 301 && got.location === to) ok++;
            else misses.push(`${server} ${site} ${requested}: ${got.status} ${got.location} (expected ${to})`);
          }
          figures.push(`${server} ${site} ${name}: ${ok}/${spellings.length}`);
        }
      }
    }
    console.info(`redirect figures (spelling answered 301 to its target / spellings)\n${figures.join('\n')}`);
    expect(misses).toEqual([]);
  });

  it('send nothing else to a redirect: unknown pages and other query values stay unmatched', async () => {
    for (const [, web] of servers) {
      const base = web.bases.get('county-js') as string;
      const list = redirectsOf('county-js').find((r) => /pageNum=/i.test(r.from)) as Redirect;
      const other = list.from.replace(/pageNum=\d+/i, 'pageNum=999');
      expect((await answers(base, other)).status).toBe(404);
      expect((await answers(base, '/no/such/page.html?from=weixin')).status).toBe(404);
    }
  });

  it('verify-redirects reports each spelling, and lists an old URL that does not answer 301 to its target', async () => {
    for (const [server, web] of servers) {
      const base = web.bases.get('hostile') as string;
      const result = await runCli(['verify-redirects', pipelineFile('hostile'), '--base', base, '--out', workspace.out]);
      const n = redirectsOf('hostile').length;
      expect(result.stdout, server).toContain(`${n} of ${n} old URLs answer 301`);
      for (const spelling of ['as-linked', 'session-id', 'tracking-query']) expect(result.stdout).toContain(`${spelling}: ${n}/${n}`);
      expect(result.code).toBe(0);
    }
    const file = `${workspace.out}/dept-trs/redirects/redirects.json`;
    const redirects = redirectsOf('dept-trs');
    const wrong = redirects[5] as Redirect;
    wrong.to = 'https://www.yn.example.gov.cn/elsewhere/';
    writeFileSync(file, JSON.stringify(redirects));
    const result = await runCli([
      'verify-redirects',
      pipelineFile('dept-trs'),
      '--base',
      servers.get('nginx')?.bases.get('dept-trs') as string,
      '--out',
      workspace.out,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${wrong.from}  expected 301 → https://www.yn.example.gov.cn/elsewhere/`);
    expect(result.stdout).toContain(`as-linked: ${redirects.length - 1}/${redirects.length}`);
  });

  it('match paths no sample has: GBK bytes, blanks, dollars, control characters, id queries', async () => {
    const requests: [string, string | undefined][] = [
      ['/%D6%D0%CE%C4/%CD%A8%D6%AA.html', odd(1)],
      ['/%d6%d0%ce%c4/%cd%a8%d6%aa.html;jsessionid=AB12', odd(1)],
      ['/a%20b/c(d).html?from=weixin', odd(2)],
      ['/price$5.html', odd(3)],
      ['/price%245.html', odd(3)],
      ['/tab%09name.html', odd(4)],
      ['/detail.jsp?id=5&from=weixin', odd(5)],
      ['/detail.jsp?from=weixin&ID=6', odd(6)],
      ['/detail.jsp?id=7', undefined],
      ['/detail.jsp', undefined],
      ['/%E4%B8%AD%E6%96%87.html?uid=1&pageNum=2&utm_source=x', odd(7)],
      ['/%E4%B8%AD%E6%96%87.html?pageNum=2', undefined],
      ['/$1.html', 'https://www.example.gov.cn/odd/$1.html'],
    ];
    const misses: string[] = [];
    for (const [server, web] of servers)
      for (const [uri, to] of requests) {
        const got = await answers(web.bases.get('odd') as string, uri);
        const ok = to ? got.status === 301 && got.location === to : got.status === 404;
        if (!ok) misses.push(`${server} ${uri}: ${got.status} ${got.location} (expected ${to ?? 404})`);
      }
    expect(misses).toEqual([]);
  });
});
