/**
 * `sitefold verify-redirects --base URL`: requests every old URL of redirects.json from a server
 * that applies the rules, in each spelling old links and bookmarks use (as linked, with a
 * `;jsessionid=`, with a tracking query), and lists each that does not answer 301 to its target.
 * The result is kept (redirects/verify.json, with the date) for the closure checklist.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import { UserError } from '../config/diagnostics.js';
import { writeFileAtomic } from '../store/atomic.js';
import type { Redirect } from './redirects.js';

export const spellings = ['as-linked', 'session-id', 'tracking-query'] as const;
export type Spelling = (typeof spellings)[number];

/** An old URL as it is also requested: with a servlet session id, with a share-tracking query. */
export function spell(from: string, spelling: Spelling): string {
  const at = from.indexOf('?');
  const [pathPart, query] = at < 0 ? [from, ''] : [from.slice(0, at), from.slice(at)];
  if (spelling === 'session-id') return `${pathPart};jsessionid=5F3A9C0D1E2B4A6C8D0E${query}`;
  if (spelling === 'tracking-query') return `${from}${query ? '&' : '?'}from=weixin&utm_source=wechat`;
  return from;
}

export interface VerifyResult {
  checkedAt: string;
  base: string;
  /** Old URLs, and those whose every spelling answers 301 to the target. */
  total: number;
  ok: number;
  /** Per spelling: requests made and answered 301 to the target. */
  spellings?: Record<Spelling, { total: number; ok: number }>;
  failures: {
    from: string;
    spelling?: Spelling;
    requested?: string;
    expected: string;
    status: number | null;
    location: string | null;
    error?: string;
  }[];
}

export async function verifyRedirects(redirectsDir: string, base: string, concurrency = 8): Promise<VerifyResult> {
  const file = path.join(redirectsDir, 'redirects.json');
  if (!existsSync(file)) throw new UserError(`${file} not found: run \`sitefold emit\` first`);
  if (!/^https?:\/\//.test(base)) throw new UserError(`--base ${base}: must be an http(s) URL such as http://127.0.0.1:8080`);
  const redirects = JSON.parse(readFileSync(file, 'utf8')) as Redirect[];
  const failures: VerifyResult['failures'] = [];
  const jobs = redirects.flatMap((r) => spellings.map((spelling) => ({ r, spelling, requested: spell(r.from, spelling) })));
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < jobs.length; i = next++) {
      const { r, spelling, requested } = jobs[i] as (typeof jobs)[number];
      const failure = { from: r.from, spelling, requested, expected: r.to };
      try {
        const response = await request(new URL(requested, base).href, { method: 'GET', headersTimeout: 10_000, bodyTimeout: 10_000 });
        await response.body.dump();
        const location = (response.headers.location as string | undefined) ?? null;
        if (response.statusCode !== 301 || location !== r.to) failures.push({ ...failure, status: response.statusCode, location });
      } catch (error) {
        failures.push({ ...failure, status: null, location: null, error: (error as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const failedUrls = new Set(failures.map((f) => f.from));
  const bySpelling = Object.fromEntries(
    spellings.map((s) => [s, { total: redirects.length, ok: redirects.length - failures.filter((f) => f.spelling === s).length }]),
  ) as Record<Spelling, { total: number; ok: number }>;
  const order = (f: VerifyResult['failures'][number]) => spellings.indexOf(f.spelling ?? 'as-linked');
  const result: VerifyResult = {
    checkedAt: new Date().toISOString(),
    base,
    total: redirects.length,
    ok: redirects.length - failedUrls.size,
    spellings: bySpelling,
    failures: failures.sort((a, b) => order(a) - order(b) || (a.from < b.from ? -1 : 1)),
  };
  writeFileAtomic(path.join(redirectsDir, 'verify.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
