/**
 * The link scanner (src/crawl/links.ts drives htmlparser2's Tokenizer with its own copy of the
 * Parser's tree rules) against the same scan built on htmlparser2's Parser itself
 * (helpers/links-reference.ts): the same links (URL as written, tag, anchor text), title, <base> and
 * render signals on every HTML page of the bundled samples, on markup written to hit the Parser's
 * rules (implied closes, void and foreign elements, stray end tags, repeated attributes, a document
 * cut short), and on ../shared/realpages when that folder is there (it is not in CI).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanRaw } from '../src/crawl/links.js';
import { decodeText, detectCharset } from '../src/web/charset.js';
import { referenceScan } from './helpers/links-reference.js';
import { samplesDir } from './helpers/truth.js';

/** Where ../shared/realpages is, as extract-realpages.test.ts finds it ($SITEFOLD_REALPAGES, beside the checkout, or two levels up). */
const root = path.resolve(import.meta.dirname, '..');
const realpages = (
  process.env.SITEFOLD_REALPAGES
    ? [path.resolve(process.env.SITEFOLD_REALPAGES)]
    : [path.join(root, '..', 'shared', 'realpages', 'pages'), path.join(root, '..', '..', 'shared', 'realpages', 'pages')]
).find((c) => existsSync(c));

function htmlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.s?html?$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function read(file: string): string {
  const bytes = readFileSync(file);
  return decodeText(bytes, detectCharset(bytes).charset);
}

/** Pages whose scan differs, with the first difference; and how many links were compared. */
function compare(pages: [string, string][]): { differing: string[]; links: number } {
  const differing: string[] = [];
  let links = 0;
  for (const [name, html] of pages) {
    const ours = scanRaw(html, 'http://site.example.gov.cn/dir/page.html');
    const theirs = referenceScan(html);
    links += theirs.links.length;
    const a = { title: ours.title, base: ours.base, signals: ours.signals, links: ours.links };
    const b = { title: theirs.title, base: theirs.base, signals: theirs.signals, links: theirs.links };
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const at = a.links.findIndex((l, i) => JSON.stringify(l) !== JSON.stringify(b.links[i]));
    differing.push(
      `${name}: ${at >= 0 ? `link ${at}: ${JSON.stringify(a.links[at])} vs ${JSON.stringify(b.links[at])}` : JSON.stringify({ ...a, links: a.links.length })}`,
    );
  }
  return { differing, links };
}

/** Markup aimed at the Parser's rules, each piece a page of its own and all of them one page. */
const edges = [
  '<p>一<div id="list"><a href="a.html">甲</a></div><p>二</p></p><a href="b.html">乙</a>',
  '<table class="news"><tr><td><a href="c.html">丙<tr><td><a href="d.html">丁</a></table>',
  '<ul class="list"><li><a href="e.html">戊<li><a href="f.html">己</ul><div class="content"></div>',
  '<select><option>1<option>2</select><a href="g.html" title="标题" href="dup.html">庚</a>',
  '<svg><a href="h.html"/><title>svg 标题</title><foreignObject><a href="i.html">辛</a></foreignObject></svg><a href="j.html">壬</a>',
  '<math><mi><a href="k.html">癸</a></mi></math></br><a href="l.html" ONCLICK="location.href=\'m.html\'">子</a>',
  '<a href="javascript:void(0)" onclick="go(2)">下一页</a><a href="#">2</a><a onclick="go(3)">末页</a><a>3</a>',
  '<a href="n.html">外<a href="o.html">内</a>尾</a><area href="p.html" alt="区"><img data-src="q.jpg" alt="图">',
  '<base href="/other/"><base href="/second/"><link rel="Next" href="r.html"><link rel="preload" href="s.css">',
  '<meta http-equiv="Refresh" content="0; url=\'t.html\'"><iframe src="u.html"></iframe><object data="v.swf"></object>',
  '<script>var x = $.ajax({}); window.open("w.html"); createPageHTML(3, 0, "index", "shtml");</script><style>a{}</style>',
  '<title>站点 &amp; 标题 &lt;x&gt;</title><a href="x.html?a=1&amp;b=2&copy">&nbsp;&#x4E2D;&#25991;&nbsp;</a>',
  '<dl class="datalist"><dt>甲<dd>乙<dt>丙</dl><h1>一<p>二<h2>三</h2><form><input name=q><button>搜</button></form>',
  '</p><div class="lb"><script src="y.js"></script></div><textarea><a href="z.html">文本</a></textarea>',
  '<a href="  aa.html  "  title="  ">  链  接  </a><a href="#top">顶</a><a href="">空</a><embed src="bb.swf"><source src="cc.mp4">',
  '<div class="list"/><a href="ee.html">丑</a></div><ul class="news"></ul><br/><p/>寅',
  '<div class="items"><span><a href="dd.html">截断',
];

describe('the link scanner against htmlparser2’s Parser', () => {
  it('finds the same links, title, base and signals on every page of the samples', () => {
    const files = htmlFiles(path.join(samplesDir, 'sites'));
    const sites = new Set(files.map((f) => path.relative(path.join(samplesDir, 'sites'), f).split(path.sep)[0]));
    expect(sites.size).toBeGreaterThanOrEqual(6);
    expect(files.length).toBeGreaterThan(500);
    const { differing, links } = compare(files.map((f) => [path.relative(samplesDir, f), read(f)]));
    expect(differing).toEqual([]);
    expect(links).toBeGreaterThan(10_000);
  });

  it('agrees on markup aimed at the Parser’s tree rules', () => {
    const pages: [string, string][] = edges.map((html, i) => [`edge ${i}`, html]);
    pages.push(['all edges', edges.join('\n')]);
    const { differing, links } = compare(pages);
    expect(differing).toEqual([]);
    expect(links).toBeGreaterThan(50);
    // The reference is not trivially empty where the rules matter: the implied closes end the list containers.
    expect(referenceScan(edges[2] as string).signals.emptyListContainers).toBe(1);
  });

  it('agrees on the real pages of ../shared/realpages, when they are there', () => {
    const files = htmlFiles(realpages ?? '');
    if (realpages) expect(files.length).toBeGreaterThan(400);
    const { differing } = compare(files.map((f) => [path.basename(path.dirname(f)) + path.sep + path.basename(f), read(f)]));
    expect(differing).toEqual([]);
  });
});
