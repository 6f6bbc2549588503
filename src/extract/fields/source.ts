/** 来源: the 信息公开 table's, else the article head's (see head.ts), else the ContentSource tag. */
import { halfWidth, labelledValues } from './labels.js';

const sourceLabels = ['来源', '信息来源', '文章来源', '稿件来源', '新闻来源'];
const clean = (s: string): string => s.replace(/[\s\u3000\u00a0]+/g, ' ').trim();

function firstValue(values: Map<string, string>): string | undefined {
  for (const label of sourceLabels) {
    const v = clean(values.get(label) ?? '');
    if (v && !/^(?:无|暂无|-|—)$/.test(v)) return v;
  }
  return undefined;
}

/** The value cut before a date (来源：示例日报 2019-09-03) and out of its brackets (【来源：…】); 无 or 未知 is none. */
export function findSource(tableValues: Map<string, string>, headText: string, contentSource?: string): string | null {
  const raw = firstValue(tableValues) ?? firstValue(labelledValues(headText)) ?? contentSource;
  if (!raw) return null;
  const value = clean(
    halfWidth(raw)
      .replace(/(?:\d{4}\s*[-/.年]\s*\d{1,2}[\s\S]*)$/, '')
      .replace(/^[[【(（]+|[\]】)）]+$/g, ''),
  );
  return value && !/^(?:无|暂无|-|—|未知)$/.test(value) ? value : null;
}
