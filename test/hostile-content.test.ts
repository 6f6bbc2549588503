/**
 * The hostile sample run end to end (batch: crawl → extract → emit → checklist → summary, then
 * the review page): every output a person or a CMS opens is loaded in real Chromium with
 * JavaScript on, and no payload runs (window.__pwned, which each payload would set, stays unset;
 * no dialog opens); the Markdown bodies rendered by a trusting renderer (raw HTML on) run nothing
 * either; front matter keeps its shape; CSV cells cannot start a formula; and the bundle holds no
 * attachment or image a browser would render as a page or a system would run.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import MarkdownIt from 'markdown-it';
import { chromium } from 'playwright';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { chromiumArgs, findChromium } from '../src/crawl/browser.js';
import { renderReviewPage } from '../src/mapping/review.js';
import { runBatch } from '../src/pipeline/batch.js';
import { type StaticServer, startStaticServer } from '../src/serve/static-server.js';
import { samplesDir } from './helpers/truth.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

const truth = JSON.parse(readFileSync(path.join(samplesDir, 'sites', 'hostile', 'truth.json'), 'utf8')) as {
  pwnedFlag: string;
  articles: { url: string; title: string }[];
};
let server: StaticServer;
let workspace: Workspace;
let site: string;
let mappingFile: string;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

beforeAll(async () => {
  server = await startStaticServer(path.join(samplesDir, 'sites', 'hostile'));
  workspace = makeWorkspace({ url: server.url });
  const pipeline = parse(readFileSync(path.join(samplesDir, '..', 'pipelines', 'hostile.yaml'), 'utf8'));
  mappingFile = path.join(workspace.dir, 'hostile-mapping.yaml');
  writeFileSync(
    mappingFile,
    readFileSync(path.join(samplesDir, '..', 'mappings', 'hostile.yaml'), 'utf8').replace(
      'channels: ../samples/parent/channels.yaml',
      `channels: ${path.join(samplesDir, 'parent', 'channels.yaml')}`,
    ),
  );
  // The site's name (the pipeline's) attacks the summary too.
  pipeline.site = { ...pipeline.site, url: server.url, name: `${pipeline.site.name}<script>window.${truth.pwnedFlag}=1</script>` };
  pipeline.parent.channels = path.join(samplesDir, 'parent', 'channels.yaml');
  pipeline.mapping = mappingFile;
  const file = path.join(workspace.dir, 'hostile.yaml');
  writeFileSync(file, stringify(pipeline));
  await runBatch([file], { outDir: workspace.out, concurrency: 1, version: 'test', quiet: true });
  site = path.join(workspace.out, 'hostile');
  writeFileSync(path.join(site, 'review.html'), renderReviewPage(mappingFile));
});

afterAll(async () => {
  await server?.close();
  workspace?.remove();
});

describe('hostile content', () => {
  it('migrates every article, with its payload as text', () => {
    const records = readdirSync(path.join(site, 'records'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(path.join(site, 'records', f), 'utf8')) as { title: string; sourceUrl: string });
    expect(records.map((r) => r.title).sort()).toEqual(truth.articles.map((a) => a.title).sort());
  });

  it('says on the record what was left out, each reason once', () => {
    const records = readdirSync(path.join(site, 'records'))
      .filter((f) => f.endsWith('.json'))
      .map(
        (f) =>
          JSON.parse(readFileSync(path.join(site, 'records', f), 'utf8')) as {
            title: string;
            warnings?: { rule: string; reason: string }[];
          },
      );
    const list = records.find((r) => r.title.startsWith('关于公布第二批示范名单的公告'));
    expect(list?.warnings).toEqual([
      {
        rule: 'extract:link-dropped',
        reason: 'link "javascript:;" dropped: only http(s), relative, mailto: and tel: targets are kept (×2)',
      },
    ]);
    const refused = records.find((r) => r.title.startsWith('=HYPERLINK'))?.warnings?.map((w) => w.rule);
    expect(refused).toEqual(['extract:attachment-refused', 'extract:attachment-refused', 'extract:attachment-refused']);
  });

  it('keeps the front matter’s shape whatever the titles and sources say', () => {
    for (const f of readdirSync(path.join(site, 'records')).filter((n) => n.endsWith('.md'))) {
      const text = readFileSync(path.join(site, 'records', f), 'utf8');
      const [, front] = /^---\n([\s\S]*?)\n---\n/.exec(text) ?? [];
      const fields = parse(front ?? '') as Record<string, unknown>;
      const json = JSON.parse(readFileSync(path.join(site, 'records', f.replace(/\.md$/, '.json')), 'utf8'));
      const { bodyMarkdown: _body, ...rest } = json;
      expect(fields, f).toEqual(rest);
    }
  });

  it('writes CSV cells that cannot start a formula', () => {
    for (const file of [path.join(site, 'manifest.csv'), path.join(site, 'redirects', 'redirects.csv')]) {
      // Read by a real CSV parser, as a spreadsheet would: no cell starts a formula.
      const cells = (parseCsv(readFileSync(file, 'utf8'), { bom: true }) as string[][]).flat();
      expect(cells.length, file).toBeGreaterThan(6);
      for (const cell of cells) expect(cell, file).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
    }
  });

  it('holds no attachment or image that a browser renders as a page or a system runs', async () => {
    const bundle = [...filesUnder(path.join(site, 'attachments')), ...filesUnder(path.join(site, 'media'))];
    expect(bundle.length).toBeGreaterThan(3);
    const safe = /\.(?:pdf|docx?|xlsx?|pptx?|wps|et|ofd|zip|rar|7z|txt|csv|jpg|png|gif|webp)$/;
    for (const file of bundle) {
      expect(path.basename(file), file).toMatch(safe);
      const head = readFileSync(file).subarray(0, 512);
      const text = head
        .toString('latin1')
        .replace(/^\xef\xbb\xbf/, '')
        .trimStart();
      expect(text.startsWith('<'), `${file} is markup`).toBe(false);
      expect(head.subarray(0, 2).toString('latin1') === 'MZ' || head.subarray(0, 4).toString('latin1') === '\x7fELF', `${file} runs`).toBe(
        false,
      );
      if (file.includes(`${path.sep}media${path.sep}`))
        expect(['png', 'jpeg', 'gif', 'webp']).toContain((await sharp(file).metadata()).format);
    }
  });

  it('opens every output in Chromium without running a payload', async () => {
    // The bodies as a CMS that allows raw HTML and every link would publish them.
    const trusting = new MarkdownIt({ html: true, linkify: true });
    trusting.validateLink = () => true;
    const rendered = path.join(workspace.dir, 'rendered');
    mkdirSync(rendered);
    for (const f of readdirSync(path.join(site, 'records')).filter((n) => n.endsWith('.md'))) {
      const body = readFileSync(path.join(site, 'records', f), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
      writeFileSync(
        path.join(rendered, f.replace(/\.md$/, '.html')),
        `<!doctype html><meta charset="utf-8"><body>${trusting.render(body)}</body>`,
      );
    }
    // A control page that does run the payload: the check below sees a script that runs.
    const control = path.join(workspace.dir, 'control.html');
    writeFileSync(control, `<!doctype html><script>window.${truth.pwnedFlag}=1</script>`);
    const outputs = [
      ...filesUnder(path.join(site, 'records')),
      ...filesUnder(rendered),
      ...['manifest.json', 'manifest.csv', 'checklist.md', 'checklist.json', 'notice.md', 'notice.html', 'review.html'].map((f) =>
        path.join(site, f),
      ),
      ...['summary.json', 'summary.md', 'summary.svg'].map((f) => path.join(workspace.out, f)),
      ...filesUnder(path.join(site, 'redirects')),
      ...filesUnder(path.join(site, 'attachments')),
      ...filesUnder(path.join(site, 'media')),
    ];
    const found = await findChromium();
    const browser = await chromium.launch({ executablePath: found.path, args: chromiumArgs });
    const opened: string[] = [];
    try {
      const context = await browser.newContext({ acceptDownloads: true });
      const probe = await context.newPage();
      await probe.goto(pathToFileURL(control).href);
      expect(await probe.evaluate((name) => (window as unknown as Record<string, unknown>)[name], truth.pwnedFlag)).toBe(1);
      await probe.close();
      const dialogs: string[] = [];
      for (const file of outputs) {
        const page = await context.newPage();
        page.on('dialog', (d) => {
          dialogs.push(`${file}: ${d.message()}`);
          void d.dismiss();
        });
        try {
          await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        } catch (error) {
          // A file Chromium offers to download (.md, .csv) is not rendered at all.
          if (/Download is starting/.test(String(error))) {
            await page.close();
            continue;
          }
          throw error;
        }
        await page.waitForTimeout(50);
        const flag = await page.evaluate((name) => (window as unknown as Record<string, unknown>)[name], truth.pwnedFlag);
        expect(flag, file).toBeUndefined();
        // What people read shows an RTL override, it does not obey it (records keep the text as it was).
        if (/\.(?:html|svg)$/.test(file))
          expect(await page.evaluate(() => /[\u202a-\u202e\u2066-\u2069]/.test(document.documentElement.textContent ?? '')), file).toBe(
            false,
          );
        opened.push(path.relative(workspace.dir, file));
        await page.close();
      }
      expect(dialogs).toEqual([]);
    } finally {
      await browser.close();
    }
    // The pages people open were rendered, not skipped; the payloads are in them as text.
    for (const name of ['notice.html', 'review.html', 'summary.svg', 'manifest.json', 'checklist.json'])
      expect(
        opened.some((o) => o.endsWith(name)),
        name,
      ).toBe(true);
    expect(opened.filter((o) => o.startsWith('rendered')).length).toBe(truth.articles.length);
    console.info(`opened in Chromium: ${opened.length} of ${outputs.length} outputs (the rest are offered as downloads)`);
    const review = renderReviewPage(mappingFile);
    expect(review).toContain(`新闻动态\\u003cimg src=x onerror=window.${truth.pwnedFlag}=1\\u003e`);
  });
});
