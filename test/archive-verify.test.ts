/**
 * `sitefold crawl --verify` reads every archived record back and names each missing or damaged one
 * with its URL (exit 1); a crawl that opens a store whose rows point past the end of the archive
 * (what issue 11 found after kill -9) forgets those fetches, fetches the pages again and says so.
 */
import { copyFileSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

const pages = 40;
let server: TestServer;
let workspace: Workspace;
let site: string;

interface Row {
  url: string;
  warc_file: string;
  warc_offset: number;
  warc_length: number;
  sha256: string;
}

beforeAll(async () => {
  server = await startServer((req, res) => {
    const n = req.url === '/' ? 0 : Number(req.url?.match(/^\/p\/(\d+)\.html$/)?.[1] ?? Number.NaN);
    if (!Number.isInteger(n) || n >= pages) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<html><head><title>第${n}页</title></head><body>${'通知公告'.repeat(100 + n)}<a href="/p/${n + 1}.html">下一页</a></body></html>`,
    );
  });
  workspace = makeWorkspace({ url: server.url, crawl: { render: 'static', respectRobots: false } });
  site = path.join(workspace.out, 'test-site');
  const crawl = await runCli(['crawl', workspace.pipeline, '--out', workspace.out, '--quiet']);
  expect(crawl.code, crawl.stderr).toBe(0);
});

afterAll(async () => {
  await server.close();
  workspace?.remove();
});

const verify = async (out = workspace.out) => {
  const result = await runCli(['crawl', workspace.pipeline, '--out', out, '--verify', '--json']);
  return {
    code: result.code,
    verdict: JSON.parse(result.stdout) as { ok: boolean; records: number; problems: { url: string; problem: string }[] },
  };
};

function rows(state: string): Row[] {
  const db = new Database(state, { readonly: true });
  try {
    return db
      .prepare(
        'SELECT u.url, f.warc_file, f.warc_offset, f.warc_length, f.sha256 FROM fetches f JOIN urls u ON u.id = f.url_id WHERE f.warc_file IS NOT NULL ORDER BY f.warc_offset',
      )
      .all() as Row[];
  } finally {
    db.close();
  }
}

/** A copy of the crawled site to damage. */
function copySite(name: string): { out: string; state: string; warc: string } {
  const out = path.join(workspace.dir, name);
  const copy = path.join(out, 'test-site');
  mkdirSync(path.join(copy, 'archive'), { recursive: true });
  copyFileSync(path.join(site, 'state.sqlite'), path.join(copy, 'state.sqlite'));
  copyFileSync(path.join(site, 'archive', 'test-site-00000.warc.gz'), path.join(copy, 'archive', 'test-site-00000.warc.gz'));
  return { out, state: path.join(copy, 'state.sqlite'), warc: path.join(copy, 'archive', 'test-site-00000.warc.gz') };
}

describe('crawl --verify', () => {
  it('passes on a whole archive, every fetch row read back', async () => {
    const { code, verdict } = await verify();
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.records).toBe(rows(path.join(site, 'state.sqlite')).length);
    // The pages, plus the 404s of robots.txt, sitemap.xml and the page past the last: every response is archived.
    expect(verdict.records).toBe(pages + 3);
    expect(code).toBe(0);
    const text = await runCli(['crawl', workspace.pipeline, '--out', workspace.out, '--verify']);
    expect(text.stdout).toMatch(/43 record\(s\) read back .*every record whole, digests match/);
  });

  it('names each damaged record with its URL and exits 1', async () => {
    const damaged = copySite('damaged');
    const all = rows(damaged.state);
    const [flipped, moved, other, restated] = [5, 10, 11, 20].map((i) => all[i] as Row) as [Row, Row, Row, Row];
    // A byte flipped inside one record, one row pointing at another page's record, one sha256 the bytes do not have.
    const bytes = readFileSync(damaged.warc);
    const at = flipped.warc_offset + Math.floor(flipped.warc_length / 2);
    bytes[at] = (bytes[at] as number) ^ 0xff;
    writeFileSync(damaged.warc, bytes);
    const db = new Database(damaged.state);
    const id = (url: string) => db.prepare('SELECT id FROM urls WHERE url = ?').pluck().get(url);
    db.prepare('UPDATE fetches SET warc_offset = ?, warc_length = ? WHERE url_id = ?').run(
      other.warc_offset,
      other.warc_length,
      id(moved.url),
    );
    db.prepare("UPDATE fetches SET sha256 = '00' || substr(sha256, 3) WHERE url_id = ?").run(id(restated.url));
    db.close();
    const { code, verdict } = await verify(damaged.out);
    expect(code).toBe(1);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.map((p) => [p.url, p.problem])).toEqual([
      [flipped.url, 'not a whole gzip member (torn, overwritten or misplaced)'],
      [moved.url, `the record is for ${other.url}`],
      [restated.url, 'payload differs from the sha256 in the store'],
    ]);
    const text = await runCli(['crawl', workspace.pipeline, '--out', damaged.out, '--verify']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`3 record(s) missing or damaged`);
    expect(text.stdout).toContain(`${moved.url}  response  test-site-00000.warc.gz:${other.warc_offset}  the record is for ${other.url}`);
    // Extracting from it names the damaged record's place and the way out, not a bare zlib error.
    const extract = await runCli(['extract', workspace.pipeline, '--out', damaged.out]);
    expect(extract.code).toBe(1);
    expect(extract.stderr.trim().split('\n')).toHaveLength(1);
    expect(extract.stderr).toMatch(
      /test-site-00000\.warc\.gz at byte \d+: the archived record is damaged \(not a whole gzip member\); `sitefold crawl <pipeline> --verify` lists every damaged record/,
    );
    expect(extract.stderr).not.toMatch(/incorrect header check|zlib/i);
  });

  it('is refused with --fresh (it only reads), exit 2', async () => {
    const result = await runCli(['crawl', workspace.pipeline, '--out', workspace.out, '--verify', '--fresh']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--verify only reads the archive');
    expect(rows(path.join(site, 'state.sqlite'))).toHaveLength(pages + 3);
  });
});

describe('a store whose rows point past the end of the archive', () => {
  it('is found by --verify, then repaired by the next crawl: those pages fetched again, nothing else', async () => {
    const broken = copySite('broken');
    const all = rows(broken.state);
    // The state issue 11 measured: rows committed while the archive's committed length stops short of their records.
    const cut = (all[all.length - 10] as Row).warc_offset;
    const db = new Database(broken.state);
    db.prepare('UPDATE warc_files SET committed_bytes = ?').run(cut);
    db.close();
    const lost = all.filter((r) => r.warc_offset + r.warc_length > cut).map((r) => r.url);
    expect(lost).toHaveLength(10);
    const before = await verify(broken.out);
    expect(before.code).toBe(1);
    expect(before.verdict.problems.map((p) => p.url)).toEqual(lost);
    expect(before.verdict.problems[0]?.problem).toMatch(/past the committed length .*the next crawl would cut it off/);

    // And a file cut short outside sitefold: the rows past its end are as lost.
    truncateSync(broken.warc, cut);
    const hitsBefore = new Map(server.hits);
    const crawl = await runCli(['crawl', workspace.pipeline, '--out', broken.out, '--json']);
    expect(crawl.code, crawl.stderr).toBe(0);
    expect(crawl.stderr).toContain('archive: 10 stored page(s) had records missing from the archive; fetching them again');
    const summary = JSON.parse(crawl.stdout);
    expect(summary.archive.repaired.count).toBe(10);
    expect(summary.fetchedThisRun).toBe(10);
    const refetched = [...server.hits].filter(([p, n]) => n > (hitsBefore.get(p) ?? 0)).map(([p]) => new URL(p, server.url).href);
    expect(refetched.sort()).toEqual([...lost].sort());
    expect(
      rows(broken.state)
        .map((r) => r.url)
        .sort(),
    ).toEqual(all.map((r) => r.url).sort());
    const after = await verify(broken.out);
    expect(after.verdict.problems).toEqual([]);
    expect(after.code).toBe(0);
  });
});
