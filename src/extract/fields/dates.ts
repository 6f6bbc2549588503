/** Dates as Chinese government pages write them, read into plain Y-M-D(-h-m-s) in Asia/Shanghai. */
import { canonicalLabel, findLabels, halfWidth } from './labels.js';

export interface ChineseDate {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  /** Set when the text named only a year and month (二〇一五年八月); day is then 1. */
  monthOnly?: true;
}

/** Labels of the publication date, most specific first. 发文日期 is the written date, not this. */
export const publishedLabels: readonly string[] = [
  '发布时间',
  '发布日期',
  '发表时间',
  '发表日期',
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
  '日期',
  '时间',
];

/** Labels of the date a document was written (落款 date). */
export const writtenLabels: readonly string[] = ['成文日期', '成文时间', '发文日期', '发文时间', '印发日期', '签发日期'];

const gap = '[ \\t\\u3000\\u00a0]{0,2}';
// A time after the date; an offset (Z, +00:00) is read only in the ISO form with T, so 10:00-11:00 stays a range.
const time = `(?:(?:(T)|[ \\t\\u3000\\u00a0]{0,3})(上午|下午|晚上)?${gap}(\\d{1,2})${gap}[:时点]${gap}(\\d{1,2})(?:${gap}(?::|分)${gap}(\\d{1,2}))?(?!\\d)(?:\\.\\d{1,6})?(Z|[+-]\\d{2}:?\\d{2})?)?`;
const numeric = `(?<!\\d)(\\d{4})${gap}([-/.])${gap}(\\d{1,2})${gap}\\2${gap}(\\d{1,2})(?!\\d)`;
const arabicCjk = `(?<!\\d)(\\d{4})${gap}年${gap}(\\d{1,2})${gap}月(?:${gap}(\\d{1,2})${gap}[日号])?`;
const numeralCjk = `([〇○零Oo0一二三四五六七八九]{4})${gap}年${gap}([一二三四五六七八九十元]{1,3})${gap}月(?:${gap}([一二三四五六七八九十廿卅]{1,3})${gap}[日号])?`;
// 20150828 only as a token of its own: no letters, digits, 备 or 号 around it (not in ICP numbers or ids).
const compact = '(?<![\\w.\\-/备第])((?:19|20)\\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])(?![\\w.\\-/号])';

// Groups: 1-4 numeric, 5-7 年月日, 8-10 numerals, 11-13 compact, 14-19 time (T, 上午/下午, h, m, s, offset).
const datePattern = new RegExp(`(?:${numeric}|${arabicCjk}|${numeralCjk}|${compact})${time}`, 'g');

/** Dashes and full-width forms to ASCII, one char for one, so match positions stay valid. */
function normaliseForDates(text: string): string {
  return halfWidth(text).replace(/[‐‑‒–—―−﹣]/g, '-');
}

const numeralDigits: Record<string, number> = {
  〇: 0,
  '○': 0,
  零: 0,
  O: 0,
  o: 0,
  '0': 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 二〇一五 → 2015 */
function numeralYear(s: string): number | undefined {
  let year = 0;
  for (const c of s) {
    const digit = numeralDigits[c];
    if (digit === undefined) return undefined;
    year = year * 10 + digit;
  }
  return year;
}

/** 八 → 8, 十 → 10, 十二 → 12, 二十八 → 28, 廿八 → 28, 卅一 → 31, 元 → 1 (元月). */
function numeralSmall(s: string): number | undefined {
  if (s === '元') return 1;
  const m = /^(?:([一二三四五六七八九])?十|(廿)|(卅))?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === '') return undefined;
  const [, tensDigit, twenty, thirty, ones] = m;
  const tens = twenty ? 2 : thirty ? 3 : s.includes('十') ? (tensDigit ? (numeralDigits[tensDigit] ?? 0) : 1) : 0;
  return tens * 10 + (ones ? (numeralDigits[ones] ?? 0) : 0);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDay(year: number, month: number, day: number): boolean {
  return year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

type Groups = (string | undefined)[];

/** The same instant on the Shanghai clock, for an ISO time written with another offset (Z, +00:00). */
function inShanghai(d: ChineseDate, offset: string): ChineseDate {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  if (minutes === 480) return d;
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day, d.hour ?? 0, d.minute ?? 0, d.second ?? 0) + (480 - minutes) * 60_000);
  const shifted: ChineseDate = {
    year: t.getUTCFullYear(),
    month: t.getUTCMonth() + 1,
    day: t.getUTCDate(),
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
  };
  if (d.second !== undefined) shifted.second = t.getUTCSeconds();
  return shifted;
}

/** The date one regex match names, or undefined when it is impossible. */
function dateOf(g: Groups): ChineseDate | undefined {
  let year: number | undefined;
  let month: number | undefined;
  let day: number | undefined;
  if (g[1]) [year, month, day] = [Number(g[1]), Number(g[3]), Number(g[4])];
  else if (g[5]) [year, month, day] = [Number(g[5]), Number(g[6]), g[7] ? Number(g[7]) : undefined];
  else if (g[8]) [year, month, day] = [numeralYear(g[8]), numeralSmall(g[9] ?? ''), g[10] ? numeralSmall(g[10]) : undefined];
  else if (g[11]) [year, month, day] = [Number(g[11]), Number(g[12]), Number(g[13])];
  if (year === undefined || month === undefined) return undefined;
  if (day === undefined) return validDay(year, month, 1) ? { year, month, day: 1, monthOnly: true } : undefined;
  if (!validDay(year, month, day)) return undefined;
  const date: ChineseDate = { year, month, day };
  const [iso, half, h, mi, s, offset] = [g[14], g[15], g[16], g[17], g[18], g[19]];
  if (h !== undefined && mi !== undefined) {
    let hour = Number(h);
    if ((half === '下午' || half === '晚上') && hour < 12) hour += 12;
    const minute = Number(mi);
    const second = s === undefined ? undefined : Number(s);
    // A time that cannot be is dropped; the date stands.
    if (hour <= 23 && minute <= 59 && (second === undefined || second <= 59)) {
      date.hour = hour;
      date.minute = minute;
      if (second !== undefined) date.second = second;
      if (iso && offset) return inShanghai(date, offset);
    }
  }
  return date;
}

/** Dates in text order, with where each starts; impossible ones skipped. */
function* datesIn(text: string): Generator<{ date: ChineseDate; index: number }> {
  const norm = normaliseForDates(text);
  const pattern = new RegExp(datePattern.source, 'g');
  for (let m = pattern.exec(norm); m; m = pattern.exec(norm)) {
    const date = dateOf([...m]);
    if (date) yield { date, index: m.index };
  }
}

/**
 * The first date in the text, in any usual form (2015-08-28 10:00, 2015/8/28, 2015.08.28, 2015年8月28日,
 * 二〇一五年八月二十八日, a standalone 20150828). A year and month alone (2015年8月) counts only when the text
 * holds no full date; it is returned as day 1 with monthOnly set.
 */
export function parseChineseDate(text: string): ChineseDate | undefined {
  if (typeof text !== 'string' || !text) return undefined;
  let monthOnly: ChineseDate | undefined;
  for (const { date } of datesIn(text)) {
    if (!date.monthOnly) return date;
    monthOnly ??= date;
  }
  return monthOnly;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** "2015-08-28" */
export function toIsoDate(d: ChineseDate): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** "2015-08-28T10:00:00+08:00"; midnight when the page showed no time. */
export function toIsoShanghai(d: ChineseDate): string {
  return `${toIsoDate(d)}T${pad(d.hour ?? 0)}:${pad(d.minute ?? 0)}:${pad(d.second ?? 0)}+08:00`;
}

/** The date right after one of the labels (发布时间：2015-08-28, 【发布日期】2015年8月28日); labels tried in order. */
export function findLabelledDate(text: string, labels: readonly string[]): ChineseDate | undefined {
  if (typeof text !== 'string' || !text) return undefined;
  const hits = findLabels(text, labels);
  for (const label of labels.map(canonicalLabel)) {
    for (const hit of hits) {
      if (hit.label !== label) continue;
      // The date must open the value; a date further on belongs to something else.
      const window = text.slice(hit.valueStart, hit.valueStart + 40).replace(/^[[［【(（]/, ' ');
      const first = datesIn(window).next();
      if (!first.done && first.value.index <= 1) return first.value.date;
      // After a date label a two-digit year is a date too (日期：15-08-28); alone it could be anything.
      const short = /^\s?[\d０-９]{2}[-/.－／．]/.test(window)
        ? /^\s?(\d{2})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)/.exec(normaliseForDates(window))
        : null;
      if (short) {
        const year = Number(short[1]);
        const date = parseChineseDate(`${year < 70 ? 2000 + year : 1900 + year}-${short[3]}-${short[4]}`);
        if (date) return date;
      }
    }
  }
  return undefined;
}
