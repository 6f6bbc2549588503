/** Site facts from footers: ICP and public-security filings, site ID code, organizer, contacts. */
import { findLabels, footerLabels, halfWidth, knownLabels } from './labels.js';

// The 31 provinces' one-character abbreviations, with the second forms (蜀 黔 滇 秦 陇) in use.
const province = '[京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀贵黔云滇藏陕秦甘陇青宁新]';
const sp = '[ \\t\\u3000\\u00a0]';

/** Full-width forms and dash variants to ASCII, one char for one. */
function normalise(text: string): string {
  return halfWidth(text).replace(/[‐‑‒–—―−﹣]/g, '-');
}

const icpPattern = new RegExp(
  `(${province})${sp}{0,2}ICP${sp}{0,2}([备证])${sp}{0,2}[:]?${sp}{0,2}(\\d{4,12})(?!\\d)${sp}{0,2}(号)?(?:${sp}{0,2}-${sp}{0,2}(\\d{1,3})(?!\\d))?`,
  'i',
);

/** 滇ICP备05001234号-1, 京ICP证030173号: spaces removed, ICP upper-case, 号 added when missing. */
export function findIcpNumber(text: string): string | undefined {
  if (typeof text !== 'string' || !text) return undefined;
  const m = icpPattern.exec(normalise(text));
  if (!m) return undefined;
  const [, prov, kind, digits, , suffix] = m;
  return `${prov}ICP${kind}${digits}号${suffix ? `-${suffix}` : ''}`;
}

const psbPattern = new RegExp(`${province}${sp}{0,2}公网安备${sp}{0,3}[:]?${sp}{0,3}\\d{8,16}(?!\\d)(?:${sp}{0,2}号)?`);
const psbLabelled = new RegExp(
  `(?:公安机关备案号|公安备案号|公网安备号|公安部备案号)${sp}{0,3}[:]?${sp}{0,3}(\\d{8,16})(?!\\d)(?:${sp}{0,2}号)?`,
);

/** 滇公网安备 53010202000456号, as written but with any run of spaces made one space. */
export function findPsbNumber(text: string): string | undefined {
  if (typeof text !== 'string' || !text) return undefined;
  const norm = normalise(text);
  const m = psbPattern.exec(norm) ?? psbLabelled.exec(norm);
  if (!m) return undefined;
  const found = m[1] !== undefined ? m[0].slice(m[0].indexOf(m[1])) : m[0];
  return found.replace(/\s+/g, ' ').trim();
}

const siteIdPattern = new RegExp(`标识码${sp}{0,3}[:]?${sp}{0,3}(bm\\d{8}|\\d{10})(?![\\dA-Za-z])`, 'i');

/** After 网站标识码 / 标识码: ten digits (region code + 4) or bm + 8 digits. */
export function findSiteIdCode(text: string): string | undefined {
  if (typeof text !== 'string' || !text) return undefined;
  return siteIdPattern.exec(normalise(text))?.[1]?.toLowerCase();
}

const footerKnown = [...knownLabels, ...footerLabels];
// What ends a footer name besides a label: filings, copyright lines.
const nameStop = new RegExp(`${province}?ICP|公网安备|版权所有|Copyright|©|\\(c\\)|备案|技术支持|建议使用|推荐使用|分辨率`, 'i');

function footerValue(text: string, labels: readonly string[]): string | undefined {
  const hits = findLabels(text, labels, footerKnown);
  for (const label of labels) {
    for (const hit of hits) {
      if (hit.label !== label || !hit.value) continue;
      const stop = normalise(hit.value).search(nameStop);
      const value = (stop >= 0 ? hit.value.slice(0, stop) : hit.value).replace(/[\s，,。;；:：、]+$/, '').trim();
      if (value && value.length <= 80) return value;
    }
  }
  return undefined;
}

/** The body named before 主办 / 承办 without a label: 本网站由X主办, or X 主办 standing alone in a footer line. */
function byPhrase(text: string, verb: '主办' | '承办'): string | undefined {
  const by = new RegExp(`由${sp}{0,2}([\\u3400-\\u9fff（）()、]{2,40}?)${sp}{0,2}${verb}`).exec(text);
  if (by) return by[1];
  // X 主办 must end its phrase (a space, punctuation, line end), so 主办单位 / 主办的 are not read this way.
  const named = new RegExp(`([\\u3400-\\u9fff（）()]{2,40})${sp}?${verb}(?=$|[\\s|｜,，。;；、:：]|[A-Za-z©])`, 'm').exec(text);
  return named?.[1];
}

// Kept as constants: findLabels keeps a label set's pattern per array.
const organizerLabels: readonly string[] = ['主办单位', '网站主办', '主办方', '主办'];
const undertakerLabels: readonly string[] = ['承办单位', '承办方', '承办'];

/** After 主办单位 / 主办 / 主办方: up to the next label or separator (承办, 地址, ICP, |, \u3000). */
export function findOrganizer(text: string): string | undefined {
  if (typeof text !== 'string' || !text) return undefined;
  return footerValue(text, organizerLabels) ?? byPhrase(text, '主办');
}

/** After 承办单位 / 承办. */
export function findUndertaker(text: string): string | undefined {
  if (typeof text !== 'string' || !text) return undefined;
  return footerValue(text, undertakerLabels) ?? byPhrase(text, '承办');
}

const phoneLabel =
  /(?:联系电话|值班电话|咨询电话|办公电话|服务电话|投诉电话|举报电话|监督电话|热线电话|服务热线|咨询热线|热线|电话|联系方式|Tel|Phone)/gi;
const phonePattern =
  /(?<!\d)(?:\(\s?0\d{2,3}\s?\)\s?\d{7,8}|0\d{2,3}\s?-\s?\d{7,8}(?:\s?-\s?\d{1,6})?|0\d{2,3}\s\d{7,8}|1[3-9]\d{9}|400-?\d{3}-?\d{4}|0\d{9,11}|\d{7,8}|\d{5})(?!\d)/;

/** After 电话 / 联系电话 / 值班电话 …: 0871-63609686, (0871)63609686, 12345; dashes made '-', spaces dropped. */
export function findPhone(text: string): string | undefined {
  if (typeof text !== 'string' || !text) return undefined;
  const norm = normalise(text);
  phoneLabel.lastIndex = 0;
  for (let m = phoneLabel.exec(norm); m; m = phoneLabel.exec(norm)) {
    const after = norm.slice(m.index + m[0].length, m.index + m[0].length + 40);
    const phone = phonePattern.exec(after);
    // The number must follow the label closely (电话：, 电话(传真)：), not come from a later line.
    if (phone && phone.index <= 8 && !/\n/.test(after.slice(0, phone.index))) {
      return phone[0]
        .replace(/\s*-\s*/g, '-')
        .replace(/\(\s*(\d+)\s*\)\s*/, '($1)')
        .replace(/^(0\d{2,3})\s(\d)/, '$1-$2');
    }
  }
  return undefined;
}

const localChar = /[A-Za-z0-9._%+-]/;
const domainChar = /[A-Za-z0-9.-]/;

/** The first e-mail address; also the 邮箱：name#domain form some sites use against harvesters. */
export function findEmail(text: string): string | undefined {
  if (typeof text !== 'string' || !text) return undefined;
  const norm = halfWidth(text);
  // Found from each @ outwards, so a long run of letters without one costs nothing.
  for (let at = norm.indexOf('@'); at >= 0; at = norm.indexOf('@', at + 1)) {
    const email = addressAround(norm, at);
    if (email) return email;
  }
  const m =
    /(?:电子邮箱|电子邮件|邮箱|E-?mail)[ \t\u3000\u00a0]{0,2}[:]?[ \t\u3000\u00a0]{0,2}([A-Za-z0-9._%+-]{1,64})#([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,4})/i.exec(
      norm,
    );
  return m ? `${m[1]}@${m[2]}` : undefined;
}

function addressAround(text: string, at: number): string | undefined {
  let start = at;
  while (start > 0 && at - start < 64 && localChar.test(text[start - 1] ?? '')) start--;
  let end = at + 1;
  while (end < text.length && end - at < 255 && domainChar.test(text[end] ?? '')) end++;
  const local = text.slice(start, at).replace(/^[.]+/, '');
  const domain = text.slice(at + 1, end).replace(/[.-]+$/, '');
  if (!local || !/^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(domain)) return undefined;
  return `${local}@${domain}`;
}
