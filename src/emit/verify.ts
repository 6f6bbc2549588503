/**
 * `sitefold verify-redirects --base URL`: requests every old URL of redirects.json from a server
 * that applies the rules and lists each one that does not answer 301 to its target. The result is
 * kept (redirects/verify.json, with the date) for the closure checklist.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import { UserError } from '../config/diagnostics.js';
import { writeFileAtomic } from '../store/atomic.js';
import type { Redirect } from './redirects.js';

export interface VerifyResult {
  checkedAt: string;
  base: string;
  total: number;
  ok: number;
  failures: { from: string; expected: string; status: number | null; location: string | null; error?: string }[];
}

export async function verifyRedirects(redirectsDir: string, base: string, concurrency = 8): Promise<VerifyResult> {
  const file = path.join(redirectsDir, 'redirects.json');
  if (!existsSync(file)) throw new UserError(`${file} not found: run \`sitefold emit\` first`);
  if (!/^https?:\/\//.test(base)) throw new UserError(`--base ${base}: must be an http(s) URL such as http://127.0.0.1:8080`);
  const redirects = JSON.parse(readFileSync(file, 'utf8')) as Redirect[];
  const failures: VerifyResult['failures'] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < redirects.length; i = next++) {
      const r = redirects[i] as Redirect;
      try {
        const response = await request(new URL(r.from, base).href, {
          method: 'GET',
          headersTimeout: 10_000,
          bodyTimeout: 10_000,
        });
        await response.body.dump();
        const location = (response.headers.location as string | undefined) ?? null;
        if (response.statusCode !== 301 || location !== r.to)
          failures.push({ from: r.from, expected: r.to, status: response.statusCode, location });
      } catch (error) {
        failures.push({ from: r.from, expected: r.to, status: null, location: null, error: (error as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const result: VerifyResult = {
    checkedAt: new Date().toISOString(),
    base,
    total: redirects.length,
    ok: redirects.length - failures.length,
    failures,
  };
  writeFileAtomic(path.join(redirectsDir, 'verify.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
