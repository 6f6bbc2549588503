/** 发文字号: issuer abbreviation + bracketed year + number + 号, e.g. 云政办函〔2015〕154号. */
import { canonicalLabel, findLabels } from './labels.js';

export interface DocNumber {
  /** Normalised: 〔〕 brackets, no spaces, ASCII digits. */
  docNumber: string;
  /** Exactly the text that matched. */
  raw: string;
}

const gap = '[ \\t\\u3000\\u00a0]';
const open = '[〔\\[［(（【{｛﹝〖]';
const close = '[〕\\]］)）】}｝﹞〗]';
const digit = '[0-9０-９]';
// The part after the issuer; the issuer is read backwards from the bracket, so the scan stays linear.
const tail = new RegExp(
  `${open}${gap}{0,3}((?:19|20|１９|２０)${digit}{2})${gap}{0,3}${close}${gap}{0,3}(?:第${gap}{0,2})?${digit}{1,6}${gap}{0,2}号`,
  'g',
);

const han = /[\u3400-\u9fff\uf900-\ufaff]/;
const maxIssuer = 15;

/**
 * Words that end the prose before an issuer (根据云政发… → 云政发). Single characters here never occur in
 * issuer abbreviations; 号 ends a previous number (…1号云政发…).
 */
const prosePrefix =
  /(?:根据|依据|按照|参照|遵照|依照|对照|转发|印发|下发|执行|落实|贯彻|结合|文件|通过|关于|要求|规定|精神|通知|意见|办法|决定|批复|文号|字号|的|和|及|与|或|为|是|在|以|见|即|由|将|把|了|号|按|据|对|从)/g;

/** The issuer ending at `end`: the CJK run before it, cut after any prose word, at most 15 characters. */
function issuerBefore(text: string, end: number): number | undefined {
  let i = end;
  // Allow a space or two between issuer and bracket (云政发 〔2015〕).
  for (let n = 0; n < 2 && i > 0 && /[ \t\u3000\u00a0]/.test(text[i - 1] ?? ''); n++) i--;
  const runEnd = i;
  while (i > 0 && runEnd - i < 40 && han.test(text[i - 1] ?? '')) i--;
  const run = text.slice(i, runEnd);
  let cut = 0;
  prosePrefix.lastIndex = 0;
  for (let m = prosePrefix.exec(run); m; m = prosePrefix.exec(run)) cut = m.index + m[0].length;
  const start = Math.max(i + cut, runEnd - maxIssuer);
  return start < runEnd ? start : undefined;
}

/** Brackets → 〔〕, spaces removed, full-width digits → ASCII. 第 and leading zeros are kept as written. */
export function normaliseDocNumber(raw: string): string {
  if (typeof raw !== 'string') return '';
  return raw
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\u00a0]+/g, '')
    .replace(/[〔[［(（【{｛﹝〖]((?:19|20)\d{2})[〕\]］)）】}｝﹞〗]/g, '〔$1〕');
}

/** The first document number anywhere in the text. Needs an issuer, a bracketed year, a number and 号. */
export function findDocNumber(text: string): DocNumber | undefined {
  if (typeof text !== 'string' || !text) return undefined;
  const pattern = new RegExp(tail.source, 'g');
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const start = issuerBefore(text, m.index);
    if (start === undefined) continue;
    const raw = text.slice(start, m.index + m[0].length);
    return { docNumber: normaliseDocNumber(raw), raw };
  }
  return undefined;
}

const docNumberLabels = ['发文字号', '文件字号', '发文号', '文号', '文件编号'];

/**
 * The document number after 发文字号 / 文号 / 发文号 / 文件编号. A standard number is taken as findDocNumber
 * reads it; any other value with a digit (云南省人民政府令第154号, 云政发〔2015〕154) is kept as written.
 */
export function findLabelledDocNumber(text: string): DocNumber | undefined {
  if (typeof text !== 'string' || !text) return undefined;
  const hits = findLabels(text, docNumberLabels);
  for (const label of docNumberLabels.map(canonicalLabel)) {
    for (const hit of hits) {
      if (hit.label !== label) continue;
      const window = text.slice(hit.valueStart, Math.min(hit.valueStart + 60, Math.max(hit.valueEnd, hit.valueStart + 30)));
      const found = findDocNumber(window);
      if (found && window.indexOf(found.raw) === 0) return found;
      const value = hit.value;
      if (value && value.length <= 40 && /[0-9０-９]/.test(value)) return { docNumber: normaliseDocNumber(value), raw: value };
    }
  }
  return undefined;
}
