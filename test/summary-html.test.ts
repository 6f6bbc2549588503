/**
 * out/summary.html as the provincial office opens it: in a real Chromium, from the file, with site
 * names and reasons that try to be markup. Nothing runs, nothing is fetched, every value reads as
 * the text it was; the counts and bars match the sites.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, findChromium } from '../src/crawl/browser.js';
import { type SiteResult, writeSummary } from '../src/pipeline/batch.js';

const hostileName = '<img src=x onerror="window.hacked=1">某县"政府"网站';
const hostileReason = '</td><script>window.hacked=2</script> 站点无法访问';

function site(id: string, fields: Partial<SiteResult>): SiteResult {
  return {
    site: id,
    name: id,
    pipeline: `pipelines/${id}.yaml`,
    state: 'done',
    pages: 0,
    records: 0,
    finishedAt: '',
    seconds: 1,
    ...fields,
  };
}

const sites: SiteResult[] = [
  site('yn-nyt', {
    name: '云南省农业农村厅',
    closure: 'merged',
    pages: 509,
    records: 265,
    outcomes: { migrated: 265, archived: 200, skipped: 10, dead: 15, failed: 0, 'out-of-scope': 19 },
    checklist: { done: 2, todo: 13, na: 0, todoItems: ['approval', 'notice'] },
    audit: { deadLinks: 15, emptyColumns: 2, staleColumns: 3, triggered: [] },
  }),
  site('county-x', { name: hostileName, closure: 'permanent', state: 'failed', reason: hostileReason }),
  site('county-y', { name: '某县人民政府', closure: 'temporary', state: 'running' }),
  site('county-z', { name: '某县例外网站', closure: 'exception', state: 'queued' }),
];

let dir: string;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sitefold-summary-'));
  writeSummary(
    dir,
    sites.map((s) => s.pipeline),
    new Map(sites.map((s) => [s.pipeline, s])),
    'test',
  );
  const found = await findChromium();
  browser = await chromium.launch({ executablePath: found.path, args: chromiumArgs });
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('summary.html', () => {
  it('opens in Chromium with every value as text, nothing run or fetched', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(path.join(dir, 'summary.html')).href);
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    expect(await page.locator('img, script, link, iframe').count()).toBe(0);
    expect(requests.filter((u) => !u.endsWith('summary.html'))).toEqual([]);
    // Each site's row, its name and reason read as written.
    expect(await page.locator('#sites tbody tr').count()).toBe(4);
    expect(await page.locator('tr[data-site="county-x"] td').first().textContent()).toContain(hostileName);
    expect(await page.locator('#attention').textContent()).toContain(hostileReason);
    expect(await page.locator('tr[data-site="yn-nyt"] td').nth(2).textContent()).toBe('完成');
    // The census sentence and the totals as the office reads them.
    expect(await page.locator('#census').textContent()).toContain(
      '本批次处理政府网站 4 个。其中，申请例外 1 个，申请永久关停 1 个，申请暂时关停 1 个，整合迁移 1 个；迁移信息 265 条，抓取网页 509 个。',
    );
    expect(await page.locator('#totals').textContent()).toContain('完成 1，待审核映射 0，失败 1，进行中 1，排队中 1');
    expect(await page.locator('#totals').textContent()).toContain('死链 15 个，空白栏目 2 个，不更新栏目 3 个');
    // The bars are drawn: by state (one of four sites done: a quarter of the bar), and the checklist bar.
    const stateBars = page.locator('svg.bars').first().locator('rect[fill="#16a34a"]');
    const doneWidth = (await stateBars.boundingBox())?.width ?? 0;
    expect(Math.round(doneWidth)).toBe(80);
    expect(await page.locator('svg[font-size="13"] rect[fill="#16a34a"]').count()).toBe(1);
    // While sites run the page refreshes itself.
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(1);
    await page.close();
  });

  it('once every site ended, the page stops refreshing', () => {
    const ended = sites.map((s) => ({ ...s, state: s.state === 'failed' ? s.state : ('done' as const) }));
    writeSummary(
      dir,
      ended.map((s) => s.pipeline),
      new Map(ended.map((s) => [s.pipeline, s])),
      'test',
    );
    expect(readFileSync(path.join(dir, 'summary.html'), 'utf8')).not.toContain('http-equiv="refresh"');
  });
});
