/**
 * npm run eval:columns -- <site dir> [--articles REGEX] [--render auto|static|browser] [--truth FILE]
 *
 * Serves a saved site (a folder of files) on 127.0.0.1, crawls and extracts it with sitefold, and
 * measures how many of the article pages the site's own navigation reaches end as records under the
 * column a person would name. "A person would name" is read from the site, not from sitefold: the
 * article page's breadcrumb (当前位置/你现在的位置：首页 > … > 通知公告) names the column and links its
 * list page; where an article has no breadcrumb, the column is the list page that links it whose
 * name is the anchor text the site's own nav/left menu gives that list. A record is right when its
 * column has that name and that list page. Pages with no labelled breadcrumb are judged by a
 * person: `--truth FILE` is that person's reading, a JSON object from a path prefix to the column
 * they name there and the page where they see it ({ "/en/news/": { "name": "News", "list": "/en/" } });
 * the longest prefix that fits a page judges it (names compared with whitespace collapsed). Pages
 * neither judges are listed apart. Prints a table; asserts nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadPipeline } from '../src/config/pipeline.js';
import { crawlSite } from '../src/crawl/crawler.js';
import { all } from '../src/extract/dom.js';
import { parseHtml } from '../src/extract/page.js';
import { extractSite } from '../src/extract/site.js';
import { startStaticServer } from '../src/serve/static-server.js';
import { StoreReader } from '../src/store/reader.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    articles: { type: 'string', default: '/t\\d{8}_\\d+\\.s?html?$' },
    render: { type: 'string', default: 'auto' },
    truth: { type: 'string' },
  },
});
const dir = positionals[0];
if (!dir) {
  process.stderr.write('usage: npm run eval:columns -- <site dir> [--articles REGEX] [--render auto|static|browser] [--truth FILE]\n');
  process.exit(2);
}
const articleUrl = new RegExp(values.articles);
const judged = Object.entries(
  values.truth ? (JSON.parse(readFileSync(values.truth, 'utf8')) as Record<string, { name: string; list?: string }>) : {},
).sort(([a], [b]) => b.length - a.length);
const sameName = (a: string, b: string) => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();
/** What the person's reading (--truth) says of a page without a labelled breadcrumb. */
function judgedColumn(urlPath: string): { name: string; list?: string } | undefined {
  return judged.find(([prefix]) => urlPath.startsWith(prefix))?.[1];
}
const crumbLabel = /(?:当前位置|现在的位置|您的位置|所在位置)\s*[:：]/;

/** The column a person sees on an article page: the breadcrumb's last link (name, list URL). */
function personColumn(file: string, url: string): { name: string; list?: string } | undefined {
  const doc = parseHtml(readFileSync(file, 'utf8'));
  for (const el of all(doc, 'div, p, span, td, li')) {
    // The label must be the element's own text, not a descendant block's.
    const own = Array.from(el.childNodes)
      .filter((n) => n.nodeType === 3 || (n as Element).tagName !== 'DIV')
      .map((n) => n.textContent ?? '')
      .join('');
    if (!crumbLabel.test(own.slice(0, 40))) continue;
    const links = all(el, 'a');
    const last = links[links.length - 1];
    if (!last || links.length < 2) continue;
    // A link the copy broke (javascript:;, empty) still shows the name; the list is then not judged.
    const href = last.getAttribute('href') ?? '';
    const list = /^\s*(?:javascript:|#|$)/i.test(href) ? undefined : new URL(href, url).pathname.replace(/index\.s?html?$/, '');
    return { name: (last.textContent || last.getAttribute('title') || '').replace(/\s+/g, ''), list };
  }
  return undefined;
}

const root = path.resolve(dir);
const server = await startStaticServer(root);
const work = mkdtempSync(path.join(tmpdir(), 'sitefold-eval-columns-'));
try {
  writeFileSync(path.join(work, 'channels.yaml'), '- { key: all, name: 全部, path: /all/ }\n');
  writeFileSync(
    path.join(work, 'site.yaml'),
    `site: { id: eval-site, name: 评测站点, url: "${server.url}", closure: merged }\nparent: { channels: channels.yaml, baseUrl: "https://www.example.gov.cn/" }\ncrawl: { delayMs: 0, respectRobots: false, concurrency: 4, render: ${values.render} }\nmapping: mapping.yaml\n`,
  );
  const pipeline = loadPipeline(path.join(work, 'site.yaml'));
  const started = performance.now();
  const crawl = await crawlSite(pipeline, { outDir: path.join(work, 'out'), onNotice: (m) => process.stderr.write(`${m}\n`) });
  const crawlSeconds = (performance.now() - started) / 1000;
  await extractSite(pipeline, { outDir: path.join(work, 'out') });
  const store = StoreReader.open(path.join(work, 'out', 'eval-site', 'state.sqlite'));
  const reached = store.recordColumns();
  const columns = new Map(store.columns().map((c) => [c.id, c]));
  store.close();
  let articles = 0;
  let records = 0;
  let right = 0;
  let noTruth = 0;
  const wrong: string[] = [];
  const perColumn = new Map<string, { right: number; all: number }>();
  const unjudged: string[] = [];
  for (const { url, col } of reached) {
    const urlPath = new URL(url).pathname;
    if (!articleUrl.test(urlPath)) continue;
    articles++;
    if (col !== null) records++;
    const truth = personColumn(path.join(root, decodeURIComponent(urlPath)), url) ?? judgedColumn(urlPath);
    if (!truth) {
      noTruth++;
      unjudged.push(
        `${urlPath}: no breadcrumb; sitefold ${col ? `${columns.get(col)?.name} (${new URL(columns.get(col)?.url ?? url).pathname})` : 'no column'}`,
      );
      continue;
    }
    const got = col ? columns.get(col) : undefined;
    const gotList = got ? new URL(got.url).pathname.replace(/index\.s?html?$/, '') : '';
    const tally = perColumn.get(truth.name) ?? { right: 0, all: 0 };
    perColumn.set(truth.name, tally);
    tally.all++;
    if (got && sameName(got.name, truth.name) && (truth.list === undefined || gotList === truth.list.replace(/index\.s?html?$/, ''))) {
      right++;
      tally.right++;
    } else
      wrong.push(
        `${urlPath}: the site says ${truth.name} (${truth.list ?? 'link broken'}), sitefold ${got ? `${got.name} (${gotList})` : 'no column'}`,
      );
  }
  const judged = articles - noTruth;
  console.log(
    `| site | article pages reached | records | judged (breadcrumb, or --truth) | under the right column | crawl s | rendered | pager clicks |`,
  );
  console.log(`| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
  console.log(
    `| ${path.basename(root)} | ${articles} | ${records} | ${judged} | ${right} (${((100 * right) / Math.max(1, judged)).toFixed(1)} %) | ${crawlSeconds.toFixed(1)} | ${crawl.renderedThisRun} | ${crawl.render.browser?.pagerClicks ?? 0} |`,
  );
  console.log(`${columns.size} columns; ${crawl.render.browser?.cutOutOfScope ?? 0} browser requests to other hosts cut`);
  console.log(`per column (the site's name: right/judged): ${[...perColumn].map(([name, t]) => `${name} ${t.right}/${t.all}`).join('; ')}`);
  for (const line of [...wrong, ...unjudged].slice(0, Number(process.env.SHOW ?? 20))) console.log(`  ${line}`);
} finally {
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
