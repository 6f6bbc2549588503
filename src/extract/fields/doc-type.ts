/** 文种: the 15 types of official documents (党政机关公文处理工作条例, 2012), from a field or a title. */

export const docTypes = [
  '决议',
  '决定',
  '命令',
  '公报',
  '公告',
  '通告',
  '意见',
  '通知',
  '通报',
  '报告',
  '请示',
  '批复',
  '议案',
  '函',
  '纪要',
] as const;
export type DocType = (typeof docTypes)[number];

const isDocType = (s: string): s is DocType => (docTypes as readonly string[]).includes(s);

/**
 * From a 文种 field value: the exact type, or the one type it contains (会议纪要 → 纪要, 复函 → 函, 政府令 →
 * 命令). A value naming two types (通知公告, 公告、通告) is ambiguous: undefined.
 */
export function normaliseDocType(value: string): DocType | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.replace(/[\s\u3000\u00a0【】[\]［］（）()「」《》"“”:：,，、。.]/g, '');
  if (!v) return undefined;
  if (isDocType(v)) return v;
  const found = docTypes.filter((type) => v.includes(type));
  if (found.length === 1) return found[0];
  if (found.length === 0 && v.endsWith('令')) return '命令';
  return undefined;
}

// Trailing parts that are not the title's last word: （征求意见稿） （试行） 【2015-08-28】 (2015年第1号) …
const trailingBracket = /[（(【[［〔<＜〈][^（）()【】[\]［］]{0,40}[）)】\]］〕>＞〉]$/;
const trailingDate = /[\s_-]{0,3}\d{4}[-/.年]\d{1,2}(?:[-/.月]\d{1,2}日?)?$/;
const trailingNoise = /[\s\u3000\u00a0。．.！!…]+$/;

function stripTrailing(title: string): string {
  let t = title.replace(trailingNoise, '');
  for (let i = 0; i < 4; i++) {
    const next = t.replace(trailingBracket, '').replace(trailingDate, '').replace(trailingNoise, '');
    if (next === t) break;
    t = next;
  }
  return t;
}

// Verbs that make a title news about a document, not the document (省政府下发紧急通知, 我省出台实施意见).
const newsVerbs =
  /下发|印发|发出|发布|出台|作出|召开|部署|审议|听取|传达|学习|举行|收到|接到|获批|宣读|解读|被|(?<!工)[作做]了?[\u4e00-\u9fff]{0,8}报告$/;
// Types a title may end in without 关于…的 (XX厅公告, 统计公报, 政府工作报告, 会议纪要, 放假通知).
const bareTypes = new Set<DocType>(['公告', '通告', '公报', '报告', '通报', '纪要', '通知', '命令', '函']);
// A title made only of type words is a column name (通知公告), not a document.
const onlyTypeWords = new RegExp(`^(?:${docTypes.join('|')})(?:[、·\\s]?(?:${docTypes.join('|')}))+$`);

/** The type a title's last word names, if it names one: 通知 for …的通知, 命令 for …政府令 / 第154号令. */
function endingType(t: string): DocType | undefined {
  // 意见 after 征求 / 听取 … is people's opinions, not the 意见 type (关于…公开征求意见).
  if (/(?:征求|听取|收集|反馈|提出|交换|广泛)意见$/.test(t)) return undefined;
  for (const type of docTypes) if (t.endsWith(type)) return type;
  if (/(?:政府|主席|总理|省长|市长|县长|区长|州长|部|委员会|局|署|号)令$/.test(t)) return '命令';
  return undefined;
}

function fromTitle(title: string): DocType | undefined {
  const t = stripTrailing(title.trim());
  // A title that ends quoting another document (解读《…的通知》) is about it, not it.
  if (!t || /[》"”']$/.test(t) || onlyTypeWords.test(t)) return undefined;
  const type = endingType(t);
  if (!type) return undefined;
  if (t.includes('关于') || type === '命令') return type;
  if (newsVerbs.test(t)) return undefined;
  // …的通知, …的实施意见, …的紧急通知: 的 shortly before the type marks a document's title.
  if (new RegExp(`的[\\u4e00-\\u9fff]{0,6}${type}$`).test(t)) return type;
  return bareTypes.has(type) ? type : undefined;
}

/**
 * From a title's ending: 关于…的通知 → 通知, 关于印发…的通知 → 通知 (the wrapper's type), …的复函 → 函.
 * Trailing （征求意见稿） （试行） and bracketed dates or numbers are stripped first. Titles ending in other
 * words (…工作方案, …的意见建议, 全省春耕生产现场会在曲靖召开) → undefined. Without 关于, a news verb means the
 * title reports on a document (省政府下发紧急通知, 我省出台…的实施意见) → undefined; otherwise …的<type> counts,
 * and a bare ending only for types that stand alone in real titles (XX厅公告, 统计公报, 工作报告, 会议纪要,
 * 放假通知, 邀请函). A page title with a site suffix (…的通知_XX厅) is read by its first part when the whole
 * gives nothing.
 */
export function docTypeFromTitle(title: string): DocType | undefined {
  if (typeof title !== 'string' || !title.trim()) return undefined;
  const whole = fromTitle(title);
  if (whole) return whole;
  const parts = title.split(/\s*(?:_|\||｜| - | — )\s*/);
  const first = parts[0];
  return parts.length > 1 && first ? fromTitle(first) : undefined;
}
