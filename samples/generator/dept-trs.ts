/**
 * The provincial department site in TRS WCM style (GBK): model first (columns, articles, media,
 * defects), then every page and the truth rendered from that one model. Used for the sample site
 * (`dept-trs`, rich bodies, images, deliberate defects) and for large synthetic sites (`--pages N`).
 */
import path from 'node:path';
import iconv from 'iconv-lite';
import { type Block, blockRefs, blocksText, escapeHtml as esc, renderBlocks } from './body.js';
import { type BodyImage, type BodyPlan, buildBody, type ContentKind, type CrossLink } from './content.js';
import {
  addDays,
  cnNumeralDate,
  compareDateTime,
  type DateTime,
  type Day,
  fromDays,
  isoShanghai,
  pad2,
  toDays,
  ymd,
  ymdCompact,
} from './dates.js';
import { htmlLinks, type PageKind, robotsLinks, SiteGraph, walk } from './graph.js';
import { type AttachmentExt, type ImageSpec, makeAttachment, makeImage, sha256 } from './media.js';
import { hashSeed, Rng } from './rng.js';
import { docTypeOfTitle, drawSlots, fill, leaders, offices, personName, type Slots, titleTemplates } from './text.js';
import {
  breadcrumb,
  type Crumb,
  commonJs,
  createPageHtmlDefinition,
  css,
  footer,
  head,
  header,
  type ListItem,
  listItems,
  type TrsInfo,
} from './trs.js';
import {
  type ServeConfig,
  type TruthArticle,
  type TruthColumn,
  type TruthSite,
  type TruthTail,
  TruthWriter,
  writeServeConfig,
} from './truth.js';
import { FileSink } from './write.js';

// ---------------------------------------------------------------- site identity

export const deptInfo: TrsInfo = {
  name: '云南省农业农村厅',
  shortName: '省农业农村厅',
  domain: 'nyt.yn.example.gov.cn',
  siteIdCode: '5300000012',
  undertaker: '云南省农业农村厅信息中心',
  address: '云南省昆明市西山区滇池路998号',
  postcode: '650228',
  phone: '0871-65612345',
  email: 'nytxxzx@yn.example.gov.cn',
  icp: '滇ICP备05001234号-1',
  psb: '滇公网安备 53010202000456号',
  psbCode: '53010202000456',
  conacId: '0A1B2C3D4E5F60718293A4B5C6D7E8F9',
  nav: [
    { name: '首页', href: '/' },
    { name: '机构概况', href: '/jggk/' },
    { name: '政务公开', href: '/zwgk/' },
    { name: '办事服务', href: '/bsfw/' },
    { name: '互动交流', href: '/hdjl/' },
    { name: '党建园地', href: '/djyd/' },
  ],
};

// ---------------------------------------------------------------- columns

export interface TrsColumnSpec {
  id: string;
  name: string;
  parent: string | null;
  /** null: a first-level overview column without its own articles. */
  kind: ContentKind | null;
  count: number;
  empty?: boolean;
  dormant?: boolean;
  /** Carries SiteName/SiteDomain/SiteIDCode/ColumnName/ColumnType meta tags. */
  stdMeta?: boolean;
  /** Probabilities: metadata table, doc number (with a table), doc number in the body head only, attachments, images. */
  meta?: number;
  docNo?: number;
  headDocNo?: number;
  att?: number;
  img?: number;
}

export const deptColumns: TrsColumnSpec[] = [
  { id: 'jggk', name: '机构概况', parent: null, kind: null, count: 0 },
  { id: 'jgzn', name: '机构职能', parent: 'jggk', kind: 'org', count: 1 },
  { id: 'ldxx', name: '领导信息', parent: 'jggk', kind: 'leader', count: 4, img: 1 },
  { id: 'nsjg', name: '内设机构', parent: 'jggk', kind: 'dept', count: 8 },
  { id: 'zwgk', name: '政务公开', parent: null, kind: null, count: 0 },
  {
    id: 'tzgg',
    name: '通知公告',
    parent: 'zwgk',
    kind: 'notice',
    count: 45,
    stdMeta: true,
    meta: 0.75,
    docNo: 0.6,
    headDocNo: 0.35,
    att: 0.35,
    img: 0.05,
  },
  { id: 'zcwj', name: '政策文件', parent: 'zwgk', kind: 'policy', count: 40, stdMeta: true, meta: 1, docNo: 0.9, att: 0.3 },
  { id: 'gzdt', name: '工作动态', parent: 'zwgk', kind: 'news', count: 66, img: 0.45, att: 0.03 },
  { id: 'rsxx', name: '人事信息', parent: 'zwgk', kind: 'personnel', count: 16, stdMeta: true, meta: 0.6, docNo: 0.3, att: 0.4 },
  { id: 'ghjh', name: '规划计划', parent: 'zwgk', kind: 'plan', count: 10, stdMeta: true, meta: 0.6, docNo: 0.3, att: 0.3 },
  { id: 'czyjs', name: '财政预决算', parent: 'zwgk', kind: 'budget', count: 12, stdMeta: true, meta: 0.7, att: 0.7 },
  { id: 'tjsj', name: '统计数据', parent: 'zwgk', kind: 'stats', count: 12, dormant: true, img: 0.4 },
  { id: 'ndbg', name: '政府信息公开年报', parent: 'zwgk', kind: 'annual', count: 13, stdMeta: true, meta: 0.5, att: 0.3 },
  { id: 'bsfw', name: '办事服务', parent: null, kind: null, count: 0 },
  { id: 'bszn', name: '办事指南', parent: 'bsfw', kind: 'guide', count: 10, att: 0.5 },
  { id: 'bgxz', name: '表格下载', parent: 'bsfw', kind: 'form', count: 8, att: 1 },
  { id: 'hdjl', name: '互动交流', parent: null, kind: null, count: 0 },
  { id: 'tzxx', name: '厅长信箱', parent: 'hdjl', kind: 'mailbox', count: 8 },
  { id: 'zxft', name: '在线访谈', parent: 'hdjl', kind: 'news', count: 0, empty: true },
  { id: 'djyd', name: '党建园地', parent: null, kind: 'party', count: 12, img: 0.5 },
];

interface TrsColumn extends TrsColumnSpec {
  dir: string;
  url: string;
  pathNames: string;
  parentCol: TrsColumn | null;
  children: TrsColumn[];
  /** Newest first, as listed. */
  articles: TrsArticle[];
  pageCount: number;
  titleStyle: 'h1' | 'div' | 'td';
  titleTag: 'plain' | 'site' | 'path';
}

// ---------------------------------------------------------------- articles

type DateStyle = 'dash-hm' | 'dash-hms' | 'dash' | 'cn' | 'slash' | 'stamp';

interface MetaTable {
  variant: 1 | 2 | 3;
  indexNumber: string;
  topic: string;
  publisher: string;
}

interface MediaFile {
  path: string;
  href: string;
  kind: 'image' | 'attachment';
  image?: ImageSpec;
  attachment?: { ext: AttachmentExt; title: string };
  /** Deliberately broken bytes, or no file at all. */
  broken?: 'html-disguised-as-image' | 'truncated-image' | 'missing';
}

export interface TrsArticle {
  id: number;
  col: TrsColumn;
  seed: number;
  pub: DateTime;
  title: string;
  docType: string | null;
  url: string;
  slots: Slots;
  dateStyle: DateStyle;
  source: string | null;
  sourceLabel: string;
  author: string | null;
  meta: MetaTable | null;
  docNumber: string | null;
  docNumberRaw: string | null;
  docNumberInHead: boolean;
  written: Day | null;
  signature: { org: string; date: string } | null;
  salutation: string | null;
  charsetMeta: 'gb2312' | 'gbk';
  flavor: 'trs' | 'trs-word';
  nested: boolean;
  editorStyle: boolean;
  images: BodyImage[];
  media: MediaFile[];
  attachments: { href: string; title: string }[];
  crossLinks: CrossLink[];
  fixedText?: string[];
  length: number;
  tables: boolean;
}

export interface TrsSiteOptions {
  id: string;
  seed: number;
  /** 'samples': the rich sample with deliberate defects; 'bulk': many plain pages, fast. */
  mode: 'samples' | 'bulk';
  columns: TrsColumnSpec[];
  out: string;
  /** Log line per stage. */
  log?: (line: string) => void;
}

const firstDay: Day = { y: 2012, m: 1, d: 4 };
const lastDay: Day = { y: 2025, m: 6, d: 20 };
const calendarMonth = '2025-05';

/** Moves weekend days to Monday (government sites publish on workdays). */
function workday(day: Day): Day {
  const dow = (((toDays(day) + 4) % 7) + 7) % 7; // 0 = Sunday
  return dow === 0 ? addDays(day, 1) : dow === 6 ? addDays(day, 2) : day;
}

function randomDay(rng: Rng, from: Day, to: Day): Day {
  const d = fromDays(rng.int(toDays(from), toDays(to)));
  const w = workday(d);
  return toDays(w) > toDays(to) ? addDays(w, -3) : w;
}

function withTime(rng: Rng, day: Day): DateTime {
  return { ...day, hh: rng.int(8, 18), mm: rng.int(0, 59), ss: rng.int(0, 59) };
}

const docPrefixes: Record<string, string[]> = {
  通知: ['云农发', '云农办', '云农办发', '云农计财', '云农种植', '云农牧', '云农渔政', '云农科教'],
  意见: ['云农发'],
  批复: ['云农复', '云农计财复'],
  函: ['云农函', '云农办函'],
  决定: ['云农发'],
  报告: ['云农报'],
  纪要: ['云农纪要'],
  通报: ['云农办通', '云农通'],
  公告: ['云农公告'],
  通告: ['云农通告'],
};

/** The raw spelling of a doc number: 〔〕 mostly, and the variants real pages use. */
function rawDocNumber(rng: Rng, prefix: string, year: number, n: number): { norm: string; raw: string } {
  const norm = `${prefix}〔${year}〕${n}号`;
  const style = rng.weighted<string>([
    ['〔〕', 12],
    ['[]', 2],
    ['［］', 1.5],
    ['（）', 1.5],
    ['()', 1],
    ['【】', 1],
    ['spaced', 1.5],
  ]);
  const raw =
    style === 'spaced'
      ? `${prefix}〔 ${year} 〕 ${n}号`
      : style === '〔〕'
        ? norm
        : `${prefix}${style.charAt(0)}${year}${style.charAt(1)}${n}号`;
  return { norm, raw };
}

function indexNumber(year: number, seq: number, rng: Rng): string {
  if (year <= 2015) return `53000-${year}-${String(seq).padStart(6, '0')}`;
  if (year <= 2019 || rng.chance(0.2)) return `000014349/${year}-${String(seq).padStart(5, '0')}`;
  return `11530000015123456X/${year}-${String(seq).padStart(5, '0')}`;
}

const topicsByKind: Partial<Record<ContentKind, string[]>> = {
  notice: ['农业、林业、水利/农业', '综合政务/其他', '农业、林业、水利\\农业'],
  policy: ['农业、林业、水利/农业', '农业、林业、水利/其他', '综合政务/政务公开'],
  personnel: ['劳动、人事、监察/人事工作'],
  plan: ['国民经济管理、国有资产监管/发展规划', '农业、林业、水利/农业'],
  budget: ['财政、金融、审计/财政'],
  annual: ['综合政务/政务公开'],
};

const attachmentNames: Partial<Record<ContentKind, string[]>> = {
  notice: ['参会回执', '任务分解表', '推荐名单', '申报指南', '评分标准', '工作方案', '报名表'],
  policy: ['实施细则', '名单', '申报书格式', '项目清单'],
  personnel: ['岗位信息表', '报名表', '拟聘用人员名单'],
  plan: ['规划全文', '工作方案', '任务清单'],
  budget: ['部门预算公开表', '部门决算公开表', '项目支出绩效目标表'],
  annual: ['年度报告全文'],
  guide: ['申请表', '办事流程图'],
  news: ['会议材料'],
};

const attachmentExts: Partial<Record<ContentKind, (readonly [AttachmentExt, number])[]>> = {
  budget: [
    ['xls', 3],
    ['xlsx', 3],
    ['pdf', 2],
  ],
  form: [
    ['doc', 3],
    ['docx', 2],
    ['xls', 2],
    ['xlsx', 2],
  ],
  annual: [['pdf', 1]],
};

const defaultExts: (readonly [AttachmentExt, number])[] = [
  ['pdf', 3],
  ['doc', 2],
  ['docx', 2],
  ['xls', 1.5],
  ['xlsx', 1.5],
  ['zip', 0.6],
];

const deptBios = (rng: Rng, leader: (typeof leaders)[number], i: number): string[] => {
  const born = 1964 + i * 2;
  const pref = ['昆明', '曲靖', '大理', '红河'][i] ?? '昆明';
  const duties = [
    '主持厅全面工作。',
    '负责种植业、农田建设、农业机械化方面工作。分管种植业管理处、农田建设管理处。',
    '负责畜牧兽医、渔业渔政方面工作。分管畜牧兽医处、渔业渔政处。',
    '负责科技教育、市场与信息化方面工作。分管科技教育处、市场与信息化处。',
  ];
  return [
    `${leader.name}，${i === 3 ? '女' : '男'}，汉族，${born}年${rng.int(1, 12)}月生，云南${pref}人，${born + 22}年7月参加工作，${born + 21}年6月加入中国共产党，研究生学历，${rng.pick(['农学博士', '农业推广硕士', '管理学硕士'])}。`,
    `现任云南省农业农村厅${leader.post}。`,
    `工作分工：${duties[i] ?? duties[0]}`,
  ];
};

// ---------------------------------------------------------------- encoding

function encodeGbk(html: string, where: string, check: boolean): Buffer {
  const bytes = iconv.encode(html, 'gbk');
  if (check && iconv.decode(bytes, 'gbk') !== html) {
    const bad = [...html].find((ch) => iconv.decode(iconv.encode(ch, 'gbk'), 'gbk') !== ch);
    throw new Error(`${where}: character ${JSON.stringify(bad)} is not in GBK`);
  }
  return bytes;
}

// ---------------------------------------------------------------- model

interface Model {
  columns: TrsColumn[];
  byId: Map<string, TrsColumn>;
  articles: TrsArticle[];
  /** Dead URLs placed on purpose, by the page that links them. */
  deadOnLists: Map<string, ListItem[]>;
  brokenMedia: TruthTail['brokenMedia'];
}

function buildColumns(specs: TrsColumnSpec[], rng: Rng): { columns: TrsColumn[]; byId: Map<string, TrsColumn> } {
  const byId = new Map<string, TrsColumn>();
  const columns: TrsColumn[] = [];
  for (const spec of specs) {
    const parentCol = spec.parent ? (byId.get(spec.parent) ?? null) : null;
    if (spec.parent && !parentCol) throw new Error(`column ${spec.id}: parent ${spec.parent} must come first`);
    const dir = parentCol ? `${parentCol.dir}${spec.id}/` : `/${spec.id}/`;
    const col: TrsColumn = {
      ...spec,
      dir,
      url: `${dir}index.html`,
      pathNames: parentCol ? `${parentCol.name}/${spec.name}` : spec.name,
      parentCol,
      children: [],
      articles: [],
      pageCount: 1,
      titleStyle: rng.pick(['h1', 'h1', 'div', 'td'] as const),
      titleTag: rng.pick(['plain', 'site', 'path'] as const),
    };
    if (parentCol) parentCol.children.push(col);
    byId.set(spec.id, col);
    columns.push(col);
  }
  return { columns, byId };
}

function pickTitle(rng: Rng, col: TrsColumn, slots: Slots, index: number, pub: DateTime, used: Set<string> | null): string {
  const kind = col.kind ?? 'news';
  if (kind === 'org') return '主要职责';
  if (kind === 'leader') return leaders[index % leaders.length]?.name ?? '领导';
  if (kind === 'dept') return offices[index % offices.length] ?? '办公室';
  if (kind === 'annual') return `云南省农业农村厅${pub.y - 1}年政府信息公开工作年度报告`;
  const templates = titleTemplates[kind] ?? titleTemplates.news ?? [];
  if (kind === 'guide' || kind === 'form') {
    const base = templates[index % templates.length] ?? '办事指南';
    return index < templates.length ? base : `${base}（${pub.y}年修订）`;
  }
  for (let attempt = 0; attempt < 40; attempt++) {
    const template = rng.pick(templates);
    const s: Slots = { ...slots };
    if (kind === 'budget') s.year = template.includes('决算') ? pub.y - 1 : pub.y;
    if (kind === 'stats') {
      s.month = pub.m === 1 ? 12 : pub.m - 1;
      s.year = pub.m === 1 ? pub.y - 1 : pub.y;
    }
    const title = fill(template, s);
    if (!used?.has(title)) {
      used?.add(title);
      return title;
    }
  }
  const fallback = `${fill(rng.pick(templates), slots)}（${pub.y}-${pad2(pub.m)}）`;
  used?.add(fallback);
  return fallback;
}

function pubDateFor(rng: Rng, col: TrsColumn, index: number): DateTime {
  let day: Day;
  switch (col.kind) {
    case 'annual':
      day = workday({ y: 2013 + index, m: rng.int(1, 3), d: rng.int(5, 28) });
      break;
    case 'org':
      day = { y: 2019, m: 3, d: 18 };
      break;
    case 'leader':
    case 'dept':
      day = workday({ y: 2019 + (index % 5), m: rng.int(1, 12), d: rng.int(1, 28) });
      break;
    default:
      day = col.dormant ? randomDay(rng, firstDay, { y: 2013, m: 12, d: 27 }) : randomDay(rng, firstDay, lastDay);
  }
  return withTime(rng, day);
}

function buildModel(opts: TrsSiteOptions): Model {
  const rng = new Rng(hashSeed(opts.id, opts.seed, 'model'));
  const { columns, byId } = buildColumns(opts.columns, rng.fork('columns'));
  const samples = opts.mode === 'samples';
  const used = samples ? new Set<string>() : null;

  // 1. dates, titles, kinds
  const draft: { col: TrsColumn; pub: DateTime; title: string; slots: Slots; index: number; seed: number }[] = [];
  for (const col of columns) {
    if (!col.kind || col.empty) continue;
    for (let i = 0; i < col.count; i++) {
      const seed = hashSeed(opts.seed, col.id, i);
      const r = new Rng(seed);
      const pub = pubDateFor(r, col, i);
      const slots = drawSlots(r, pub.y, pub.m, pub.d);
      const title = pickTitle(r, col, slots, i, pub, used);
      draft.push({ col, pub, title, slots, index: i, seed });
    }
  }
  draft.sort((a, b) => compareDateTime(a.pub, b.pub) || a.seed - b.seed);

  // 2. ids in publication order (TRS doc ids grow with time), 6 digits site-wide
  const span = Math.max(1, Math.floor(700_000 / Math.max(1, draft.length)));
  let nextId = 200_000 + rng.int(0, 999);
  let mediaSeq = 300_000 + rng.int(0, 999);
  const nextMedia = () => {
    mediaSeq += rng.int(1, Math.max(2, Math.min(97, span)));
    return String(mediaSeq % 1_000_000).padStart(6, '0');
  };
  const indexSeq = new Map<number, number>();
  const articles: TrsArticle[] = [];
  for (const d of draft) {
    nextId += rng.int(1, Math.max(1, Math.min(span * 2 - 1, 2900)));
    const id = nextId;
    const r = new Rng(hashSeed(d.seed, 'decorate'));
    const col = d.col;
    const kind = col.kind ?? 'news';
    const folder = `${col.dir}${d.pub.y}${pad2(d.pub.m)}/`;
    const url = `${folder}t${ymdCompact(d.pub)}_${id}.html`;
    const docType = kind === 'org' || kind === 'leader' || kind === 'dept' ? null : docTypeOfTitle(d.title);
    const a: TrsArticle = {
      id,
      col,
      seed: d.seed,
      pub: d.pub,
      title: d.title,
      docType,
      url,
      slots: d.slots,
      dateStyle: r.weighted<DateStyle>([
        ['dash-hm', 35],
        ['dash', 20],
        ['cn', 15],
        ['slash', 10],
        ['stamp', 10],
        ['dash-hms', 10],
      ]),
      source: null,
      sourceLabel: r.pick(['来源', '来源', '信息来源', '文章来源']),
      author: null,
      meta: null,
      docNumber: null,
      docNumberRaw: null,
      docNumberInHead: false,
      written: null,
      signature: null,
      salutation: null,
      charsetMeta: r.chance(0.2) ? 'gbk' : 'gb2312',
      flavor: r.chance(samples ? 0.25 : 0.15) ? 'trs-word' : 'trs',
      nested: r.chance(0.3),
      editorStyle: r.chance(0.3),
      images: [],
      media: [],
      attachments: [],
      crossLinks: [],
      length: samples ? r.int(1, 3) : r.int(1, 2),
      tables: samples ? r.chance(kind === 'budget' || kind === 'annual' || kind === 'guide' ? 0.9 : 0.3) : r.chance(0.15),
    };
    // source and author
    const oldName = d.pub.y < 2019 ? '省农业厅' : '省农业农村厅';
    if (r.chance(0.8)) {
      a.source =
        kind === 'news' || kind === 'party'
          ? r.pick([`${oldName}办公室`, '云南日报', `${d.slots.prefShort}市农业农村局`, oldName, '本站'])
          : r.pick([`${oldName}办公室`, `${oldName}${d.slots.office}`, oldName]);
    }
    if ((kind === 'news' || kind === 'party') && r.chance(0.3)) a.author = personName(r);
    // metadata table, doc number, written date, signature
    if (col.meta && r.chance(col.meta)) {
      const seq = (indexSeq.get(d.pub.y) ?? 0) + r.int(1, 9);
      indexSeq.set(d.pub.y, seq);
      a.meta = {
        variant: r.pick([1, 2, 3] as const),
        indexNumber: indexNumber(d.pub.y, seq, r),
        topic: r.pick(topicsByKind[kind] ?? ['综合政务/其他']),
        publisher: r.chance(0.8) ? '云南省农业农村厅' : `云南省农业农村厅${r.pick(offices)}`,
      };
    }
    const hasDocNo = docType !== null && (a.meta ? r.chance(col.docNo ?? 0) : r.chance(col.headDocNo ?? 0));
    if (hasDocNo) {
      const prefix = kind === 'personnel' ? '云农人' : r.pick(docPrefixes[docType ?? '通知'] ?? ['云农发']);
      const { norm, raw } = rawDocNumber(r, prefix, d.pub.y, r.int(1, 260));
      a.docNumber = norm;
      a.docNumberRaw = raw;
      a.docNumberInHead = !a.meta || r.chance(0.3);
    }
    if (a.meta || (docType && r.chance(0.3))) {
      const written = addDays(d.pub, -r.int(0, 12));
      a.written = written.y === d.pub.y ? written : { y: d.pub.y, m: 1, d: 2 };
    }
    if (
      docType &&
      a.written &&
      (kind === 'notice' || kind === 'policy' || kind === 'personnel' || kind === 'plan') &&
      r.chance(a.meta ? 0.6 : 1)
    ) {
      a.signature = {
        org: a.meta?.publisher ?? '云南省农业农村厅',
        date: r.chance(0.5) ? cnNumeralDate(a.written) : `${a.written.y}年${a.written.m}月${a.written.d}日`,
      };
    }
    if (!a.signature && !a.meta) a.written = null;
    if ((kind === 'notice' || kind === 'policy') && docType === '通知' && r.chance(0.6)) {
      a.salutation = r.pick(['各州（市）农业农村局，厅属各单位：', '各州、市农业农村局：', '厅机关各处室、厅属各单位：']);
    }
    if (kind === 'leader') {
      const li = d.index % leaders.length;
      const leader = leaders[li] ?? leaders[0];
      a.fixedText = deptBios(r, leader, li);
    }
    if (kind === 'dept') {
      a.fixedText = [`${d.title}主要职责：`, `负责人：${personName(r)}　联系电话：0871-6561${r.int(1000, 9999)}`];
    }
    // images
    const wantImages = samples && col.img !== undefined && r.chance(col.img);
    if (wantImages) {
      const n = kind === 'leader' || kind === 'stats' ? 1 : r.int(1, kind === 'news' ? 3 : 2);
      for (let k = 0; k < n; k++) {
        const chart = kind === 'stats';
        const portrait = kind === 'leader';
        const width = portrait ? 240 : chart ? 480 : r.int(20, 60) * 10;
        const height = portrait ? 320 : chart ? 300 : Math.round((width * r.int(55, 75)) / 100);
        const format = chart || r.chance(0.15) ? 'png' : 'jpeg';
        const name = `W0${ymdCompact(d.pub)}${nextMedia()}.${format === 'png' ? 'png' : 'jpg'}`;
        const exif =
          format === 'jpeg' && r.chance(0.3)
            ? {
                Make: r.pick(['Canon', 'NIKON CORPORATION', 'SONY']),
                Model: r.pick(['Canon EOS 5D Mark III', 'NIKON D750', 'ILCE-7M3']),
                DateTime: `${d.pub.y}:${pad2(d.pub.m)}:${pad2(d.pub.d)} ${pad2(Math.max(8, d.pub.hh - 1))}:${pad2(d.pub.mm)}:${pad2(d.pub.ss)}`,
                Software: 'Adobe Photoshop CS6 (Windows)',
              }
            : undefined;
        a.media.push({
          path: folder + name,
          href: `./${name}`,
          kind: 'image',
          image: { seed: hashSeed(d.seed, 'img', k), width, height, format, style: chart ? 'chart' : 'photo', exif },
        });
        a.images.push({
          src: `./${name}`,
          alt: portrait ? d.title : '',
          width,
          height,
          caption:
            portrait || chart
              ? null
              : r.chance(0.7)
                ? r.pick(['图为会议现场', `图为${d.slots.county}${d.slots.crop}种植基地`, '调研现场', '培训现场'])
                : null,
        });
      }
    }
    // attachments
    const wantAtt = col.att !== undefined && r.chance(samples ? col.att : Math.min(col.att, 0.05));
    if (wantAtt) {
      const n = samples ? (kind === 'form' ? r.int(1, 3) : r.int(1, 2)) : 1;
      const names = attachmentNames[kind] ?? ['附件'];
      for (let k = 0; k < n; k++) {
        const ext: AttachmentExt = samples ? r.weighted(attachmentExts[kind] ?? defaultExts) : 'pdf';
        const base =
          kind === 'form' ? `${d.title.replace(/下载$/, '')}${k ? `（填写说明${k}）` : ''}` : (names[k % names.length] ?? '附件');
        const file = `P0${ymdCompact(d.pub)}${nextMedia()}.${ext}`;
        const title = n > 1 ? `附件${k + 1}：${base}.${ext}` : r.chance(0.6) ? `附件：${base}.${ext}` : `${base}.${ext}`;
        a.media.push({ path: folder + file, href: `./${file}`, kind: 'attachment', attachment: { ext, title: `${d.title} ${base}` } });
        a.attachments.push({ href: `./${file}`, title });
      }
    }
    articles.push(a);
  }

  // 3. cross references to earlier notices/policies
  const refTargets = articles.filter((a) => a.col.kind === 'notice' || a.col.kind === 'policy');
  for (const a of articles) {
    const kind = a.col.kind;
    if (!(kind === 'notice' || kind === 'policy' || kind === 'news' || kind === 'plan')) continue;
    const r = new Rng(hashSeed(a.seed, 'xref'));
    if (!r.chance(samples ? 0.12 : 0.05)) continue;
    const earlier = refTargets.filter((t) => t.id < a.id);
    if (earlier.length === 0) continue;
    const target = samples ? r.pick(earlier) : (earlier[r.int(Math.max(0, earlier.length - 200), earlier.length - 1)] ?? r.pick(earlier));
    a.crossLinks.push({ href: relativeHref(a.url, target.url, r), text: `《${target.title}》` });
  }

  // 4. column lists, newest first
  for (const a of articles) a.col.articles.push(a);
  for (const col of columns) {
    col.articles.sort((x, y) => compareDateTime(y.pub, x.pub) || y.id - x.id);
    col.pageCount = Math.max(1, Math.ceil(col.articles.length / 20));
  }

  const model: Model = { columns, byId, articles, deadOnLists: new Map(), brokenMedia: [] };
  if (samples) plantDefects(model, rng.fork('defects'));
  else plantBulkDefects(model, rng.fork('defects'));
  return model;
}

/** Same column: relative path; otherwise root-relative (both occur on real sites). */
function relativeHref(from: string, to: string, rng: Rng): string {
  const fromDir = from.slice(0, from.lastIndexOf('/') + 1);
  const toDir = to.slice(0, to.lastIndexOf('/') + 1);
  const name = to.slice(to.lastIndexOf('/') + 1);
  if (fromDir === toDir) return `./${name}`;
  const fromCol = path.posix.dirname(fromDir);
  const toCol = path.posix.dirname(toDir);
  if (fromCol === toCol && rng.chance(0.7)) return `../${path.posix.basename(toDir)}/${name}`;
  return to;
}

/** The sample site's deliberate defects, each on a chosen page (see the report in truth.json). */
function plantDefects(model: Model, rng: Rng): void {
  const inCol = (id: string) => model.byId.get(id)?.articles ?? [];
  const choose = (id: string, skip = 0): TrsArticle => {
    const list = inCol(id).filter((a) => a.crossLinks.length === 0 && a.media.length === 0);
    const a = list[(Math.floor(list.length / 3) + skip) % Math.max(1, list.length)];
    if (!a) throw new Error(`no article to plant a defect in ${id}`);
    return a;
  };
  // Dead links in article bodies: deleted articles, a typo, an old system's URL, a removed topic page.
  const dead: [string, string, string][] = [
    ['tzgg', '/zwgk/tzgg/201406/t20140612_198765.html', '《关于做好2014年春季动物疫病防控工作的通知》'],
    ['tzgg', '../201311/t20131105_187654.html', '《关于开展2013年秋冬农业开发工作的通知》'],
    ['zcwj', '/zwgk/zcwj/201012/t20101220_99873.html', '《云南省农业厅关于加快发展高原特色农业的意见》'],
    ['zcwj', '/zwgk/tzgg/201705/t20170512_101234.htm', '《关于印发2017年全省农业工作要点的通知》'],
    ['gzdt', '/ztzl/2016nygzh/index.html', '2016年全省农业工作会议专题'],
    ['ghjh', '/xxgk/ghjh/200911/t20091105_31234.html', '《云南省农业发展“十二五”规划（征求意见稿）》'],
  ];
  dead.forEach(([colId, href, text], i) => {
    choose(colId, i).crossLinks.push({ href, text });
  });
  // A soft 404: the old URL answers 200 with "page not found".
  choose('gzdt', 7).crossLinks.push({
    href: '/zwgk/gzdt/201106/t20110620_100234.html',
    text: '原文链接',
    lead: '本文首发于2011年，',
    tail: '（旧版网站）。',
  });
  // A session id in a body link (the target exists).
  choose('bszn', 1).crossLinks.push({
    href: '/bsfw/bszn/index.html;jsessionid=5D1C0E7A9B2F4C3D8E6A1B0C9D8E7F6A',
    text: '办事指南',
    lead: '更多事项请查看',
    tail: '栏目。',
  });
  // A missing attachment in the forms column, a missing image in a 2013 article.
  const form = inCol('bgxz')[2];
  if (form) {
    const folder = form.url.slice(0, form.url.lastIndexOf('/') + 1);
    const file = `P0${ymdCompact(form.pub)}400123.doc`;
    form.media.push({
      path: folder + file,
      href: `./${file}`,
      kind: 'attachment',
      broken: 'missing',
      attachment: { ext: 'doc', title: '' },
    });
    form.attachments.push({ href: `./${file}`, title: `附件${form.attachments.length + 1}：填写说明.doc` });
    model.brokenMedia.push({ url: folder + file, problem: 'missing', article: form.url });
  }
  const news = model.byId.get('gzdt')?.articles ?? [];
  const addBrokenImage = (a: TrsArticle | undefined, problem: 'html-disguised-as-image' | 'truncated-image' | 'missing') => {
    if (!a) return;
    const folder = a.url.slice(0, a.url.lastIndexOf('/') + 1);
    const name = `W0${ymdCompact(a.pub)}${problem === 'missing' ? '000123' : problem === 'truncated-image' ? '000456' : '000789'}.jpg`;
    a.media.push({
      path: folder + name,
      href: `./${name}`,
      kind: 'image',
      broken: problem,
      image: { seed: hashSeed(a.seed, 'broken'), width: 480, height: 320, format: 'jpeg', style: 'photo' },
    });
    a.images.push({ src: `./${name}`, alt: '', width: 480, height: 320, caption: null });
    model.brokenMedia.push({ url: folder + name, problem, article: a.url });
  };
  addBrokenImage(
    news.find((a) => a.pub.y === 2013 && a.media.length === 0),
    'missing',
  );
  addBrokenImage(
    news.find((a) => a.pub.y === 2016 && a.media.length === 0),
    'html-disguised-as-image',
  );
  addBrokenImage(
    news.find((a) => a.pub.y === 2019 && a.media.length === 0),
    'truncated-image',
  );
  // A list entry whose article was deleted (the static list page was never regenerated).
  model.deadOnLists.set('/zwgk/gzdt/index_1.html', [
    { href: './201803/t20180315_112233.html', title: '全省春季农业生产暨农业农村重点工作推进会召开', date: '2018-03-15' },
  ]);
  void rng;
}

/** Large sites: a few dead links in article bodies (about 1 in 400 articles). */
function plantBulkDefects(model: Model, rng: Rng): void {
  for (const a of model.articles) {
    if (!rng.chance(0.0025)) continue;
    const folder = a.url.slice(0, a.url.lastIndexOf('/') + 1);
    a.crossLinks.push({
      href: `${folder}t${ymdCompact(a.pub)}_${String(100000 + rng.int(0, 99999))}.html`,
      text: '《相关文件（已删除）》',
    });
  }
}

// ---------------------------------------------------------------- rendering

interface RenderCtx {
  info: TrsInfo;
  sink: FileSink;
  graph: SiteGraph;
  check: boolean;
  samples: boolean;
  truth: TruthWriter;
}

function writeHtml(ctx: RenderCtx, urlPath: string, kind: PageKind, html: string): void {
  ctx.sink.write(urlPath, encodeGbk(html, urlPath, ctx.check));
  ctx.graph.add(urlPath, kind, htmlLinks(html));
}

function writeBytes(ctx: RenderCtx, urlPath: string, kind: PageKind, bytes: Uint8Array | string): void {
  ctx.sink.write(urlPath, bytes);
  ctx.graph.add(urlPath, kind, kind === 'robots' && typeof bytes === 'string' ? robotsLinks(bytes) : []);
}

function pageTitle(col: TrsColumn, title: string, info: TrsInfo): string {
  if (col.titleTag === 'site') return `${title}_${info.name}`;
  if (col.titleTag === 'path') return `${info.name}-${col.name}-${title}`;
  return title;
}

function dateLine(a: TrsArticle): { stamp: string; line: string } {
  const p = a.pub;
  const d = ymd(p);
  switch (a.dateStyle) {
    case 'dash-hm':
      return { stamp: '', line: `发布时间：${d} ${pad2(p.hh)}:${pad2(p.mm)}` };
    case 'dash-hms':
      return { stamp: '', line: `发布时间：${d} ${pad2(p.hh)}:${pad2(p.mm)}:${pad2(p.ss)}` };
    case 'dash':
      return { stamp: '', line: `发布日期：${d}` };
    case 'cn':
      return { stamp: '', line: `日期：${p.y}年${p.m}月${p.d}日` };
    case 'slash':
      return { stamp: '', line: `时间：${p.y}/${p.m}/${p.d}` };
    case 'stamp':
      return { stamp: `<div class="date">[${d}]</div>`, line: '' };
  }
}

function metaTableHtml(a: TrsArticle): string {
  const m = a.meta;
  if (!m) return '';
  const docNo = a.docNumberRaw ?? '';
  const w = a.written;
  const pubText = m.variant === 2 ? `${a.pub.y}年${pad2(a.pub.m)}月${pad2(a.pub.d)}日` : ymd(a.pub);
  const writtenText = !w ? '' : m.variant === 1 ? ymd(w) : m.variant === 2 ? `${w.y}年${pad2(w.m)}月${pad2(w.d)}日` : cnNumeralDate(w);
  switch (m.variant) {
    case 1:
      return `<table class="xxgk_table" width="100%" cellspacing="0" cellpadding="0">
<tr><th>索　引　号：</th><td>${esc(m.indexNumber)}</td><th>主题分类：</th><td>${esc(m.topic)}</td></tr>
<tr><th>发布机构：</th><td>${esc(m.publisher)}</td><th>成文日期：</th><td>${writtenText}</td></tr>
<tr><th>文　　号：</th><td>${esc(docNo)}</td><th>发布日期：</th><td>${pubText}</td></tr>
<tr><th>名　　称：</th><td colspan="3">${esc(a.title)}</td></tr>
</table>`;
    case 2:
      return `<div class="xxgk_info"><ul>
<li><b>索引号：</b><span>${esc(m.indexNumber)}</span></li>
<li><b>发布机构：</b><span>${esc(m.publisher)}</span></li>
<li><b>发布日期：</b><span>${pubText}</span></li>
<li><b>发文字号：</b><span>${esc(docNo)}</span></li>
<li><b>主题分类：</b><span>${esc(m.topic)}</span></li>
<li><b>成文日期：</b><span>${writtenText}</span></li>
</ul></div>`;
    case 3:
      return `<table class="table_suoyin" width="100%" cellspacing="0" cellpadding="0">
<tr><th>索引号：</th><td>${esc(m.indexNumber)}</td><th>信息分类：</th><td>${esc(m.topic)}</td><th>文种：</th><td>${esc(a.docType ?? '其他')}</td></tr>
<tr><th>发布机构：</th><td>${esc(m.publisher)}</td><th>成文日期：</th><td>${writtenText}</td><th>发文字号：</th><td>${esc(docNo)}</td></tr>
<tr><th>标　题：</th><td colspan="5">${esc(a.title)}</td></tr>
</table>`;
  }
}

function crumbsFor(col: TrsColumn, depth: 'article' | 'list'): Crumb[] {
  // From an article (/zwgk/tzgg/201508/x.html): ../ is the column, ../../ its parent.
  if (depth === 'article') {
    return col.parentCol
      ? [
          { name: col.parentCol.name, href: '../../' },
          { name: col.name, href: '../' },
        ]
      : [{ name: col.name, href: '../' }];
  }
  return col.parentCol
    ? [
        { name: col.parentCol.name, href: '../' },
        { name: col.name, href: './' },
      ]
    : [{ name: col.name, href: './' }];
}

function bodyPlan(a: TrsArticle): BodyPlan {
  return {
    kind: a.col.kind ?? 'news',
    title: a.title,
    docType: a.docType,
    slots: a.slots,
    docNumberLine: a.docNumberInHead ? a.docNumberRaw : null,
    salutation: a.salutation,
    images: a.images,
    attachments: a.attachments,
    crossLinks: a.crossLinks,
    signature: a.signature,
    length: a.length,
    tables: a.tables,
    fixedText: a.fixedText,
  };
}

const editorStyle =
  '<style type="text/css">.TRS_Editor P{margin-top:0;margin-bottom:12px;line-height:2;font-family:宋体;font-size:12pt;}.TRS_Editor TD{font-family:宋体;font-size:10.5pt;}</style>';

function renderArticle(ctx: RenderCtx, a: TrsArticle, blocks: Block[], prev: TrsArticle | undefined, next: TrsArticle | undefined): string {
  const col = a.col;
  const rng = new Rng(hashSeed(a.seed, 'render'));
  const { stamp, line } = dateLine(a);
  const zoom =
    '【字体：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】';
  const infoParts = [
    line ? esc(line) : '',
    a.source ? `${a.sourceLabel}：${esc(a.source)}` : '',
    a.author ? `作者：${esc(a.author)}` : '',
    zoom,
  ];
  const info = `<div class="info">${infoParts.filter(Boolean).join('　')}</div>`;
  const titleHtml =
    col.titleStyle === 'h1'
      ? `<h1 class="title">${esc(a.title)}</h1>`
      : col.titleStyle === 'div'
        ? `<div class="title">${esc(a.title)}</div>`
        : `<table class="tit_table" width="100%"><tr><td class="title">${esc(a.title)}</td></tr></table>`;
  const inner = renderBlocks(blocks, a.flavor, rng);
  const body = a.nested
    ? `<div class="TRS_Editor">${a.editorStyle ? editorStyle : ''}<div class="Custom_UnionStyle">\n${inner}\n</div></div>`
    : `<div class="TRS_Editor">${a.editorStyle ? editorStyle : ''}\n${inner}\n</div>`;
  const rel = (target: TrsArticle) => relativeHref(a.url, target.url, new Rng(hashSeed(a.id, target.id)));
  const prevNext = `<div class="prevnext"><p>上一篇：${prev ? `<a href="${rel(prev)}">${esc(prev.title)}</a>` : '没有了'}</p><p>下一篇：${next ? `<a href="${rel(next)}">${esc(next.title)}</a>` : '没有了'}</p></div>`;
  const related = `<div class="xglj"><div class="xglj_t">相关链接</div><ul><li><a href="http://www.moa.gov.cn/" target="_blank">农业农村部</a></li><li><a href="http://www.yn.gov.cn/" target="_blank">云南省人民政府</a></li><li><a href="http://www.gov.cn/" target="_blank">中国政府网</a></li><li><a href="../index.html">${esc(col.name)}</a></li></ul></div>`;
  return `${head(ctx.info, {
    title: pageTitle(col, a.title, ctx.info),
    charsetMeta: a.charsetMeta,
    stdMeta: col.stdMeta ? { columnName: col.name, columnType: col.parentCol?.name ?? col.name } : null,
  })}${header(ctx.info, col.parentCol?.name ?? col.name)}
<div class="main w1000">
${breadcrumb(crumbsFor(col, 'article'))}
<div class="article">
${metaTableHtml(a)}
${titleHtml}${stamp}
${info}
<div class="content" id="zoom">
${body}
</div>
<div class="print">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
${prevNext}
${related}
</div>
</div>${footer(ctx.info)}`;
}

function sidebar(col: TrsColumn, fromDepth: 'leaf' | 'overview'): string {
  const top = col.parentCol ?? col;
  const items = top.children.length ? top.children : [top];
  const prefix = fromDepth === 'overview' ? './' : top === col ? './' : '../';
  const links = items
    .map((c) => {
      const href = top === col && fromDepth === 'leaf' ? './index.html' : `${prefix}${c.id}/`;
      return `<li${c === col ? ' class="on"' : ''}><a href="${href}">${esc(c.name)}</a></li>`;
    })
    .join('');
  return `<div class="left"><div class="left_t">${esc(top.name)}</div><ul class="left_nav">${links}</ul></div>`;
}

function renderListPage(ctx: RenderCtx, col: TrsColumn, page: number, extraItems: ListItem[]): string {
  const items: ListItem[] = col.articles.slice(page * 20, page * 20 + 20).map((a) => ({
    href: `./${a.url.slice(col.dir.length)}`,
    title: a.title,
    date: ymd(a.pub),
  }));
  items.push(...extraItems);
  const list = col.articles.length
    ? `<ul class="list">\n${listItems(items)}\n</ul>\n<div class="page"><script type="text/javascript">createPageHTML(${col.pageCount}, ${page}, "index", "html");</script></div>`
    : '<ul class="list"></ul>\n<div class="nodata">暂无信息</div>';
  return `${head(ctx.info, {
    title: `${col.name}_${ctx.info.name}`,
    charsetMeta: col.id === 'djyd' ? 'gbk' : 'gb2312',
    stdMeta: col.stdMeta ? { columnName: col.name, columnType: col.parentCol?.name ?? col.name } : null,
    extraHead: createPageHtmlDefinition,
  })}${header(ctx.info, col.parentCol?.name ?? col.name)}
<div class="main w1000">
${breadcrumb(crumbsFor(col, 'list'))}
${sidebar(col, 'leaf')}
<div class="list_right">
<div class="lm_title">${esc(col.name)}</div>
${list}
</div>
</div>${footer(ctx.info)}`;
}

function renderOverview(ctx: RenderCtx, col: TrsColumn, extra: string): string {
  const boxes = col.children
    .map((c) => {
      const items = c.articles.slice(0, 6).map((a) => ({ href: `./${a.url.slice(col.dir.length)}`, title: a.title, date: ymd(a.pub) }));
      const list = items.length ? `<ul class="list">\n${listItems(items, 26)}\n</ul>` : '<div class="nodata">暂无信息</div>';
      return `<div class="box"><h3><a class="more" href="./${c.id}/">更多&gt;&gt;</a><a href="./${c.id}/index.html">${esc(c.name)}</a></h3>${list}</div>`;
    })
    .join('\n');
  return `${head(ctx.info, { title: `${col.name}_${ctx.info.name}`, charsetMeta: 'gb2312' })}${header(ctx.info, col.name)}
<div class="main w1000">
${breadcrumb([{ name: col.name, href: './' }])}
${sidebar(col, 'overview')}
<div class="list_right">
${boxes}
${extra}
</div>
</div>${footer(ctx.info)}`;
}

/** 春耕 in GBK, percent-encoded, as a GBK site's search links carry it. */
const gbkKeyword = (word: string) =>
  [...iconv.encode(word, 'gbk')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

function renderHome(ctx: RenderCtx, model: Model): string {
  const col = (id: string) => model.byId.get(id);
  const top = (id: string, n: number) =>
    (col(id)?.articles ?? []).slice(0, n).map((a) => ({ href: a.url, title: a.title, date: ymd(a.pub) }));
  const box = (id: string, n: number, extra = '') => {
    const c = col(id);
    if (!c) return '';
    return `<div class="box"><h3><a class="more" href="${c.dir}">更多&gt;&gt;</a><a href="${c.url}">${esc(c.name)}</a></h3><ul class="list">\n${listItems(top(id, n), 26)}\n</ul>${extra}</div>`;
  };
  const picNews = (col('gzdt')?.articles ?? []).find((a) => a.media.some((m) => m.kind === 'image' && !m.broken));
  const pic = picNews?.media.find((m) => m.kind === 'image' && !m.broken);
  const picBox =
    picNews && pic
      ? `<div class="pic_news"><a href="${picNews.url}" target="_blank"><img src="${pic.path}" width="400" height="260" alt="${esc(picNews.title)}" /></a><p><a href="${picNews.url}" target="_blank">${esc(picNews.title)}</a></p></div>`
      : '';
  const tzxx = col('tzxx');
  const session = ctx.samples ? ';jsessionid=8F3A2B7C9D1E4F5A6B7C8D9E0F1A2B3C' : '';
  return `${head(ctx.info, { title: ctx.info.name, charsetMeta: 'gb2312', stdMeta: { columnName: '首页', columnType: '首页' } })}${header(ctx.info, '首页')}
<div class="banner w1000"><img src="/images/banner.jpg" width="1000" height="200" alt="" /></div>
<div class="main w1000">
${picBox}
${box('gzdt', 8)}
${box('tzgg', 8)}
${box('zcwj', 8)}
${box('rsxx', 5)}
<div class="box bsfw"><h3><a href="/bsfw/index.html">办事服务</a></h3><ul class="list"><li><a href="/bsfw/bszn/index.html">办事指南</a></li><li><a href="/bsfw/bgxz/index.html">表格下载</a></li><li><a href="/bsfw/wsbs/index.html">网上办事大厅</a></li></ul></div>
<div class="box hdjl"><h3><a href="/hdjl/index.html">互动交流</a></h3><ul class="list"><li><a href="${tzxx ? tzxx.url : '/hdjl/tzxx/index.html'}${session}">厅长信箱</a></li><li><a href="/hdjl/zxft/index.html">在线访谈</a></li></ul></div>
<div class="box rili_box"><h3>活动日历</h3><p><a href="/zwgk/rili/${calendarMonth}/index.html">查看本月活动安排</a></p></div>
<div class="box ztzl"><h3>专题专栏</h3><ul class="list"><li><a href="/ztzl/2014ncgz/index.html">2014年农村改革专题</a></li><li><a href="/djyd/index.html">党建园地</a></li></ul></div>
<div class="box rdss"><h3>热点搜索</h3><p><a href="/search/index.html?keyword=${gbkKeyword('春耕')}">春耕</a></p></div>
<div class="yqlj"><h3>友情链接</h3><a href="http://www.gov.cn/" target="_blank">中国政府网</a> <a href="http://www.moa.gov.cn/" target="_blank">农业农村部</a> <a href="http://www.yn.gov.cn/" target="_blank">云南省人民政府</a> <a href="http://czt.yn.gov.cn/" target="_blank">云南省财政厅</a></div>
</div>${footer(ctx.info, ' | <a href="/old/index.html">访问旧版</a>')}`;
}

function renderCalendar(ctx: RenderCtx): string {
  const [y, m] = calendarMonth.split('-').map(Number) as [number, number];
  const prev = m === 1 ? `${y - 1}-12` : `${y}-${pad2(m - 1)}`;
  const next = m === 12 ? `${y + 1}-01` : `${y}-${pad2(m + 1)}`;
  const first = toDays({ y, m, d: 1 });
  const dow = (((first + 4) % 7) + 7) % 7;
  const days = toDays({ y: m === 12 ? y + 1 : y, m: m === 12 ? 1 : m + 1, d: 1 }) - first;
  const active = new Set([6, 13, 20, 27]);
  const cells: string[] = [];
  for (let i = 0; i < dow; i++) cells.push('<td></td>');
  for (let d = 1; d <= days; d++) {
    cells.push(active.has(d) ? `<td class="has"><a href="index.html?date=${y}-${pad2(m)}-${pad2(d)}">${d}</a></td>` : `<td>${d}</td>`);
  }
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(`<tr>${cells.slice(i, i + 7).join('')}</tr>`);
  return `${head(ctx.info, { title: `活动日历_${ctx.info.name}`, charsetMeta: 'gb2312' })}${header(ctx.info, '政务公开')}
<div class="main w1000">
${breadcrumb([
  { name: '政务公开', href: '/zwgk/' },
  { name: '活动日历', href: 'index.html' },
])}
<div class="rili">
<div class="rili_t"><a href="../${prev}/index.html">&lt;&lt; 上月</a>　${y}年${m}月　<a href="${next}/index.html">下月 &gt;&gt;</a></div>
<table><tr><th>日</th><th>一</th><th>二</th><th>三</th><th>四</th><th>五</th><th>六</th></tr>
${rows.join('\n')}
</table>
<p>点击日期查看当日活动安排。</p>
</div>
</div>${footer(ctx.info)}`;
}

function renderSimple(
  ctx: RenderCtx,
  title: string,
  current: string,
  inner: string,
  charsetMeta: 'gb2312' | 'gbk' = 'gb2312',
  crumbs: Crumb[] = [{ name: title, href: 'index.html' }],
): string {
  return `${head(ctx.info, { title: `${title}_${ctx.info.name}`, charsetMeta })}${header(ctx.info, current)}
<div class="main w1000">
${breadcrumb(crumbs)}
<div class="article">
${inner}
</div>
</div>${footer(ctx.info)}`;
}

// ---------------------------------------------------------------- site generation

export interface TrsResult {
  pages: number;
  htmlPages: number;
  articles: number;
  columns: number;
  images: number;
  attachments: number;
  deadLinks: number;
  bytes: number;
}

export async function generateTrsSite(opts: TrsSiteOptions): Promise<TrsResult> {
  const log = opts.log ?? (() => {});
  const samples = opts.mode === 'samples';
  const model = buildModel(opts);
  log(`${opts.id}: model ${model.articles.length} articles in ${model.columns.length} columns`);
  const sink = new FileSink(opts.out);
  const graph = new SiteGraph({ aliasHosts: [] });
  const truth = new TruthWriter(path.join(opts.out, 'truth.json'));
  const ctx: RenderCtx = { info: deptInfo, sink, graph, check: samples, samples, truth };
  const serve: ServeConfig = {
    charset: 'GBK',
    charsetOnlyInMeta: ['^/zwgk/gzdt/'],
    fallback: [{ match: '^/zwgk/rili/', file: '/zwgk/rili/index.html' }],
    redirects: [{ from: '/old/index.html', to: '/index.html', status: 301 }],
  };
  const robotsDisallow = ['/search/'];
  const trapPatterns = ['^/zwgk/rili/'];

  // Site truth header: site, columns (all counts known from the model).
  const site: TruthSite = {
    id: opts.id,
    name: deptInfo.name,
    encoding: 'gbk',
    declaredDomain: deptInfo.domain,
    organizer: deptInfo.name,
    undertaker: deptInfo.undertaker,
    icpNumber: deptInfo.icp,
    psbNumber: deptInfo.psb,
    siteIdCode: deptInfo.siteIdCode,
    phone: deptInfo.phone,
    email: deptInfo.email,
    address: deptInfo.address,
  };
  const columns: TruthColumn[] = model.columns.map((c) => {
    const dates = c.articles.map((a) => ymd(a.pub)).sort();
    const leaf = c.kind !== null;
    return {
      id: c.id,
      name: c.name,
      parent: c.parent,
      path: c.pathNames,
      url: c.url,
      listPages: leaf ? Array.from({ length: c.pageCount }, (_, i) => (i === 0 ? c.url : `${c.dir}index_${i}.html`)) : [],
      scriptBuilt: false,
      articles: c.articles.length,
      oldest: dates[0] ?? null,
      newest: dates[dates.length - 1] ?? null,
      empty: leaf && c.articles.length === 0,
      dormant: Boolean(c.dormant),
    };
  });
  truth.begin(site, columns);

  // Static assets.
  writeBytes(ctx, '/images/style.css', 'style', css());
  writeBytes(ctx, '/images/common.js', 'script', commonJs());
  writeBytes(
    ctx,
    '/images/logo.png',
    'image',
    await makeImage({ seed: hashSeed(opts.id, 'logo'), width: 420, height: 80, format: 'png', style: 'logo' }),
  );
  writeBytes(
    ctx,
    '/images/banner.jpg',
    'image',
    await makeImage({ seed: hashSeed(opts.id, 'banner'), width: 1000, height: 200, format: 'jpeg', style: 'photo' }),
  );
  writeBytes(
    ctx,
    '/images/gaba.png',
    'image',
    await makeImage({ seed: hashSeed(opts.id, 'gaba'), width: 20, height: 20, format: 'png', style: 'logo' }),
  );
  writeBytes(
    ctx,
    '/images/dzjg.png',
    'image',
    await makeImage({ seed: hashSeed(opts.id, 'dzjg'), width: 55, height: 65, format: 'png', style: 'logo' }),
  );

  // Articles, their media, and their truth.
  let images = 0;
  let attachments = 0;
  const position = new Map<TrsArticle, number>();
  for (const col of model.columns) {
    col.articles.forEach((a, i) => {
      position.set(a, i);
    });
  }
  for (const a of model.articles) {
    const i = position.get(a) ?? 0;
    const blocks = buildBody(new Rng(hashSeed(a.seed, 'body')), bodyPlan(a));
    const html = renderArticle(ctx, a, blocks, a.col.articles[i - 1], a.col.articles[i + 1]);
    writeHtml(ctx, a.url, 'article', html);
    const att: TruthArticle['attachments'] = [];
    for (const m of a.media) {
      if (m.broken === 'missing') {
        if (m.kind === 'attachment')
          att.push({ url: m.path, title: a.attachments.find((x) => x.href === m.href)?.title ?? '', bytes: null, sha256: null });
        continue;
      }
      if (m.kind === 'image' && m.image) {
        let bytes: Buffer = await makeImage(m.image);
        if (m.broken === 'truncated-image') bytes = bytes.subarray(0, Math.floor(bytes.length * 0.4));
        if (m.broken === 'html-disguised-as-image') {
          bytes = Buffer.from(
            '<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body bgcolor="white">\r\n<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>TRS WCM 6.5 / Apache-Coyote/1.1</center>\r\n</body>\r\n</html>\r\n',
          );
        }
        writeBytes(ctx, m.path, 'image', bytes);
        images++;
      } else if (m.kind === 'attachment' && m.attachment) {
        const bytes = makeAttachment(m.attachment.ext, m.attachment.title, a.pub, path.posix.basename(m.path));
        writeBytes(ctx, m.path, 'attachment', bytes);
        att.push({
          url: m.path,
          title: a.attachments.find((x) => x.href === m.href)?.title ?? '',
          bytes: bytes.length,
          sha256: sha256(bytes),
        });
        attachments++;
      }
    }
    const refs = blockRefs(blocks);
    const resolve = (href: string) => graph.resolver.resolve(href, a.url) ?? href;
    const links = [...new Set(refs.links.map(resolve))];
    truth.article({
      url: a.url,
      column: a.col.id,
      title: a.title,
      publishedAt: isoShanghai(a.pub, a.dateStyle === 'dash-hms' ? true : a.dateStyle === 'dash-hm' ? 'minutes' : false),
      writtenAt: a.written ? ymd(a.written) : null,
      source: a.source,
      author: a.author,
      publisher: a.meta?.publisher ?? null,
      topic: a.meta?.topic ?? null,
      docNumber: a.docNumber,
      docNumberRaw: a.docNumberRaw,
      indexNumber: a.meta?.indexNumber ?? null,
      docType: a.docType,
      images: refs.images.map(resolve),
      attachments: att,
      links,
      bodyText: blocksText(blocks),
    });
  }
  log(`${opts.id}: articles written`);

  // Lists, overviews, home and the rest.
  for (const col of model.columns) {
    if (col.kind === null) continue;
    for (let p = 0; p < col.pageCount; p++) {
      const file = p === 0 ? col.url : `${col.dir}index_${p}.html`;
      writeHtml(ctx, file, 'list', renderListPage(ctx, col, p, model.deadOnLists.get(file) ?? []));
    }
  }
  for (const col of model.columns) {
    if (col.kind !== null) continue;
    const extra =
      col.id === 'bsfw'
        ? '<div class="box"><h3>网上办事</h3><ul class="list"><li><a href="/bsfw/wsbs/index.html">网上办事大厅</a></li></ul></div>'
        : col.id === 'hdjl' && samples
          ? '<div class="box"><h3>厅长信箱</h3><p><a href="/hdjl/tzxx/index.html;jsessionid=0B4E8A2C6D1F3E5A7C9B0D2E4F6A8C1E">我要写信</a></p></div>'
          : col.id === 'jggk'
            ? '<div class="box"><h3>历任领导</h3><ul class="list"><li><a href="/jggk/ldxx/201901/t20190108_145566.html">历任领导名录</a></li></ul></div>'
            : '';
    writeHtml(ctx, col.url, 'column', renderOverview(ctx, col, extra));
  }
  writeHtml(ctx, '/index.html', 'home', renderHome(ctx, model));
  writeHtml(ctx, '/zwgk/rili/index.html', 'calendar', renderCalendar(ctx));
  const mapHtml = model.columns
    .filter((c) => !c.parentCol)
    .map(
      (c) =>
        `<dl><dt><a href="${c.url}">${esc(c.name)}</a></dt>${c.children.map((k) => `<dd><a href="${k.url}">${esc(k.name)}</a></dd>`).join('')}</dl>`,
    )
    .join('\n');
  writeHtml(ctx, '/wzdt/index.html', 'other', renderSimple(ctx, '网站地图', '首页', `<div class="wzdt">\n${mapHtml}\n</div>`));
  writeHtml(
    ctx,
    '/lxwm/index.html',
    'other',
    renderSimple(
      ctx,
      '联系我们',
      '首页',
      `<div class="content"><p>单位名称：${deptInfo.name}</p><p>地址：${deptInfo.address}</p><p>邮编：${deptInfo.postcode}</p><p>办公室电话：${deptInfo.phone}</p><p>网站维护：${deptInfo.undertaker}</p><p>电子邮箱：${deptInfo.email}</p></div>`,
      'gbk',
    ),
  );
  writeHtml(
    ctx,
    '/search/index.html',
    'other',
    renderSimple(ctx, '站内搜索', '首页', '<div class="content"><p>请输入关键字进行检索。</p></div>'),
  );
  if (samples) {
    writeHtml(
      ctx,
      '/zwgk/gzdt/201106/t20110620_100234.html',
      'soft404',
      renderSimple(
        ctx,
        '页面不存在',
        '政务公开',
        '<div class="error"><h2>对不起，您访问的页面不存在！</h2><p>您访问的页面不存在或已被删除，请<a href="/">返回首页</a>。</p></div>',
        'gb2312',
        [],
      ),
    );
  }
  writeBytes(ctx, '/robots.txt', 'robots', 'User-agent: *\nDisallow: /search/\n');
  writeServeConfig(path.join(opts.out, '_serve.json'), serve);

  // The walk, and the rest of the truth.
  const walked = walk(graph, serve, robotsDisallow, trapPatterns);
  const tail: TruthTail = {
    ...walked,
    traps: [{ kind: 'calendar', pattern: '^/zwgk/rili/', example: `/zwgk/rili/${calendarMonth}/2025-06/index.html` }],
    redirects: serve.redirects ?? [],
    brokenMedia: model.brokenMedia.slice().sort((x, y) => (x.url < y.url ? -1 : 1)),
  };
  truth.end(tail);
  return {
    pages: walked.pages.length,
    htmlPages: [...graph.files.values()].filter(
      (k) => k !== 'image' && k !== 'attachment' && k !== 'script' && k !== 'style' && k !== 'robots',
    ).length,
    articles: model.articles.length,
    columns: model.columns.length,
    images,
    attachments,
    deadLinks: walked.deadLinks.length,
    bytes: sink.bytesWritten,
  };
}

/** How many HTML pages a bulk site with these columns will have (articles + lists + fixed pages). */
export function countHtmlPages(specs: TrsColumnSpec[]): number {
  let n = 1 + 1 + 3; // home, calendar, site map / contact / search
  for (const s of specs) {
    if (s.kind === null) n += 1;
    else n += s.count + Math.max(1, Math.ceil(s.count / 20));
  }
  return n;
}
