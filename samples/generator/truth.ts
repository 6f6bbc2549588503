/**
 * truth.json: what a perfect crawler and extractor would report for a generated site. Written as a
 * stream (articles one by one) with a fixed key order, byte-identical to JSON.stringify(truth, null, 2).
 *
 * bodyText rule (see body.ts): the article body as a reader sees it inside the content area, one
 * line per paragraph / heading / list item / attachment link, one line per table row with its cells
 * joined by a tab, lines joined by "\n"; no breadcrumb, date/source line, metadata table,
 * print/close bar, related links or previous/next links; a doc number or signature inside the body
 * is included.
 */
import { writeFileSync } from 'node:fs';
import type { PageKind, WalkResult } from './graph.js';
import { TextStream } from './write.js';

export interface ServeConfig {
  charset?: string;
  charsetOnlyInMeta?: string[];
  fallback?: { match: string; file: string }[];
  redirects?: { from: string; to: string; status: number }[];
  posts?: { match: string; file: string }[];
}

export interface TruthSite {
  id: string;
  name: string;
  encoding: 'gbk' | 'utf-8';
  declaredDomain: string | null;
  organizer: string;
  undertaker: string | null;
  icpNumber: string;
  psbNumber: string;
  siteIdCode: string;
  phone: string;
  email: string;
  address: string;
}

export interface TruthColumn {
  id: string;
  name: string;
  parent: string | null;
  path: string;
  url: string;
  listPages: string[];
  scriptBuilt: boolean;
  articles: number;
  oldest: string | null;
  newest: string | null;
  empty: boolean;
  dormant: boolean;
}

export interface TruthAttachment {
  url: string;
  title: string;
  /** null when the link is dead (listed in deadLinks too). */
  bytes: number | null;
  sha256: string | null;
}

export interface TruthArticle {
  url: string;
  column: string;
  title: string;
  publishedAt: string;
  writtenAt: string | null;
  source: string | null;
  author: string | null;
  publisher: string | null;
  topic: string | null;
  docNumber: string | null;
  docNumberRaw: string | null;
  indexNumber: string | null;
  docType: string | null;
  images: string[];
  attachments: TruthAttachment[];
  links: string[];
  bodyText: string;
}

export interface TruthTail extends WalkResult {
  traps: { kind: string; pattern: string; example: string }[];
  redirects: { from: string; to: string; status: number }[];
  /** Media a careful extractor must warn about: not-an-image, truncated, missing. */
  brokenMedia: { url: string; problem: 'html-disguised-as-image' | 'truncated-image' | 'missing'; article: string }[];
}

const indent = (value: unknown, spaces: number): string => JSON.stringify(value, null, 2).replace(/\n/g, `\n${' '.repeat(spaces)}`);

/** Streams truth.json: begin(site, columns), article(a)…, end(tail). */
export class TruthWriter {
  private readonly stream: TextStream;
  private count = 0;

  constructor(file: string) {
    this.stream = new TextStream(file);
  }

  begin(site: TruthSite, columns: TruthColumn[]): void {
    this.stream.write(`{\n  "site": ${indent(site, 2)},\n  "columns": ${indent(columns, 2)},\n  "articles": [`);
  }

  article(article: TruthArticle): void {
    this.stream.write(`${this.count === 0 ? '\n    ' : ',\n    '}${indent(article, 4)}`);
    this.count++;
  }

  end(tail: TruthTail): void {
    this.stream.write(this.count === 0 ? ']' : '\n  ]');
    const rest: [string, unknown][] = [
      ['pages', tail.pages],
      ['deadLinks', tail.deadLinks],
      ['traps', tail.traps],
      ['robotsDisallowed', tail.robotsDisallowed],
      ['sessionIdLinks', tail.sessionIdLinks],
      ['outOfScope', tail.outOfScope],
      ['redirects', tail.redirects],
      ['brokenMedia', tail.brokenMedia],
    ];
    for (const [key, value] of rest) this.stream.write(`,\n  ${JSON.stringify(key)}: ${indent(value, 2)}`);
    this.stream.write('\n}\n');
    this.stream.close();
  }
}

export function writeServeConfig(file: string, config: ServeConfig): void {
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
}

export type { PageKind };
