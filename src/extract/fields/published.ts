/**
 * The publication date, chosen among signals that vote for a calendar day. Each signal is a named
 * rule with a weight: what the page shows beats what it declares, and the URL only confirms or, as
 * a last resort, stands in (with a warning):
 *
 * | rule | weight | where |
 * | --- | ---: | --- |
 * | override | 100 | the pipeline's date selector |
 * | metadata-table | 6 | 发布日期 … in the 信息公开 table |
 * | head-labelled | 5 | 发布时间：… (any usual label) between the title and the body |
 * | head-script | 4 | a date a script writes there (var x='…'; document.write(x), showDate('…')) |
 * | head-date | 3 | a date standing alone there (a stamp under the heading) |
 * | meta-pubdate | 2 | `<meta name="PubDate">` (some CMSs write the page's generation time) |
 * | url | 1 | t20170811_…, /201708/11/, /art/2017/8/11/, /2017-08-11/ |
 *
 * A day's votes add up; the best day wins, with the time of its best-weighted signal that has one.
 * Clocks and "today" widgets print the day the page is viewed: their scripts write nothing (see
 * head.ts), their elements are skipped, and a date followed by 星期… is not taken.
 */
import { type ChineseDate, findLabelledDate, parseChineseDate, publishedLabels, toIsoShanghai, writtenLabels } from './dates.js';
import type { HeadSegment } from './head.js';

export interface DateVote {
  rule: 'override' | 'metadata-table' | 'head-labelled' | 'head-script' | 'head-date' | 'meta-pubdate' | 'url';
  date: ChineseDate;
}

const weights: Record<DateVote['rule'], number> = {
  override: 100,
  'metadata-table': 6,
  'head-labelled': 5,
  'head-script': 4,
  'head-date': 3,
  'meta-pubdate': 2,
  url: 1,
};

// Labels whose date is not the publication date (成文日期, 截止日期, 浏览…): a date after them is not a stamp.
const otherDateLabels = [...writtenLabels, '截止日期', '截止时间', '有效期', '实施日期', '施行日期', '开始时间', '结束时间', '会议时间'];
const otherDateLabel = new RegExp(`(?:${otherDateLabels.join('|')})\\s*[:：]`);
const weekday = /^\s*(?:星期|周|礼拜)[一二三四五六日天]/;

/** The date in a URL path: t20170811_…, /20170811/, /201708/11/, /2017/8/11/, /2017-08-11/, /art/2017/8/11/. */
export function dateFromUrl(url: string): ChineseDate | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const forms = [
    /[/_t](20\d{2}|19\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[_/.-]|\d{0,12}\.)/,
    /\/(20\d{2}|19\d{2})(0[1-9]|1[0-2])\/(0[1-9]|[12]\d|3[01])\//,
    /\/(20\d{2}|19\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])\//,
  ];
  for (const form of forms) {
    const m = form.exec(path);
    if (!m) continue;
    const date = parseChineseDate(`${m[1]}-${m[2]}-${m[3]}`);
    if (date) return date;
  }
  return undefined;
}

/** The first date of a segment that is a stamp: not after another date's label, not a clock's "… 星期二". */
function standaloneDate(text: string): ChineseDate | undefined {
  const date = parseChineseDate(text);
  if (!date || date.monthOnly) return undefined;
  if (otherDateLabel.test(text)) return undefined;
  const at = text.search(/\d{4}|[〇○零一二]{4}/);
  const rest = text.slice(at).replace(/^[\d\s\-/.年月日号:：时分秒]+/, '');
  if (weekday.test(rest)) return undefined;
  return date;
}

/** Votes from the article head's segments: the first labelled date, the first script date, the first stamp. */
export function headVotes(segments: HeadSegment[]): DateVote[] {
  const votes: DateVote[] = [];
  const visible = segments.filter((s) => !s.fromScript);
  // A label and its value may sit in two segments (<span>发布时间：</span><span>2015-08-28</span>).
  const joined = visible.map((s) => s.text).join('\n');
  const labelled = findLabelledDate(joined, publishedLabels);
  if (labelled) votes.push({ rule: 'head-labelled', date: labelled });
  const scripted = segments.filter((s) => s.fromScript).map((s) => findLabelledDate(s.text, publishedLabels) ?? standaloneDate(s.text));
  const script = scripted.find((d) => d !== undefined);
  if (script) votes.push({ rule: 'head-script', date: script });
  if (!labelled) {
    for (const s of visible) {
      const date = standaloneDate(s.text);
      if (date) {
        votes.push({ rule: 'head-date', date });
        break;
      }
    }
  }
  return votes;
}

const dayKey = (d: ChineseDate) => `${d.year}-${d.month}-${d.day}`;

/** The winning day and the rules that voted for it; fromUrlOnly when nothing but the URL spoke. */
export function choosePublished(votes: DateVote[]): { date: ChineseDate; rules: string[]; fromUrlOnly: boolean } | undefined {
  const days = new Map<string, { score: number; best: number; votes: DateVote[] }>();
  for (const vote of votes) {
    if (vote.date.monthOnly) continue;
    const key = dayKey(vote.date);
    const day = days.get(key) ?? { score: 0, best: 0, votes: [] };
    day.score += weights[vote.rule];
    day.best = Math.max(day.best, weights[vote.rule]);
    day.votes.push(vote);
    days.set(key, day);
  }
  let winner: { score: number; best: number; votes: DateVote[] } | undefined;
  for (const day of days.values())
    if (!winner || day.score > winner.score || (day.score === winner.score && day.best > winner.best)) winner = day;
  if (!winner) return undefined;
  const ranked = [...winner.votes].sort((a, b) => weights[b.rule] - weights[a.rule]);
  const timed = ranked.find((v) => v.date.hour !== undefined);
  const first = ranked[0] as DateVote;
  return {
    date: timed ? timed.date : first.date,
    rules: ranked.map((v) => v.rule),
    fromUrlOnly: ranked.every((v) => v.rule === 'url'),
  };
}

/** Where the votes come from on one page. */
export interface PublishedInputs {
  /** The text of the pipeline's date selector, when it has one. */
  override?: string;
  /** The 信息公开 table's text. */
  tableText: string;
  head: HeadSegment[];
  /** `<meta name="PubDate">`. */
  pubDate?: string;
  url: string;
}

/** The publication date (ISO 8601, +08:00) by the votes above, with the warning a page earns (rule, reason). */
export function findPublishedAt(inputs: PublishedInputs): { iso: string | null; warning?: [string, string] } {
  const votes: DateVote[] = [];
  const add = (rule: DateVote['rule'], date: ChineseDate | undefined) => {
    if (date) votes.push({ rule, date });
  };
  if (inputs.override) add('override', parseChineseDate(inputs.override));
  add('metadata-table', findLabelledDate(inputs.tableText, publishedLabels));
  votes.push(...headVotes(inputs.head));
  if (inputs.pubDate) add('meta-pubdate', parseChineseDate(inputs.pubDate));
  add('url', dateFromUrl(inputs.url));
  const chosen = choosePublished(votes);
  if (!chosen) return { iso: null, warning: ['date-missing', 'no publication date found'] };
  const iso = toIsoShanghai(chosen.date);
  return chosen.fromUrlOnly ? { iso, warning: ['date-from-url', 'no date on the page; the date in the URL used'] } : { iso };
}
