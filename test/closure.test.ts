/**
 * The closure checklist on the dept-trs sample, served over HTTP and run as a user would: the
 * evidence equals the manifest and the archive, each closure type has its own list, a person's
 * marks survive re-runs, and --check-live finds the notice on the old home page, verifies the
 * redirects and notices a changed archive.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { PipelineInput } from '../src/config/pipeline.js';
import { type StaticServer, startStaticServer } from '../src/serve/static-server.js';
import { runCli } from './helpers/cli.js';
import { copySample, type SharedSample, sharedSample } from './helpers/samples.js';
import { startServer } from './helpers/server.js';
import { loadTruth, samplesDir } from './helpers/truth.js';

const truth = loadTruth('dept-trs');
let dir: string;
let site: string;
/** The run's shared dept-trs (the crawl's address), and a copy of the site the webmaster edits, served for --check-live. */
let shared: SharedSample;
let server: StaticServer;
let out: string;
let siteOut: string;

interface Item {
  id: string;
  title: string;
  titleEn: string;
  status: string;
  evidence: string;
  responsible: string;
  rule: string;
  checkedAt?: string;
  markedBy?: string;
  note?: string;
  toolStatus?: string;
  data?: Record<string, unknown>;
}
interface Checklist {
  site: string;
  closure: string;
  generatedAt: string;
  counts: Record<'done' | 'todo' | 'n/a', number>;
  notice?: { title: string; files: string[]; seenAt?: string; lastSeenAt?: string; goneAt?: string; goneHow?: string };
  items: Item[];
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const checklist = () => readJson<Checklist>(path.join(siteOut, 'checklist.json'));
const item = (c: Checklist, id: string) => c.items.find((i) => i.id === id) as Item;

/** A pipeline file for the sample with some fields changed (same site id, so the same out/ folder). */
function pipelineVariant(name: string, change: (p: PipelineInput) => void): string {
  const p = parse(readFileSync(path.join(samplesDir, '..', 'pipelines', 'dept-trs.yaml'), 'utf8'));
  p.parent.channels = path.join(samplesDir, 'parent', 'channels.yaml');
  p.mapping = path.join(dir, 'mappings', 'dept-trs.yaml');
  change(p);
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(p));
  return file;
}

const cli = (args: string[], env?: Record<string, string>) => runCli([...args, '--url', shared.url, '--out', out], { env });
const live = (args: string[]) => runCli([...args, '--check-live', '--url', server.url, '--out', out]);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sitefold-closure-'));
  site = path.join(dir, 'site');
  cpSync(path.join(samplesDir, 'sites', 'dept-trs'), site, { recursive: true });
  mkdirSync(path.join(dir, 'mappings'));
  writeFileSync(
    path.join(dir, 'mappings', 'dept-trs.yaml'),
    readFileSync(path.join(samplesDir, '..', 'mappings', 'dept-trs.yaml'), 'utf8').replace(
      '../samples/parent/channels.yaml',
      path.join(samplesDir, 'parent', 'channels.yaml'),
    ),
  );
  out = path.join(dir, 'out');
  server = await startStaticServer(site);
  // Crawled, extracted and emitted: the run's shared dept-trs, copied; `run` over it finds it done and writes the checklist.
  shared = await sharedSample('dept-trs');
  siteOut = copySample(shared.emitted, 'dept-trs', out);
  const run = await cli(['run', pipelineVariant('dept-trs', () => {})]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  // `run` ends with the checklist and names what is left to do.
  expect(run.stdout).toMatch(/checklist .*checklist\.md \(整合\): \d+ done, \d+ to do; notice draft/);
  expect(run.stdout).toMatch(/to do: approval, notice, national-system/);
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('checklist for a merged site', () => {
  it('prefills the evidence: the manifest figures, the archive, the filings found on the site', async () => {
    const c = checklist();
    expect(c.site).toBe('dept-trs');
    expect(c.closure).toBe('merged');
    const manifest = readJson<{ totals: Record<string, number>; rows: unknown[] }>(path.join(siteOut, 'manifest.json'));
    const migrated = item(c, 'content-migrated');
    expect(migrated.status).toBe('done');
    expect(migrated.data?.totals).toEqual(manifest.totals);
    expect(migrated.data?.rows).toBe(manifest.rows.length);
    expect(migrated.evidence).toContain(`迁移 ${manifest.totals.migrated} · 归档 ${manifest.totals.archived}`);
    expect(migrated.evidence).toContain(`死链 ${manifest.totals.dead}`);

    // The archive: every WARC file with its real sha256 and size, the page count from the store.
    const archive = item(c, 'archive');
    const warcs = readdirSync(path.join(siteOut, 'archive')).filter((f) => f.endsWith('.warc.gz'));
    const files = archive.data?.files as { name: string; sha256: string; bytes: number }[];
    expect(files.map((f) => f.name)).toEqual(warcs.sort());
    for (const f of files) {
      const bytes = readFileSync(path.join(siteOut, 'archive', f.name));
      expect(f.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(f.bytes).toBe(bytes.length);
      expect(archive.evidence).toContain(f.sha256);
    }
    const db = new Database(path.join(siteOut, 'state.sqlite'), { readonly: true });
    const archived = db.prepare('SELECT COUNT(*) FROM fetches WHERE warc_file IS NOT NULL').pluck().get() as number;
    db.close();
    expect(archived).toBeGreaterThan(400);
    expect(archive.data?.responses).toBe(archived);
    expect(archive.evidence).toContain(`${archived} 个网址的响应`);
    expect(readFileSync(path.join(siteOut, 'archive', 'SHA256SUMS'), 'utf8')).toBe(files.map((f) => `${f.sha256}  ${f.name}\n`).join(''));
    // The pipeline names where the archive is kept, so the tool's part is done.
    expect(archive.status).toBe('done');
    expect(archive.evidence).toContain('云南省人民政府办公厅电子文件中心');

    expect(item(c, 'icp').evidence).toContain(truth.site.icpNumber);
    expect(item(c, 'psb').evidence).toContain(truth.site.psbNumber);
    expect(item(c, 'site-id-code').evidence).toContain(truth.site.siteIdCode);
    // The identity badge's link as the crawl normalised it (query parameters sorted).
    const conac = new URL(truth.outOfScope.find((u) => u.includes('conac')) as string);
    expect(item(c, 'conac').evidence).toContain(`${conac.origin}${conac.pathname}?id=${conac.searchParams.get('id')}`);
    expect(item(c, 'jiucuo').evidence).toContain('jiucuo.js');
    expect(item(c, 'domain').evidence).toContain('nyt.yn.example.gov.cn');
    expect(item(c, 'redirects').evidence).toMatch(/^\d+ 条跳转规则/);
    expect(item(c, 'redirects').status).toBe('todo');
    for (const i of c.items) {
      expect(i.title).toMatch(/[\u4e00-\u9fff]/);
      expect(i.titleEn).toMatch(/^[\x20-\x7e（）\u4e00-\u9fff]+$/);
      expect(i.responsible).not.toBe('');
      expect(i.rule).not.toBe('');
    }
    expect(c.counts.done + c.counts.todo + c.counts['n/a']).toBe(c.items.length);
    const md = readFileSync(path.join(siteOut, 'checklist.md'), 'utf8');
    for (const i of c.items) expect(md).toContain(i.title);
    expect(md).toContain('关停类型 closure: **整合** (merged)');
  });

  it('drafts the notice with the parent addresses of the main channels and of 依申请公开', () => {
    const md = readFileSync(path.join(siteOut, 'notice.md'), 'utf8');
    expect(md).toContain('# 关于云南省农业农村厅网站整合迁移的公告');
    expect(md).toContain('云南省人民政府门户网站（https://www.yn.example.gov.cn/）');
    // 部门动态 received the most records (66 in the manifest), so 政务动态 comes first.
    const channelLines = md.split('\n').filter((l) => l.startsWith('- '));
    expect(channelLines[0]).toBe('- 政务信息／政务动态：<https://www.yn.example.gov.cn/zwxx/zwdt/>');
    expect(md).toContain('- 政务信息／通知公告：<https://www.yn.example.gov.cn/zwxx/tzgg/>');
    expect(md).toContain('依申请公开：<https://www.yn.example.gov.cn/zwxx/zfxxgk/ysqgk/>');
    expect(md).toContain('原网页地址将自动跳转至新地址');
    expect(md).toContain(`联系电话：${truth.site.phone}`);
    const html = readFileSync(path.join(siteOut, 'notice.html'), 'utf8');
    expect(html).toContain('<a href="https://www.yn.example.gov.cn/zwxx/tzgg/">');
    expect(html).toContain('<meta charset="utf-8">');
  });

  it('escapes what it writes: a contact with markup stays text in the notice and the checklist', async () => {
    const hostile = pipelineVariant('hostile', (p) => {
      p.closure = { ...p.closure, contact: '<script>alert(1)</script> [x](javascript:alert(1))' };
    });
    const result = await cli(['checklist', hostile]);
    expect(result.code).toBe(0);
    const html = readFileSync(path.join(siteOut, 'notice.html'), 'utf8');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const md = readFileSync(path.join(siteOut, 'notice.md'), 'utf8');
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('](javascript');
  });
});

describe('checklists of the other closure types', () => {
  it('permanent: the merged list, with cancellation (not transfer) of the domain', async () => {
    const file = pipelineVariant('permanent', (p) => {
      p.site.closure = 'permanent';
    });
    expect((await cli(['checklist', file])).code).toBe(0);
    const c = checklist();
    expect(c.closure).toBe('permanent');
    expect(c.items.map((i) => i.id)).toEqual([
      'approval',
      'content-migrated',
      'notice',
      'national-system',
      'site-id-code',
      'archive',
      'redirects',
      'icp',
      'psb',
      'conac',
      'domain',
      'dns-tls',
      'search-engines',
      'jiucuo',
      'inbound-links',
    ]);
    expect(item(c, 'domain').evidence).toContain('申请注销');
    expect(readFileSync(path.join(siteOut, 'notice.md'), 'utf8')).toContain('永久关停的公告');
  });

  it('temporary: reason and date of return in the notice; filings and domain kept', async () => {
    const file = pipelineVariant('temporary', (p) => {
      p.site.closure = 'temporary';
      p.site.closureReason = '网站改版升级';
      p.site.returnDate = '2099-03-01';
      p.closure = { ...p.closure, keepReachable: ['依申请公开', '领导信箱'] };
    });
    const result = await cli(['checklist', file]);
    expect(result.code).toBe(0);
    const c = checklist();
    expect(c.items.map((i) => i.id)).toEqual([
      'approval',
      'notice',
      'national-system',
      'archive',
      'icp',
      'psb',
      'domain',
      'keep-reachable',
      'return-check',
    ]);
    expect(item(c, 'icp').status).toBe('n/a');
    expect(item(c, 'icp').evidence).toContain(truth.site.icpNumber);
    expect(item(c, 'psb').status).toBe('n/a');
    expect(item(c, 'domain').status).toBe('n/a');
    expect(item(c, 'keep-reachable').status).toBe('done');
    expect(item(c, 'return-check').evidence).toContain('2099-03-01');
    const md = readFileSync(path.join(siteOut, 'notice.md'), 'utf8');
    expect(md).toContain('# 关于云南省农业农村厅网站暂时关停的公告');
    expect(md).toContain('因网站改版升级，云南省农业农村厅网站（nyt.yn.example.gov.cn）');
    expect(md).toContain('预计于2099年3月1日恢复访问');
    expect(md).toContain('依申请公开、领导信箱仍可正常访问');
  });

  it('exception: its reason and approver, and the report to the national system', async () => {
    const undecided = pipelineVariant('exception', (p) => {
      p.site.closure = 'exception';
    });
    expect((await cli(['checklist', undecided])).code).toBe(0);
    let c = checklist();
    expect(c.items.map((i) => i.id)).toEqual(['national-system', 'exception-reason', 'exception-approval']);
    expect(c.items.map((i) => i.status)).toEqual(['todo', 'todo', 'todo']);
    expect(c.notice).toBeUndefined();
    const file = pipelineVariant('exception', (p) => {
      p.site.closure = 'exception';
      p.site.closureReason = '涉密业务系统，不宜迁移';
      p.site.approvedBy = '云南省人民政府办公厅（云政办函〔2026〕8号）';
    });
    expect((await cli(['checklist', file])).code).toBe(0);
    c = checklist();
    expect(item(c, 'exception-reason')).toMatchObject({ status: 'done', evidence: expect.stringContaining('涉密业务系统') });
    expect(item(c, 'exception-approval')).toMatchObject({ status: 'done', evidence: expect.stringContaining('云政办函〔2026〕8号') });
  });
});

describe("people's marks", () => {
  it('keeps a mark with who and when across re-runs; --reopen takes it back', async () => {
    const file = pipelineVariant('dept-trs', () => {});
    const marked = await cli(['checklist', file, '--done', 'approval', '--note', '云政办函〔2026〕12号', '--by', '张三']);
    expect(marked.code).toBe(0);
    expect(marked.stdout).toContain('marked approval done by 张三');
    let c = checklist();
    expect(item(c, 'approval')).toMatchObject({ status: 'done', markedBy: '张三', note: '云政办函〔2026〕12号', toolStatus: 'todo' });
    const when = item(c, 'approval').checkedAt;
    expect(when).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Another person marks another item, by the environment's name.
    expect((await cli(['checklist', file, '--done', 'icp', '--note', '已注销网站'], { SITEFOLD_USER: '李四' })).code).toBe(0);
    // The whole run again: the marks stand.
    const again = await cli(['run', file]);
    expect(again.code).toBe(0);
    c = checklist();
    expect(item(c, 'approval')).toMatchObject({ status: 'done', markedBy: '张三', note: '云政办函〔2026〕12号', checkedAt: when });
    expect(item(c, 'icp')).toMatchObject({ status: 'done', markedBy: '李四', note: '已注销网站' });
    expect(again.stdout).not.toMatch(/to do: approval/);
    const md = readFileSync(path.join(siteOut, 'checklist.md'), 'utf8');
    expect(md).toContain('- 标记 marked: 张三');
    expect(md).toContain('云政办函〔2026〕12号');

    const reopened = await cli(['checklist', file, '--reopen', 'icp']);
    expect(reopened.code).toBe(0);
    c = checklist();
    expect(item(c, 'icp').status).toBe('todo');
    expect(item(c, 'icp').markedBy).toBeUndefined();
    expect(item(c, 'approval').markedBy).toBe('张三');
  });

  it('refuses an unknown item, a note without an item, and a checklist.json it cannot read', async () => {
    const file = pipelineVariant('dept-trs', () => {});
    const unknown = await cli(['checklist', file, '--done', 'approvel']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      '--done approvel: no such item in the merged checklist of dept-trs; items: approval, content-migrated',
    );
    const note = await cli(['checklist', file, '--note', 'x']);
    expect(note.code).toBe(2);
    expect(note.stderr).toContain('--note goes with --done ITEM');
    const json = path.join(siteOut, 'checklist.json');
    const good = readFileSync(json, 'utf8');
    writeFileSync(json, good.slice(0, 200));
    const broken = await cli(['checklist', file]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/checklist\.json: not a checklist sitefold can read .*it holds people's marks/);
    expect(readFileSync(json, 'utf8')).toBe(good.slice(0, 200));
    writeFileSync(json, good);
  });
});

describe('--check-live', () => {
  it('finds the notice on the old home page and counts the days it has been online', async () => {
    const file = pipelineVariant('dept-trs', () => {});
    // The webmaster pastes the drafted notice into the (GBK) home page.
    const fragment = /<div class="sitefold-notice">[\s\S]*?<\/div>/.exec(
      readFileSync(path.join(siteOut, 'notice.html'), 'utf8'),
    )?.[0] as string;
    const home = path.join(site, 'index.html');
    const page = iconv.decode(readFileSync(home), 'gbk');
    writeFileSync(home, iconv.encode(page.replace(/<body([^>]*)>/, `<body$1>${fragment}`), 'gbk'));

    const before = Date.now();
    const checked = await live(['checklist', file]);
    expect(checked.code).toBe(0);
    let c = checklist();
    const notice = item(c, 'notice');
    expect(notice.status).toBe('todo');
    expect(notice.evidence).toMatch(
      /首页 (\d{4}-\d\d-\d\d) 至 \1 可见公告，在线 0 天（要求 ≥ 30 天）；\d{4}-\d\d-\d\d 之后再运行 --check-live 确认/,
    );
    expect(Date.parse(c.notice?.seenAt as string)).toBeGreaterThanOrEqual(before - 1000);
    expect(c.notice?.lastSeenAt).toBe(c.notice?.seenAt);
    // The old domain, mapped to the served address by --url, resolves to it.
    const host = new URL(server.url).host;
    expect(item(c, 'domain').evidence).toContain(`${host} → 127.0.0.1`);
    expect(item(c, 'domain').checkedAt).toBeDefined();
    // The archive's digests are re-read and match.
    expect(item(c, 'archive').evidence).toMatch(/\d+ 个文件 sha256 复核一致/);
    // The old site still serves its pages: the redirects are not deployed yet.
    expect(item(c, 'redirects').status).toBe('todo');
    expect(item(c, 'redirects').evidence).toMatch(new RegExp(`在 ${server.url} 验证：\\d+ / \\d+ 个旧网址返回 301`));

    // Taken down after a day: the check says so; put back, it counts again from the first sighting.
    const withNotice = readFileSync(home);
    writeFileSync(home, iconv.encode(page, 'gbk'));
    expect((await live(['checklist', file])).code).toBe(0);
    expect(checklist().notice).toMatchObject({ goneHow: 'removed' });
    expect(item(checklist(), 'notice').evidence).toContain('起首页未见公告：公告不足期限即被撤下，请重新发布');
    writeFileSync(home, withNotice);
    expect((await live(['checklist', file])).code).toBe(0);
    expect(checklist().notice?.goneHow).toBeUndefined();
    expect(checklist().notice?.seenAt).toBe(c.notice?.seenAt);

    // Without a live check, nothing new is known: still to do.
    expect((await cli(['checklist', file])).code).toBe(0);
    expect(item(checklist(), 'notice').status).toBe('todo');
    // 31 days later (the first sighting moved back) a live check sees it again: online long enough.
    const json = path.join(siteOut, 'checklist.json');
    const moved = readJson<Checklist>(json);
    (moved.notice as { seenAt: string }).seenAt = new Date(Date.now() - 31 * 86_400_000).toISOString();
    writeFileSync(json, JSON.stringify(moved));
    expect((await live(['checklist', file])).code).toBe(0);
    c = checklist();
    expect(item(c, 'notice').status).toBe('done');
    expect(item(c, 'notice').evidence).toContain('可见公告，在线 31 天（要求 ≥ 30 天）');
  });

  it('verifies the redirects once the old address answers 301, and sees a changed archive', async () => {
    const file = pipelineVariant('dept-trs', () => {});
    const rules = readJson<{ from: string; to: string }[]>(path.join(siteOut, 'redirects', 'redirects.json'));
    const map = new Map(rules.map((r) => [r.from, r.to]));
    // A server that redirects old bookmarks too: a session id and tracking parameters do not change the page.
    const redirector = await startServer((req, res) => {
      const to = map.get((req.url ?? '').replace(/;jsessionid=[^?]*/i, '').replace(/[?&](?:from|utm_\w+)=[^&]*/g, ''));
      res.writeHead(to ? 301 : 404, to ? { location: to } : {});
      res.end();
    });
    try {
      const result = await runCli(['checklist', file, '--check-live', '--url', redirector.url, '--out', out]);
      expect(result.code).toBe(0);
      const c = checklist();
      const redirects = item(c, 'redirects');
      expect(redirects.status).toBe('done');
      expect(redirects.data).toMatchObject({ rules: rules.length, verified: rules.length, total: rules.length, base: redirector.url });
      expect(redirector.hits.size).toBeGreaterThanOrEqual(rules.length);
      // The home page redirects now: the site is down, after the notice was online long enough.
      const notice = item(c, 'notice');
      expect(notice.status).toBe('done');
      expect(notice.evidence).toContain('在线 31 天（要求 ≥ 30 天）');
      expect(notice.evidence).toMatch(/\d{4}-\d\d-\d\d 起首页跳转，网站已下线；首页已跳转（301 → https:\/\/www\.yn\.example\.gov\.cn\/）/);
      expect(c.notice).toMatchObject({ goneHow: 'redirect' });
    } finally {
      await redirector.close();
    }
    // Someone changes a byte of the archive: the next live check says so.
    const warc = readdirSync(path.join(siteOut, 'archive')).find((f) => f.endsWith('.warc.gz')) as string;
    appendFileSync(path.join(siteOut, 'archive', warc), Buffer.from([0]));
    expect((await live(['checklist', file])).code).toBe(0);
    const archive = item(checklist(), 'archive');
    expect(archive.status).toBe('todo');
    expect(archive.evidence).toContain(`归档文件与记录的 sha256 不符：${warc}`);
  });
});
