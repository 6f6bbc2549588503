/**
 * The county government site in Hanweb style (UTF-8): numeric column ids (/col/col4720/index.html),
 * article pages with the full set of standard meta tags (/art/2015/8/28/art_4720_301004.html),
 * and most column lists built in the browser by /js/list.js from /data/col4720_N.json. A sitemap
 * names the home page and column pages under the site's declared domain, county.example.gov.cn,
 * which the crawler must treat as an alias of the host it serves from.
 */
import path from 'node:path';
import { type Block, blockRefs, blocksText, escapeHtml as esc, renderBlocks } from './body.js';
import { addDays, compareDateTime, type DateTime, type Day, fromDays, isoShanghai, pad2, toDays, ymd, ymdCompact } from './dates.js';
import { htmlLinks, type PageKind, robotsLinks, SiteGraph, sitemapLinks, walk } from './graph.js';
import { type AttachmentExt, makeAttachment, makeImage, sha256 } from './media.js';
import { hashSeed, Rng } from './rng.js';
import { crops, docTypeOfTitle, fill, personName } from './text.js';
import type { ServeConfig, TruthArticle, TruthColumn, TruthSite, TruthTail } from './truth.js';
import { TruthWriter, writeServeConfig } from './truth.js';
import { FileSink } from './write.js';

const site = {
  name: '澄江县人民政府',
  domain: 'county.example.gov.cn',
  siteIdCode: '5304220001',
  organizer: '澄江县人民政府办公室',
  undertaker: '澄江县信息中心',
  address: '云南省玉溪市澄江县凤麓街道东湖路88号',
  phone: '0877-6612345',
  email: 'cjxzfb@yx.example.gov.cn',
  icp: '滇ICP备12003456号',
  psb: '滇公网安备 53042202000123号',
  psbCode: '53042202000123',
};
const alias = `http://${site.domain}/`;

type CountyKind = 'profile' | 'history' | 'org' | 'notice' | 'news' | 'policy' | 'town' | 'personnel' | 'service';

interface ColumnSpec {
  id: number;
  name: string;
  parent: number | null;
  kind: CountyKind | null;
  count: number;
  script: boolean;
}

const columnSpecs: ColumnSpec[] = [
  { id: 4710, name: '走进澄江', parent: null, kind: null, count: 0, script: false },
  { id: 4718, name: '县情概况', parent: 4710, kind: 'profile', count: 4, script: false },
  { id: 4719, name: '历史文化', parent: 4710, kind: 'history', count: 4, script: false },
  { id: 4711, name: '政务公开', parent: null, kind: null, count: 0, script: false },
  { id: 4720, name: '通知公告', parent: 4711, kind: 'notice', count: 16, script: true },
  { id: 4721, name: '政务动态', parent: 4711, kind: 'news', count: 23, script: true },
  { id: 4722, name: '政策文件', parent: 4711, kind: 'policy', count: 10, script: true },
  { id: 4723, name: '乡镇动态', parent: 4711, kind: 'town', count: 6, script: true },
  { id: 4724, name: '人事信息', parent: 4711, kind: 'personnel', count: 4, script: true },
  { id: 4725, name: '机构设置', parent: null, kind: 'org', count: 6, script: false },
  { id: 4726, name: '便民服务', parent: null, kind: 'service', count: 5, script: true },
];

const pageSize = 15;

const towns = ['凤麓街道', '龙街街道', '右所镇', '阳宗镇', '海口镇', '九村镇'] as const;
const countyTopics = [
  '抚仙湖保护治理',
  '乡村振兴',
  '森林防火',
  '安全生产',
  '农村人居环境整治',
  '城乡环境卫生整治',
  '河长制',
  '禁毒防艾',
  '文明城市创建',
  '营商环境优化',
  '耕地保护',
  '防汛抗旱',
] as const;

const fixedTitles: Partial<Record<CountyKind, string[]>> = {
  profile: ['澄江概况', '行政区划', '自然资源', '经济社会发展'],
  history: ['历史沿革', '古生物化石', '民俗风情', '名胜古迹'],
  org: ['县发展和改革局', '县财政局', '县农业农村局', '县教育体育局', '县卫生健康局', '县自然资源局'],
  service: ['社会保障卡办理指南', '不动产登记办事指南', '户籍业务办理指南', '城乡居民医保报销流程', '住房公积金提取指南'],
};

const countyTitleTemplates: Partial<Record<CountyKind, string[]>> = {
  notice: [
    '澄江县人民政府办公室关于做好{year}年{topic}工作的通知',
    '关于开展{year}年{topic}专项行动的通知',
    '澄江县人民政府关于{year}年春节期间烟花爆竹燃放管理的通告',
    '关于公开招聘{year}年城镇公益性岗位人员的公告',
    '关于{year}年{town}{topic}项目的公示',
    '澄江县人民政府办公室关于召开全县{topic}工作会议的通知',
  ],
  news: [
    '澄江县召开{year}年{topic}推进会',
    '县委常委会召开专题会议研究{topic}工作',
    '县领导深入{town}调研{topic}工作',
    '澄江县{topic}工作取得新成效',
    '{town}{crop}产业助农增收',
    '澄江县开展{topic}集中宣传活动',
  ],
  town: ['{town}扎实推进{topic}', '{town}：{crop}喜获丰收', '{town}召开{year}年{topic}工作会'],
  policy: [
    '澄江县人民政府关于印发《澄江县{topic}实施方案》的通知',
    '澄江县人民政府办公室关于加强{topic}工作的意见',
    '澄江县人民政府关于{town}{year}年土地征收方案的批复',
    '澄江县人民政府关于表彰{year}年度{topic}先进集体和先进个人的决定',
  ],
  personnel: ['澄江县{year}年事业单位公开招聘工作人员公告', '澄江县人民政府关于{person}等同志职务任免的通知'],
};

const countySentences = [
  '{month}月{day}日，澄江县召开{topic}工作推进会，总结前一阶段工作，安排部署下一步重点任务。',
  '会议强调，各乡镇（街道）、各部门要提高思想认识，压实工作责任，确保{topic}各项任务按时完成。',
  '今年以来，{town}围绕{topic}，累计投入资金{n1}万元，完成重点项目{n3}个。',
  '{town}依托资源优势，发展{crop}种植{n1}亩，带动{n3}户群众增收。',
  '县级各部门要加强协调配合，形成工作合力，确保各项措施落地见效。',
  '各乡镇（街道）要建立工作台账，每月{day}日前将工作进展情况报县{topic}工作领导小组办公室。',
  '下一步，澄江县将持续巩固{topic}成果，推动全县经济社会高质量发展。',
  '活动现场共发放宣传资料{n1}份，接受群众咨询{n3}人次。',
] as const;

interface CountyColumn extends ColumnSpec {
  url: string;
  pathNames: string;
  parentCol: CountyColumn | null;
  children: CountyColumn[];
  articles: CountyArticle[];
  pages: number;
}

interface CountyArticle {
  id: number;
  col: CountyColumn;
  seed: number;
  pub: DateTime;
  title: string;
  docType: string | null;
  url: string;
  slots: Record<string, string | number>;
  source: string | null;
  author: string | null;
  keywords: string;
  meta: { indexNumber: string; publisher: string; written: Day } | null;
  docNumber: string | null;
  docNumberRaw: string | null;
  container: 'zoom' | 'article-content';
  images: { path: string; seed: number; width: number; height: number; exif: boolean; caption: string | null }[];
  attachments: { path: string; title: string; ext: AttachmentExt; missing?: boolean }[];
  crossLinks: { href: string; text: string; lead: string; tail: string }[];
}

function workday(day: Day): Day {
  const dow = (((toDays(day) + 4) % 7) + 7) % 7;
  return dow === 0 ? addDays(day, 1) : dow === 6 ? addDays(day, 2) : day;
}

function buildModel(seed: number): { columns: CountyColumn[]; byId: Map<number, CountyColumn>; articles: CountyArticle[] } {
  const rng = new Rng(hashSeed('county-js', seed));
  const byId = new Map<number, CountyColumn>();
  const columns: CountyColumn[] = [];
  for (const spec of columnSpecs) {
    const parentCol = spec.parent ? (byId.get(spec.parent) ?? null) : null;
    const col: CountyColumn = {
      ...spec,
      url: `/col/col${spec.id}/index.html`,
      pathNames: parentCol ? `${parentCol.name}/${spec.name}` : spec.name,
      parentCol,
      children: [],
      articles: [],
      pages: 1,
    };
    parentCol?.children.push(col);
    byId.set(spec.id, col);
    columns.push(col);
  }
  const used = new Set<string>();
  const draft: { col: CountyColumn; pub: DateTime; title: string; slots: Record<string, string | number>; seed: number }[] = [];
  for (const col of columns) {
    if (!col.kind) continue;
    for (let i = 0; i < col.count; i++) {
      const s = hashSeed(seed, col.id, i);
      const r = new Rng(s);
      const fixed = fixedTitles[col.kind];
      const from = fixed ? toDays({ y: 2016, m: 1, d: 1 }) : toDays({ y: 2013, m: 1, d: 1 });
      const day = workday(fromDays(r.int(from, toDays({ y: 2025, m: 6, d: 13 }))));
      const pub: DateTime = { ...day, hh: r.int(8, 17), mm: r.int(0, 59), ss: 0 };
      const slots: Record<string, string | number> = {
        year: pub.y,
        month: pub.m,
        day: pub.d,
        topic: r.pick(countyTopics),
        town: r.pick(towns),
        crop: r.pick(crops),
        person: personName(r),
        n1: r.int(20, 900),
        n3: r.int(2, 40),
      };
      let title = fixed?.[i] ?? '';
      for (let attempt = 0; !title || used.has(title); attempt++) {
        title = fill(r.pick(countyTitleTemplates[col.kind] ?? ['澄江县{topic}工作动态']), slots);
        if (attempt > 30) title = `${title}（${pub.y}年${pub.m}月）`;
      }
      used.add(title);
      draft.push({ col, pub, title, slots, seed: s });
    }
  }
  draft.sort((a, b) => compareDateTime(a.pub, b.pub) || a.seed - b.seed);
  let nextId = 300_000 + rng.int(100, 900);
  let mediaSeq = 1000;
  const articles: CountyArticle[] = [];
  for (const d of draft) {
    nextId += rng.int(3, 260);
    const r = new Rng(hashSeed(d.seed, 'decorate'));
    const kind = d.col.kind ?? 'news';
    const docType = kind === 'notice' || kind === 'policy' || kind === 'personnel' ? docTypeOfTitle(d.title) : null;
    const a: CountyArticle = {
      id: nextId,
      col: d.col,
      seed: d.seed,
      pub: d.pub,
      title: d.title,
      docType,
      url: `/art/${d.pub.y}/${d.pub.m}/${d.pub.d}/art_${d.col.id}_${nextId}.html`,
      slots: d.slots,
      source: r.chance(0.85)
        ? r.pick(['县政府办', '县融媒体中心', `${String(d.slots.town)}`, '县农业农村局', '澄江县人民政府办公室'])
        : null,
      author: kind === 'news' || kind === 'town' ? (r.chance(0.5) ? personName(r) : null) : null,
      keywords: `${String(d.slots.topic)},澄江`,
      meta: null,
      docNumber: null,
      docNumberRaw: null,
      container: r.chance(0.6) ? 'zoom' : 'article-content',
      images: [],
      attachments: [],
      crossLinks: [],
    };
    if (kind === 'policy' || (kind === 'notice' && docType !== null && r.chance(0.4))) {
      const written = addDays(d.pub, -r.int(0, 9));
      a.meta = {
        indexNumber: `115304220151234567/${d.pub.y}-${String(r.int(1, 400)).padStart(5, '0')}`,
        publisher: d.title.startsWith('澄江县人民政府办公室') ? '澄江县人民政府办公室' : '澄江县人民政府',
        written,
      };
      if (docType && docType !== '公告' && docType !== '通告') {
        const prefix = d.title.startsWith('澄江县人民政府办公室') ? '澄政办发' : docType === '批复' ? '澄政复' : '澄政发';
        const n = r.int(1, 120);
        a.docNumber = `${prefix}〔${d.pub.y}〕${n}号`;
        a.docNumberRaw = r.chance(0.7) ? a.docNumber : `${prefix}[${d.pub.y}]${n}号`;
      }
    }
    if ((kind === 'news' || kind === 'town' || kind === 'profile') && r.chance(kind === 'profile' ? 0.8 : 0.4)) {
      const n = r.int(1, 2);
      for (let k = 0; k < n; k++) {
        const width = r.int(30, 60) * 10;
        a.images.push({
          path: `/picture/0/${String(d.pub.y).slice(2)}${pad2(d.pub.m)}${pad2(d.pub.d)}${pad2(d.pub.hh)}${pad2(d.pub.mm)}${String(++mediaSeq)}.jpg`,
          seed: hashSeed(d.seed, 'img', k),
          width,
          height: Math.round(width * 0.66),
          exif: r.chance(0.3),
          caption: r.chance(0.6) ? `图为${String(d.slots.town)}活动现场` : null,
        });
      }
    }
    const attP = kind === 'notice' ? 0.3 : kind === 'policy' ? 0.4 : kind === 'personnel' ? 0.6 : kind === 'service' ? 0.3 : 0;
    if (r.chance(attP)) {
      const ext = r.pick<AttachmentExt>(['pdf', 'doc', 'xls', 'docx', 'xlsx']);
      const name = kind === 'personnel' ? '岗位表' : kind === 'service' ? '申请表' : r.pick(['报名表', '实施方案', '项目清单']);
      a.attachments.push({ path: `/attach/0/${ymdCompact(d.pub)}${String(++mediaSeq)}.${ext}`, title: `附件：${name}.${ext}`, ext });
    }
    articles.push(a);
  }
  for (const a of articles) a.col.articles.push(a);
  for (const col of columns) {
    col.articles.sort((x, y) => compareDateTime(y.pub, x.pub) || y.id - x.id);
    col.pages = Math.max(1, Math.ceil(col.articles.length / pageSize));
  }
  // Deliberate defects and aliases.
  const notices = byId.get(4720)?.articles ?? [];
  const news = byId.get(4721)?.articles ?? [];
  const withoutExtras = (list: CountyArticle[]) => list.filter((a) => a.attachments.length === 0 && a.crossLinks.length === 0);
  const deadRef = withoutExtras(notices)[2];
  deadRef?.crossLinks.push({
    href: '/art/2012/10/23/art_4720_299999.html',
    text: '《关于做好2012年秋冬季森林防火工作的通知》',
    lead: '此前印发的',
    tail: '同时废止。',
  });
  const missingAtt = withoutExtras(notices)[5];
  missingAtt?.attachments.push({ path: '/attach/0/2013050609301.doc', title: '附件：报名登记表.doc', ext: 'doc', missing: true });
  const aliasRef = withoutExtras(news)[3];
  aliasRef?.crossLinks.push({ href: `${alias}col/col4721/index.html`, text: '政务动态', lead: '更多信息请关注', tail: '栏目。' });
  const older = news[news.length - 1];
  const aliasArt = withoutExtras(news)[6];
  if (older && aliasArt)
    aliasArt.crossLinks.push({ href: `${alias}${older.url.slice(1)}`, text: `《${older.title}》`, lead: '相关阅读：', tail: '' });
  return { columns, byId, articles };
}

function bodyBlocks(a: CountyArticle): Block[] {
  const r = new Rng(hashSeed(a.seed, 'body'));
  const s = a.slots;
  const kind = a.col.kind ?? 'news';
  const para = (n: number): Block => ({
    t: 'p',
    runs: [
      r
        .sample(countySentences, n)
        .map((x) => fill(x, s))
        .join(''),
    ],
  });
  const blocks: Block[] = [];
  if (a.docNumberRaw) blocks.push({ t: 'p', runs: [a.docNumberRaw], align: 'center' });
  switch (kind) {
    case 'profile':
    case 'history':
      blocks.push({
        t: 'p',
        runs: [
          `澄江县位于云南省中部、玉溪市东北部，东邻华宁县，南接江川区，西与晋宁区、呈贡区接壤，北与宜良县相连，县城距省会昆明${r.int(50, 60)}公里。`,
        ],
      });
      blocks.push({
        t: 'p',
        runs: [`全县辖${towns.length}个乡镇（街道），国土面积约${r.int(750, 800)}平方公里。${a.title}相关内容如下。`],
      });
      if (kind === 'profile' && r.chance(0.5)) {
        blocks.push({
          t: 'table',
          rows: [
            [
              { text: '乡镇（街道）', th: true },
              { text: '村（社区）数', th: true },
              { text: '户籍人口（人）', th: true },
            ],
            ...towns.map((t) => [{ text: t }, { text: String(r.int(5, 20)) }, { text: String(r.int(15000, 60000)) }]),
          ],
        });
      }
      break;
    case 'org':
      blocks.push({ t: 'p', runs: [{ b: '主要职责：' }] });
      blocks.push({
        t: 'ol',
        items: [
          ['贯彻执行国家和省、市有关方针政策和法律法规。'],
          ['拟订全县相关发展规划并组织实施。'],
          ['承办县委、县政府交办的其他事项。'],
        ],
      });
      blocks.push({ t: 'p', runs: [`负责人：${personName(r)}　办公地址：澄江县凤麓街道　联系电话：0877-66${r.int(10000, 99999)}`] });
      break;
    case 'service':
      blocks.push({ t: 'p', runs: [{ b: '办理条件：' }, '符合相关规定的本县户籍居民或在本县参保人员。'] });
      blocks.push({ t: 'p', runs: [{ b: '所需材料：' }] });
      blocks.push({ t: 'ul', items: [['居民身份证原件及复印件'], ['户口簿原件及复印件'], ['相关申请表']] });
      blocks.push({ t: 'p', runs: [{ b: '办理地点：' }, '澄江县政务服务中心一楼综合窗口'] });
      break;
    default: {
      const items = (n: number) => r.sample(countySentences.slice(1, 6), n).map((x) => [fill(x, s)]);
      const t = a.title;
      if (a.docType === '批复') {
        blocks.push({ t: 'p', runs: [`${String(s.town).replace(/街道$/, '街道办事处').replace(/镇$/, '镇人民政府')}：`], indent: false });
        blocks.push({ t: 'p', runs: [`你单位《关于${String(s.town)}${s.year}年土地征收方案的请示》收悉。经研究，批复如下：`] });
        blocks.push({
          t: 'ol',
          items: [
            [`原则同意${String(s.town)}${s.year}年土地征收方案，征收土地面积${s.n1}亩，用于${String(s.topic)}相关项目建设。`],
            ['请严格按照有关规定做好征地补偿安置工作，切实维护被征地农民合法权益。'],
            ['请按规定履行征地报批程序，未经批准不得擅自动工。'],
          ],
        });
        blocks.push({ t: 'p', runs: ['此复。'] });
      } else if (a.docType === '通告' || a.docType === '公告') {
        blocks.push({ t: 'p', runs: [`为做好${String(s.topic)}工作，根据有关法律法规规定，现将有关事项${a.docType}如下：`] });
        blocks.push({
          t: 'ol',
          items: [
            [`本${a.docType}适用于本县行政区域内与${String(s.topic)}有关的活动。`],
            [`各乡镇（街道）、县直各部门要按照职责分工，切实做好${String(s.topic)}相关工作。`],
            [`对违反本${a.docType}规定的，由有关部门依法予以处理。`],
            ['欢迎社会各界监督举报，举报电话：0877-6612345。'],
          ].slice(0, r.int(2, 4)),
        });
        blocks.push({ t: 'p', runs: [`本${a.docType}自发布之日起施行。`] });
        blocks.push({ t: 'p', runs: [`特此${a.docType}。`] });
      } else if (a.docType === '决定') {
        blocks.push({ t: 'p', runs: ['各乡镇人民政府、街道办事处，县直各部门：'], indent: false });
        blocks.push({
          t: 'p',
          runs: [
            `${s.year}年，全县上下认真贯彻落实县委、县政府决策部署，${String(s.topic)}工作取得明显成效。为表彰先进，县人民政府决定对${String(s.town)}等${s.n3}个先进集体、${String(s.person)}等${Number(s.n1) % 40}名先进个人予以表彰。`,
          ],
        });
        blocks.push({ t: 'p', runs: ['希望受表彰的集体和个人珍惜荣誉，再创佳绩。'] });
      } else if (t.endsWith('公示')) {
        blocks.push({
          t: 'p',
          runs: [`根据有关规定，现将${t.replace(/^关于/, '').replace(/的公示$/, '')}有关情况予以公示，公示期为5个工作日。`],
        });
        blocks.push({
          t: 'table',
          rows: [
            [
              { text: '项目名称', th: true },
              { text: '实施地点', th: true },
              { text: '投资（万元）', th: true },
            ],
            [{ text: `${String(s.topic)}项目` }, { text: String(s.town) }, { text: String(s.n1) }],
          ],
        });
        blocks.push({
          t: 'p',
          runs: [
            `公示期间如有异议，请向县${String(s.topic).slice(0, 2)}工作领导小组办公室反映。联系电话：0877-66${10000 + Number(s.n1)}。`,
          ],
        });
      } else {
        if (a.docType) blocks.push({ t: 'p', runs: ['各乡镇人民政府、街道办事处，县直各部门：'], indent: false });
        if (a.docType === '通知')
          blocks.push({ t: 'p', runs: [`为进一步做好${String(s.topic)}工作，经县人民政府同意，现将有关事项通知如下：`] });
        for (let i = 0; i < r.int(2, 4); i++) blocks.push(para(r.int(1, 2)));
        if (kind === 'policy' && r.chance(0.6)) blocks.push({ t: 'ol', items: items(3) });
      }
    }
  }
  a.images.forEach((img, k) => {
    blocks.splice(Math.min(blocks.length, 1 + k), 0, { t: 'img', src: img.path, alt: a.title, width: img.width, height: img.height });
    if (img.caption) blocks.splice(Math.min(blocks.length, 2 + k), 0, { t: 'p', runs: [img.caption], align: 'center' });
  });
  for (const link of a.crossLinks)
    blocks.push({ t: 'p', runs: [link.lead, { a: link.text, href: link.href }, ...(link.tail ? [link.tail] : [])] });
  for (const att of a.attachments) blocks.push({ t: 'att', href: att.path, title: att.title });
  if (a.meta && a.docType && kind !== 'news') {
    const w = a.meta.written;
    blocks.push({ t: 'p', runs: [a.meta.publisher], align: 'right' });
    blocks.push({ t: 'p', runs: [`${w.y}年${w.m}月${w.d}日`], align: 'right' });
  }
  return blocks;
}

// ---------------------------------------------------------------- templates

interface PageMeta {
  title: string;
  columnName: string;
  columnType: string;
  article?: CountyArticle;
  description?: string;
}

function head(m: PageMeta): string {
  const a = m.article;
  const art = a
    ? `
<meta name="ArticleTitle" content="${esc(a.title)}">
<meta name="PubDate" content="${ymd(a.pub)} ${pad2(a.pub.hh)}:${pad2(a.pub.mm)}">
<meta name="ContentSource" content="${esc(a.source ?? '')}">
<meta name="Keywords" content="${esc(a.keywords)}">
<meta name="Author" content="${esc(a.author ?? '')}">
<meta name="Description" content="${esc(m.description ?? '')}">
<meta name="Url" content="${alias}${a.url.slice(1)}">`
    : '';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(m.title)}</title>
<meta name="SiteName" content="${site.name}">
<meta name="SiteDomain" content="${site.domain}">
<meta name="SiteIDCode" content="${site.siteIdCode}">
<meta name="ColumnName" content="${esc(m.columnName)}">
<meta name="ColumnDescription" content="${esc(m.columnName)}栏目">
<meta name="ColumnKeywords" content="${esc(m.columnName)}">
<meta name="ColumnType" content="${esc(m.columnType)}">${art}
<link rel="stylesheet" href="/css/style.css">
</head>
<body>`;
}

function header(columns: CountyColumn[]): string {
  const nav = columns
    .filter((c) => !c.parentCol)
    .map((c) => `<li><a href="${c.url}">${esc(c.name)}</a></li>`)
    .join('');
  return `
<div class="top"><div class="container"><a href="/index.html" class="logo"><img src="/images/logo.png" alt="${site.name}" width="360" height="70"></a></div></div>
<nav class="nav"><ul class="container"><li><a href="/index.html">首页</a></li>${nav}</ul></nav>`;
}

function footer(): string {
  return `
<footer class="footer"><div class="container">
<p><a href="/col/col4725/index.html">机构设置</a> | <a href="/col/col4711/index.html">政务公开</a></p>
<p>主办单位：${site.organizer}　承办单位：${site.undertaker}</p>
<p>地址：${site.address}　联系电话：${site.phone}　电子邮箱：${site.email}</p>
<p><a href="https://beian.miit.gov.cn/" target="_blank">${site.icp}</a>　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=${site.psbCode}" target="_blank"><img src="/images/gaba.png" width="20" height="20" alt="">${site.psb}</a>　网站标识码：${site.siteIdCode}</p>
<p><a href="http://bszs.conac.cn/sitename?method=show&amp;id=5A6B7C8D9E0F1A2B" target="_blank"><img src="/images/dzjg.png" width="55" height="65" alt="党政机关"></a></p>
</div></footer>
</body>
</html>
`;
}

function crumbs(col: CountyColumn): string {
  const trail = [...(col.parentCol ? [col.parentCol] : []), col];
  return `<div class="crumbs">您当前的位置：<a href="/index.html">首页</a>${trail.map((c) => ` &gt; <a href="${c.url}">${esc(c.name)}</a>`).join('')}</div>`;
}

function articlePage(a: CountyArticle, blocks: Block[], columns: CountyColumn[]): string {
  const r = new Rng(hashSeed(a.seed, 'render'));
  const text = blocksText(blocks).replace(/\s+/g, '');
  const meta = a.meta
    ? `<table class="xxgk-table">
<tr><td class="t">索引号：</td><td>${a.meta.indexNumber}</td><td class="t">发布机构：</td><td>${esc(a.meta.publisher)}</td></tr>
<tr><td class="t">文　号：</td><td>${esc(a.docNumberRaw ?? '')}</td><td class="t">成文日期：</td><td>${ymd(a.meta.written)}</td></tr>
</table>`
    : '';
  const info = [
    `<span>发布日期：${ymd(a.pub)} ${pad2(a.pub.hh)}:${pad2(a.pub.mm)}</span>`,
    a.source ? `<span>信息来源：${esc(a.source)}</span>` : '',
    a.author ? `<span>作者：${esc(a.author)}</span>` : '',
    '<span>浏览次数：<b id="hits">0</b></span>',
    '<span>字号：<a href="javascript:setFont(18)">大</a> <a href="javascript:setFont(16)">中</a> <a href="javascript:setFont(14)">小</a></span>',
  ]
    .filter(Boolean)
    .join(' ');
  const open = a.container === 'zoom' ? '<div id="zoom">' : '<div class="article-content">';
  return `${head({ title: `${a.title}_${a.col.name}_${site.name}`, columnName: a.col.name, columnType: a.col.name, article: a, description: text.slice(0, 60) })}${header(columns)}
<div class="container main">
${crumbs(a.col)}
<div class="article">
${meta}
<h1 class="article-title">${esc(a.title)}</h1>
<div class="article-info">${info}</div>
${open}
<!--ZJEG_RSS.content.begin--><meta name="ContentStart">
${renderBlocks(blocks, 'hanweb', r)}
<meta name="ContentEnd"><!--ZJEG_RSS.content.end-->
</div>
<div class="article-tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
</div>
</div>${footer()}`;
}

function listItemsHtml(items: CountyArticle[]): string {
  return items
    .map((a) => `<li><a href="${a.url}" target="_blank" title="${esc(a.title)}">${esc(a.title)}</a><span>${ymd(a.pub)}</span></li>`)
    .join('\n');
}

function listPage(col: CountyColumn, columns: CountyColumn[]): string {
  const body = col.script
    ? `<div id="list" class="list-container" data-colid="${col.id}" data-pagesize="${pageSize}"></div>
<div id="pager" class="pager"></div>
<script src="/js/jquery-like.js"></script><script src="/js/list.js"></script>`
    : `<ul class="list">\n${listItemsHtml(col.articles)}\n</ul>`;
  return `${head({ title: `${col.name}_${site.name}`, columnName: col.name, columnType: col.name })}${header(columns)}
<div class="container main">
${crumbs(col)}
<div class="list-wrap"><h2 class="col-title">${esc(col.name)}</h2>
${body}
</div>
</div>${footer()}`;
}

function overviewPage(col: CountyColumn, columns: CountyColumn[]): string {
  const boxes = col.children
    .map((c) => {
      const items = c.script ? '' : `<ul class="list">\n${listItemsHtml(c.articles.slice(0, 5))}\n</ul>`;
      return `<div class="box"><h3><a href="${c.url}">${esc(c.name)}</a><a class="more" href="${c.url}">更多</a></h3>${items}</div>`;
    })
    .join('\n');
  return `${head({ title: `${col.name}_${site.name}`, columnName: col.name, columnType: col.name })}${header(columns)}
<div class="container main">
${crumbs(col)}
${boxes}
</div>${footer()}`;
}

function homePage(columns: CountyColumn[], byId: Map<number, CountyColumn>, banner: string): string {
  const latest = (byId.get(4721)?.articles ?? []).slice(0, 6);
  const notices = (byId.get(4720)?.articles ?? []).slice(0, 5);
  return `${head({ title: site.name, columnName: '首页', columnType: '首页' })}${header(columns)}
<div class="container main">
<div class="banner"><img src="${banner}" width="1200" height="240" alt=""></div>
<div class="box"><h3><a href="${alias}col/col4721/index.html">政务动态</a><a class="more" href="${alias}col/col4721/index.html">更多</a></h3><ul class="list">
${listItemsHtml(latest)}
</ul></div>
<div class="box"><h3><a href="/col/col4720/index.html">通知公告</a><a class="more" href="/col/col4720/index.html">更多</a></h3><ul class="list">
${listItemsHtml(notices)}
</ul></div>
<div class="box"><h3>专题专栏</h3><ul class="list"><li><a href="/col/col4799/index.html">创建全国文明城市专题</a></li></ul></div>
<div class="box"><h3>便民服务</h3><ul class="list"><li><a href="/col/col4726/index.html">便民服务</a></li><li><a href="/col/col4718/index.html">县情概况</a></li></ul></div>
<div class="links">相关链接：<a href="http://www.gov.cn/" target="_blank">中国政府网</a> <a href="http://www.yn.gov.cn/" target="_blank">云南省人民政府</a> <a href="http://www.yuxi.gov.cn/" target="_blank">玉溪市人民政府</a></div>
</div>${footer()}`;
}

const listJs = `/* list.js: renders a column's article list from /data/col{id}_{pageNum}.json (no library needed). */
(function () {
  function param(name) {
    var m = new RegExp('[?&]' + name + '=([^&#]*)').exec(window.location.search);
    return m ? decodeURIComponent(m[1]) : null;
  }
  function esc(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  var box = document.getElementById('list');
  if (!box) { return; }
  var colId = box.getAttribute('data-colid');
  var pageNum = parseInt(param('pageNum') || '1', 10);
  if (!(pageNum >= 1)) { pageNum = 1; }
  var xhr = new XMLHttpRequest();
  xhr.open('GET', '/data/col' + colId + '_' + pageNum + '.json', true);
  xhr.onreadystatechange = function () {
    if (xhr.readyState !== 4) { return; }
    if (xhr.status !== 200) { box.innerHTML = '<p class="nodata">暂无信息</p>'; return; }
    var data = JSON.parse(xhr.responseText);
    var html = '<ul class="list">';
    for (var i = 0; i < data.items.length; i++) {
      var it = data.items[i];
      html += '<li><a href="' + esc(it.url) + '" target="_blank" title="' + esc(it.title) + '">' + esc(it.title) + '</a><span>' + esc(it.date) + '</span></li>';
    }
    html += '</ul>';
    box.innerHTML = html;
    var pager = document.getElementById('pager');
    if (pager && data.pages > 1) {
      var p = '<span>共' + data.total + '条 第' + pageNum + '/' + data.pages + '页</span> ';
      for (var n = 1; n <= data.pages; n++) {
        p += (n === pageNum) ? '<b>' + n + '</b> ' : '<a href="index.html?uid=' + colId + '&pageNum=' + n + '">' + n + '</a> ';
      }
      pager.innerHTML = p;
    }
  };
  xhr.send(null);
})();
`;

const jqueryLike = `/* jquery-like.js: the few helpers the old templates used. */
(function (w) {
  function $(sel) { return document.querySelectorAll(sel); }
  $.ready = function (fn) { if (document.readyState !== 'loading') { fn(); } else { document.addEventListener('DOMContentLoaded', fn); } };
  w.$ = w.$ || $;
  w.setFont = function (size) { var z = document.getElementById('zoom') || document.querySelector('.article-content'); if (z) { z.style.fontSize = size + 'px'; } };
})(window);
`;

const countyCss = `body{margin:0;font:14px/1.8 "Microsoft YaHei",sans-serif;color:#333}
a{color:#333;text-decoration:none}.container{width:1200px;margin:0 auto}
.top{background:#0b5ea8;height:90px}.nav{background:#084a86}.nav ul{list-style:none;margin:0 auto;padding:0;overflow:hidden}
.nav li{float:left}.nav a{display:block;color:#fff;padding:0 24px;line-height:44px}
.crumbs{line-height:40px;border-bottom:1px solid #e5e5e5}.list{list-style:none;padding:0}.list li{line-height:36px;border-bottom:1px dashed #ddd}
.list li span{float:right;color:#999}.pager{text-align:center;padding:16px}.pager b{color:#c00}
.article-title{text-align:center;font-size:24px;color:#0b5ea8}.article-info{text-align:center;color:#888}.article-info span{margin:0 8px}
#zoom,.article-content{font-size:16px;line-height:2;padding:20px 0}.xxgk-table{width:100%;border-collapse:collapse;background:#f5f9fd}
.xxgk-table td{border:1px solid #d6e4f0;padding:4px 8px}.box{border:1px solid #e5e5e5;margin-bottom:12px;padding:0 12px}
.footer{background:#f2f2f2;text-align:center;padding:16px 0;margin-top:20px}
`;

// ---------------------------------------------------------------- generation

export interface CountyResult {
  articles: number;
  columns: number;
  pages: number;
  deadLinks: number;
  images: number;
  attachments: number;
}

export async function generateCountySite(opts: { out: string; seed: number; log?: (line: string) => void }): Promise<CountyResult> {
  const { columns, byId, articles } = buildModel(opts.seed);
  const sink = new FileSink(opts.out);
  const graph = new SiteGraph({ aliasHosts: [site.domain] });
  const truth = new TruthWriter(path.join(opts.out, 'truth.json'));
  const writeHtml = (p: string, kind: PageKind, html: string) => {
    sink.write(p, html);
    graph.add(p, kind, htmlLinks(html));
  };
  const writeOther = (p: string, kind: PageKind, data: Uint8Array | string, links: string[] = []) => {
    sink.write(p, data);
    graph.add(p, kind, links);
  };
  const serve: ServeConfig = { charset: 'UTF-8' };
  const truthSite: TruthSite = {
    id: 'county-js',
    name: site.name,
    encoding: 'utf-8',
    declaredDomain: site.domain,
    organizer: site.organizer,
    undertaker: site.undertaker,
    icpNumber: site.icp,
    psbNumber: site.psb,
    siteIdCode: site.siteIdCode,
    phone: site.phone,
    email: site.email,
    address: site.address,
  };
  const pageUrl = (col: CountyColumn, n: number) => `${col.url}?uid=${col.id}&pageNum=${n}`;
  const truthColumns: TruthColumn[] = columns.map((c) => {
    const dates = c.articles.map((a) => ymd(a.pub)).sort();
    const leaf = c.kind !== null;
    return {
      id: `col${c.id}`,
      name: c.name,
      parent: c.parentCol ? `col${c.parentCol.id}` : null,
      path: c.pathNames,
      url: c.url,
      listPages: leaf ? Array.from({ length: c.pages }, (_, i) => (i === 0 ? c.url : pageUrl(c, i + 1))) : [],
      scriptBuilt: c.script,
      articles: c.articles.length,
      oldest: dates[0] ?? null,
      newest: dates[dates.length - 1] ?? null,
      empty: leaf && c.articles.length === 0,
      dormant: false,
    };
  });
  truth.begin(truthSite, truthColumns);

  writeOther('/css/style.css', 'style', countyCss);
  writeOther('/js/list.js', 'script', listJs);
  writeOther('/js/jquery-like.js', 'script', jqueryLike);
  writeOther(
    '/images/logo.png',
    'image',
    await makeImage({ seed: hashSeed('county', 'logo'), width: 360, height: 70, format: 'png', style: 'logo' }),
  );
  writeOther(
    '/images/banner.jpg',
    'image',
    await makeImage({ seed: hashSeed('county', 'banner'), width: 1200, height: 240, format: 'jpeg', style: 'photo' }),
  );
  writeOther(
    '/images/gaba.png',
    'image',
    await makeImage({ seed: hashSeed('county', 'gaba'), width: 20, height: 20, format: 'png', style: 'logo' }),
  );
  writeOther(
    '/images/dzjg.png',
    'image',
    await makeImage({ seed: hashSeed('county', 'dzjg'), width: 55, height: 65, format: 'png', style: 'logo' }),
  );

  let images = 0;
  let attachments = 0;
  for (const a of articles) {
    const blocks = bodyBlocks(a);
    writeHtml(a.url, 'article', articlePage(a, blocks, columns));
    for (const img of a.images) {
      const exif = img.exif
        ? {
            Make: 'HUAWEI',
            Model: 'ELE-AL00',
            DateTime: `${a.pub.y}:${pad2(a.pub.m)}:${pad2(a.pub.d)} ${pad2(a.pub.hh)}:${pad2(a.pub.mm)}:00`,
          }
        : undefined;
      writeOther(
        img.path,
        'image',
        await makeImage({ seed: img.seed, width: img.width, height: img.height, format: 'jpeg', style: 'photo', exif }),
      );
      images++;
    }
    const att: TruthArticle['attachments'] = [];
    for (const f of a.attachments) {
      if (f.missing) {
        att.push({ url: f.path, title: f.title, bytes: null, sha256: null });
        continue;
      }
      const bytes = makeAttachment(f.ext, `${a.title} ${f.title}`, a.pub, path.posix.basename(f.path));
      writeOther(f.path, 'attachment', bytes);
      att.push({ url: f.path, title: f.title, bytes: bytes.length, sha256: sha256(bytes) });
      attachments++;
    }
    const refs = blockRefs(blocks);
    const resolve = (href: string) => graph.resolver.resolve(href, a.url) ?? href;
    truth.article({
      url: a.url,
      column: `col${a.col.id}`,
      title: a.title,
      publishedAt: isoShanghai(a.pub, true),
      writtenAt: a.meta ? ymd(a.meta.written) : null,
      source: a.source,
      author: a.author,
      publisher: a.meta?.publisher ?? null,
      topic: null,
      docNumber: a.docNumber,
      docNumberRaw: a.docNumberRaw,
      indexNumber: a.meta?.indexNumber ?? null,
      docType: a.docType,
      images: refs.images.map(resolve),
      attachments: att,
      links: [...new Set(refs.links.map(resolve))],
      bodyText: blocksText(blocks),
    });
  }
  for (const col of columns) {
    if (col.kind === null) {
      writeHtml(col.url, 'column', overviewPage(col, columns));
      continue;
    }
    writeHtml(col.url, 'list', listPage(col, columns));
    if (!col.script) continue;
    for (let n = 1; n <= col.pages; n++) {
      const items = col.articles.slice((n - 1) * pageSize, n * pageSize);
      const data = {
        total: col.articles.length,
        pages: col.pages,
        pageNum: n,
        items: items.map((a) => ({ title: a.title, url: a.url, date: ymd(a.pub) })),
      };
      const dataUrl = `/data/col${col.id}_${n}.json`;
      writeOther(
        dataUrl,
        'data',
        `${JSON.stringify(data, null, 2)}\n`,
        data.items.map((i) => i.url),
      );
      // What list.js renders on this page: the data it fetches, its items, and the pager.
      const rendered = [dataUrl, ...data.items.map((i) => i.url)];
      for (let k = 1; k <= col.pages && col.pages > 1; k++) if (k !== n) rendered.push(`index.html?uid=${col.id}&pageNum=${k}`);
      if (n === 1) graph.addScriptLinks(col.url, rendered);
      graph.addScriptLinks(pageUrl(col, n), rendered);
    }
  }
  const home = homePage(columns, byId, '/images/banner.jpg');
  writeHtml('/index.html', 'home', home);
  const sitemap = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${[alias, ...columns.map((c) => `${alias}${c.url.slice(1)}`)].map((loc) => `  <url><loc>${loc}</loc><changefreq>daily</changefreq></url>`).join('\n')}
</urlset>
`;
  writeOther('/sitemap.xml', 'sitemap', sitemap, sitemapLinks(sitemap));
  const robots = `User-agent: *\nAllow: /\n\nSitemap: ${alias}sitemap.xml\n`;
  writeOther('/robots.txt', 'robots', robots, robotsLinks(robots));
  writeServeConfig(path.join(opts.out, '_serve.json'), serve);

  const walked = walk(graph, serve, [], []);
  const tail: TruthTail = {
    ...walked,
    traps: [],
    redirects: [],
    brokenMedia: articles
      .flatMap((a) => a.attachments.filter((f) => f.missing).map((f) => ({ url: f.path, problem: 'missing' as const, article: a.url })))
      .sort((x, y) => (x.url < y.url ? -1 : 1)),
  };
  truth.end(tail);
  opts.log?.(`county-js: ${walked.pages.length} pages reached`);
  return {
    articles: articles.length,
    columns: columns.length,
    pages: walked.pages.length,
    deadLinks: walked.deadLinks.length,
    images,
    attachments,
  };
}
