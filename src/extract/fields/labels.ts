/**
 * "label：value" pairs in the text of info-disclosure tables, article heads and footers. Templates
 * differ (索引号：x, 索 引 号 x in two table cells, 【发布时间】x, 来源：a作者：b with no space), so a
 * label counts when it is followed by a colon or 】, or stands alone between spaces.
 */

/**
 * Labels distinctive enough to mark a metadata table or article head. Generic words (日期, 时间, 分类…)
 * are kept out so that counting these labels in a text stays meaningful; they are still understood.
 */
export const metadataLabels: readonly string[] = [
  '索引号',
  '索引编号',
  '索取号',
  '主题分类',
  '主题词',
  '关键词',
  '关键字',
  '体裁分类',
  '组配分类',
  '服务对象分类',
  '信息分类',
  '信息类别',
  '发布机构',
  '发布单位',
  '发文机关',
  '发文单位',
  '发文机构',
  '公开责任部门',
  '信息提供单位',
  '责任部门',
  '所属机构',
  '发文字号',
  '文件字号',
  '发文号',
  '文号',
  '文件编号',
  '成文日期',
  '成文时间',
  '发文日期',
  '发文时间',
  '印发日期',
  '签发日期',
  '发布日期',
  '发布时间',
  '发表日期',
  '发表时间',
  '公开日期',
  '公开时间',
  '生成日期',
  '发稿时间',
  '发稿日期',
  '信息时间',
  '上传时间',
  '录入时间',
  '更新时间',
  '更新日期',
  '实施日期',
  '施行日期',
  '生效日期',
  '废止日期',
  '有效期',
  '有效性',
  '时效性',
  '是否有效',
  '文种',
  '公文种类',
  '文件类型',
  '公开方式',
  '公开范围',
  '公开形式',
  '公开时限',
  '内容概述',
  '内容概要',
  '文件名称',
  '信息名称',
  '来源',
  '信息来源',
  '文章来源',
  '稿件来源',
  '新闻来源',
  '作者',
  '撰稿',
  '撰稿人',
  '供稿',
  '供稿单位',
  '责任编辑',
  '发布人',
  '发布者',
];

/** Generic labels: understood as labels, but only when no CJK character runs into them (截止日期： is not 日期：). */
const genericLabels: readonly string[] = ['日期', '时间', '标题', '名称', '分类', '机构', '摘要', '编辑', '审核', '校对'];

/** Page furniture that ends the value before it (浏览次数：123, 【字体：大 中 小】). */
const furnitureLabels: readonly string[] = [
  '浏览次数',
  '浏览量',
  '浏览',
  '点击数',
  '点击量',
  '点击率',
  '点击',
  '访问量',
  '访问次数',
  '阅读次数',
  '阅读量',
  '阅读数',
  '字体',
  '字号',
  '分享到',
  '分享',
];

/** Footer labels (site facts). */
export const footerLabels: readonly string[] = [
  '主办单位',
  '主办方',
  '网站主办',
  '主办',
  '承办单位',
  '承办方',
  '承办',
  '协办单位',
  '协办',
  '技术支持',
  '运行维护',
  '维护单位',
  '网站维护',
  '联系地址',
  '地址',
  '邮编',
  '邮政编码',
  '联系电话',
  '值班电话',
  '咨询电话',
  '电话',
  '传真',
  '电子邮箱',
  '邮箱',
  'E-mail',
  'Email',
  '网站标识码',
  '标识码',
  'ICP备案号',
  '备案号',
  '公安备案号',
  '版权所有',
];

const weakLabels = new Set<string>([...genericLabels, '字号', '字体', '点击', '浏览', '分享']);

/** Every label this module recognises; values run up to the next of these. */
export const knownLabels: readonly string[] = [...new Set([...metadataLabels, ...genericLabels, ...furnitureLabels, ...footerLabels])];

/** Full-width ASCII forms (０-９ Ａ-Ｚ ：（）［］…) to ASCII, one char for one, so indexes stay valid. */
export function halfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

const hanChar = /[\u3400-\u9fff\uf900-\ufaff]/;
const wordChar = /[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9]/;
const gap = '[ \\t\\u3000\\u00a0]';

/** A label as this module names it: no spaces inside (索 引 号 → 索引号). */
export function canonicalLabel(label: string): string {
  return label.replace(/\s/g, '');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

interface LabelMatcher {
  pattern: RegExp;
  canonical: Map<string, string>;
}

const matchers = new Map<string, LabelMatcher>();

/** One regex for a set of labels, longest first; each label may be spaced out (索 引 号, 发布\u3000时间). */
function matcherFor(labels: readonly string[]): LabelMatcher {
  const key = labels.join('\u0001');
  const cached = matchers.get(key);
  if (cached) return cached;
  const sorted = [...new Set(labels.map(canonicalLabel))].filter(Boolean).sort((a, b) => b.length - a.length);
  const alternatives = sorted.map((label) => [...label].map(escapeRegExp).join(`${gap}{0,2}`));
  const pattern = new RegExp(`(${alternatives.join('|')})(${gap}{0,3}(?:[:︰﹕]|[】\\]])?)`, 'gi');
  const canonical = new Map(sorted.map((label) => [label.toLowerCase(), label]));
  const matcher = { pattern, canonical };
  matchers.set(key, matcher);
  return matcher;
}

const noLabels: readonly string[] = [];

// Callers pass the same label arrays again and again: their matchers are kept per array, not rebuilt from a joined key.
const byArrays = new WeakMap<readonly string[], WeakMap<readonly string[], LabelMatcher>>();

function matcherOf(labels: readonly string[], known: readonly string[]): LabelMatcher {
  let inner = byArrays.get(known);
  if (!inner) {
    inner = new WeakMap();
    byArrays.set(known, inner);
  }
  let matcher = inner.get(labels);
  if (!matcher) {
    matcher = matcherFor([...known, ...labels]);
    inner.set(labels, matcher);
  }
  return matcher;
}

/** One label found in a text. label is undefined for a label-shaped boundary that names nothing known. */
export interface LabelHit {
  label: string | undefined;
  /** Where the label starts. */
  start: number;
  /** Where its value starts (after the colon and any spaces or line breaks). */
  valueStart: number;
  /** Where the value ends: the next label, a line end, or page furniture. */
  valueEnd: number;
  /** The value, trimmed; '' when the label has none. */
  value: string;
}

// An unknown label after a space: 2–6 CJK characters and a colon (点击：, 截止时间：).
const unknownLabel = /(?<=\s)[\u3400-\u9fff]{2,6}[ \t\u3000\u00a0]{0,2}[:︰﹕]/g;
// Inside a value: line ends, runs of spaces, \u3000, bars, and page furniture after a space.
const valueStop = /[\r\n]|\s{2,}|\u3000|[|丨]|\s(?=[【[]|打印|关闭|收藏|返回|大\s?中\s?小|扫一扫)/;
const maxValue = 300;

/** Every label occurrence in the text, with its value, in text order. Known labels default to knownLabels. */
export function findLabels(text: string, labels: readonly string[] = noLabels, known: readonly string[] = knownLabels): LabelHit[] {
  if (typeof text !== 'string' || !text) return [];
  const matcher = matcherOf(labels, known);
  // The same text is read for several fields (a page's metadata table, its head, its footer), mostly
  // with label sets that make the same pattern: the hits of the last few are kept (copies handed out).
  const source = matcher.pattern.source;
  let hits = recentHits.find((r) => r.source === source && r.text === text)?.hits;
  if (!hits) {
    hits = labelHits(text, matcher);
    recentHits.unshift({ text, source, hits });
    recentHits.length = Math.min(recentHits.length, 8);
  }
  return hits.map((hit) => ({ ...hit }));
}

const recentHits: { text: string; source: string; hits: LabelHit[] }[] = [];

function labelHits(text: string, { pattern, canonical }: LabelMatcher): LabelHit[] {
  const norm = halfWidth(text);
  const hits: Omit<LabelHit, 'valueEnd' | 'value'>[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(norm); m; m = pattern.exec(norm)) {
    const start = m.index;
    const labelText = m[1] ?? '';
    const separator = m[2] ?? '';
    const end = start + m[0].length;
    const name = canonical.get(labelText.replace(/\s/g, '').toLowerCase());
    const prev = norm[start - 1];
    const colon = /[:︰﹕\]】]/.test(separator);
    if (colon) {
      // 截止日期： is a label, just not 日期: keep it as a boundary without a name.
      const runsIn = prev !== undefined && hanChar.test(prev) && name !== undefined && weakLabels.has(name);
      hits.push({ label: runsIn ? undefined : name, start, valueStart: skipSpace(norm, end) });
      continue;
    }
    const next = norm[start + labelText.length];
    const standsAlone = (prev === undefined || !wordChar.test(prev)) && (next === undefined || /\s/.test(next));
    if (!standsAlone) {
      pattern.lastIndex = start + 1;
      continue;
    }
    hits.push({ label: name, start, valueStart: skipSpace(norm, end) });
  }
  const boundaries = hits.map((h) => h.start);
  unknownLabel.lastIndex = 0;
  for (let m = unknownLabel.exec(norm); m; m = unknownLabel.exec(norm)) boundaries.push(m.index);
  boundaries.sort((a, b) => a - b);
  let b = 0; // hits are in text order, so one forward pass finds each value's next boundary
  return hits.map((hit) => {
    while (b < boundaries.length && (boundaries[b] ?? 0) < hit.valueStart) b++;
    const next = boundaries[b] ?? norm.length;
    const valueEnd = Math.max(hit.valueStart, next);
    const raw = norm.slice(hit.valueStart, valueEnd);
    const stop = raw.search(valueStop);
    const cut = stop >= 0 ? stop : raw.length;
    const value = tidyValue(text.slice(hit.valueStart, hit.valueStart + cut));
    return { ...hit, valueEnd: hit.valueStart + cut, value: value.length > maxValue ? '' : value };
  });
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  return i;
}

/** Trims spaces and the stray brackets or separators a cut leaves behind (本站 【 → 本站). */
function tidyValue(value: string): string {
  const v = value
    .replace(/^[\s】\]］）)，,;；]+/, '')
    .replace(/[\s【[［（(，,;；|｜]+$/, '')
    .trim();
  // A closing bracket whose opener came before the label (【字体：大 中 小】).
  return /[】\]］]$/.test(v) && !/[【[［]/.test(v) ? v.slice(0, -1).trim() : v;
}

/** Splits "索引号：xxx 主题分类：yyy" (or cells joined by spaces/newlines) into label → value; the first non-empty value of a label wins. */
export function labelledValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const hit of findLabels(text)) {
    if (hit.label && hit.value && !values.has(hit.label)) values.set(hit.label, hit.value);
  }
  return values;
}

/** The value after a label (labels tried in order), up to the next known label or line end. */
export function valueAfter(text: string, labels: readonly string[], known: readonly string[] = knownLabels): string | undefined {
  const hits = findLabels(text, labels, known);
  for (const label of labels.map(canonicalLabel)) {
    const hit = hits.find((h) => h.label === label && h.value);
    if (hit) return hit.value;
  }
  return undefined;
}
