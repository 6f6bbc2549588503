/**
 * The closure notice (关停公告) drafted for the old home page: where the information now lives on
 * the parent platform (the channels that received the most records, 政府信息公开 and 依申请公开),
 * when the site goes down, whom to call. A temporary closure's notice gives the reason and the day
 * of return. Written as notice.md and notice.html (a fragment to paste into the home page, and a
 * whole page to preview it); every value is escaped.
 */
import { type Channel, channelUrl } from '../config/channels.js';
import type { Pipeline } from '../config/pipeline.js';
import { escapeHtml, escapeMarkdown } from '../web/escape.js';
import type { Evidence } from './evidence.js';

export interface NoticeLink {
  name: string;
  url: string;
  /** Records the channel received (0 for the disclosure channels named for their role). */
  records: number;
}

export interface Notice {
  title: string;
  /** Paragraphs, plain text. */
  paragraphs: string[];
  links: NoticeLink[];
  /** 政府信息公开 and 依申请公开 on the parent, when its channels have them. */
  disclosure: NoticeLink[];
  /** 联系电话 line, when a contact is known. */
  contact?: string;
  signature: string[];
  /** What `--check-live` looks for on the old home page. */
  markers: string[];
}

const verbs = { permanent: '永久关停', merged: '整合迁移', temporary: '暂时关停', exception: '' } as const;

/** A date as the notice writes it: 2027年1月15日. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function linkOf(pipeline: Pipeline, channel: Channel, records: number): NoticeLink {
  return { name: channel.trail.join('／'), url: channelUrl(pipeline.parent.baseUrl, channel.path), records };
}

/** The channels that received the most records, one link per second-level channel, at most 8. */
function mainChannels(pipeline: Pipeline, evidence: Evidence): NoticeLink[] {
  const byTop = new Map<string, number>();
  for (const [key, n] of Object.entries(evidence.manifest?.byChannel ?? {})) {
    // Count towards the channel at depth ≤ 1 that contains it (政务信息 > 政府文件, not each 文种).
    let channel = pipeline.channels.byKey.get(key);
    while (channel && channel.depth > 1 && channel.parent) channel = pipeline.channels.byKey.get(channel.parent);
    if (channel) byTop.set(channel.key, (byTop.get(channel.key) ?? 0) + n);
  }
  return [...byTop]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 8)
    .map(([key, n]) => linkOf(pipeline, pipeline.channels.byKey.get(key) as Channel, n));
}

function disclosureChannels(pipeline: Pipeline): NoticeLink[] {
  const found: NoticeLink[] = [];
  for (const wanted of [/^(?:政府)?信息公开$/, /^依申请公开$/]) {
    const channel = [...pipeline.channels.byKey.values()].find((c) => wanted.test(c.name));
    if (channel) found.push(linkOf(pipeline, channel, 0));
  }
  return found;
}

export function draftNotice(pipeline: Pipeline, evidence: Evidence, today = new Date()): Notice | undefined {
  const { site, closure, parent } = pipeline;
  if (site.closure === 'exception') return undefined;
  const host = new URL(site.url).host;
  const declared = pipeline.crawl.scope.aliases[0] ?? host;
  const parentName = parent.name ?? '上级政府网站';
  const organizer = site.organizer ?? evidence.facts.organizer?.value ?? site.name;
  const contact = closure.contact ?? evidence.facts.phone?.value;
  const title = `关于${site.name}网站${verbs[site.closure]}的公告`;
  const when = closure.shutdownDate ? `将于${chineseDate(closure.shutdownDate)}起` : '将于本公告发布期满后';
  const paragraphs: string[] = [];
  const links = site.closure === 'temporary' ? [] : mainChannels(pipeline, evidence);
  const disclosure = disclosureChannels(pipeline);
  if (site.closure === 'temporary') {
    const reason = site.closureReason ? `因${site.closureReason.replace(/[。.]$/, '')}，` : '';
    const back = site.returnDate ? `，预计于${chineseDate(site.returnDate)}恢复访问` : '，恢复访问时间另行公告';
    paragraphs.push(`${reason}${site.name}网站（${declared}）${when}暂时关停${back}。`);
    if (closure.keepReachable.length) paragraphs.push(`暂停期间，${closure.keepReachable.join('、')}仍可正常访问。`);
    paragraphs.push(`暂停期间，相关信息请访问${parentName}（${parent.baseUrl}）。`);
  } else {
    paragraphs.push(
      `根据政府网站集约化建设工作要求，${site.name}网站（${declared}）的信息内容已迁移至${parentName}（${parent.baseUrl}），本网站${when}停止运行。`,
    );
    if (links.length) paragraphs.push('原网站主要栏目的信息，现可在以下栏目查阅：');
    if (evidence.redirects.count > 0) paragraphs.push('原网站网页已归档保存，原网页地址将自动跳转至新地址。');
  }
  const signature = [organizer, chineseDate(today.toISOString())];
  return {
    title,
    paragraphs,
    links,
    disclosure,
    ...(contact ? { contact: `联系电话：${contact}` } : {}),
    signature,
    markers: [title, parent.baseUrl],
  };
}

export function noticeMarkdown(notice: Notice): string {
  const lines = [`# ${escapeMarkdown(notice.title)}`, ''];
  notice.paragraphs.forEach((p, i) => {
    lines.push(escapeMarkdown(p), '');
    if (i === 1 && notice.links.length) {
      for (const link of notice.links) lines.push(`- ${escapeMarkdown(link.name)}：<${link.url}>`);
      lines.push('');
    }
  });
  if (notice.disclosure.length) {
    lines.push('政府信息公开：', '');
    for (const link of notice.disclosure) lines.push(`- ${escapeMarkdown(link.name)}：<${link.url}>`);
    lines.push('');
  }
  if (notice.contact) lines.push(escapeMarkdown(notice.contact), '');
  for (const s of notice.signature) lines.push(`${escapeMarkdown(s)}  `);
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The notice as an HTML fragment (for the home page) inside a whole page (to preview and print). */
export function noticeHtml(notice: Notice): string {
  const list = (links: NoticeLink[]) =>
    `<ul>\n${links.map((l) => `  <li>${escapeHtml(l.name)}：<a href="${escapeHtml(l.url)}">${escapeHtml(l.url)}</a></li>`).join('\n')}\n</ul>`;
  const body: string[] = [];
  notice.paragraphs.forEach((p, i) => {
    body.push(`<p>${escapeHtml(p)}</p>`);
    if (i === 1 && notice.links.length) body.push(list(notice.links));
  });
  if (notice.disclosure.length) body.push('<p>政府信息公开：</p>', list(notice.disclosure));
  if (notice.contact) body.push(`<p>${escapeHtml(notice.contact)}</p>`);
  body.push(`<p class="signature">${notice.signature.map(escapeHtml).join('<br>')}</p>`);
  const fragment = `<div class="sitefold-notice">\n<h1>${escapeHtml(notice.title)}</h1>\n${body.join('\n')}\n</div>`;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(notice.title)}</title>
<style>
  body { font-family: "Microsoft YaHei", "PingFang SC", sans-serif; max-width: 46em; margin: 2em auto; line-height: 1.8; padding: 0 1em; }
  h1 { font-size: 1.4em; text-align: center; }
  .signature { text-align: right; margin-top: 2em; }
</style>
</head>
<body>
<!-- sitefold notice: paste the div below into the old home page -->
${fragment}
</body>
</html>
`;
}
