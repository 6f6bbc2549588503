/** Calendar arithmetic without time zones: every date is a plain Y-M-D(-h-m-s) in Asia/Shanghai. */

export interface Day {
  y: number;
  m: number;
  d: number;
}

export interface DateTime extends Day {
  hh: number;
  mm: number;
  ss: number;
}

const msPerDay = 86_400_000;

/** Days since 1970-01-01. */
export function toDays(day: Day): number {
  return Date.UTC(day.y, day.m - 1, day.d) / msPerDay;
}

export function fromDays(days: number): Day {
  const date = new Date(days * msPerDay);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

export function addDays(day: Day, n: number): Day {
  return fromDays(toDays(day) + n);
}

export const pad2 = (n: number): string => String(n).padStart(2, '0');

/** 2015-08-28 */
export function ymd(day: Day): string {
  return `${day.y}-${pad2(day.m)}-${pad2(day.d)}`;
}

/** 20150828 */
export function ymdCompact(day: Day): string {
  return `${day.y}${pad2(day.m)}${pad2(day.d)}`;
}

/** 2015-08-28T10:00:00+08:00, or T00:00:00 when the page shows no time. */
/** What the page shows, and nothing more: no time → midnight; minutes shown → seconds 00. */
export function isoShanghai(dt: DateTime, timeShown: boolean | 'minutes'): string {
  const t =
    timeShown === 'minutes' ? `${pad2(dt.hh)}:${pad2(dt.mm)}:00` : timeShown ? `${pad2(dt.hh)}:${pad2(dt.mm)}:${pad2(dt.ss)}` : '00:00:00';
  return `${ymd(dt)}T${t}+08:00`;
}

export function compareDateTime(a: DateTime, b: DateTime): number {
  return toDays(a) - toDays(b) || a.hh - b.hh || a.mm - b.mm || a.ss - b.ss;
}

const cnDigits = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

function cnSmall(n: number): string {
  if (n < 10) return cnDigits[n] ?? '';
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : (cnDigits[tens] ?? '')}十${ones ? (cnDigits[ones] ?? '') : ''}`;
}

/** 二〇一五年八月二十八日 */
export function cnNumeralDate(day: Day): string {
  const year = String(day.y)
    .split('')
    .map((c) => cnDigits[Number(c)] ?? '')
    .join('');
  return `${year}年${cnSmall(day.m)}月${cnSmall(day.d)}日`;
}
