/** 索引号: the info-disclosure index. Formats vary by province and CMS, so the value is kept as written. */
import { findLabels, halfWidth } from './labels.js';

// 索取号 is the older name of the same field in some provinces' catalogues.
const indexLabels = ['索引号', '索引编号', '索取号'];

/**
 * The value after 索引号 / 索 引 号 / 索引编号 / 索取号, up to whitespace, the next label or the line end; full-width
 * letters and digits become ASCII. A value without a digit (无, -, 暂无) is no index number.
 */
export function findIndexNumber(text: string): string | undefined {
  if (typeof text !== 'string' || !text) return undefined;
  for (const hit of findLabels(text, indexLabels)) {
    if (!hit.label || !indexLabels.includes(hit.label)) continue;
    const token = halfWidth(hit.value)
      .split(/\s/)[0]
      ?.replace(/[，,。;；、]+$/, '');
    if (token && token.length <= 60 && /\d/.test(token)) return token;
  }
  return undefined;
}
