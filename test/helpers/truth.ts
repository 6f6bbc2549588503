/** The sample sites' truth.json, as the generator writes it (see samples/generator). */
import { readFileSync } from 'node:fs';
import path from 'node:path';

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
  attachments: { url: string; title: string; bytes: number; sha256: string }[];
  links: string[];
  bodyText: string;
}

export interface Truth {
  site: {
    id: string;
    name: string;
    encoding: string;
    declaredDomain: string | null;
    organizer: string;
    icpNumber: string;
    psbNumber: string;
    siteIdCode: string;
    phone: string;
  };
  columns: {
    id: string;
    name: string;
    parent: string | null;
    path: string;
    url: string;
    listPages: string[];
    scriptBuilt: boolean;
    articles: number;
    empty: boolean;
    dormant: boolean;
  }[];
  articles: TruthArticle[];
  pages: { url: string; kind: string; status: number }[];
  deadLinks: { url: string; status: number; referrers: string[] }[];
  traps: { kind: string; pattern: string; example: string }[];
  robotsDisallowed: string[];
  sessionIdLinks: { href: string; target: string }[];
  outOfScope: string[];
  redirects: { from: string; to: string; status: number }[];
}

export const samplesDir = path.resolve(import.meta.dirname, '..', '..', 'samples');

export function loadTruth(site: string): Truth {
  return JSON.parse(readFileSync(path.join(samplesDir, 'sites', site, 'truth.json'), 'utf8')) as Truth;
}
