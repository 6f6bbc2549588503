/**
 * Where a record goes, by the reviewed mapping: its column's decision, then the column's rules
 * (first match wins: 文种, a title pattern, a date range), else the column's channel.
 */
import { type Channel, targetUrl } from '../config/channels.js';
import type { MappingColumn, RoutingRule } from '../config/mapping.js';
import type { ArticleRecord } from '../extract/index.js';

export type Route =
  | { outcome: 'migrated'; channel: string; by: string }
  | { outcome: 'archived'; reason: string }
  | { outcome: 'rejected'; reason: string }
  | { outcome: 'undecided'; reason: string };

function matches(rule: RoutingRule, record: ArticleRecord): boolean {
  if ('otherwise' in rule) return true;
  const { docType, title, from, to } = rule.when;
  if (docType !== undefined) {
    const types = Array.isArray(docType) ? docType : [docType];
    if (!record.docType || !types.includes(record.docType)) return false;
  }
  if (title !== undefined && !new RegExp(title, 'u').test(record.title)) return false;
  const day = record.publishedAt?.slice(0, 10);
  if (from !== undefined && (!day || day < from)) return false;
  if (to !== undefined && (!day || day > to)) return false;
  return true;
}

export function routeRecord(record: ArticleRecord, column: MappingColumn | undefined): Route {
  if (!column?.decision) return { outcome: 'undecided', reason: `column ${record.column ?? '(none)'} is undecided` };
  if (column.decision === 'archive') return { outcome: 'archived', reason: `column ${column.source.name} is archived in the mapping` };
  if (column.decision === 'reject') return { outcome: 'rejected', reason: `column ${column.source.name} is rejected in the mapping` };
  if (column.rules) {
    const index = column.rules.findIndex((rule) => matches(rule, record));
    const rule = column.rules[index];
    if (rule) return { outcome: 'migrated', channel: rule.channel, by: 'otherwise' in rule ? 'fallback rule' : `rule ${index + 1}` };
  }
  const channel = column.channel ?? column.proposal?.channel;
  if (!channel) return { outcome: 'undecided', reason: `column ${column.source.name} is approved without a channel` };
  return { outcome: 'migrated', channel, by: 'column' };
}

/** A record as the store keeps it: the page it came from, its column, the record as JSON. */
import type { RecordRow as StoredRecord } from '../store/records.js';

export type { StoredRecord };

export interface RoutedRecord {
  row: StoredRecord;
  record: ArticleRecord;
  route: Route;
}

export function routeRecords(records: StoredRecord[], columns: Map<string, MappingColumn>): RoutedRecord[] {
  return records.map((row) => {
    const record = JSON.parse(row.json) as ArticleRecord;
    return { row, record, route: routeRecord(record, row.columnId ? columns.get(row.columnId) : undefined) };
  });
}

/** Old URL → new address of every migrated record, so links between migrated articles can follow them. */
export function newAddresses(routed: RoutedRecord[], channels: Map<string, Channel>, baseUrl: string): Map<string, string> {
  const newAddress = new Map<string, string>();
  for (const { record, route } of routed) {
    const channel = route.outcome === 'migrated' ? channels.get(route.channel) : undefined;
    if (channel) newAddress.set(record.sourceUrl, targetUrl(baseUrl, channel.path, record.id));
  }
  return newAddress;
}
