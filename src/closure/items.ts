/**
 * The closure checklist's items, one declaration each: its names, who is responsible, the rule it
 * comes from, the closure types it belongs to, and how the tool judges it from the evidence (and
 * from the live checks when they ran). Items the tool cannot judge stay "todo" with the evidence
 * it has, until a person marks them.
 */
import type { ClosureType, Pipeline } from '../config/pipeline.js';
import type { Evidence } from './evidence.js';
import type { LiveResults } from './live.js';
import type { Notice } from './notice.js';

export type ItemStatus = 'done' | 'todo' | 'n/a';

export interface Judgement {
  status: ItemStatus;
  evidence: string;
  /** Machine-readable figures behind the evidence (manifest totals, archive digests…). */
  data?: Record<string, unknown>;
  /** Set when the judgement used a live check. */
  checkedAt?: string;
}

export interface NoticeSighting {
  seenAt?: string;
  lastSeenAt?: string;
  /** A later live check did not find it: the home page redirects (the site is down) or the notice was removed. */
  goneAt?: string;
  goneHow?: 'redirect' | 'removed';
}

export interface ItemContext {
  pipeline: Pipeline;
  evidence: Evidence;
  draft?: Notice;
  noticeFiles: string[];
  live?: LiveResults;
  /** When live checks saw the notice on the old home page, and when it was gone (kept across runs). */
  notice?: NoticeSighting;
  today: Date;
}

export interface ItemDefinition {
  id: string;
  title: string;
  titleEn: string;
  responsible: string;
  rule: string;
  closures: readonly ClosureType[];
  judge(context: ItemContext): Judgement;
}

const rules = {
  guide: '《政府网站发展指引》（国办发〔2017〕47号）：网站开设与整合、关停下线',
  domain: '《国务院办公厅关于加强政府网站域名管理的通知》（国办函〔2018〕55号）',
  icp: '《非经营性互联网信息服务备案管理办法》（信息产业部令第33号）',
  psb: '《计算机信息网络国际联网安全保护管理办法》（公安部令第33号）',
  conac: '党政机关网站标识管理（机构编制部门，网站身份认证 bszs.conac.cn）',
  census: '第一次全国政府网站普查（国办发〔2015〕15号）：关停网站的数据迁移、注销ICP备案号和域名',
  local: '本地关停规定（公告在线天数见管道文件 closure.noticeDays）',
};

const closing = ['permanent', 'merged'] as const;
const down = ['permanent', 'merged', 'temporary'] as const;

const outcomeNames: Record<string, string> = {
  migrated: '迁移',
  archived: '归档',
  skipped: '跳过',
  dead: '死链',
  failed: '失败',
  'out-of-scope': '站外',
};

function fact(context: ItemContext, key: string): string | undefined {
  const f = context.evidence.facts[key];
  return f ? `${f.value}（${f.from === 'pipeline' ? '管道文件' : '网站页脚'}）` : undefined;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

function daysBetween(from: string, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - new Date(from).getTime()) / 86_400_000));
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const itemDefinitions: ItemDefinition[] = [
  {
    id: 'approval',
    title: '关停申请经本级政府办公厅（室）批准',
    titleEn: 'closure approved by the government office at its level',
    responsible: '网站主办单位 → 本级政府办公厅（室）',
    rule: `${rules.guide}；${rules.domain}`,
    closures: down,
    judge: ({ pipeline }) => {
      const papers =
        pipeline.site.closure === 'temporary' ? '暂时关停请示（写明原因和恢复时间）' : '永久下线请示、《政府网站域名业务申请基本信息表》';
      return pipeline.site.approvedBy
        ? { status: 'done', evidence: `批准：${pipeline.site.approvedBy}（管道文件 site.approvedBy）` }
        : { status: 'todo', evidence: `提交${papers}；批准后填写 site.approvedBy，或 --done approval --note "批准文号"` };
    },
  },
  {
    id: 'content-migrated',
    title: '网站内容迁移完成（下线之前）',
    titleEn: 'content migrated before the site goes down',
    responsible: '网站主办单位；上级平台编辑审核栏目映射',
    rule: rules.census,
    closures: closing,
    judge: ({ evidence }) => {
      const m = evidence.manifest;
      if (!m) return { status: 'todo', evidence: '还没有迁移清单：运行 sitefold run（或 emit）' };
      const t = m.totals;
      const figures = Object.entries(outcomeNames)
        .map(([k, name]) => `${name} ${t[k as keyof typeof t] ?? 0}`)
        .join(' · ');
      const problems: string[] = [];
      if (t.failed > 0) problems.push(`${t.failed} 个网址抓取失败，重新运行 sitefold crawl`);
      if (evidence.mapping.undecided.length)
        problems.push(`${evidence.mapping.undecided.length} 个栏目未决定：${evidence.mapping.undecided.join(', ')}`);
      return {
        status: problems.length ? 'todo' : 'done',
        evidence: `manifest.json（${day(m.finishedAt)}）：${m.rows} 个网址；${figures}${problems.length ? `。待办：${problems.join('；')}` : ''}`,
        data: { totals: t, rows: m.rows, finishedAt: m.finishedAt, undecided: evidence.mapping.undecided },
      };
    },
  },
  {
    id: 'notice',
    title: '在原网站首页发布关停公告',
    titleEn: 'closure notice on the old home page, online long enough before shutdown',
    responsible: '网站主办单位',
    rule: `${rules.guide}；${rules.local}`,
    closures: down,
    judge: (c) => {
      const days = c.pipeline.closure.noticeDays;
      const drafted = c.noticeFiles.length ? `公告草稿：${c.noticeFiles.join('、')}` : '公告草稿未生成';
      const data: Record<string, unknown> = { noticeDays: days, files: c.noticeFiles };
      const home = c.live?.home;
      let seen = '';
      if (home) {
        if (home.found.length) seen = `；首页 ${home.url} 可见公告（${day(c.live?.checkedAt ?? '')} 检查）`;
        else if (home.status && home.status >= 300 && home.status < 400) seen = `；首页已跳转（${home.status} → ${home.location}）`;
        else seen = `；首页 ${home.url} 未见公告（${home.error ?? `HTTP ${home.status}`}，${day(c.live?.checkedAt ?? '')} 检查）`;
      }
      const sighting = c.notice ?? {};
      if (!sighting.seenAt)
        return { status: 'todo', evidence: `${drafted}；在首页显著位置发布后运行 --check-live${seen}`, data, checkedAt: c.live?.checkedAt };
      // Online for certain: from the first to the last time a live check saw it.
      const last = sighting.lastSeenAt ?? sighting.seenAt;
      const online = daysBetween(sighting.seenAt, new Date(last));
      const enough = online >= days;
      const earliest = day(new Date(new Date(sighting.seenAt).getTime() + days * 86_400_000).toISOString());
      const shutdown = c.pipeline.closure.shutdownDate;
      const late = shutdown && shutdown < earliest ? `；注意：计划下线日 ${shutdown} 早于 ${earliest}` : '';
      const span = `首页 ${day(sighting.seenAt)} 至 ${day(last)} 可见公告，在线 ${online} 天（要求 ≥ ${days} 天）`;
      let evidence: string;
      if (sighting.goneHow === 'removed') {
        evidence = `${span}；${day(sighting.goneAt ?? '')} 起首页未见公告${enough ? '' : '：公告不足期限即被撤下，请重新发布'}`;
      } else if (sighting.goneHow === 'redirect') {
        evidence = `${span}；${day(sighting.goneAt ?? '')} 起首页跳转，网站已下线${enough ? '' : '：下线时公告在线不足期限'}`;
      } else {
        evidence = enough ? span : `${span}；${earliest} 之后再运行 --check-live 确认，不早于此日下线${late}`;
      }
      return {
        status: enough ? 'done' : 'todo',
        evidence: `${drafted}；${evidence}${seen}`,
        data,
        checkedAt: c.live?.checkedAt,
      };
    },
  },
  {
    id: 'national-system',
    title: '在全国政府网站信息报送系统报送关停',
    titleEn: 'closure reported in the national government-website information system',
    responsible: '本级政府办公厅（室）（组织单位）',
    rule: rules.guide,
    closures: ['permanent', 'merged', 'temporary', 'exception'],
    judge: ({ pipeline }) => ({
      status: 'todo',
      evidence: {
        permanent: '申请永久关停，附关停公告和迁移说明',
        merged: '申请永久关停（整合），说明信息迁移到的上级平台栏目',
        temporary: `申请暂时关停，写明原因和恢复时间${pipeline.site.returnDate ? `（${pipeline.site.returnDate}）` : ''}`,
        exception: '申请例外，附例外理由和批准',
      }[pipeline.site.closure],
    }),
  },
  {
    id: 'site-id-code',
    title: '网站标识码状态（关停后注销）',
    titleEn: 'site ID code (网站标识码) status',
    responsible: '本级政府办公厅（室）',
    rule: rules.guide,
    closures: closing,
    judge: (c) => {
      const code = fact(c, 'siteIdCode');
      return {
        status: 'todo',
        evidence: code
          ? `网站标识码 ${code}：在报送系统中随关停注销，并从页脚撤下`
          : '页面和管道文件里都没有网站标识码：在报送系统中查明（site.siteIdCode）',
      };
    },
  },
  {
    id: 'archive',
    title: '网站归档（WARC）',
    titleEn: 'the archive: WARC files, their sha256 and size, page count, where kept',
    responsible: '网站主办单位；档案保管单位',
    rule: rules.guide,
    closures: down,
    judge: (c) => {
      const a = c.evidence.archive;
      if (!a.files.length) return { status: 'todo', evidence: '还没有归档：运行 sitefold crawl' };
      const files = a.files.map((f) => `${f.name}（${mb(f.bytes)}，sha256 ${f.sha256}）`).join('；');
      const problems: string[] = [];
      const check = c.live?.archive;
      if (check?.changed.length) problems.push(`归档文件与记录的 sha256 不符：${check.changed.map((f) => f.name).join(', ')}`);
      if (check?.missing.length) problems.push(`归档文件缺失：${check.missing.join(', ')}`);
      if (!c.pipeline.closure.archiveLocation) problems.push('写明保管位置（closure.archiveLocation）');
      const verified = check && !check.changed.length && !check.missing.length ? `；${check.matched.length} 个文件 sha256 复核一致` : '';
      return {
        status: problems.length ? 'todo' : 'done',
        evidence: `${a.responses} 个网址的响应、${a.rendered} 个浏览器渲染页，共 ${a.files.length} 个 WARC 文件 ${mb(a.bytes)}${a.cdxj ? '，附 CDXJ 索引' : ''}，${c.pipeline.closure.archiveLocation ? `保管于 ${c.pipeline.closure.archiveLocation}` : `位于 ${a.dir}`}：${files}${verified}${problems.length ? `。待办：${problems.join('；')}` : ''}`,
        data: {
          files: a.files,
          responses: a.responses,
          rendered: a.rendered,
          bytes: a.bytes,
          location: c.pipeline.closure.archiveLocation ?? a.dir,
        },
        checkedAt: check ? c.live?.checkedAt : undefined,
      };
    },
  },
  {
    id: 'redirects',
    title: '旧网址跳转已部署并验证',
    titleEn: 'redirects deployed and verified',
    responsible: '上级平台运维（原域名解析到跳转服务器）',
    rule: rules.guide,
    closures: closing,
    judge: ({ evidence }) => {
      const r = evidence.redirects;
      if (!r.count) return { status: 'todo', evidence: '还没有跳转规则：运行 sitefold emit' };
      const v = r.verify;
      if (!v)
        return {
          status: 'todo',
          evidence: `${r.count} 条跳转规则（redirects/nginx.conf、apache.conf）；部署后运行 verify-redirects 或 --check-live`,
        };
      const ok = v.ok === v.total && v.total === r.count;
      const example = v.failures[0];
      return {
        status: ok ? 'done' : 'todo',
        evidence: `${day(v.checkedAt)} 在 ${v.base} 验证：${v.ok} / ${v.total} 个旧网址返回 301 到新地址${v.spellings ? '（原链接、带 ;jsessionid=、带跟踪参数三种写法均验证）' : ''}${example ? `；例：${example.requested ?? example.from} 得到 ${example.status ?? example.error}` : ''}${v.total !== r.count ? `；跳转规则已更新为 ${r.count} 条，需重新验证` : ''}`,
        data: { rules: r.count, verified: v.ok, total: v.total, base: v.base },
        checkedAt: v.checkedAt,
      };
    },
  },
  {
    id: 'icp',
    title: 'ICP备案注销',
    titleEn: 'ICP filing: cancel the website, the filing entity, or only the hosting',
    responsible: '网站主办单位 → 接入服务商、省通信管理局',
    rule: `${rules.icp}；${rules.census}`,
    closures: down,
    judge: (c) => {
      const icp = fact(c, 'icpNumber');
      if (c.pipeline.site.closure === 'temporary')
        return { status: 'n/a', evidence: `暂时关停：保留ICP备案，不注销${icp ? `（${icp}）` : ''}` };
      const how =
        c.pipeline.site.closure === 'merged'
          ? '注销网站（本主体还有其他网站时）或注销主体；只停止接入时办理取消接入'
          : '注销网站；主体下再无网站时注销主体；只停止接入时办理取消接入';
      return {
        status: 'todo',
        evidence: icp ? `备案号 ${icp}（一个域名一个备案号）：${how}` : `页面和管道文件里都没有ICP备案号：在工信部备案系统中查明；${how}`,
      };
    },
  },
  {
    id: 'psb',
    title: '公安机关互联网站备案注销',
    titleEn: 'public-security filing (公安机关互联网站备案) cancellation',
    responsible: '网站主办单位 → 属地公安机关网安部门',
    rule: rules.psb,
    closures: down,
    judge: (c) => {
      const psb = fact(c, 'psbNumber');
      if (c.pipeline.site.closure === 'temporary') return { status: 'n/a', evidence: `暂时关停：保留公安备案${psb ? `（${psb}）` : ''}` };
      return {
        status: 'todo',
        evidence: psb
          ? `公安备案号 ${psb}：在全国互联网安全管理服务平台申请注销`
          : '页面和管道文件里都没有公安备案号：向属地网安部门查明（site.psbNumber）',
      };
    },
  },
  {
    id: 'conac',
    title: '党政机关网站标识注销或变更',
    titleEn: 'government-site identity badge (党政机关网站标识) updated with the establishment office',
    responsible: '网站主办单位 → 机构编制部门',
    rule: rules.conac,
    closures: closing,
    judge: ({ evidence }) => ({
      status: 'todo',
      evidence: evidence.embeds.conac.length
        ? `页面上的网站标识链接：${evidence.embeds.conac[0]}：向编制部门申请注销（整合时变更到上级平台）`
        : '页面上没有找到党政机关网站标识：向编制部门确认是否开办过',
    }),
  },
  {
    id: 'domain',
    title: '域名注销或移交上级平台',
    titleEn: 'domain: .gov.cn cancellation through the provincial office, or transfer to the parent',
    responsible: '网站主办单位 → 省级政府办公厅（域名管理）',
    rule: rules.domain,
    closures: down,
    judge: (c) => {
      const domains = c.evidence.hosts.join('、');
      const dns = c.live?.dns.map((d) => `${d.host} → ${d.addresses?.join(', ') ?? `不解析（${d.error}）`}`).join('；');
      const live = dns ? `；${day(c.live?.checkedAt ?? '')} 解析：${dns}` : '';
      if (c.pipeline.site.closure === 'temporary')
        return { status: 'n/a', evidence: `暂时关停：保留域名 ${domains}${live}`, checkedAt: c.live?.checkedAt };
      const how =
        c.pipeline.site.closure === 'merged'
          ? '移交上级平台并解析到跳转服务器（跳转保留期满后再注销）'
          : '公告期满、跳转保留期满后经省级政府办公厅申请注销';
      return {
        status: 'todo',
        evidence: `域名 ${domains}：${how}；不得转让给其他单位或个人${live}`,
        data: c.live ? { dns: c.live.dns } : undefined,
        checkedAt: c.live?.checkedAt,
      };
    },
  },
  {
    id: 'dns-tls',
    title: 'DNS 解析记录与 TLS 证书清理',
    titleEn: 'DNS records and TLS certificates',
    responsible: '网站主办单位；上级平台运维',
    rule: rules.domain,
    closures: closing,
    judge: (c) => ({
      status: 'todo',
      evidence: `删除或改指原网站的解析记录（含 www 和其他别名：${c.evidence.hosts.join('、')}）；吊销或停止续期原网站的证书${new URL(c.pipeline.site.url).protocol === 'https:' ? '（网站使用 https）' : ''}`,
    }),
  },
  {
    id: 'search-engines',
    title: '搜索引擎与网站地图',
    titleEn: 'search engines and sitemap',
    responsible: '网站主办单位',
    rule: rules.guide,
    closures: closing,
    judge: () => ({
      status: 'todo',
      evidence: '撤下 sitemap.xml；在搜索引擎站长平台提交网站改版（旧网址 → 新网址，用 redirects/redirects.csv）或删除旧网址',
    }),
  },
  {
    id: 'jiucuo',
    title: '“我为政府网站找错”入口',
    titleEn: 'the 我为政府网站找错 error-report entry',
    responsible: '本级政府办公厅（室）',
    rule: rules.guide,
    closures: closing,
    judge: ({ evidence }) => ({
      status: 'todo',
      evidence: evidence.embeds.jiucuo.length
        ? `页面引用了找错脚本 ${evidence.embeds.jiucuo[0]}：在找错平台停用本网站的入口`
        : '页面上没有找到找错入口：确认本网站在找错平台的状态',
    }),
  },
  {
    id: 'inbound-links',
    title: '其他政府网站指向本站的链接',
    titleEn: 'links to the site from other government sites',
    responsible: '链接所在网站的主办单位',
    rule: rules.guide,
    closures: closing,
    judge: ({ evidence }) => {
      const pages = evidence.inbound.reduce((n, s) => n + s.pages, 0);
      const example = evidence.inbound[0]?.examples[0];
      return {
        status: 'todo',
        evidence: evidence.inbound.length
          ? `同批抓取的 ${evidence.inbound.length} 个网站有 ${pages} 个页面链接本站（${evidence.inbound.map((s) => `${s.site} ${s.pages} 页`).join('、')}），例：${example?.from} → ${example?.to}：请其改为新地址`
          : '同批抓取的网站中没有链接本站的页面；其他网站的链接请用搜索引擎查询后通知更新',
        data: { pages, sites: evidence.inbound },
      };
    },
  },
  {
    id: 'keep-reachable',
    title: '暂停期间保留的服务',
    titleEn: 'what stays reachable during a temporary closure',
    responsible: '网站主办单位',
    rule: rules.guide,
    closures: ['temporary'],
    judge: ({ pipeline }) =>
      pipeline.closure.keepReachable.length
        ? { status: 'done', evidence: `保留：${pipeline.closure.keepReachable.join('、')}（管道文件 closure.keepReachable）` }
        : { status: 'todo', evidence: '说明暂停期间哪些服务仍可访问（例如依申请公开），写入 closure.keepReachable' },
  },
  {
    id: 'return-check',
    title: '恢复上线检查',
    titleEn: 'the return check: the site is back by its return date',
    responsible: '网站主办单位；本级政府办公厅（室）',
    rule: rules.guide,
    closures: ['temporary'],
    judge: (c) => {
      const back = c.pipeline.site.returnDate;
      if (!back) return { status: 'todo', evidence: '没有恢复日期：填写 site.returnDate' };
      const home = c.live?.home;
      const due = day(c.today.toISOString()) >= back;
      if (!due) return { status: 'todo', evidence: `${back} 恢复；到期后运行 --check-live` };
      if (home && home.status === 200 && !home.found.length)
        return {
          status: 'done',
          evidence: `${day(c.live?.checkedAt ?? '')}：首页 ${home.url} 恢复访问（HTTP 200，暂停公告已撤下）`,
          checkedAt: c.live?.checkedAt,
        };
      return {
        status: 'todo',
        evidence: `${back} 已到期${home ? `；${day(c.live?.checkedAt ?? '')} 首页 ${home.error ?? `HTTP ${home.status}`}${home.found.length ? '，仍是暂停公告' : ''}` : '；运行 --check-live 检查'}`,
        checkedAt: c.live?.checkedAt,
      };
    },
  },
  {
    id: 'exception-reason',
    title: '例外理由',
    titleEn: 'the reason for the exception',
    responsible: '网站主办单位',
    rule: rules.census,
    closures: ['exception'],
    judge: ({ pipeline }) =>
      pipeline.site.closureReason
        ? { status: 'done', evidence: `理由：${pipeline.site.closureReason}（管道文件 site.closureReason）` }
        : { status: 'todo', evidence: '写明申请例外的理由（site.closureReason）' },
  },
  {
    id: 'exception-approval',
    title: '例外申请的批准',
    titleEn: 'who approved the exception',
    responsible: '本级政府办公厅（室）',
    rule: rules.census,
    closures: ['exception'],
    judge: ({ pipeline }) =>
      pipeline.site.approvedBy
        ? { status: 'done', evidence: `批准：${pipeline.site.approvedBy}（管道文件 site.approvedBy）` }
        : { status: 'todo', evidence: '写明批准单位和文号（site.approvedBy）' },
  },
];
