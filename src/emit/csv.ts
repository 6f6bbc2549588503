/**
 * The one CSV writer (manifest.csv, redirects.csv): RFC 4180 through csv-stringify, CRLF line ends,
 * a BOM so spreadsheet programs read the Chinese as UTF-8, and formula defusing in this one place —
 * csv-stringify's `escape_formulas` puts a ' before a cell starting with = + - @ tab or CR (and their
 * full-width forms ＝ ＋ － ＠, which Apple Numbers reads as formulas too), so an old site's text
 * cannot run as a formula in the spreadsheet a person opens.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | readonly string[] | null | undefined;

/** A cell as text: nothing for an absent value, a list joined by spaces. Every cell is a string, so `-1` is defused too. */
function text(value: CsvCell): string {
  if (value === undefined || value === null) return '';
  return Array.isArray(value) ? value.join(' ') : String(value);
}

export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const records: string[][] = [[...header]];
  for (const row of rows) records.push(row.map(text));
  // quote_record_delimiter: with a record delimiter set, csv-stringify would otherwise leave a cell
  // holding a lone \n or \r unquoted, and a reader would split the row there.
  return stringify(records, { bom: true, record_delimiter: 'windows', quote_record_delimiter: true, escape_formulas: true });
}
